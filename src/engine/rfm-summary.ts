/**
 * The repeat-purchase summary the lifetime-value models need (domain.md, "Customer lifetime value"),
 * computed by the engine from the invoice-level table of a scan (DOCS_TABLE): per customer x (repeat
 * purchases: distinct purchase days − 1), t_x (last purchase since the first), T (calibration end since the
 * first), the mean value of the repeat purchase days, and, when a holdout follows the calibration, the
 * purchases and value in it. Lines never leave the engine: what comes back is one row per customer.
 *
 * A purchase day is a day whose net value for the customer is ≥ 0 (a day of returns only is not a
 * purchase); several invoices on one day are one purchase, as in the literature (CDNOW: 6,919 lines make
 * 6,696 purchase days).
 */
import { formatDay } from "../core/dates.js";
import type { Engine, SqlValue } from "./engine.js";
import { DOCS_TABLE } from "./scan.js";

export type TimeUnit = "day" | "week";

/** Days in one unit. */
export const UNIT_DAYS: Record<TimeUnit, number> = { day: 1, week: 7 };

export interface RfmSummary {
  unit: TimeUnit;
  /** Epoch days: purchases up to and including calibrationEnd are the calibration period. */
  calibrationEnd: number;
  /** Epoch day the holdout ends on (included); null without a holdout. */
  holdoutEnd: number | null;
  /** Customers whose first purchase is in the calibration period, in byte order of id. */
  ids: string[];
  firstDay: Int32Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchase days (the first purchase excluded); NaN when x = 0. */
  meanRepeat: Float64Array;
  /** Value of all purchase days in the calibration period. */
  value: Float64Array;
  /** Purchase days and their value in the holdout (0 when none); null without a holdout. */
  holdout: { purchases: Float64Array; value: Float64Array } | null;
  /** Customers who first bought after the calibration end (not in the summary), and days of returns only. */
  newInHoldout: number;
  returnDays: number;
  /**
   * Repeat purchases per unit of time since the earliest first purchase (index 0 = the first unit), for the
   * cumulative tracking chart, over calibration and holdout: one count per unit up to the last day.
   */
  repeatsByPeriod: Float64Array;
  /** Epoch day of the earliest first purchase: period k covers days [start + k·unit, start + (k+1)·unit). */
  periodStart: number;
}

/**
 * The summary from DOCS_TABLE (built by a scan of the invoice lines): every row with a customer and no
 * reject reason, up to `holdoutEnd` (or `calibrationEnd` without a holdout). `docsPerDay`: the table already
 * holds one row per customer and day (readLines with figures: false), so the days need no grouping.
 */
