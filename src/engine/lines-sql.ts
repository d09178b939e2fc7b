import type { DateFormat, NumberFormat } from "./detect.js";
import type { SqlValue } from "./engine.js";
import type { ColumnMapping, LineField } from "./mapping.js";
import { columnRef, type InspectedSource, positional, positionalColumns } from "./source.js";
import { WHITESPACE } from "./text-sniff.js";
import { whitespaceReaderSql } from "./whitespace-reader.js";

/** How the values of a source are written, as detected or given. */
export interface ValueFormats {
  date: DateFormat;
  number: NumberFormat;
  /** Customer ids written as floats ('17850.0') are read as '17850'. */
  idsAsFloats: boolean;
  /** Ids carry surrounding spaces in the sample: trim them (costly on large files, so only then). */
  trimIds: boolean;
}

const ISO_PATTERNS = new Set(["%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S"]);

/** Money is read with 4 decimals; products (quantity × price) keep 8 until summed. */
export const MONEY_TYPE = "DECIMAL(18,4)";

/** The lines relation: SQL text and its bound parameters. */
export interface LinesRelation {
  sql: string;
  params: SqlValue[];
  /** Delimited text: DuckDB's table of rejected lines (cast errors, wrong number of fields). */
  rejectsTable?: string;
  rejectsScanTable?: string;
  /** Typed sources: the same relation with one source column added as text (`__raw`), for examples. */
  withRaw?: (columnIndex: number) => string;
}

/** Reason codes of lines rejected by Strata's own checks (typed sources), stored in column `bad`. */
export const BAD_REASONS = {
  date_missing: "date is empty",
  date_invalid: "date not in the detected format",
  amount_missing: "amount is empty",
  amount_invalid: "amount is not a number",
  cost_invalid: "cost is not a number",
} as const;
export type BadReason = keyof typeof BAD_REASONS;

type Indexed = Partial<Record<LineField, number>>;

function indices(src: InspectedSource, m: ColumnMapping<LineField>): Indexed {
  const out: Indexed = {};
  for (const [field, col] of Object.entries(m) as Array<[LineField, string]>)
    out[field] = src.header.indexOf(col);
  return out;
}

function moneyFields(ix: Indexed): number[] {
  const hasRevenue = ix.revenue !== undefined;
  const list = [
    ix.revenue,
    hasRevenue ? undefined : ix.quantity,
    hasRevenue ? undefined : ix.unit_price,
    ix.cost,
    ix.cost === undefined ? ix.margin : undefined,
    ix.cost === undefined && ix.margin === undefined ? ix.unit_cost : undefined,
  ];
  if (
    ix.cost === undefined &&
    ix.margin === undefined &&
    ix.unit_cost !== undefined &&
    hasRevenue &&
    ix.quantity !== undefined
  ) {
    list.push(ix.quantity);
  }
  return [...new Set(list.filter((x): x is number => x !== undefined))];
}

/** Money columns that must hold a number on every line (an empty value rejects the line). */
function requiredMoney(ix: Indexed): number[] {
  if (ix.revenue !== undefined) return [ix.revenue];
  return [ix.quantity, ix.unit_price].filter((x): x is number => x !== undefined);
}

/** An id column as text: NULL when empty, trimmed only when the sample showed padding. */
function idExpr(ref: string, isText: boolean, f: ValueFormats): string {
  const text = isText ? ref : `CAST(${ref} AS VARCHAR)`;
  // A text column is passed through untouched (an empty id is treated as no customer after the
  // aggregation): reshaping every value would cost the engine its dictionary-encoded strings.
  if (!f.trimIds && isText) return text;
  return `NULLIF(${f.trimIds ? `trim(${text})` : text}, '')`;
}

function customerExpr(ref: string, isText: boolean, f: ValueFormats): string {
  const id = idExpr(ref, isText, f);
  return f.idsAsFloats ? `regexp_replace(${id}, '^([0-9]+)\\.0+$', '\\1')` : id;
}

function revenueExpr(ix: Indexed, ref: (i: number) => string): string {
  if (ix.revenue !== undefined) return ref(ix.revenue);
  return `${ref(ix.quantity ?? -1)} * ${ref(ix.unit_price ?? -1)}`;
}

