import { compareIds } from "./compare-ids.js";

/** Money is compared in exact units of 1/10 000: the engine delivers sums rounded to 4 decimals. */
const UNITS = 10_000;

/** Active customers (value > 0) in rank order, with exact cumulative shares. */
export interface Ranking {
  /** Indices of the active customers, best first: value descending, ties by id in byte order. */
  readonly order: Int32Array;
  /** 1-based rank per customer; 0 for customers that are not ranked (value ≤ 0 or no value). */
  readonly rankOf: Int32Array;
  /** Share of total active value per customer (0 when not ranked). */
  readonly share: Float64Array;
  /** Cumulative share up to and including the customer (0 when not ranked). */
  readonly cumShare: Float64Array;
  /** Value per customer in exact units of 1/10 000, as used for the shares. */
  readonly units: Float64Array;
  /** Cumulative units in rank order: cumUnits[i] is the sum of ranks 1..i+1. */
  readonly cumUnits: Float64Array;
  /** Sum of the active customers' values, in the currency. */
  readonly total: number;
  readonly totalUnits: number;
}

/** Ranks customers by value; values ≤ 0 and NaN are not ranked. */
export function rankCustomers(values: Float64Array, ids: readonly string[]): Ranking {
  const n = values.length;
  const units = new Float64Array(n);
  const active: number[] = [];
  for (let i = 0; i < n; i++) {
    const u = Math.round((values[i] ?? Number.NaN) * UNITS);
    units[i] = Number.isFinite(u) ? u : 0;
    if (u > 0) active.push(i);
  }
  active.sort((a, b) => (units[b] ?? 0) - (units[a] ?? 0) || compareIds(ids[a] ?? "", ids[b] ?? ""));
  const order = Int32Array.from(active);
  const rankOf = new Int32Array(n);
  const cumUnits = new Float64Array(order.length);
  let acc = 0;
  for (let r = 0; r < order.length; r++) {
    const i = order[r] ?? 0;
    acc += units[i] ?? 0;
    cumUnits[r] = acc;
    rankOf[i] = r + 1;
  }
  const share = new Float64Array(n);
  const cumShare = new Float64Array(n);
  for (let r = 0; r < order.length; r++) {
    const i = order[r] ?? 0;
    share[i] = (units[i] ?? 0) / acc;
    cumShare[i] = (cumUnits[r] ?? 0) / acc;
  }
  return { order, rankOf, share, cumShare, units, cumUnits, total: acc / UNITS, totalUnits: acc };
}

/**
 * The number of top-ranked customers whose cumulative share first reaches at least `percent`.
 * Compared exactly: cumUnits·100 ≥ percent·totalUnits.
 */
export function customersToReach(ranking: Ranking, percent: number): number {
  const target = percent * ranking.totalUnits;
  const cum = ranking.cumUnits;
  let lo = 0;
  let hi = cum.length;
  // first index whose cumUnits·100 ≥ target
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cum[mid] ?? 0) * 100 >= target) hi = mid;
    else lo = mid + 1;
  }
  return Math.min(lo + 1, cum.length);
}
