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
  /** Distinct customer ids on valid lines; NaN when read without figures (a distinct count the models do not need). */
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
const POSITIONS = "strata_positions";
const REASONS = Object.keys(BAD_REASONS) as BadReason[];

/**
 * Per-customer figures for one window: see aggregateWindows.
 */
export async function aggregateWindow(
  engine: Engine,
  units: Units,
  w: Window,
  hasCost: boolean,
  file: string,
  onProgress?: (fraction: number) => void,
): Promise<Aggregated> {
  const { figures, counts, totals } = await aggregateWindows(engine, units, [w], hasCost, file, onProgress);
  return { figures: figures[0] as CustomerFigures, counts, totals };
}

/**
 * Per-customer figures for several windows in one pass over the units (the first window is the main
 * one: the data summary counts lines relative to it). Sums are exact decimals, rounded to 4 decimals at
 * this boundary; invoices are distinct invoice ids (lines without one count once per day: an invoice is
 * counted in the period of its date) and counted in the main window only: the other windows' invoices are
 * −1. Each window returns the customers with a line on or before its as-of date: first and last purchase in
 * it, last purchase before it.
 */
export async function aggregateWindows(
  engine: Engine,
  units: Units,
  windows: readonly Window[],
  hasCost: boolean,
  file: string,
  onProgress?: (fraction: number) => void,
  withFigures = true,
): Promise<{ figures: CustomerFigures[]; counts: LineCounts; totals: UnitTotals }> {
  // Periods between consecutive window bounds: pos 0 up to the first bound, pos k between bound k−1
  // and bound k, pos m after the last; a window is a run of periods.
  const bounds = [...new Set(windows.flatMap((w) => [w.after, w.asOf]))].sort((x, y) => x - y);
  const period = (day: number) => bounds.indexOf(day);
  const ranges = windows.map((w) => ({ lo: period(w.after) + 1, hi: period(w.asOf) }));
  const main = ranges[0] ?? { lo: 1, hi: 1 };
  const p = (k: number) => `$${units.params.length + 1 + k}`;
  const money = (expr: string) => `coalesce(CAST(${expr} AS DECIMAL(38,4)), 0)::DOUBLE`;
  // INTEGER, not BIGINT: it arrives in JavaScript as a number, without a BigInt to convert.
  const int = (expr: string) => `CAST(coalesce(${expr}, 0) AS INTEGER)`;
  const dayOf = (expr: string) => `CAST(coalesce(date_diff('day', ${DAY0}, ${expr}), -1) AS INTEGER)`;
  // Lines of the file count one each; rows of the scanned table carry their number of lines in n.
  const d = units.direct;
  const lineCount = d ? "count(*)" : "sum(n)";
  const noCost = !hasCost ? "0" : d ? "count(*) - count(cost)" : "sum(n_nocost)";
  const noInvoice = !units.hasInvoice ? "0" : d ? "count(*) - count(inv)" : "sum(n_noinv)";
  // Distinct counts are the dearest aggregate of the pass, so invoices are counted in the main window
  // only: nothing reports the invoices of the other windows (migration and trend use values and classes),
  // and counting them over two or more years of lines cost 10–40% of a migrate or trend run.
  const inMainWindow = `pos BETWEEN ${main.lo} AND ${main.hi}`;
  const invoiceCount = units.hasInvoice
    ? `count(DISTINCT inv) FILTER (WHERE ${inMainWindow}) + count(DISTINCT d) FILTER (WHERE ${inMainWindow} AND inv IS NULL)`
    : `count(DISTINCT d) FILTER (WHERE ${inMainWindow})`;
  // Where a line falls — its period, or −1 … −5 when rejected for one of REASONS (a code, so the reason
  // needs no grouping key of its own) — is worked out once per line. The lines are grouped by customer
  // and period with few aggregates (about as many as the bare query has); the data summary and each
  // window's customer rows come from those few rows.
  const periodCase = `CASE ${bounds.map((_, k) => `WHEN d <= ${p(k)} THEN ${k}`).join(" ")} ELSE ${bounds.length} END`;
  const positioned = `SELECT *, CASE WHEN bad IS NULL THEN ${periodCase}
      ${REASONS.map((r, k) => `WHEN bad = '${r}' THEN ${-1 - k}`).join(" ")} END AS pos
    FROM (${units.sql})`;
  const byPosition = `SELECT cust, pos, sum(rev) AS r, sum(cost) AS c, ${lineCount} AS n, min(d) AS mi, max(d) AS ma,
      ${noCost} AS nc, ${noInvoice} AS ni, ${invoiceCount} AS inv
    FROM (${positioned})
    GROUP BY ALL`;
  const typed = units.typedRejects;
  const params = [...units.params, ...bounds.map(formatDay)];
  // Without figures (the lifetime-value models read the scanned table themselves), the data summary's
  // totals come straight from the units, each its own row: nothing is grouped or kept.
  const ungrouped = `SELECT cust, pos, rev AS r, cost AS c, ${d ? "1 AS n" : "n"}, d AS mi, d AS ma,
      ${d ? "CAST(cost IS NULL AS INTEGER) AS nc" : "n_nocost AS nc"}, ${d ? "CAST(inv IS NULL AS INTEGER) AS ni" : "n_noinv AS ni"}
    FROM (${positioned})`;
  // Else the one pass over the lines (or the scanned table): a few rows per customer, kept for the small
  // queries below.
  if (withFigures) {
    await reading(file, () =>
      engine.run(`CREATE OR REPLACE TEMP TABLE ${POSITIONS} AS ${byPosition}`, params, onProgress),
    );
  }
  const positions = withFigures ? POSITIONS : `(${ungrouped})`;
  const f = (expr: string, cond: string) => `${expr} FILTER (WHERE ${cond})`;
  const named = "(cust IS NOT NULL AND cust <> '')";
  const inMain = `pos BETWEEN ${main.lo} AND ${main.hi}`;
  const [t] = await engine.rows(
    `SELECT ${int("sum(n)")} AS n_all,
        ${int(f("sum(n)", `pos >= 0 AND NOT ${named}`))} AS nocust,
        ${money(f("sum(r)", `pos >= 0 AND NOT ${named}`))} AS nocust_rev,
        ${int(f("sum(n)", `${inMain} AND ${named}`))} AS used,
        ${int(f("sum(n)", `pos >= 0 AND pos < ${main.lo} AND ${named}`))} AS before,
        ${int(f("sum(n)", `pos > ${main.hi} AND ${named}`))} AS after,
        ${withFigures ? int(f("count(DISTINCT cust)", `pos >= 0 AND ${named}`)) : "NULL"} AS customers,
        ${int(f("sum(nc)", "pos >= 0"))} AS nocost, ${int(f("sum(ni)", "pos >= 0"))} AS noinv,
        CAST(${f("min(mi)", "pos >= 0")} AS VARCHAR) AS first, CAST(${f("max(ma)", "pos >= 0")} AS VARCHAR) AS last
        ${typed ? REASONS.map((r, k) => `, ${int(f("sum(n)", `pos = ${-1 - k}`))} AS "bad_${r}"`).join("") : ""}
     FROM ${positions}`,
    withFigures ? [] : params,
  );
  const totals: UnitTotals = {
    lines: Number(t?.n_all ?? 0),
    badByReason: new Map(typed ? REASONS.map((r) => [r, Number(t?.[`bad_${r}`] ?? 0)]) : []),
    withoutCost: Number(t?.nocost ?? 0),
    withoutInvoice: Number(t?.noinv ?? 0),
    firstDate: (t?.first as string | null) ?? null,
    lastDate: (t?.last as string | null) ?? null,
  };
  const counts: LineCounts = {
    used: Number(t?.used ?? 0),
    withoutCustomer: Number(t?.nocust ?? 0),
    revenueWithoutCustomer: Number(t?.nocust_rev ?? 0),
    beforeWindow: Number(t?.before ?? 0),
    afterAsOf: Number(t?.after ?? 0),
    customersSeen: t?.customers === null ? Number.NaN : Number(t?.customers ?? 0),
  };
  const figures: CustomerFigures[] = [];
  if (!withFigures) return { figures: windows.map(() => noFigures()), counts, totals };
  for (const [k, { lo, hi }] of ranges.entries()) {
    const inW = `pos BETWEEN ${lo} AND ${hi}`;
    const invoices = k === 0 ? int(f("sum(inv)", inW)) : "CAST(-1 AS INTEGER)";
    const res = await engine.columns(
      `SELECT cust, ${money("revenue")} AS revenue,
          ${hasCost ? `${money("cost")} AS cost, ${money("revenue - cost")} AS margin` : "NULL::DOUBLE AS cost, NULL::DOUBLE AS margin"},
          invoices, lines, first_day, last_day, last_before
       FROM (SELECT cust, ${f("sum(r)", inW)} AS revenue, ${f("sum(c)", inW)} AS cost,
          ${invoices} AS invoices, ${int(f("sum(n)", inW))} AS lines,
          ${dayOf(f("min(mi)", inW))} AS first_day, ${dayOf(f("max(ma)", inW))} AS last_day,
          ${dayOf(f("max(ma)", `pos < ${lo}`))} AS last_before
         FROM ${POSITIONS} WHERE ${named} AND pos >= 0 AND pos <= ${hi} GROUP BY cust)
       ORDER BY cust`,
    );
    figures.push(figuresOf(res.columns));
  }
  await engine.run(`DROP TABLE IF EXISTS ${POSITIONS}`);
  return { figures, counts, totals };
}