function costExpr(ix: Indexed, ref: (i: number) => string, revenue: string): string {
  if (ix.cost !== undefined) return ref(ix.cost);
  if (ix.margin !== undefined) return `(${revenue}) - ${ref(ix.margin)}`;
  if (ix.unit_cost !== undefined && ix.quantity !== undefined)
    return `${ref(ix.quantity)} * ${ref(ix.unit_cost)}`;
  return "NULL";
}

/**
 * SQL of the invoice lines as Strata sees them: cust, d (DATE), rev, cost, inv, bad (reason code or NULL),
 * row_no (for typed sources). Delimited text is parsed by DuckDB's reader with explicit types, so lines that
 * do not parse land in its rejects table with their line numbers. Whitespace-separated text is split into
 * text columns first, so it takes the typed path: Strata's own checks, with the file's line numbers.
 */
export function linesRelation(
  src: InspectedSource,
  m: ColumnMapping<LineField>,
  f: ValueFormats,
  tag: string,
): LinesRelation {
  const ix = indices(src, m);
  if (src.csv && src.csv.delimiter !== WHITESPACE) return csvLines(src, ix, f, tag);
  return typedLines(src, ix, f);
}

function csvLines(src: InspectedSource, ix: Indexed, f: ValueFormats, tag: string): LinesRelation {
  const csv = src.csv!;
  const money = new Set(moneyFields(ix));
  const dateType = f.date.hasTime ? "TIMESTAMP" : "DATE";
  const columns = positionalColumns(src.header.length, (i) =>
    i === ix.date ? dateType : money.has(i) ? MONEY_TYPE : "VARCHAR",
  );
  const notNull = [ix.date ?? -1, ...requiredMoney(ix)].map((i) => `'${positional(i)}'`).join(", ");
  const rejectsTable = `strata_rejects_${tag}`;
  const rejectsScanTable = `strata_scans_${tag}`;
  const params: SqlValue[] = [csv.path, csv.delimiter, csv.encoding, f.number.decimal];
  let options = `delim = $2, quote = '"', escape = '"', header = ${csv.header}, encoding = $3, auto_detect = false, columns = ${columns}, decimal_separator = $4, force_not_null = [${notNull}], store_rejects = true, rejects_table = '${rejectsTable}', rejects_scan = '${rejectsScanTable}'`;
  // ISO dates and timestamps go through DuckDB's own parser, much faster than a format pattern.
  if (!ISO_PATTERNS.has(f.date.pattern)) {
    params.push(f.date.pattern);
    options += `, ${f.date.hasTime ? "timestampformat" : "dateformat"} = $${params.length}`;
  }
  if (f.number.thousands !== null) {
    params.push(f.number.thousands);
    options += `, thousands = $${params.length}`;
  }
  const ref = (i: number) => positional(i);
  const rev = revenueExpr(ix, ref);
  const date = f.date.hasTime ? `CAST(${ref(ix.date ?? -1)} AS DATE)` : ref(ix.date ?? -1);
  const sql = `SELECT ${customerExpr(ref(ix.customer_id ?? -1), true, f)} AS cust, ${date} AS d, ${rev} AS rev, ${costExpr(ix, ref, rev)} AS cost, ${
    ix.invoice_id !== undefined ? idExpr(ref(ix.invoice_id), true, f) : "NULL::VARCHAR"
  } AS inv, NULL::VARCHAR AS bad FROM read_csv($1, ${options})`;
  return { sql, params, rejectsTable, rejectsScanTable };
}

function isNumericType(t: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|FLOAT|DOUBLE|REAL|DECIMAL)/i.test(
    t,
  );
}

function isIntegerType(t: string): boolean {
  return /^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT)$/i.test(t);
}

/**
 * A column's value as text without surrounding blanks. Fields of whitespace-separated text have none (the
 * blanks separate them), and not trimming 10M values twice saves a second.
 */
function textValue(src: InspectedSource, ref: string): string {
  return src.csv ? ref : `trim(CAST(${ref} AS VARCHAR))`;
}

/** A money value from a typed column: numbers cast exactly; text parsed with the detected separators. */
function typedMoney(src: InspectedSource, i: number, f: ValueFormats): string {
  const ref = columnRef(src, i);
  const t = src.types[i] ?? "VARCHAR";
  // Integers and decimals are exact already: keep them, as casting every value costs time. Binary
  // floating point (DOUBLE, FLOAT) is turned into a decimal so that sums are exact from here on.
  if (isIntegerType(t) || /^DECIMAL/i.test(t)) return ref;
  if (isNumericType(t)) return `CAST(${ref} AS ${MONEY_TYPE})`;
  let text = textValue(src, ref);
  if (f.number.thousands !== null)
    text = `replace(${text}, '${f.number.thousands === "." ? "." : f.number.thousands === "," ? "," : " "}', '')`;
  if (f.number.decimal === ",") text = `replace(${text}, ',', '.')`;
  return `TRY_CAST(${text} AS ${MONEY_TYPE})`;
}

