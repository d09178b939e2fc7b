import { StrataError, type Warning } from "../core/errors.js";
import type { CustomerStatus } from "../core/figures.js";
import type { RejectReason } from "../core/summary.js";
import { detectNumberFormat, idsLookLikeFloats, type NumberFormat } from "./detect.js";
import type { Engine } from "./engine.js";
import { type ColumnMapping, normaliseHeader, parseMapOption, resolveMapping } from "./mapping.js";
import { columnRef, firstLine, inspectSource, rawReaderParams, rawReaderSql } from "./source.js";

export const LIST_FIELDS = ["customer_id", "name", "status", "account_manager", "potential", "tags"] as const;
export type ListField = (typeof LIST_FIELDS)[number];

export const LIST_SYNONYMS: Record<ListField, readonly string[]> = {
  customer_id: [
    "customer_id",
    "customerid",
    "customerno",
    "customernumber",
    "custid",
    "id",
    "klantnr",
    "klantnummer",
    "debiteurnr",
    "accountid",
    "customer",
    "klant",
  ],
  name: [
    "name",
    "customername",
    "companyname",
    "company",
    "naam",
    "klantnaam",
    "bedrijfsnaam",
    "accountname",
  ],
  status: ["status", "customerstatus", "type", "stage", "lifecyclestage"],
  account_manager: [
    "accountmanager",
    "account_manager",
    "salesrep",
    "rep",
    "owner",
    "accountowner",
    "verkoper",
    "vertegenwoordiger",
  ],
  potential: ["potential", "potentie", "potentialrevenue", "walletsize", "wallet", "estimatedspend"],
  tags: ["tags", "tag", "categories", "labels"],
};

const STATUS_WORDS: Record<string, CustomerStatus> = {
  customer: "customer",
  client: "customer",
  klant: "customer",
  active: "customer",
  actief: "customer",
  prospect: "prospect",
  lead: "prospect",
  suspect: "suspect",
};

/** A customer list, column by column, one entry per distinct customer id. */
export interface CustomerList {
  file: string;
  mapping: ColumnMapping<ListField>;
  ids: string[];
  name: (string | null)[];
  status: (CustomerStatus | null)[];
  accountManager: (string | null)[];
  /** Yearly potential; NaN when empty or not usable (then counted in valueProblems). */
  potential: number[];
  /** Tags per customer: lower case, trimmed, no duplicates, in the order found. */
  tags: string[][];
  /** The yes/no columns read as tags (column name → tag). */
  tagColumns: Record<string, string>;
  /** Every other column, as text per customer (for --by groups and reports). */
  attributes: Record<string, (string | null)[]>;
  rowsRead: number;
  rowsRejected: number;
  rejects: RejectReason[];
  /** Rows kept whose value in one column was not usable (potential not a number, a tag column not yes/no). */
  valueProblems: RejectReason[];
  warnings: Warning[];
}

/** Column names (normalised) read as yes/no tag columns, with the tag each gives. */
export const TAG_COLUMN_NAMES: Readonly<Record<string, string>> = {
  kol: "kol",
  opinionleader: "kol",
  keyopinionleader: "kol",
  reference: "kol",
  famous: "famous",
  mentor: "mentor",
  partner: "partner",
  innovator: "innovator",
};

const YES = new Set(["yes", "y", "true", "1", "x", "ja", "j", "wahr", "oui", "si"]);
const NO = new Set(["no", "n", "false", "0", "nee", "nein", "non", "-"]);

/** The tag a column gives when it is a yes/no tag column: a known tag name, or `tag_<name>` / `tag:<name>`. */
export function tagOfColumn(column: string): string | undefined {
  const prefixed = /^tag[\s_:.-]+(.+)$/i.exec(column.trim());
  if (prefixed?.[1]) return prefixed[1].trim().toLowerCase();
  return TAG_COLUMN_NAMES[normaliseHeader(column)];
}

