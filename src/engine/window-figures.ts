import { formatDay } from "../core/dates.js";
import type { CustomerFigures } from "../core/figures.js";
import type { Window } from "../core/policy.js";
import type { Engine } from "./engine.js";
import { BAD_REASONS, type BadReason } from "./lines-sql.js";
import { DOCS_TABLE, reading, type Units } from "./scan.js";

/** Lines by where they fall relative to the window; with the rejected lines they add up to all lines read. */
export interface LineCounts {
  used: number;
  withoutCustomer: number;
  revenueWithoutCustomer: number;
  beforeWindow: number;
  afterAsOf: number;
  customersSeen: number;
}

/** Totals over all units, for the data summary. */
export interface UnitTotals {
  /** Lines that reached the aggregation (for delimited text, DuckDB's rejected lines do not). */
  lines: number;
  badByReason: Map<BadReason, number>;
  withoutCost: number;
  withoutInvoice: number;
  firstDate: string | null;
  lastDate: string | null;
}

export interface Aggregated {
  figures: CustomerFigures;
  counts: LineCounts;
  totals: UnitTotals;
}

const DAY0 = "DATE '1970-01-01'";
const REASONS = Object.keys(BAD_REASONS) as BadReason[];

/**
 * Per-customer figures for a window, in one query over the units: window sums as exact decimals (rounded
 * to 4 decimals at this boundary), invoices (distinct invoice ids; lines without one count once per day),
 * first and last purchase in the window, last purchase before it; and the counts of the data summary.
 * Only customers with a line on or before asOf are returned.
 */