function typedDate(src: InspectedSource, i: number): string {
  const ref = columnRef(src, i);
  const t = (src.types[i] ?? "VARCHAR").toUpperCase();
  if (t === "DATE") return ref;
  if (t.startsWith("TIMESTAMP")) return `CAST(${ref} AS DATE)`;
  if (isIntegerType(t)) return `CAST(try_strptime(CAST(${ref} AS VARCHAR), '%Y%m%d') AS DATE)`;
  return `CAST(try_strptime(${textValue(src, ref)}, $2) AS DATE)`;
}

function typedLines(src: InspectedSource, ix: Indexed, f: ValueFormats): LinesRelation {
  const ref = (i: number) => columnRef(src, i);
  const money = (i: number) => typedMoney(src, i, f);
  // Typed (non-text) columns are empty only when NULL; casting every value to text to check would cost.
  // A field of whitespace-separated text is never empty: a missing one is NULL.
  const isEmpty = (i: number) =>
    (src.types[i] ?? "VARCHAR").toUpperCase() === "VARCHAR" && !src.csv
      ? `(${ref(i)} IS NULL OR trim(${ref(i)}) = '')`
      : `${ref(i)} IS NULL`;
  const rev = revenueExpr(ix, money);
  const cost = costExpr(ix, money, rev);
  const dateIdx = ix.date ?? -1;
  const required = requiredMoney(ix);
  const costCols = [ix.cost, ix.margin, ix.unit_cost].filter((x): x is number => x !== undefined);
  // Names with a prefix no export uses, so the source's own columns cannot collide with them.
  const bad = `CASE WHEN __d IS NULL THEN CASE WHEN ${isEmpty(dateIdx)} THEN 'date_missing' ELSE 'date_invalid' END
    WHEN __rev IS NULL THEN CASE WHEN ${required.map(isEmpty).join(" OR ")} THEN 'amount_missing' ELSE 'amount_invalid' END
    ${costCols.length ? `WHEN __cost IS NULL THEN CASE WHEN ${costCols.map(isEmpty).join(" OR ")} THEN NULL ELSE 'cost_invalid' END` : ""}
    END`;
  // Row numbers only where examples of rejected lines are fetched: numbering JSON lines and text needs a window.
  const reader = (numbered: boolean) => {
    // Text here is whitespace-separated (linesRelation): its lines split into text columns.
    if (src.csv) return whitespaceReaderSql(src.header.length, src.csv, numbered);
    if (src.format === "parquet") return `read_parquet($1${numbered ? ", file_row_number = true" : ""})`;
    return numbered
      ? "(SELECT *, row_number() OVER () - 1 AS file_row_number FROM read_json($1, format = 'newline_delimited'))"
      : "read_json($1, format = 'newline_delimited')";
  };
  const path = src.csv?.path ?? src.file;
  const date = typedDate(src, dateIdx);
  const isText = (i: number) => (src.types[i] ?? "VARCHAR").toUpperCase() === "VARCHAR";
  const cust = ix.customer_id ?? -1;
  const inner = (numbered: boolean) =>
    `SELECT *, ${customerExpr(ref(cust), isText(cust), f)} AS __cust, ${date} AS __d, ${rev} AS __rev, ${cost} AS __cost, ${
      ix.invoice_id !== undefined ? idExpr(ref(ix.invoice_id), isText(ix.invoice_id), f) : "NULL::VARCHAR"
    } AS __inv FROM ${reader(numbered)}`;
  const select = (extra: string) =>
    `SELECT __cust AS cust, __d AS d, __rev AS rev, __cost AS cost, __inv AS inv, ${bad} AS bad${extra} FROM (${inner(extra !== "")})`;
  return {
    sql: select(""),
    params: date.includes("$2") ? [path, f.date.pattern] : [path],
    withRaw: (i) => select(`, file_row_number + 1 AS row_no, CAST(${ref(i)} AS VARCHAR) AS __raw`),
  };
}
