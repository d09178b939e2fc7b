/**
 * Lifetime value end to end on a repeat-purchase summary: group identical customers, fit BG/NBD, Pareto/NBD
 * and Gamma-Gamma, predict per customer (p(alive), expected purchases and value over a horizon, discounted
 * CLV), and validate against a holdout when there is one (totals, per number of calibration purchases, and
 * the cumulative tracking curve). Pure: the summary comes from the engine.
 */
import * as bg from "./bg-nbd.js";
import { distinctValues } from "./distinct.js";
import { discountedValue, expectedMeanValue, fitGammaGamma } from "./gamma-gamma.js";
import * as pnbd from "./pareto-nbd.js";
import type { BgNbdParams, Fit, GammaGammaParams, ParetoNbdParams, RfmGroups, SpendGroups } from "./types.js";

/** What the models read per customer, in the summary's time unit. */
export interface ClvCustomers {
  ids: readonly string[];
  /** Epoch day of the first purchase. */
  firstDay: Int32Array;
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean value of the repeat purchases; NaN when x = 0. */
  meanRepeat: Float64Array;
  /** Days in one time unit (1 or 7). */
  unitDays: number;
  /** Purchases in the holdout per customer, and its length in units; absent without a holdout. */
  holdout?: { purchases: Float64Array; length: number } | undefined;
  /** Repeat purchases per unit since periodStart (epoch day), calibration and holdout. */
  repeatsByPeriod?: Float64Array | undefined;
  periodStart?: number | undefined;
  /** Epoch day of the calibration end. */
  calibrationEnd: number;
}

export interface ClvSettings {
  /** Prediction horizon in the summary's unit (52 weeks, 365 days). */
  horizon: number;
  /** Periods the horizon is discounted in (12: months of a year), and periods in a year. */
  periods: number;
  periodsPerYear: number;
  /** Yearly discount rate (0.1 = 10 %). */
  discountRate: number;
  /** Fit the Pareto/NBD as well (slower; the predictions use the BG/NBD). */
  paretoNbd: boolean;
}

export interface ClvPredictions {
  pAlive: Float64Array;
  /** Expected purchases in the horizon. */
  expectedPurchases: Float64Array;
  /** Expected value of one purchase (Gamma-Gamma; the population mean for x = 0). */
  expectedMeanValue: Float64Array;
  /** Expected purchases × expected mean value over the horizon, undiscounted. */
  expectedValue: Float64Array;
  /** Discounted expected value over the horizon. */
  clv: Float64Array;
}

/** Predicted against actual in the holdout. */
export interface ClvValidation {
  /** Holdout length in the unit. */
  length: number;
  actual: number;
  predictedBgNbd: number;
  predictedParetoNbd: number | null;
  /** Per number of calibration repeat purchases (0 … 7, then "7+" pooled): mean actual vs predicted. */
  byFrequency: Array<{
    x: string;
    customers: number;
    actual: number;
    bgNbd: number;
    paretoNbd: number | null;
  }>;
  /** Cumulative repeat purchases per unit since the first purchase of the cohort: actual and model. */
  tracking: {
    periodStart: number;
    calibrationPeriods: number;
    actual: number[];
    bgNbd: number[];
    paretoNbd: number[] | null;
  };
  /** Mean absolute error per customer of the holdout purchases (BG/NBD). */
  meanAbsoluteError: number;
}

export interface ClvResult {
  customers: number;
  repeaters: number;
  groups: number;
  bgNbd: Fit<BgNbdParams>;
  paretoNbd: Fit<ParetoNbdParams> | null;
  /** Null when fewer than 2 customers have a repeat purchase of positive value. */
  gammaGamma: Fit<GammaGammaParams> | null;
  /** Mean value per repeat purchase used when Gamma-Gamma cannot be fitted. */
  fallbackMeanValue: number;
  predictions: ClvPredictions;
  validation: ClvValidation | null;
  settings: ClvSettings;
}

const MAX_SHOWN_X = 7;

