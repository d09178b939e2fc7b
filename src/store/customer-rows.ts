/**
 * Writing and reading the customers of a saved analysis (`analysis_customers`): columns go in through
 * DuckDB's appender in data chunks (typed values, no SQL text), and come back column by column into the
 * typed arrays that the migration in core works on.
 */
import {
  BOOLEAN,
  DATE,
  DECIMAL,
  DOUBLE,
  type DuckDBAppender,
  type DuckDBConnection,
  DuckDBDataChunk,
  DuckDBDateValue,
  DuckDBDecimalValue,
  INTEGER,
  VARCHAR,
} from "@duckdb/node-api";
import { parseIsoDay } from "../core/dates.js";
import type { ClassifiedCustomers } from "../core/migration-types.js";
import type { CustomerRow, SavedCustomerColumns, SavedCustomerRow } from "../core/summary.js";

export type { SavedCustomerRow } from "../core/summary.js";

function fail(id: unknown, field: string, value: unknown, expected: string): never {
  const shown = typeof value === "number" ? String(value) : JSON.stringify(value);
  throw new TypeError(
    `Cannot save customer ${JSON.stringify(id)}: ${field} is ${shown}, expected ${expected}.`,
  );
}

/** Rows per data chunk: DuckDB's vector size. */
const CHUNK_ROWS = 2048;

/** The column types of `analysis_customers`, in CUSTOMER_TABLE_COLUMNS order. */
const MONEY = DECIMAL(38, 4);
const TABLE_TYPES = [
  INTEGER, // analysis_id
  VARCHAR, // customer_id
  VARCHAR, // name
  MONEY, // revenue
  MONEY, // cost
  MONEY, // margin
  INTEGER, // invoices
  DATE, // first_date
  DATE, // last_date
  INTEGER, // recency_days
  MONEY, // value
  INTEGER, // rank
  DOUBLE, // share
  DOUBLE, // cum_share
  VARCHAR, // abc
  VARCHAR, // pyramid
  BOOLEAN, // active
  DATE, // last_date_before
  VARCHAR, // account_manager
];

/** Rows checked and turned into columns: for callers that have rows (tests, tools). */
export function columnsOfRows(rows: Iterable<SavedCustomerRow>): SavedCustomerColumns {
  const list = [...rows];
  const n = list.length;
  const text = (row: SavedCustomerRow, field: keyof SavedCustomerRow): string | null => {
    const v = row[field];
    if (v === null || typeof v === "string") return v;
    return fail(row.customer_id, field, v, "a string or null");
  };
  const num = (row: SavedCustomerRow, field: keyof SavedCustomerRow, nullable: boolean): number => {
    const v = row[field];
    if (v === null && nullable) return Number.NaN;
    if (typeof v === "number" && Number.isFinite(v)) return v;
    return fail(row.customer_id, field, v, nullable ? "a finite number or null" : "a finite number");
  };
  const int = (row: SavedCustomerRow, field: keyof SavedCustomerRow, none: number): number => {
    const v = row[field];
    if (v === null) return none;
    if (typeof v === "number" && Number.isSafeInteger(v) && Math.abs(v) < 2 ** 31) return v;
    return fail(row.customer_id, field, v, "a whole number (32-bit) or null");
  };
  const day = (row: SavedCustomerRow, field: keyof SavedCustomerRow): number => {
    const v = row[field];
    if (v === null) return -1;
    const d = typeof v === "string" ? parseIsoDay(v) : undefined;
    return d ?? fail(row.customer_id, field, v, "a date as YYYY-MM-DD or null");
  };
  const hasCost = list.some((r) => r.cost !== null || r.margin !== null);
  const cols: SavedCustomerColumns = {
    ids: list.map((r) =>
      typeof r.customer_id === "string"
        ? r.customer_id
        : fail(r.customer_id, "customer_id", r.customer_id, "a string"),
    ),
    name: list.map((r) => text(r, "name")),
    revenue: Float64Array.from(list, (r) => num(r, "revenue", false)),
    cost: hasCost ? Float64Array.from(list, (r) => num(r, "cost", true)) : null,
    margin: hasCost ? Float64Array.from(list, (r) => num(r, "margin", true)) : null,
    invoices: Int32Array.from(list, (r) => int(r, "invoices", 0)),
    firstDay: Int32Array.from(list, (r) => day(r, "first_date")),
    lastDay: Int32Array.from(list, (r) => day(r, "last_date")),
    recencyDays: Int32Array.from(list, (r) => int(r, "recency_days", -1)),
    value: Float64Array.from(list, (r) => num(r, "value", false)),
    rank: Int32Array.from(list, (r) => int(r, "rank", 0)),
    share: Float64Array.from(list, (r) => num(r, "share", true)),
    cumShare: Float64Array.from(list, (r) => num(r, "cum_share", true)),
    abc: list.map((r) => text(r, "abc")),
    pyramid: list.map((r) => text(r, "pyramid")),
    active: Uint8Array.from(list, (r) =>
      typeof r.active === "boolean"
        ? Number(r.active)
        : fail(r.customer_id, "active", r.active, "true or false"),
    ),
    lastDayBefore: Int32Array.from(list, (r) => day(r, "last_date_before")),
    accountManager: list.map((r) => text(r, "account_manager")),
  };
  if (cols.ids.length !== n) throw new Error("rows changed while saving");
  return cols;
}

