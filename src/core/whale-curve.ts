import { compareIds } from "./compare-ids.js";
import { fromUnits, toUnits } from "./money-units.js";

/** The top of the whale curve: where cumulative margin is highest. */
export interface WhalePeak {
  /** Customers up to the peak (its 1-based position on the curve); 0 when no customer has margin > 0. */
  customers: number;
  /** Cumulative margin at the peak, in the currency (0 when customers is 0). */
  margin: number;
  /** margin / total margin: 1 without loss makers, above 1 when they erode profit; null when total ≤ 0. */
  share: number | null;
}

/**
 * The whale curve (Kaplan): customers ranked by margin descending, loss makers included, against
 * cumulative margin as a share of total margin. It rises to a peak (the profit of the profitable
 * customers) and falls back to exactly 100% as loss makers eat into it.
 */
export interface WhaleCurve {
  /**
   * Book indices on the curve, by margin descending, ties by id: every customer with a known margin and
   * any revenue or margin in the window (revenue ≠ 0 or margin ≠ 0).
   */
  order: Int32Array;
  /** Cumulative margin up to and including each position, in the currency. */
  cumMargin: Float64Array;
  /** cumMargin / total margin per position, exact (the last is exactly 1); null when total margin ≤ 0. */
  cumShare: Float64Array | null;
  /** Sum of the margins on the curve, summed exactly in units of 1/10 000. */
  totalMargin: number;
  peak: WhalePeak;
  /** Customers on the curve with margin > 0, = 0 and < 0. */
  profitable: number;
  breakEven: number;
  lossMaking: number;
  /** Customers with a known margin left off the curve: no revenue and no margin in the window. */
  leftOff: number;
}

/** The whale curve of per-customer margins (NaN = unknown, not on the curve). */
export function whaleCurve(margin: Float64Array, revenue: Float64Array, ids: readonly string[]): WhaleCurve {
  const units = Float64Array.from(margin, toUnits);
  const on: number[] = [];
  let leftOff = 0;
  for (let i = 0; i < margin.length; i++) {
    if (!Number.isFinite(margin[i] ?? Number.NaN)) continue;
    if ((units[i] ?? 0) !== 0 || toUnits(revenue[i] ?? 0) !== 0) on.push(i);
    else leftOff++;
  }
  on.sort((a, b) => (units[b] ?? 0) - (units[a] ?? 0) || compareIds(ids[a] ?? "", ids[b] ?? ""));
  const cumUnits = new Float64Array(on.length);
  let acc = 0;
  let peakUnits = 0;
  let peakAt = 0;
  let profitable = 0;
  let lossMaking = 0;
  for (let r = 0; r < on.length; r++) {
    const u = units[on[r] ?? 0] ?? 0;
    if (u > 0) profitable++;
    else if (u < 0) lossMaking++;
    acc += u;
    cumUnits[r] = acc;
    // strictly above: the peak is the first position where the highest cumulative margin is reached
    if (acc > peakUnits) {
      peakUnits = acc;
      peakAt = r + 1;
    }
  }
  const cumShare = acc > 0 ? Float64Array.from(cumUnits, (c) => c / acc) : null;
  return {
    order: Int32Array.from(on),
    cumMargin: Float64Array.from(cumUnits, fromUnits),
    cumShare,
    totalMargin: fromUnits(acc),
    peak: { customers: peakAt, margin: fromUnits(peakUnits), share: acc > 0 ? peakUnits / acc : null },
    profitable,
    breakEven: on.length - profitable - lossMaking,
    lossMaking,
    leftOff,
  };
}