export async function aggregateWindow(
  engine: Engine,
  units: Units,
  w: Window,
  hasCost: boolean,
  file: string,
  onProgress?: (fraction: number) => void,
): Promise<Aggregated> {
  const a = `$${units.params.length + 1}`;
  const z = `$${units.params.length + 2}`;
  const inWin = `ok AND d > ${a} AND d <= ${z}`;
  const money = (expr: string) => `coalesce(CAST(${expr} AS DECIMAL(38,4)), 0)::DOUBLE`;
  const int = (expr: string) => `CAST(coalesce(${expr}, 0) AS BIGINT)`;
  const dayOf = (expr: string) => `coalesce(date_diff('day', ${DAY0}, ${expr}), -1)`;
  const sql = `SELECT cust,
      ${money(`sum(rev) FILTER (WHERE ${inWin})`)} AS revenue,
      ${hasCost ? money(`sum(coalesce(cost, 0)) FILTER (WHERE ${inWin})`) : "NULL::DOUBLE"} AS cost,
      ${hasCost ? money(`sum(rev - coalesce(cost, 0)) FILTER (WHERE ${inWin})`) : "NULL::DOUBLE"} AS margin,
      ${int(`count(DISTINCT inv) FILTER (WHERE ${inWin})`)} + ${int(`count(DISTINCT d) FILTER (WHERE ${inWin} AND inv IS NULL)`)} AS invoices,
      ${int(`sum(n) FILTER (WHERE ${inWin})`)} AS lines,
      ${dayOf(`min(d) FILTER (WHERE ${inWin})`)} AS first_day,
      ${dayOf(`max(d) FILTER (WHERE ${inWin})`)} AS last_day,
      ${dayOf(`max(d) FILTER (WHERE ok AND d <= ${a})`)} AS last_before,
      ${int(`sum(n) FILTER (WHERE ok AND d <= ${a})`)} AS n_before,
      ${int(`sum(n) FILTER (WHERE ok AND d > ${z})`)} AS n_after,
      ${int("sum(n)")} AS n_all,
      ${int("sum(n_nocost) FILTER (WHERE ok)")} AS n_nocost,
      ${int("sum(n_noinv) FILTER (WHERE ok)")} AS n_noinv,
      ${money("sum(rev) FILTER (WHERE ok)")} AS rev_all,
      ${dayOf("min(d) FILTER (WHERE ok)")} AS first_all,
      ${dayOf("max(d) FILTER (WHERE ok)")} AS last_all,
      ${REASONS.map((r) => `${int(`sum(n) FILTER (WHERE bad = '${r}')`)} AS "bad_${r}"`).join(",\n      ")}
    FROM (SELECT *, bad IS NULL AS ok FROM (${units.sql}))
    GROUP BY cust ORDER BY cust`;
  const params = [...units.params, formatDay(w.after), formatDay(w.asOf)];
  const res = await reading(file, async () => {
    // The direct plan reads the whole file here: report progress then.
    if (units.direct && onProgress) {
      await engine.run(`CREATE OR REPLACE TEMP TABLE strata_window AS ${sql}`, params, onProgress);
      return engine.columns("SELECT * FROM strata_window ORDER BY cust");
    }
    return engine.columns(sql, params);
  });
  const col = (name: string) => res.columns[res.names.indexOf(name)] as unknown[];
  const ids = col("cust") as (string | null)[];
  const n = res.rowCount;
  const num = (name: string) => col(name) as number[];
  const before = num("n_before");
  const after = num("n_after");
  const lines = num("lines");
  const keep: number[] = [];
  const counts: LineCounts = {
    used: 0,
    withoutCustomer: 0,
    revenueWithoutCustomer: 0,
    beforeWindow: 0,
    afterAsOf: 0,
    customersSeen: 0,
  };
  const totals: UnitTotals = {
    lines: 0,
    badByReason: new Map(),
    withoutCost: 0,
    withoutInvoice: 0,
    firstDate: null,
    lastDate: null,
  };
  let first = Number.POSITIVE_INFINITY;
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const okLines = (before[i] ?? 0) + (after[i] ?? 0) + (lines[i] ?? 0);
    totals.lines += num("n_all")[i] ?? 0;
    totals.withoutCost += num("n_nocost")[i] ?? 0;
    totals.withoutInvoice += num("n_noinv")[i] ?? 0;
    for (const r of REASONS)
      totals.badByReason.set(r, (totals.badByReason.get(r) ?? 0) + (num(`bad_${r}`)[i] ?? 0));
    const f = num("first_all")[i] ?? -1;
    const l = num("last_all")[i] ?? -1;
    if (f >= 0 && f < first) first = f;
    if (l >= 0 && l > last) last = l;
    if (ids[i] === null || ids[i] === undefined) {
      counts.withoutCustomer += okLines;
      counts.revenueWithoutCustomer += num("rev_all")[i] ?? 0;
      continue;
    }
    if (okLines > 0) counts.customersSeen++;
    counts.used += lines[i] ?? 0;
    counts.beforeWindow += before[i] ?? 0;
    counts.afterAsOf += after[i] ?? 0;
    if ((before[i] ?? 0) + (lines[i] ?? 0) > 0) keep.push(i);
  }
  if (first !== Number.POSITIVE_INFINITY) totals.firstDate = formatDay(first);
  if (last !== Number.NEGATIVE_INFINITY) totals.lastDate = formatDay(last);
  const pick = (name: string) =>
    Float64Array.from(keep, (i) => (col(name)[i] as number | null) ?? Number.NaN);
  const pickInt = (name: string) => Int32Array.from(keep, (i) => (col(name)[i] as number) ?? -1);
  const figures: CustomerFigures = {
    ids: keep.map((i) => ids[i] ?? ""),
    revenue: pick("revenue"),
    cost: pick("cost"),
    margin: pick("margin"),
    invoices: pickInt("invoices"),
    lines: pickInt("lines"),
    firstDay: pickInt("first_day"),
    lastDay: pickInt("last_day"),
    lastDayBefore: pickInt("last_before"),
  };
  return { figures, counts, totals };
}

/** The latest valid invoice date of a scanned table, or undefined when it holds no valid line. */
export async function latestScannedDate(engine: Engine): Promise<string | null> {
  const [r] = await engine.rows(
    `SELECT CAST(max(d) AS VARCHAR) AS last FROM ${DOCS_TABLE} WHERE bad IS NULL`,
  );
  return (r?.last as string | null) ?? null;
}
