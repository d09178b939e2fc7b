import { StrataError } from "../core/errors.js";
import { explicitColumn } from "./explicit-column.js";

/** Fields Strata reads from invoice lines. */
export const LINE_FIELDS = [
  "customer_id",
  "date",
  "revenue",
  "quantity",
  "unit_price",
  "cost",
  "unit_cost",
  "margin",
  "invoice_id",
  "product_id",
] as const;
export type LineField = (typeof LINE_FIELDS)[number];

/** Field → source column name. */
export type ColumnMapping<F extends string> = Partial<Record<F, string>>;

/** Header names guessed for each field, compared after normalising (lower case, letters and digits only). */
export const LINE_SYNONYMS: Record<LineField, readonly string[]> = {
  customer_id: [
    "customerid",
    "customer_id",
    "customerno",
    "customernumber",
    "customercode",
    "custid",
    "custno",
    "customer",
    "clientid",
    "client",
    "klantnr",
    "klantnummer",
    "klantid",
    "klantcode",
    "klant",
    "debiteurnr",
    "debiteurnummer",
    "debiteur",
    "debtor",
    "kundennr",
    "kundennummer",
    "kunde",
    "accountid",
    "account",
    "soldto",
    "soldtoparty",
    "buyer",
  ],
  date: [
    "invoicedate",
    "date",
    "datum",
    "factuurdatum",
    "documentdate",
    "billingdate",
    "postingdate",
    "transactiondate",
    "orderdate",
    "saledate",
    "salesdate",
    "rechnungsdatum",
    "day",
  ],
  revenue: [
    "revenue",
    "amount",
    "netamount",
    "sales",
    "netsales",
    "salesamount",
    "linetotal",
    "lineamount",
    "total",
    "turnover",
    "omzet",
    "bedrag",
    "netto",
    "umsatz",
    "betrag",
    "value",
    "dollars",
  ],
  quantity: ["quantity", "qty", "aantal", "units", "menge", "pieces", "cds"],
  unit_price: ["unitprice", "price", "prijs", "stukprijs", "eenheidsprijs", "salesprice", "preis"],
  cost: [
    "cost",
    "costamount",
    "totalcost",
    "cogs",
    "costofgoods",
    "costofsales",
    "kosten",
    "inkoopwaarde",
    "kostprijs",
  ],
  unit_cost: ["unitcost", "costprice", "inkoopprijs", "purchaseprice"],
  margin: ["margin", "grossmargin", "marge", "brutomarge", "profit", "grossprofit", "deckungsbeitrag"],
  invoice_id: [
    "invoiceno",
    "invoiceid",
    "invoicenumber",
    "invoice",
    "invoicenr",
    "factuurnr",
    "factuurnummer",
    "factuur",
    "documentno",
    "documentnumber",
    "docno",
    "billingdocument",
    "orderid",
    "orderno",
    "ordernumber",
    "rechnungsnr",
    "rechnungsnummer",
  ],
  product_id: [
    "stockcode",
    "productid",
    "productcode",
    "product",
    "sku",
    "itemcode",
    "itemid",
    "item",
    "artikelnr",
    "artikel",
    "material",
  ],
};

export function normaliseHeader(name: string): string {
  return name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]/g, "");
}

/**
 * Parses `--map customer=Col,date=Col` (a column may also be a number: `customer=1`); field aliases:
 * customer → customer_id, invoice → invoice_id, …
 */
export function parseMapOption<F extends string>(
  text: string,
  fields: readonly F[],
  aliases: Readonly<Record<string, F>> = {},
  option = "--map",
): ColumnMapping<F> {
  const out: ColumnMapping<F> = {};
  for (const part of text.split(",")) {
    if (part.trim() === "") continue;
    const eq = part.indexOf("=");
    if (eq <= 0) {
      throw new StrataError(
        "BAD_MAPPING",
        `${option} expects field=Column pairs separated by commas; '${part}' has no '='.`,
        {
          value: part,
        },
      );
    }
    const key = part.slice(0, eq).trim().toLowerCase();
    const column = part.slice(eq + 1).trim();
    const field = (fields as readonly string[]).includes(key) ? (key as F) : aliases[key];
    if (field === undefined) {
      throw new StrataError(
        "BAD_MAPPING",
        `${option}: unknown field '${key}'. Known fields: ${fields.join(", ")}.`,
        { value: key, known: fields },
      );
    }
    if (column === "") {
      throw new StrataError("BAD_MAPPING", `${option}: no column given for field '${key}'.`, { value: part });
    }
    out[field] = column;
  }
  return out;
}