/** Splits a tags cell on ; , or | into lower-case tags, without empties or duplicates. */
export function splitTags(cell: string | null): string[] {
  if (cell === null) return [];
  return [
    ...new Set(
      cell
        .split(/[;,|]/)
        .map((t) => t.trim().toLowerCase())
        .filter((t) => t !== ""),
    ),
  ];
}

/** A potential as written ('125000', '125.000,50', '125,000.50', '€ 12 500'); NaN when not a number. */
export function parsePotential(text: string, format: NumberFormat): number {
  // Whichever mark is not the decimal separator can only group thousands ('1.200' with decimal commas).
  const thousands = format.decimal === "," ? "." : ",";
  let t = text
    .replace(/[€$£\s\u00a0]/g, "")
    .split(thousands)
    .join("");
  if (format.decimal === ",") t = t.replace(",", ".");
  return /^[-+]?(\d+\.?\d*|\.\d+)$/.test(t) ? Number(t) : Number.NaN;
}

export function parseListMap(text: string): ColumnMapping<ListField> {
  return parseMapOption(
    text,
    LIST_FIELDS,
    {
      customer: "customer_id",
      id: "customer_id",
      manager: "account_manager",
      am: "account_manager",
    },
    "--customers-map",
  );
}

/** Reads a customer list (CSV, XLSX, Parquet, JSON lines) into columns. Customer-level data: small. */
export async function readCustomerList(
  engine: Engine,
  file: string,
  opts: { map?: ColumnMapping<ListField> | undefined; sheet?: string | undefined; tmpDir: string },
): Promise<CustomerList> {
  const src = await inspectSource(engine, file, {
    what: "Customer list",
    sheet: opts.sheet,
    tmpDir: opts.tmpDir,
  });
  const { mapping } = resolveMapping(src.header, opts.map ?? {}, LIST_SYNONYMS, file);
  if (!mapping.customer_id) {
    throw new StrataError(
      "MISSING_COLUMN",
      `${file}: no column for the customer id. Columns in the file: ${src.header.join(", ")}. Name it with --customers-map customer_id=<column>.`,
      { file, header: src.header },
    );
  }
  const text = (i: number) => `NULLIF(trim(CAST(${columnRef(src, i)} AS VARCHAR)), '')`;
  const col = (f: ListField) => {
    const c = mapping[f];
    return c === undefined ? "NULL" : text(src.header.indexOf(c));
  };
  // Columns not mapped to a field: yes/no tag columns, and attributes (region, sector, …) for groups.
  const mapped = new Set(Object.values(mapping));
  const extra = src.header
    .map((name, i) => ({ name, i, tag: tagOfColumn(name) }))
    .filter((c) => c.name !== "" && !mapped.has(c.name));
  let res: Awaited<ReturnType<Engine["columns"]>>;
  try {
    res = await engine.columns(
      `SELECT row_number() OVER () + ${src.csv ? 1 : 0} AS line, ${col("customer_id")} AS id, ${col("name")} AS name, ${col("status")} AS status, ${col("account_manager")} AS am, ${col("potential")} AS potential, ${col("tags")} AS tags${extra.map((c, k) => `, ${text(c.i)} AS x${k}`).join("")} FROM ${rawReaderSql(src)}`,
      rawReaderParams(src),
    );
  } catch (e) {
    throw new StrataError("INPUT_UNREADABLE", `${file} cannot be read: ${firstLine(e)}`, { file });
  }
  const [lines, ids, names, statuses, ams, potentials, tagCells, ...extraValues] = res.columns as [
    number[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
    ...(string | null)[][],
  ];
  const numberFormat = detectNumberFormat(potentials.filter((x): x is string => x !== null).slice(0, 5000));
  const tagColumns = Object.fromEntries(
    extra.filter((c) => c.tag !== undefined).map((c) => [c.name, c.tag as string]),
  );
  const floats = idsLookLikeFloats(ids.filter((x): x is string => x !== null).slice(0, 1000));
  const out: CustomerList = {
    file,
    mapping,
    ids: [],
    name: [],
    status: [],
    accountManager: [],
    potential: [],
    tags: [],
    tagColumns,
    attributes: Object.fromEntries(extra.filter((c) => c.tag === undefined).map((c) => [c.name, []])),
    rowsRead: res.rowCount,
    rowsRejected: 0,
    rejects: [],
    valueProblems: [],
    warnings: [],
  };
  const badPotential: RejectReason = {
    reason: "potential is not a number (the customer is kept, without potential)",
    count: 0,
    examples: [],
  };
  const negativePotential: RejectReason = {
    reason: "potential is negative (the customer is kept, without potential)",
    count: 0,
    examples: [],
  };
  const badTag: RejectReason = {
    reason: "tag column holds neither yes nor no (read as no)",
    count: 0,
    examples: [],
  };
  const note = (r: RejectReason, line: number, column: string, value: string) => {
    r.count++;
    if (r.examples.length < 3) r.examples.push({ line, column, value });
  };
  const noId: RejectReason = { reason: "customer id is empty", count: 0, examples: [] };
  const dup: RejectReason = { reason: "customer id listed before (first row kept)", count: 0, examples: [] };
  const unknownStatus = new Map<string, number>();
  const seen = new Set<string>();
  const lineOf = (r: number) => (src.xlsx ? (src.xlsx.rowOfLine[r] ?? r + 2) : (lines[r] ?? r + 2));
  for (let r = 0; r < res.rowCount; r++) {
    let id = ids[r] ?? null;
    if (id === null) {
      noId.count++;
      if (noId.examples.length < 3)
        noId.examples.push({ line: lineOf(r), column: mapping.customer_id, value: "" });
      continue;
    }
    if (floats) id = id.replace(/^(\d+)\.0+$/, "$1");
    if (seen.has(id)) {
      dup.count++;
      if (dup.examples.length < 3)
        dup.examples.push({ line: lineOf(r), column: mapping.customer_id, value: id });
      continue;
    }
    seen.add(id);
    const rawStatus = statuses[r] ?? null;
    let status: CustomerStatus | null = null;
    if (rawStatus !== null) {
      status = STATUS_WORDS[rawStatus.toLowerCase()] ?? null;
      if (status === null) unknownStatus.set(rawStatus, (unknownStatus.get(rawStatus) ?? 0) + 1);
    }
    out.ids.push(id);
    out.name.push(names[r] ?? null);
    out.status.push(status);
    out.accountManager.push(ams[r] ?? null);
    const rawPotential = potentials[r] ?? null;
    let potential = Number.NaN;
    if (rawPotential !== null) {
      potential = parsePotential(rawPotential, numberFormat);
      if (Number.isNaN(potential)) note(badPotential, lineOf(r), mapping.potential ?? "", rawPotential);
      else if (potential < 0) {
        note(negativePotential, lineOf(r), mapping.potential ?? "", rawPotential);
        potential = Number.NaN;
      }
    }
    out.potential.push(potential);
    const tags = splitTags(tagCells[r] ?? null);
    extra.forEach((c, k) => {
      const v = extraValues[k]?.[r] ?? null;
      if (c.tag === undefined) {
        out.attributes[c.name]?.push(v);
        return;
      }
      if (v === null) return;
      const word = v.toLowerCase();
      if (YES.has(word)) {
        if (!tags.includes(c.tag)) tags.push(c.tag);
      } else if (!NO.has(word)) note(badTag, lineOf(r), c.name, v);
    });
    out.tags.push(tags);
  }
  out.valueProblems = [badPotential, negativePotential, badTag].filter((x) => x.count > 0);
  out.rejects = [noId, dup].filter((x) => x.count > 0);
  out.rowsRejected = noId.count + dup.count;
  if (unknownStatus.size > 0) {
    out.warnings.push({
      code: "unknown_status",
      message: `${file}: status values not understood (expected customer, prospect or suspect): ${[
        ...unknownStatus.entries(),
      ]
        .slice(0, 5)
        .map(([s, n]) => `'${s}' (${n})`)
        .join(", ")}; those customers are treated as having no status.`,
    });
  }
  return out;
}
