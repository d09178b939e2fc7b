import { StrataError } from "../core/errors.js";
import type { LineExample, RejectReason } from "../core/summary.js";
import type { Engine, SqlValue } from "./engine.js";
import { BAD_REASONS, type BadReason, type LinesRelation, type ValueFormats } from "./lines-sql.js";
import type { ColumnMapping, LineField } from "./mapping.js";
import { firstLine, type InspectedSource } from "./source.js";
import { splitRecords } from "./text-sniff.js";

/** The invoice-level table built by one scan of the lines: one row per customer, invoice and day. */
export const DOCS_TABLE = "strata_docs";

export interface ScanResult {
  /** Lines in the file (data lines, without the header). */
  linesRead: number;
  linesRejected: number;
  rejects: RejectReason[];
  /** Lines with a cost or margin column but no value there (cost counted as 0). */
  linesWithoutCost: number;
  /** Lines without an invoice id when an invoice column is mapped. */
  linesWithoutInvoice: number;
  firstDate: string | null;
  lastDate: string | null;
  hasCost: boolean;
  hasInvoice: boolean;
}

const EXAMPLES_PER_REASON = 3;

/**
 * What the window query aggregates: the lines themselves (cust, inv, d, bad, rev, cost), or rows of the
 * scanned table that also carry n (lines), n_nocost and n_noinv. Either the lines themselves (one pass, when the as-of date is known up front) or the
 * invoice-level table of a scan (when it is not: the scan finds it, and every window reuses the table).
 */
export interface Units {
  sql: string;
  params: SqlValue[];
  /** True when the units are the lines themselves, so the window query is the one pass over the file. */
  direct: boolean;
  /** Lines may carry Strata's own reject reasons in `bad` (Parquet, JSON); delimited text never does. */
  typedRejects: boolean;
  hasInvoice: boolean;
}

/** The lines as units: no materialisation, DuckDB streams them into the window aggregation. */
export function directUnits(rel: LinesRelation, hasInvoice: boolean): Units {
  return {
    typedRejects: rel.rejectsTable === undefined,
    hasInvoice,
    sql: rel.sql,
    params: rel.params,
    direct: true,
  };
}

/**
 * Reads every invoice line once and aggregates it, in the engine, to one row per customer, invoice and
 * day (per customer and day when there is no invoice id, or when `perDay`: the lifetime-value models count
 * purchase days, not invoices). Every later window is computed from that table.
 */
export async function scanToDocs(
  engine: Engine,
  rel: LinesRelation,
  hasInvoice: boolean,
  file: string,
  onProgress?: (fraction: number) => void,
  perDay = false,
): Promise<Units> {
  const sql = `CREATE OR REPLACE TEMP TABLE ${DOCS_TABLE} AS
    SELECT CASE WHEN bad IS NULL THEN cust END AS cust,
           ${perDay ? "CAST(NULL AS VARCHAR)" : "CASE WHEN bad IS NULL THEN inv END"} AS inv,
           CASE WHEN bad IS NULL THEN d END AS d,
           bad,
           sum(rev) AS rev, sum(cost) AS cost, count(*) AS n,
           count(*) FILTER (WHERE cost IS NULL) AS n_nocost,
           count(*) FILTER (WHERE inv IS NULL) AS n_noinv
    FROM (${rel.sql}) GROUP BY ALL`;
  await reading(file, () => engine.run(sql, rel.params, onProgress));
  return {
    sql: `SELECT * FROM ${DOCS_TABLE}`,
    params: [],
    direct: false,
    typedRejects: rel.rejectsTable === undefined,
    hasInvoice,
  };
}

/** Runs work that reads the file; a failure is the file's, said in one line. */
export async function reading<T>(file: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof StrataError) throw e;
    throw new StrataError("INPUT_UNREADABLE", `${file} cannot be read: ${firstLine(e)}`, { file });
  }
}

/** Rejected lines, counted per reason with the first examples: DuckDB's rejects table or Strata's checks. */
export async function collectRejects(
  engine: Engine,
  src: InspectedSource,
  mapping: ColumnMapping<LineField>,
  formats: ValueFormats,
  rel: LinesRelation,
  typedCounts: ReadonlyMap<BadReason, number>,
): Promise<RejectReason[]> {
  return rel.rejectsTable
    ? csvRejects(engine, src, mapping, formats, rel)
    : typedRejects(engine, mapping, src, rel, typedCounts);
}

function fieldOfColumn(mapping: ColumnMapping<LineField>, column: string): string {
  const entry = Object.entries(mapping).find(([, c]) => c === column);
  return entry ? entry[0] : column;
}

const CSV_ERROR_LABELS: Record<string, string> = {
  "MISSING COLUMNS": "too few fields on the line",
  "TOO MANY COLUMNS": "too many fields on the line",
  "UNQUOTED VALUE": "badly quoted field",
  "LINE SIZE OVER MAXIMUM": "line too long",
  "INVALID UNICODE": "characters that are not valid in the file's encoding (try --encoding latin-1)",
  INVALID_ENCODING: "characters that are not valid in the file's encoding (try --encoding latin-1)",
};