export const LINE_ALIASES: Readonly<Record<string, LineField>> = {
  customer: "customer_id",
  customerid: "customer_id",
  client: "customer_id",
  invoice: "invoice_id",
  invoiceno: "invoice_id",
  product: "product_id",
  qty: "quantity",
  price: "unit_price",
  unitprice: "unit_price",
  unitcost: "unit_cost",
  amount: "revenue",
  sales: "revenue",
};

/**
 * Completes a mapping: explicit entries first (the column must exist), then guesses from the header for
 * the fields still missing. A column is used for one field at most. An explicit column is a name (exact,
 * then ignoring case) or a number, 1 for the first column; a name wins, should a column be called '2'.
 * `firstLine` is given for text without a header line (its columns are named column1, column2, …): the
 * messages then show line 1's values by number.
 */
export function resolveMapping<F extends string>(
  header: readonly string[],
  explicit: ColumnMapping<F>,
  synonyms: Record<F, readonly string[]>,
  file: string,
  firstLine?: readonly string[],
): { mapping: ColumnMapping<F>; guessed: F[] } {
  const mapping: ColumnMapping<F> = {};
  const used = new Set<string>();
  for (const [field, column] of Object.entries(explicit) as Array<[F, string]>) {
    const actual = explicitColumn(header, field, column, file, firstLine);
    mapping[field] = actual;
    used.add(actual);
  }
  const norm = header.map(normaliseHeader);
  const guessed: F[] = [];
  for (const field of Object.keys(synonyms) as F[]) {
    if (mapping[field] !== undefined) continue;
    for (const syn of synonyms[field]) {
      const idx = norm.findIndex((h, i) => h === normaliseHeader(syn) && !used.has(header[i] ?? ""));
      if (idx >= 0) {
        const col = header[idx] ?? "";
        mapping[field] = col;
        used.add(col);
        guessed.push(field);
        break;
      }
    }
  }
  return { mapping, guessed };
}

/** Fields and the column or expression they come from, for printing. */
export function describeLineMapping(m: ColumnMapping<LineField>): Record<string, string> {
  const out: Record<string, string> = {};
  if (m.customer_id) out.customer_id = m.customer_id;
  if (m.date) out.date = m.date;
  out.revenue = m.revenue ?? `${m.quantity} × ${m.unit_price}`;
  if (m.cost) out.cost = m.cost;
  else if (m.margin) out.margin = m.margin;
  else if (m.unit_cost && m.quantity) out.cost = `${m.quantity} × ${m.unit_cost}`;
  if (m.invoice_id) out.invoice_id = m.invoice_id;
  if (m.product_id) out.product_id = m.product_id;
  return out;
}

/** Checks that the fields Strata needs are mapped; names the columns the file has when one is missing. */
export function requireLineFields(
  m: ColumnMapping<LineField>,
  header: readonly string[],
  file: string,
): void {
  const missing = (field: string, hint: string): never => {
    throw new StrataError(
      "MISSING_COLUMN",
      `${file}: no column for ${field}. Columns in the file: ${header.join(", ")}. ${hint}`,
      { file, field, header },
    );
  };
  if (!m.customer_id) missing("the customer (customer_id)", "Name it with --map customer=<column>.");
  if (!m.date) missing("the invoice date (date)", "Name it with --map date=<column>.");
  if (!m.revenue && !(m.quantity && m.unit_price)) {
    missing(
      "revenue (an amount column, or quantity and unit price)",
      "Name it with --map revenue=<column>, or --map quantity=<column>,unit_price=<column>.",
    );
  }
}
