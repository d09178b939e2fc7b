import type { Ranking } from "./rank.js";

export const NOT_RANKED = 255;

/** One class of an ABC split. */
export interface ClassTotals {
  label: string;
  /** Upper bound of the class in cumulative percent (100 for the last class). */
  upTo: number;
  customers: number;
  /** Share of active customers, 0…1. */
  customersShare: number;
  value: number;
  /** Share of total active value, 0…1. */
  valueShare: number;
}

export interface AbcResult {
  labels: readonly string[];
  /** Class index per customer into `labels`; NOT_RANKED for customers that are not ranked. */
  classOf: Uint8Array;
  classes: ClassTotals[];
}

/** Class labels A, B, C, … for k classes. */
export function abcLabels(k: number): string[] {
  return Array.from({ length: k }, (_, i) => String.fromCharCode(65 + i));
}

/**
 * ABC classes by the Pareto rule. With thresholds t1 < t2 < … (percent), class 1 is the smallest set of
 * top-ranked customers whose cumulative share reaches at least t1 (the customer that crosses t1 belongs
 * to it), class 2 continues until t2, and so on; the rest forms the last class. A final threshold of 100
 * names the last class explicitly (50,80,100 gives A, B, C).
 */
export function classifyAbc(ranking: Ranking, thresholds: readonly number[]): AbcResult {
  const cuts = thresholds[thresholds.length - 1] === 100 ? thresholds.slice(0, -1) : thresholds.slice();
  const labels = abcLabels(cuts.length + 1);
  const n = ranking.rankOf.length;
  const classOf = new Uint8Array(n).fill(NOT_RANKED);
  const counts = new Array<number>(labels.length).fill(0);
  const unitsPerClass = new Array<number>(labels.length).fill(0);
  const total = ranking.totalUnits;
  let cls = 0;
  let before = 0;
  for (let r = 0; r < ranking.order.length; r++) {
    const i = ranking.order[r] ?? 0;
    // advance while the cumulative share before this customer already reached the class's bound
    while (cls < cuts.length && before * 100 >= (cuts[cls] ?? 100) * total) cls++;
    classOf[i] = cls;
    counts[cls] = (counts[cls] ?? 0) + 1;
    unitsPerClass[cls] = (unitsPerClass[cls] ?? 0) + (ranking.units[i] ?? 0);
    before = ranking.cumUnits[r] ?? 0;
  }
  const active = ranking.order.length;
  const classes = labels.map((label, k) => ({
    label,
    upTo: k < cuts.length ? (cuts[k] ?? 100) : 100,
    customers: counts[k] ?? 0,
    customersShare: active === 0 ? 0 : (counts[k] ?? 0) / active,
    value: (unitsPerClass[k] ?? 0) / 10_000,
    valueShare: total === 0 ? 0 : (unitsPerClass[k] ?? 0) / total,
  }));
  return { labels, classOf, classes };
}
