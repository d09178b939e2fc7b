/**
 * Writing and reading the customers of a saved analysis (`analysis_customers`): rows go in through
 * DuckDB's appender (typed values, no SQL text, ~10× faster than INSERT statements), and come back
 * column by column into the typed arrays that the migration in core works on.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBDateValue } from "@duckdb/node-api";
import { parseIsoDay } from "../core/dates.js";
import type { ClassifiedCustomers } from "../core/migration-types.js";
import type { CustomerRow, SavedCustomerRow } from "../core/summary.js";

export type { SavedCustomerRow } from "../core/summary.js";

function fail(row: SavedCustomerRow, field: string, value: unknown, expected: string): never {
  const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
  throw new TypeError(
    `Cannot save customer ${JSON.stringify(row.customer_id)}: ${field} is ${shown}, expected ${expected}.`,
  );
}

function text(a: DuckDBAppender, row: SavedCustomerRow, field: string, v: string | null): void {
  if (v === null) a.appendNull();
  else if (typeof v === "string") a.appendVarchar(v);
  else fail(row, field, v, "a string or null");
}

/** A finite number; DuckDB rounds it to the column's DECIMAL scale on the way in. */
function num(a: DuckDBAppender, row: SavedCustomerRow, field: string, v: number | null): void {
  if (v === null) a.appendNull();
  else if (Number.isFinite(v)) a.appendDouble(v);
  else fail(row, field, v, "a finite number or null");
}

function int(a: DuckDBAppender, row: SavedCustomerRow, field: string, v: number | null): void {
  if (v === null) a.appendNull();
  else if (Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31) a.appendInteger(v);
  else fail(row, field, v, "a whole number (32-bit) or null");
}

function day(a: DuckDBAppender, row: SavedCustomerRow, field: string, v: string | null): void {
  if (v === null) {
    a.appendNull();
    return;
  }
  const d = typeof v === "string" ? parseIsoDay(v) : undefined;
  if (d === undefined) fail(row, field, v, "a date as YYYY-MM-DD or null");
  a.appendDate(new DuckDBDateValue(d));
}

/**
 * Appends every row to `analysis_customers` under `analysisId`, in the table's column order
 * (CUSTOMER_TABLE_COLUMNS), and returns how many. The caller owns the transaction and the appender.
 */
export function appendCustomerRows(
  a: DuckDBAppender,
  analysisId: number,
  rows: Iterable<SavedCustomerRow>,
): number {
  let n = 0;
  for (const row of rows) {
    if (typeof row.customer_id !== "string") fail(row, "customer_id", row.customer_id, "a string");
    a.appendInteger(analysisId);
    a.appendVarchar(row.customer_id);
    text(a, row, "name", row.name);
    num(a, row, "revenue", row.revenue);
    num(a, row, "cost", row.cost);
    num(a, row, "margin", row.margin);
    int(a, row, "invoices", row.invoices);
    day(a, row, "first_date", row.first_date);
    day(a, row, "last_date", row.last_date);
    int(a, row, "recency_days", row.recency_days);
    num(a, row, "value", row.value);
    int(a, row, "rank", row.rank);
    num(a, row, "share", row.share);
    num(a, row, "cum_share", row.cum_share);
    text(a, row, "abc", row.abc);
    text(a, row, "pyramid", row.pyramid);
    if (typeof row.active !== "boolean") fail(row, "active", row.active, "true or false");
    a.appendBoolean(row.active);
    day(a, row, "last_date_before", row.last_date_before);
    text(a, row, "account_manager", row.account_manager);
    a.endRow();
    n++;
  }
  return n;
}

/** The customers of one saved analysis as migration input, ordered by customer id. */
export async function readClassified(
  conn: DuckDBConnection,
  analysisId: number,
): Promise<ClassifiedCustomers> {
  const reader = await conn.runAndReadAll(
    `SELECT customer_id, name, CAST(value AS DOUBLE) AS value, abc, pyramid, active,
       COALESCE(CAST(last_date_before - DATE '1970-01-01' AS INTEGER), -1) AS last_day_before,
       account_manager
     FROM analysis_customers WHERE analysis_id = $1 ORDER BY customer_id`,
    [analysisId],
  );
  const n = reader.currentRowCount;
  // An empty result has no chunks and so no columns: each defaults to empty.
  const [ids = [], names = [], values = [], abc = [], pyramid = [], active = [], before = [], managers = []] =
    reader.getColumnsJS() as unknown[][];
  const strOrNull = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  const out: ClassifiedCustomers = {
    ids: ids.map(String),
    value: Float64Array.from(values, Number),
    abc: abc.map(strOrNull),
    pyramid: pyramid.map(strOrNull),
    active: Uint8Array.from(active, (v) => (v === true ? 1 : 0)),
    name: names.map(strOrNull),
    lastDayBefore: Int32Array.from(before, Number),
    accountManager: managers.map(strOrNull),
  };
  if (out.ids.length !== n) throw new Error(`read ${out.ids.length} of ${n} saved customers`);
  return out;
}

/** Pyramid layers in the order customers.csv lists unranked customers (ranked ones come first, by rank). */
const LAYER_ORDER = `CASE pyramid WHEN 'NonPositive' THEN 1 WHEN 'Inactive' THEN 2 WHEN 'Prospect' THEN 3
  WHEN 'Suspect' THEN 4 ELSE 5 END`;

/** The customers of one saved analysis as rows of customers.csv: ranked first by rank, then by layer and id. */
export async function readCustomerRows(conn: DuckDBConnection, analysisId: number): Promise<CustomerRow[]> {
  const reader = await conn.runAndReadAll(
    `SELECT customer_id, name, CAST(revenue AS DOUBLE) AS revenue, CAST(cost AS DOUBLE) AS cost,
       CAST(margin AS DOUBLE) AS margin, invoices, CAST(first_date AS VARCHAR) AS first_date,
       CAST(last_date AS VARCHAR) AS last_date, recency_days, CAST(value AS DOUBLE) AS value, rank, share,
       cum_share, abc, pyramid
     FROM analysis_customers WHERE analysis_id = $1
     ORDER BY rank NULLS LAST, ${LAYER_ORDER}, value, customer_id`,
    [analysisId],
  );
  const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
  const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
  return reader.getRowObjectsJS().map((r) => ({
    customer_id: String(r.customer_id),
    name: str(r.name),
    revenue: Number(r.revenue),
    cost: num(r.cost),
    margin: num(r.margin),
    invoices: Number(r.invoices),
    first_date: str(r.first_date),
    last_date: str(r.last_date),
    recency_days: num(r.recency_days),
    value: Number(r.value),
    rank: num(r.rank),
    share: num(r.share),
    cum_share: num(r.cum_share),
    abc: str(r.abc),
    pyramid: str(r.pyramid),
  }));
}