/** Rejected lines of delimited text, from DuckDB's rejects table: counts per reason and first examples. */
async function csvRejects(
  engine: Engine,
  src: InspectedSource,
  mapping: ColumnMapping<LineField>,
  formats: ValueFormats,
  rel: LinesRelation,
): Promise<RejectReason[]> {
  const table = rel.rejectsTable!;
  // One reason per line: the first error DuckDB found on it.
  const rows = await engine.rows(
    `WITH firsts AS (
       SELECT line, arg_min(column_idx, column_idx) AS column_idx, arg_min(column_name, column_idx) AS column_name,
              arg_min(error_type, column_idx) AS error_type, arg_min(error_message, column_idx) AS error_message,
              arg_min(csv_line, column_idx) AS csv_line
       FROM ${table} GROUP BY line),
     labelled AS (
       SELECT *, CASE WHEN error_type = 'CAST' THEN column_name || CASE WHEN error_message LIKE '%Could not convert%' THEN ':invalid' ELSE ':empty' END
                      ELSE error_type END AS reason_key,
              row_number() OVER (PARTITION BY reason_key ORDER BY line) AS k,
              count(*) OVER (PARTITION BY reason_key) AS total
       FROM firsts)
     SELECT reason_key, CAST(line AS BIGINT) AS line, column_idx, column_name, csv_line, total
     FROM labelled WHERE k <= ${EXAMPLES_PER_REASON} ORDER BY total DESC, reason_key, line`,
  );
  const byReason = new Map<string, RejectReason>();
  for (const r of rows) {
    const key = String(r.reason_key);
    let reason = byReason.get(key);
    if (!reason) {
      reason = { reason: csvReasonLabel(key, src, mapping, formats), count: Number(r.total), examples: [] };
      byReason.set(key, reason);
    }
    const colIdx = Number(r.column_idx ?? 0) - 1;
    // After a blank line DuckDB's csv_line starts with that line's end: drop it, or the record is empty.
    const text = String(r.csv_line ?? "").replace(/^[\r\n]+/, "");
    const fields = splitRecords(text, src.csv?.delimiter ?? ",", 1)[0] ?? [];
    const isCast = key.includes(":");
    const example: LineExample = {
      line: lineNumber(src, Number(r.line)),
      column: isCast ? (src.header[colIdx] ?? null) : null,
      value: isCast ? (fields[colIdx] ?? null) : text.slice(0, 200),
    };
    reason.examples.push(example);
  }
  await engine.run(`DROP TABLE IF EXISTS ${table}`);
  await engine.run(`DROP TABLE IF EXISTS ${rel.rejectsScanTable}`);
  return [...byReason.values()];
}

/** File line (header = line 1), or the sheet row for a converted XLSX. */
function lineNumber(src: InspectedSource, csvLine: number): number {
  if (src.xlsx) return src.xlsx.rowOfLine[csvLine - 2] ?? csvLine;
  return csvLine;
}

function csvReasonLabel(
  key: string,
  src: InspectedSource,
  mapping: ColumnMapping<LineField>,
  formats: ValueFormats,
): string {
  const [col, kind] = key.split(":");
  if (kind === undefined) return CSV_ERROR_LABELS[key] ?? key.toLowerCase();
  const idx = Number((col ?? "").replace(/^c/, ""));
  const header = src.header[idx] ?? col ?? "";
  const field = fieldOfColumn(mapping, header);
  if (field === "date") {
    return kind === "empty"
      ? `date is empty (column ${header})`
      : `date not in the detected format ${formats.date.label} (column ${header})`;
  }
  const sep = formats.number.decimal === "," ? "decimal comma" : "decimal point";
  return kind === "empty"
    ? `${field} is empty (column ${header})`
    : `${field} is not a number with a ${sep} (column ${header})`;
}

/** Rejected lines of Parquet and JSON sources: counted in the aggregation, examples fetched only when there are any. */
async function typedRejects(
  engine: Engine,
  mapping: ColumnMapping<LineField>,
  src: InspectedSource,
  rel: LinesRelation,
  counts: ReadonlyMap<BadReason, number>,
): Promise<RejectReason[]> {
  const out: RejectReason[] = [];
  const sorted = [...counts.entries()]
    .filter(([, n]) => n > 0)
    .sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]));
  for (const [bad, n] of sorted) {
    const column = bad.startsWith("date")
      ? mapping.date
      : bad.startsWith("cost")
        ? (mapping.cost ?? mapping.margin ?? mapping.unit_cost)
        : (mapping.revenue ?? mapping.unit_price);
    const idx = src.header.indexOf(column ?? "");
    const ex = await engine.rows(
      `SELECT row_no, __raw AS v FROM (${rel.withRaw?.(Math.max(idx, 0)) ?? rel.sql})
       WHERE bad = $${rel.params.length + 1} ORDER BY row_no LIMIT ${EXAMPLES_PER_REASON}`,
      [...rel.params, bad],
    );
    out.push({
      reason: `${BAD_REASONS[bad] ?? bad}${column ? ` (column ${column})` : ""}`,
      count: n,
      examples: ex.map((e) => ({
        line: Number(e.row_no),
        column: column ?? null,
        value: (e.v as string | null) ?? null,
      })),
    });
  }
  return out;
}
