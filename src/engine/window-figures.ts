import { formatDay, parseIsoDay } from "../core/dates.js";
import type { CustomerFigures } from "../core/figures.js";
import type { Window } from "../core/policy.js";
import type { Engine } from "./engine.js";
import { DOCS_TABLE } from "./scan.js";

/** Lines by where they fall relative to the window; together with the rejected lines they add up to all lines read. */
export interface LineCounts {
  used: number;
  withoutCustomer: number;
  revenueWithoutCustomer: number;
  beforeWindow: number;
  afterAsOf: number;
  customersSeen: number;
}

const DAY0 = "DATE '1970-01-01'";

/** Counts of lines per destination for one window, from the scanned table. */
export async function lineCounts(engine: Engine, w: Window): Promise<LineCounts> {
  const [r] = await engine.rows(
    `SELECT coalesce(sum(n) FILTER (WHERE cust IS NOT NULL AND d > $1 AND d <= $2), 0) AS used,
            coalesce(sum(n) FILTER (WHERE cust IS NULL), 0) AS nocust,
            coalesce(CAST(sum(rev) FILTER (WHERE cust IS NULL) AS DECIMAL(38,4)), 0)::DOUBLE AS nocust_rev,
            coalesce(sum(n) FILTER (WHERE cust IS NOT NULL AND d <= $1), 0) AS before,
            coalesce(sum(n) FILTER (WHERE cust IS NOT NULL AND d > $2), 0) AS after,
            count(DISTINCT cust) AS customers
     FROM ${DOCS_TABLE} WHERE bad IS NULL`,
    [formatDay(w.after), formatDay(w.asOf)],
  );
  return {
    used: Number(r?.used ?? 0),
    withoutCustomer: Number(r?.nocust ?? 0),
    revenueWithoutCustomer: Number(r?.nocust_rev ?? 0),
    beforeWindow: Number(r?.before ?? 0),
    afterAsOf: Number(r?.after ?? 0),
    customersSeen: Number(r?.customers ?? 0),
  };
}

/**
 * Per-customer figures for a window, for every customer with a line on or before asOf. Sums are exact
 * decimals in the engine, rounded to 4 decimals at this boundary. The scanned table has one row per
 * customer, invoice and day (customer and day without invoice ids), so counting its rows counts an
 * invoice once per day it has lines.
 */
export async function windowFigures(engine: Engine, w: Window, hasCost: boolean): Promise<CustomerFigures> {
  const inWin = "d > $1 AND d <= $2";
  const money = (expr: string) => `coalesce(CAST(${expr} AS DECIMAL(38,4)), 0)::DOUBLE`;
  const res = await engine.columns(
    `SELECT cust,
            ${money(`sum(rev) FILTER (WHERE ${inWin})`)} AS revenue,
            ${hasCost ? money(`sum(coalesce(cost, 0)) FILTER (WHERE ${inWin})`) : "NULL::DOUBLE"} AS cost,
            ${hasCost ? money(`sum(rev - coalesce(cost, 0)) FILTER (WHERE ${inWin})`) : "NULL::DOUBLE"} AS margin,
            CAST(count(*) FILTER (WHERE ${inWin}) AS INTEGER) AS invoices,
            CAST(coalesce(sum(n) FILTER (WHERE ${inWin}), 0) AS INTEGER) AS lines,
            coalesce(date_diff('day', ${DAY0}, min(d) FILTER (WHERE ${inWin})), -1) AS first_day,
            coalesce(date_diff('day', ${DAY0}, max(d) FILTER (WHERE ${inWin})), -1) AS last_day,
            coalesce(date_diff('day', ${DAY0}, max(d) FILTER (WHERE d <= $1)), -1) AS last_before
     FROM ${DOCS_TABLE}
     WHERE bad IS NULL AND cust IS NOT NULL AND d <= $2
     GROUP BY cust ORDER BY cust`,
    [formatDay(w.after), formatDay(w.asOf)],
  );
  const [ids, revenue, cost, margin, invoices, lines, first, last, before] = res.columns as [
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
    cost: Float64Array.from(cost, (v) => (v === null ? Number.NaN : v)),
    margin: Float64Array.from(margin, (v) => (v === null ? Number.NaN : v)),
    invoices: Int32Array.from(invoices),
    lines: Int32Array.from(lines),
    firstDay: Int32Array.from(first),
    lastDay: Int32Array.from(last),
    lastDayBefore: Int32Array.from(before),
  };
}

/** The latest invoice date in the scanned data, as an epoch day. */
export function latestDay(lastDate: string | null): number | undefined {
  return lastDate === null ? undefined : parseIsoDay(lastDate);
}
