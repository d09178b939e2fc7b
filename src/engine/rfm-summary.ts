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
import type { Engine } from "./engine.js";
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
 * reject reason, up to `holdoutEnd` (or `calibrationEnd` without a holdout).
 */
export async function rfmSummary(
  engine: Engine,
  opts: { calibrationEnd: number; holdoutEnd: number | null; unit: TimeUnit },
): Promise<RfmSummary> {
  const unitDays = UNIT_DAYS[opts.unit];
  const calEnd = formatDay(opts.calibrationEnd);
  const lastDay = formatDay(opts.holdoutEnd ?? opts.calibrationEnd);
  // One row per customer and purchase day (net value ≥ 0), up to the last day counted.
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE strata_rfm_days AS
     SELECT cust, d, sum(rev) AS v FROM ${DOCS_TABLE}
     WHERE bad IS NULL AND cust IS NOT NULL AND d <= CAST($1 AS DATE) GROUP BY cust, d`,
    [lastDay],
  );
  // One row per customer, straight from the days (no window function: a million customers stay cheap).
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE strata_rfm_customers AS
     SELECT cust,
       min(d) FILTER (WHERE v >= 0) AS first,
       arg_min(v, d) FILTER (WHERE v >= 0) AS first_value,
       count(*) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS n_cal,
       max(d) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS last_cal,
       sum(v) FILTER (WHERE v >= 0 AND d <= CAST($1 AS DATE)) AS value,
       count(*) FILTER (WHERE v >= 0 AND d > CAST($1 AS DATE)) AS h_purchases,
       coalesce(sum(v) FILTER (WHERE v >= 0 AND d > CAST($1 AS DATE)), 0) AS h_value,
       count(*) FILTER (WHERE v < 0) AS returns
     FROM strata_rfm_days GROUP BY cust`,
    [calEnd],
  );
  try {
    const res = await engine.columns(
      `SELECT cust,
         CAST(first - DATE '1970-01-01' AS INTEGER) AS first_day,
         CAST(n_cal - 1 AS DOUBLE) AS x,
         CAST(last_cal - first AS DOUBLE) AS tx_days,
         CAST(CAST($1 AS DATE) - first AS DOUBLE) AS t_days,
         CAST(value - first_value AS DOUBLE) AS repeat_value,
         CAST(value AS DOUBLE) AS value,
         CAST(h_purchases AS DOUBLE) AS h_purchases,
         CAST(h_value AS DOUBLE) AS h_value
       FROM strata_rfm_customers
       WHERE first IS NOT NULL AND first <= CAST($1 AS DATE)
       ORDER BY cust`,
      [calEnd],
    );
    const [ids, first, x, tx, t, repeatValue, value, hp, hv] = res.columns as [
      string[],
      number[],
      (number | bigint)[],
      number[],
      number[],
      (number | null)[],
      number[],
      (number | bigint)[],
      number[],
    ];
    const n = ids.length;
    const xs = Float64Array.from(x, Number);
    const meanRepeat = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = xs[i] ?? 0;
      meanRepeat[i] = k > 0 ? Number(repeatValue[i] ?? 0) / k : Number.NaN;
    }
    const counts = await engine.columns(
      `SELECT count(*) FILTER (WHERE first > CAST($1 AS DATE)) AS late,
              sum(returns) AS returns,
              CAST(min(first) - DATE '1970-01-01' AS INTEGER) AS start
       FROM strata_rfm_customers`,
      [calEnd],
    );
    const late = Number((counts.columns[0] as (number | bigint)[])[0] ?? 0);
    const returns = Number((counts.columns[1] as (number | bigint)[])[0] ?? 0);
    const start = Number((counts.columns[2] as (number | null)[])[0] ?? opts.calibrationEnd);
    const lastEpoch = opts.holdoutEnd ?? opts.calibrationEnd;
    const periods = Math.max(1, Math.floor((lastEpoch - start) / unitDays) + 1);
    const byPeriod = await engine.columns(
      `SELECT CAST(floor((d - DATE '1970-01-01' - $1) / $2) AS INTEGER) AS k, count(*) AS n
       FROM strata_rfm_days JOIN strata_rfm_customers USING (cust)
       WHERE v >= 0 AND d > first AND first <= CAST($3 AS DATE)
       GROUP BY k ORDER BY k`,
      [start, unitDays, calEnd],
    );
    const repeatsByPeriod = new Float64Array(periods);
    const [ks, ns] = byPeriod.columns as [number[], (number | bigint)[]];
    ks.forEach((k, j) => {
      if (k >= 0 && k < periods) repeatsByPeriod[k] = Number(ns[j] ?? 0);
    });
    return {
      unit: opts.unit,
      calibrationEnd: opts.calibrationEnd,
      holdoutEnd: opts.holdoutEnd,
      ids,
      firstDay: Int32Array.from(first),
      x: xs,
      tx: Float64Array.from(tx, (d) => d / unitDays),
      T: Float64Array.from(t, (d) => d / unitDays),
      meanRepeat,
      value: Float64Array.from(value, Number),
      holdout:
        opts.holdoutEnd === null
          ? null
          : { purchases: Float64Array.from(hp, Number), value: Float64Array.from(hv, Number) },
      newInHoldout: late,
      returnDays: returns,
      repeatsByPeriod,
      periodStart: start,
    };
  } finally {
    await engine.run("DROP TABLE IF EXISTS strata_rfm_days");
    await engine.run("DROP TABLE IF EXISTS strata_rfm_customers");
  }
}