/** No customer at all: what a read without figures carries in their place. */
function noFigures(): CustomerFigures {
  const none = new Float64Array(0);
  const noDays = new Int32Array(0);
  return {
    ids: [],
    revenue: none,
    cost: none,
    margin: none,
    invoices: noDays,
    lines: noDays,
    firstDay: noDays,
    lastDay: noDays,
    lastDayBefore: noDays,
  };
}

function figuresOf(columns: unknown[][]): CustomerFigures {
  const [ids, revenue, cost, margin, invoices, lines, first, last, before] = columns as [
    string[],
    number[],
    (number | null)[],
    (number | null)[],
    number[],
    number[],
    number[],
    number[],
    number[],
  ];
  return {
    ids,
    revenue: Float64Array.from(revenue),
    cost: Float64Array.from(cost, (v) => v ?? Number.NaN),
    margin: Float64Array.from(margin, (v) => v ?? Number.NaN),
    invoices: Int32Array.from(invoices),
    lines: Int32Array.from(lines),
    firstDay: Int32Array.from(first),
    lastDay: Int32Array.from(last),
    lastDayBefore: Int32Array.from(before),
  };
}

/** The latest valid invoice date of a scanned table, or undefined when it holds no valid line. */
export async function latestScannedDate(engine: Engine): Promise<string | null> {
  const [r] = await engine.rows(
    `SELECT CAST(max(d) AS VARCHAR) AS last FROM ${DOCS_TABLE} WHERE bad IS NULL`,
  );
  return (r?.last as string | null) ?? null;
}
