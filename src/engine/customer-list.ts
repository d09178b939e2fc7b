import { StrataError, type Warning } from "../core/errors.js";
import type { CustomerStatus } from "../core/figures.js";
import type { RejectReason } from "../core/summary.js";
import { idsLookLikeFloats } from "./detect.js";
import type { Engine } from "./engine.js";
import { type ColumnMapping, parseMapOption, resolveMapping } from "./mapping.js";
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
  rowsRead: number;
  rowsRejected: number;
  rejects: RejectReason[];
  warnings: Warning[];
}

export function parseListMap(text: string): ColumnMapping<ListField> {
  return parseMapOption(text, LIST_FIELDS, {
    customer: "customer_id",
    id: "customer_id",
    manager: "account_manager",
    am: "account_manager",
  });
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
  const col = (f: ListField) => {
    const c = mapping[f];
    return c === undefined
      ? "NULL"
      : `NULLIF(trim(CAST(${columnRef(src, src.header.indexOf(c))} AS VARCHAR)), '')`;
  };
  let res: Awaited<ReturnType<Engine["columns"]>>;
  try {
    res = await engine.columns(
      `SELECT row_number() OVER () + ${src.csv ? 1 : 0} AS line, ${col("customer_id")} AS id, ${col("name")} AS name, ${col("status")} AS status, ${col("account_manager")} AS am FROM ${rawReaderSql(src)}`,
      rawReaderParams(src),
    );
  } catch (e) {
    throw new StrataError("INPUT_UNREADABLE", `${file} cannot be read: ${firstLine(e)}`, { file });
  }
  const [lines, ids, names, statuses, ams] = res.columns as [
    number[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
  ];
  const floats = idsLookLikeFloats(ids.filter((x): x is string => x !== null).slice(0, 1000));
  const out: CustomerList = {
    file,
    mapping,
    ids: [],
    name: [],
    status: [],
    accountManager: [],
    rowsRead: res.rowCount,
    rowsRejected: 0,
    rejects: [],
    warnings: [],
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
  }
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