/** Dense ids of a column's values (0, 1, … in order of first appearance) and how many there are. */
function denseIds(values: Float64Array, rows: Int32Array): { ids: Int32Array; count: number } {
  const distinct = distinctValues();
  const ids = Int32Array.from(rows, (i) => distinct.of(values[i] ?? 0));
  return { ids, count: distinct.values.length };
}

/**
 * Rows with equal values in every column as one group: each row's group (in order of first appearance) and
 * each group's first row. Numbers only: each column's values become dense ids, then a row's ids one number.
 */
function groupRows(
  columns: readonly Float64Array[],
  rows: Int32Array,
): { groupOf: Int32Array; firstRow: number[] } {
  let key = new Float64Array(rows.length);
  let span = 1;
  for (const column of columns) {
    const { ids, count } = denseIds(column, rows);
    if (span * count > Number.MAX_SAFE_INTEGER) {
      // Too many combinations to number exactly: renumber the combination so far densely first.
      const dense = denseIds(
        key,
        Int32Array.from(rows, (_, j) => j),
      );
      key = Float64Array.from(dense.ids);
      span = dense.count;
    }
    for (let j = 0; j < rows.length; j++) key[j] = (key[j] ?? 0) * count + (ids[j] ?? 0);
    span *= count;
  }
  const index = new Map<number, number>();
  const groupOf = new Int32Array(rows.length);
  const firstRow: number[] = [];
  for (let j = 0; j < rows.length; j++) {
    const v = key[j] ?? 0;
    let k = index.get(v);
    if (k === undefined) {
      k = firstRow.length;
      index.set(v, k);
      firstRow.push(rows[j] ?? 0);
    }
    groupOf[j] = k;
  }
  return { groupOf, firstRow };
}

const pick = (values: Float64Array, rows: readonly number[]): Float64Array =>
  Float64Array.from(rows, (i) => values[i] ?? Number.NaN);

const counts = (groupOf: Int32Array, groups: number): Float64Array => {
  const weight = new Float64Array(groups);
  for (const k of groupOf) weight[k] = (weight[k] ?? 0) + 1;
  return weight;
};

/**
 * Identical (x, t_x, T) customers as one group with a weight: the fit's and the predictions' cost follows
 * groups, not customers. `groupOf` gives each customer's group.
 */
export function groupRfm(c: Pick<ClvCustomers, "x" | "tx" | "T">): RfmGroups & { groupOf: Int32Array } {
  const all = Int32Array.from({ length: c.x.length }, (_, i) => i);
  const { groupOf, firstRow } = groupRows([c.x, c.tx, c.T], all);
  return {
    x: pick(c.x, firstRow),
    tx: pick(c.tx, firstRow),
    T: pick(c.T, firstRow),
    weight: counts(groupOf, firstRow.length),
    groupOf,
  };
}

/** The distinct (x, T) of the groups, and each group's pair. */
interface Pairs {
  x: Float64Array;
  T: Float64Array;
  pairOf: Int32Array;
}

function pairsOf(groups: RfmGroups): Pairs {
  const all = Int32Array.from({ length: groups.x.length }, (_, i) => i);
  const { groupOf, firstRow } = groupRows([groups.x, groups.T], all);
  return { x: pick(groups.x, firstRow), T: pick(groups.T, firstRow), pairOf: groupOf };
}

/** Per-group values spread back to the customers. */
function spread(perGroup: Float64Array, groupOf: Int32Array): Float64Array {
  const out = new Float64Array(groupOf.length);
  for (let i = 0; i < groupOf.length; i++) out[i] = perGroup[groupOf[i] ?? 0] ?? Number.NaN;
  return out;
}

/** Repeaters with a positive mean repeat value, grouped by (x, mean). */
export function groupSpend(c: Pick<ClvCustomers, "x" | "meanRepeat">): SpendGroups {
  const rows: number[] = [];
  for (let i = 0; i < c.x.length; i++)
    if ((c.x[i] ?? 0) > 0 && (c.meanRepeat[i] ?? Number.NaN) > 0) rows.push(i);
  const { groupOf, firstRow } = groupRows([c.x, c.meanRepeat], Int32Array.from(rows));
  return {
    x: pick(c.x, firstRow),
    mean: pick(c.meanRepeat, firstRow),
    weight: counts(groupOf, firstRow.length),
  };
}

