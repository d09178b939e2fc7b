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
 * to 4 decimals at this boundary), invoices (distinct invoice ids; lines without one count once per day: their key is the day behind a
 * control character no invoice id contains),
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
  const money = (expr: string) => `coalesce(CAST(${expr} AS DECIMAL(38,4)), 0)::DOUBLE`;
  // INTEGER, not BIGINT: it arrives in JavaScript as a number, without a BigInt to convert.
  const int = (expr: string) => `CAST(coalesce(${expr}, 0) AS INTEGER)`;
  const dayOf = (expr: string) => `CAST(coalesce(date_diff('day', ${DAY0}, ${expr}), -1) AS INTEGER)`;
  // Lines of the file count one each; rows of the scanned table carry their number of lines in n.
  const d = units.direct;
  const lineCount = d ? "count(*)" : "sum(n)";
  const noCost = !hasCost ? "0" : d ? "count(*) - count(cost)" : "sum(n_nocost)";
  const noInvoice = !units.hasInvoice ? "0" : d ? "count(*) - count(inv)" : "sum(n_noinv)";
  const invoices = units.hasInvoice
    ? "count(DISTINCT inv) FILTER (WHERE pos = 1) + count(DISTINCT d) FILTER (WHERE pos = 1 AND inv IS NULL)"
    : "count(DISTINCT d) FILTER (WHERE pos = 1)";
  // Where a line falls — pos 0 before the window, 1 in it, 2 after the as-of date, NULL rejected — is
  // worked out once per line. The lines are grouped by customer and position with few aggregates (about
  // as many as the bare query has), and a second grouping over those few rows lays each customer out
  // on one row with everything the data summary needs.
  const byPosition = `SELECT cust, pos, bad, sum(rev) AS r, sum(cost) AS c, ${lineCount} AS n, min(d) AS mi, max(d) AS ma,
      ${noCost} AS nc, ${noInvoice} AS ni, ${invoices} AS inv
    FROM (SELECT *, CASE WHEN bad IS NULL THEN CASE WHEN d > ${a} AND d <= ${z} THEN 1 WHEN d <= ${a} THEN 0 ELSE 2 END END AS pos
          FROM (${units.sql}))
    GROUP BY ALL`;
  const typed = units.typedRejects;
  const f = (expr: string, cond: string) => `${expr} FILTER (WHERE ${cond})`;
  const sql = `SELECT cust, ${money("revenue")} AS revenue,
      ${hasCost ? `${money("cost")} AS cost, ${money("revenue - cost")} AS margin` : "NULL::DOUBLE AS cost, NULL::DOUBLE AS margin"},
      invoices, lines, first_day, last_day, last_before, n_before, n_after, n_all, n_nocost, n_noinv, rev_all, first_all, last_all
      ${typed ? REASONS.map((r) => `, "bad_${r}"`).join("") : ""}
    FROM (SELECT cust,
      ${f("sum(r)", "pos = 1")} AS revenue, ${f("sum(c)", "pos = 1")} AS cost,
      ${int(f("sum(inv)", "pos = 1"))} AS invoices, ${int(f("sum(n)", "pos = 1"))} AS lines,
      ${dayOf(f("min(mi)", "pos = 1"))} AS first_day, ${dayOf(f("max(ma)", "pos = 1"))} AS last_day,
      ${dayOf(f("max(ma)", "pos = 0"))} AS last_before,
      ${int(f("sum(n)", "pos = 0"))} AS n_before, ${int(f("sum(n)", "pos = 2"))} AS n_after, ${int("sum(n)")} AS n_all,
      ${int(f("sum(nc)", "pos IS NOT NULL"))} AS n_nocost, ${int(f("sum(ni)", "pos IS NOT NULL"))} AS n_noinv,
      ${money(f("sum(r)", "pos IS NOT NULL"))} AS rev_all,
      ${dayOf(f("min(mi)", "pos IS NOT NULL"))} AS first_all, ${dayOf(f("max(ma)", "pos IS NOT NULL"))} AS last_all
      ${typed ? REASONS.map((r) => `, ${int(f("sum(n)", `bad = '${r}'`))} AS "bad_${r}"`).join("") : ""}
    FROM (${byPosition}) GROUP BY cust) ORDER BY cust`;
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
  const num = (name: string) => col(name) as number[];
  const [before, after, lines, all, nocost, noinv, revAll, firstAll, lastAll] = [
    "n_before",
    "n_after",
    "lines",
    "n_all",
    "n_nocost",
    "n_noinv",
    "rev_all",
    "first_all",
    "last_all",
  ].map(num) as number[][] as [
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  const bad = typed ? REASONS.map((r) => [r, num(`bad_${r}`)] as const) : [];
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
  for (let i = 0; i < res.rowCount; i++) {
    const okLines = (before[i] ?? 0) + (after[i] ?? 0) + (lines[i] ?? 0);
    totals.lines += all[i] ?? 0;
    totals.withoutCost += nocost[i] ?? 0;
    totals.withoutInvoice += noinv[i] ?? 0;
    for (const [r, xs] of bad) totals.badByReason.set(r, (totals.badByReason.get(r) ?? 0) + (xs[i] ?? 0));
    const f = firstAll[i] ?? -1;
    const l = lastAll[i] ?? -1;
    if (f >= 0 && f < first) first = f;
    if (l >= 0 && l > last) last = l;
    const id = ids[i];
    if (id === null || id === undefined || id === "") {
      counts.withoutCustomer += okLines;
      counts.revenueWithoutCustomer += revAll[i] ?? 0;
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
  const pick = (name: string) => {
    const xs = col(name) as (number | null)[];
    return Float64Array.from(keep, (i) => xs[i] ?? Number.NaN);
  };
  const pickInt = (name: string) => {
    const xs = num(name);
    return Int32Array.from(keep, (i) => xs[i] ?? -1);
  };
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