/** Money as the table's DECIMAL(38,4); NaN is NULL. */
function money(v: number): DuckDBDecimalValue | null {
  return Number.isNaN(v) ? null : new DuckDBDecimalValue(BigInt(Math.round(v * 10_000)), 38, 4);
}

function dayValue(d: number): DuckDBDateValue | null {
  return d < 0 ? null : new DuckDBDateValue(d);
}

/**
 * Appends every customer to `analysis_customers` under `analysisId` in data chunks of 2,048 rows (the
 * appender's vectorised path: a tenth of the native calls of appending value by value) and returns how
 * many. Refuses, naming the customer, a revenue or value that is not a finite number. The caller owns the
 * transaction and the appender.
 */
export function appendCustomerColumns(
  a: DuckDBAppender,
  analysisId: number,
  c: SavedCustomerColumns,
): number {
  const n = c.ids.length;
  for (let i = 0; i < n; i++) {
    if (!Number.isFinite(c.revenue[i] ?? Number.NaN))
      fail(c.ids[i], "revenue", c.revenue[i], "a finite number");
    if (!Number.isFinite(c.value[i] ?? Number.NaN)) fail(c.ids[i], "value", c.value[i], "a finite number");
  }
  for (let lo = 0; lo < n; lo += CHUNK_ROWS) {
    const m = Math.min(CHUNK_ROWS, n - lo);
    const col = <T>(f: (i: number) => T): T[] => Array.from({ length: m }, (_, k) => f(lo + k));
    const chunk = DuckDBDataChunk.create(TABLE_TYPES, m);
    chunk.setColumns([
      col(() => analysisId),
      col((i) => c.ids[i] ?? ""),
      col((i) => c.name[i] ?? null),
      col((i) => money(c.revenue[i] ?? 0)),
      col((i) => (c.cost ? money(c.cost[i] ?? Number.NaN) : null)),
      col((i) => (c.margin ? money(c.margin[i] ?? Number.NaN) : null)),
      col((i) => c.invoices[i] ?? 0),
      col((i) => dayValue(c.firstDay[i] ?? -1)),
      col((i) => dayValue(c.lastDay[i] ?? -1)),
      col((i) => ((c.recencyDays[i] ?? -1) < 0 ? null : (c.recencyDays[i] ?? 0))),
      col((i) => money(c.value[i] ?? 0)),
      col((i) => ((c.rank[i] ?? 0) > 0 ? (c.rank[i] ?? 0) : null)),
      col((i) => (Number.isNaN(c.share[i] ?? Number.NaN) ? null : (c.share[i] ?? 0))),
      col((i) => (Number.isNaN(c.cumShare[i] ?? Number.NaN) ? null : (c.cumShare[i] ?? 0))),
      col((i) => c.abc[i] ?? null),
      col((i) => c.pyramid[i] ?? null),
      col((i) => c.active[i] === 1),
      col((i) => dayValue(c.lastDayBefore[i] ?? -1)),
      col((i) => c.accountManager[i] ?? null),
    ]);
    a.appendDataChunk(chunk);
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