/** Fits the models and predicts every customer; validates on the holdout when the customers carry one. */
export function lifetimeValue(c: ClvCustomers, s: ClvSettings): ClvResult {
  const n = c.x.length;
  const groups = groupRfm(c);
  const bgFit = bg.fitBgNbd(groups);
  const pFit = s.paretoNbd ? pnbd.fitParetoNbd(groups) : null;
  const spend = groupSpend(c);
  let repeaters = 0;
  let repeatValue = 0;
  for (let i = 0; i < spend.x.length; i++) {
    const w = spend.weight[i] ?? 0;
    repeaters += w;
    repeatValue += w * (spend.mean[i] ?? 0);
  }
  const gg = spend.x.length >= 2 ? fitGammaGamma(spend) : null;
  const fallback = repeaters > 0 ? repeatValue / repeaters : 0;
  const p = bgFit.params;
  // Purchases depend on (x, t_x, T) only: computed once per group, as P(alive) per group times the purchases of
  // a customer alive at T, which depend on (x, T) only: that series once per distinct (x, T), with the
  // discount factor (discounted purchases / purchases; 1 without discounting), where P(alive) cancels.
  const pairs = pairsOf(groups);
  const periodLength = s.horizon / s.periods;
  const ifAlive = new Float64Array(pairs.x.length);
  const pairDiscount = new Float64Array(pairs.x.length).fill(1);
  for (let k = 0; k < pairs.x.length; k++) {
    const x = pairs.x[k] ?? 0;
    const T = pairs.T[k] ?? 0;
    const cum = (t: number) => bg.expectedPurchasesIfAlive(p, t, x, T);
    const all = cum(s.horizon);
    ifAlive[k] = all;
    if (s.discountRate !== 0 && all > 0) {
      const discounted = discountedValue(cum, 1, {
        periods: s.periods,
        periodLength,
        periodsPerYear: s.periodsPerYear,
        yearlyDiscountRate: s.discountRate,
      });
      pairDiscount[k] = discounted / all;
    }
  }
  const groupAlive = bg.pAliveMany(p, groups);
  const groupPurchases = new Float64Array(groups.x.length);
  const discount = new Float64Array(groups.x.length);
  for (let k = 0; k < groups.x.length; k++) {
    const j = pairs.pairOf[k] ?? 0;
    const e = ifAlive[j] ?? 0;
    groupPurchases[k] = e === 0 ? 0 : e * (groupAlive[k] ?? 0);
    discount[k] = pairDiscount[j] ?? 1;
  }
  const pAlive = spread(groupAlive, groups.groupOf);
  const expectedPurchases = spread(groupPurchases, groups.groupOf);
  const meanValue = new Float64Array(n);
  const expectedValue = new Float64Array(n);
  const clv = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = c.x[i] ?? 0;
    const m = c.meanRepeat[i] ?? Number.NaN;
    const v = gg ? expectedMeanValue(gg.params, x, x > 0 && m > 0 ? m : 0) : x > 0 && m > 0 ? m : fallback;
    meanValue[i] = Number.isFinite(v) ? v : fallback;
    expectedValue[i] = (expectedPurchases[i] ?? 0) * (meanValue[i] ?? 0);
    clv[i] = (expectedValue[i] ?? 0) * (discount[groups.groupOf[i] ?? 0] ?? 1);
  }
  return {
    customers: n,
    repeaters: Array.from(c.x).filter((x) => x > 0).length,
    groups: groups.x.length,
    bgNbd: bgFit,
    paretoNbd: pFit,
    gammaGamma: gg,
    fallbackMeanValue: fallback,
    predictions: { pAlive, expectedPurchases, expectedMeanValue: meanValue, expectedValue, clv },
    validation: c.holdout
      ? validate(c, c.holdout, groups, pairs, groupAlive, bgFit.params, pFit?.params ?? null)
      : null,
    settings: s,
  };
}