export async function rfmSummary(
  engine: Engine,
  opts: { calibrationEnd: number; holdoutEnd: number | null; unit: TimeUnit; docsPerDay?: boolean },
): Promise<RfmSummary> {
  const unitDays = UNIT_DAYS[opts.unit];
  const calEnd = formatDay(opts.calibrationEnd);
  const lastDay = formatDay(opts.holdoutEnd ?? opts.calibrationEnd);
  // One row per customer and purchase day (net value ≥ 0), up to the last day counted: the scanned table
  // itself when it is per day already (a subquery, with the last day as parameter $k), else a table grouped
  // from it (read twice below).
  const perDay = opts.docsPerDay === true;
  const dayRows = (k: number) => `SELECT cust, d, ${perDay ? "rev" : "sum(rev)"} AS v FROM ${DOCS_TABLE}
     WHERE bad IS NULL AND cust IS NOT NULL AND d <= CAST($${k} AS DATE)${perDay ? "" : " GROUP BY cust, d"}`;
  if (!perDay) await engine.run(`CREATE OR REPLACE TEMP TABLE ${DAYS} AS ${dayRows(1)}`, [lastDay]);
  const days: DaysSource = perDay
    ? { sql: (k) => `(${dayRows(k)})`, params: [lastDay] }
    : { sql: () => DAYS, params: [] };
  // One row per customer, straight from the days (no window function: a million customers stay cheap).
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${CUSTOMERS} AS
     SELECT cust,
       min(d) FILTER (WHERE v >= 0) AS first,
       arg_min(v, d) FILTER (WHERE v >= 0) AS first_value,
       count(*) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS n_cal,
       max(d) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS last_cal,
       sum(v) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS value,
       count(*) FILTER (WHERE v >= 0 AND d > CAST($1 AS DATE)) AS h_purchases,
       coalesce(sum(v) FILTER (WHERE v >= 0 AND d > CAST($1 AS DATE)), 0) AS h_value,
       count(*) FILTER (WHERE v < 0) AS returns
     FROM ${days.sql(2)} GROUP BY cust`,
    [calEnd, ...days.params],
  );
  try {
    const res = await engine.typedColumns(
      `SELECT cust,
         CAST(first - DATE '1970-01-01' AS INTEGER) AS first_day,
         CAST(n_cal - 1 AS DOUBLE) AS x,
         CAST(last_cal - first AS DOUBLE) AS tx_days,
         CAST(CAST($1 AS DATE) - first AS DOUBLE) AS t_days,
         CAST(value - first_value AS DOUBLE) AS repeat_value,
         CAST(value AS DOUBLE) AS value,
         CAST(h_purchases AS DOUBLE) AS h_purchases,
         CAST(h_value AS DOUBLE) AS h_value
       FROM ${CUSTOMERS}
       WHERE first IS NOT NULL AND first <= CAST($1 AS DATE)
       ORDER BY cust`,
      [calEnd],
    );
    const [ids, first, x, tx, t, repeatValue, value, hp, hv] = res.columns as [
      string[],
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
      Float64Array,
    ];
    const n = ids.length;
    const meanRepeat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = x[i] ?? 0;
      const r = repeatValue[i] ?? 0;
      meanRepeat[i] = k > 0 ? (Number.isNaN(r) ? 0 : r) / k : Number.NaN;
    }
    for (let i = 0; i < n; i++) {
      tx[i] = (tx[i] ?? 0) / unitDays;
      t[i] = (t[i] ?? 0) / unitDays;
    }
    const counts = await engine.columns(
      `SELECT count(*) FILTER (WHERE first > CAST($1 AS DATE)) AS late,
              sum(returns) AS returns,
              CAST(min(first) - DATE '1970-01-01' AS INTEGER) AS start
       FROM ${CUSTOMERS}`,
      [calEnd],
    );
    const late = Number((counts.columns[0] as (number | bigint)[])[0] ?? 0);
    const returns = Number((counts.columns[1] as (number | bigint)[])[0] ?? 0);
    const start = Number((counts.columns[2] as (number | null)[])[0] ?? opts.calibrationEnd);
    const lastEpoch = opts.holdoutEnd ?? opts.calibrationEnd;
    const periods = Math.max(1, Math.floor((lastEpoch - start) / unitDays) + 1);
    const repeatsByPeriod = await repeatsPerPeriod(engine, days, { start, unitDays, calEnd, periods, late });
    return {
      unit: opts.unit,
      calibrationEnd: opts.calibrationEnd,
      holdoutEnd: opts.holdoutEnd,
      ids,
      firstDay: Int32Array.from(first),
      x,
      tx,
      T: t,
      meanRepeat,
      value,
      holdout: opts.holdoutEnd === null ? null : { purchases: hp, value: hv },
      newInHoldout: late,
      returnDays: returns,
      repeatsByPeriod,
      periodStart: start,
    };
  } finally {
    await engine.run(`DROP TABLE IF EXISTS ${DAYS}`);
    await engine.run(`DROP TABLE IF EXISTS ${CUSTOMERS}`);
  }
}

const DAYS = "strata_rfm_days";
const CUSTOMERS = "strata_rfm_customers";

/** Where the purchase days come from: SQL with its parameters numbered from k, and those parameters. */
interface DaysSource {
  sql: (k: number) => string;
  params: SqlValue[];
}

/**
 * Repeat purchases per period of the cohort (customers whose first purchase is by the calibration end): the
 * purchase days of every customer per period, less each customer's first day, less the days of the customers
 * who first bought later (a join to the customers only when there are such customers).
 */
async function repeatsPerPeriod(
  engine: Engine,
  days: DaysSource,
  o: { start: number; unitDays: number; calEnd: string; periods: number; late: number },
): Promise<Float64Array> {
  const period = "CAST(floor((d - DATE '1970-01-01' - $1) / $2) AS INTEGER)";
  const res = await engine.columns(
    `SELECT k, sum(n) AS n FROM (
       SELECT ${period} AS k, count(*) AS n FROM ${days.sql(4)} WHERE v >= 0 GROUP BY k
       UNION ALL
       SELECT ${period.replace("d -", "first -")} AS k, -count(*) AS n FROM ${CUSTOMERS}
       WHERE first IS NOT NULL AND first <= CAST($3 AS DATE) GROUP BY k
       ${
         o.late > 0
           ? `UNION ALL
       SELECT ${period} AS k, -count(*) AS n FROM ${days.sql(4)} JOIN ${CUSTOMERS} USING (cust)
       WHERE v >= 0 AND first > CAST($3 AS DATE) GROUP BY k`
           : ""
       }
     ) GROUP BY k ORDER BY k`,
    [o.start, o.unitDays, o.calEnd, ...days.params],
  );
  const out = new Float64Array(o.periods);
  const [ks, ns] = res.columns as [number[], (number | bigint)[]];
  ks.forEach((k, j) => {
    if (k >= 0 && k < o.periods) out[k] = Number(ns[j] ?? 0);
  });
  return out;
}