function validate(
  c: ClvCustomers,
  h: { purchases: Float64Array; length: number },
  groups: RfmGroups & { groupOf: Int32Array },
  pairs: Pairs,
  groupAlive: Float64Array,
  p: BgNbdParams,
  q: ParetoNbdParams | null,
): ClvValidation {
  const n = c.x.length;
  const ifAlive = Float64Array.from(pairs.x, (x, k) =>
    bg.expectedPurchasesIfAlive(p, h.length, x, pairs.T[k] ?? 0),
  );
  const groupBg = Float64Array.from(groupAlive, (alive, k) => {
    const e = ifAlive[pairs.pairOf[k] ?? 0] ?? 0;
    return e === 0 ? 0 : e * alive;
  });
  const predBg = spread(groupBg, groups.groupOf);
  const predP = q
    ? spread(
        pnbd.conditionalExpectedPurchasesMany(q, h.length, groups.x, groups.tx, groups.T),
        groups.groupOf,
      )
    : null;
  const rows = new Map<number, { customers: number; actual: number; bgNbd: number; paretoNbd: number }>();
  let actual = 0;
  let sumBg = 0;
  let sumP = 0;
  let absErr = 0;
  for (let i = 0; i < n; i++) {
    const a = h.purchases[i] ?? 0;
    const b = predBg[i] ?? 0;
    const pp = predP?.[i] ?? 0;
    actual += a;
    sumBg += b;
    sumP += pp;
    absErr += Math.abs(a - b);
    const k = Math.min(c.x[i] ?? 0, MAX_SHOWN_X);
    const row = rows.get(k) ?? { customers: 0, actual: 0, bgNbd: 0, paretoNbd: 0 };
    row.customers++;
    row.actual += a;
    row.bgNbd += b;
    row.paretoNbd += pp;
    rows.set(k, row);
  }
  const byFrequency = [...rows.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([k, r]) => ({
      x: k === MAX_SHOWN_X ? `${MAX_SHOWN_X}+` : String(k),
      customers: r.customers,
      actual: r.actual / r.customers,
      bgNbd: r.bgNbd / r.customers,
      paretoNbd: q ? r.paretoNbd / r.customers : null,
    }));
  return {
    length: h.length,
    actual,
    predictedBgNbd: sumBg,
    predictedParetoNbd: q ? sumP : null,
    byFrequency,
    tracking: tracking(c, p, q),
    meanAbsoluteError: n > 0 ? absErr / n : 0,
  };
}

/**
 * Cumulative repeat purchases of the cohort per unit of time: actual from the summary, expected as the sum
 * over customers of E[X(t − their first purchase)] (customers grouped by their first day).
 */
function tracking(c: ClvCustomers, p: BgNbdParams, q: ParetoNbdParams | null): ClvValidation["tracking"] {
  const actualBy = c.repeatsByPeriod ?? new Float64Array(0);
  const start = c.periodStart ?? c.calibrationEnd;
  const byFirst = new Map<number, number>();
  for (const d of c.firstDay) byFirst.set(d, (byFirst.get(d) ?? 0) + 1);
  const actual: number[] = [];
  const bgNbd: number[] = [];
  const paretoNbd: number[] = [];
  let cum = 0;
  for (let k = 0; k < actualBy.length; k++) {
    cum += actualBy[k] ?? 0;
    actual.push(cum);
    const endDay = start + (k + 1) * c.unitDays;
    let eb = 0;
    let ep = 0;
    for (const [first, count] of byFirst) {
      const t = (endDay - first) / c.unitDays;
      if (t <= 0) continue;
      eb += count * bg.expectedPurchases(p, t);
      if (q) ep += count * pnbd.expectedPurchases(q, t);
    }
    bgNbd.push(eb);
    paretoNbd.push(ep);
  }
  return {
    periodStart: start,
    calibrationPeriods: Math.max(0, Math.floor((c.calibrationEnd - start) / c.unitDays) + 1),
    actual,
    bgNbd,
    paretoNbd: q ? paretoNbd : null,
  };
}
