import type { CustomerStatus } from "./figures.js";
import type { Ranking } from "./rank.js";

/** Layers of Jay Curry's customer pyramid, top to bottom, plus customers whose net value is ≤ 0. */
export const PYRAMID_LAYERS = [
  "Top",
  "Big",
  "Medium",
  "Small",
  "NonPositive",
  "Inactive",
  "Prospect",
  "Suspect",
] as const;
export type PyramidLayer = (typeof PYRAMID_LAYERS)[number];

export const PYRAMID_LABELS: Record<PyramidLayer, string> = {
  Top: "Top",
  Big: "Big",
  Medium: "Medium",
  Small: "Small",
  NonPositive: "Value ≤ 0",
  Inactive: "Inactive",
  Prospect: "Prospect",
  Suspect: "Suspect",
};

export const ACTIVE_LAYERS: readonly PyramidLayer[] = ["Top", "Big", "Medium", "Small"];

/** Index into PYRAMID_LAYERS per customer; NO_LAYER when the customer belongs to none. */
export const NO_LAYER = 255;

export interface PyramidInput {
  ranking: Ranking;
  /** Cuts in percent of active customers, e.g. [1, 5, 20]. */
  cuts: readonly [number, number, number];
  /** Lines in the window per customer (> 0: bought in the window). */
  lines: Int32Array;
  /** Last purchase before the window; -1 when none. */
  lastDayBefore: Int32Array;
  /** Purchases before this day do not make a customer Inactive (lookback); undefined = any time. */
  inactiveSince?: number | undefined;
  /** Status from the customer list; null when not listed or not given. */
  status?: readonly (CustomerStatus | null)[] | undefined;
}

/** How many top ranks fall within `percent` of n customers: ceil(percent · n / 100). */
export function ranksWithin(percent: number, n: number): number {
  return Math.ceil((percent * n) / 100 - 1e-9);
}

/**
 * Assigns pyramid layers. Active customers (value > 0) by rank r among N: Top if r ≤ ceil(1%·N), Big if
 * r ≤ ceil(5%·N), Medium if r ≤ ceil(20%·N), else Small. Customers who bought in the window with value ≤ 0
 * are NonPositive. Those who did not buy in the window but did before are Inactive. Listed prospects and
 * suspects without purchases are Prospect and Suspect: purchases in the data always win over the list.
 */
export function assignPyramid(input: PyramidInput): Uint8Array {
  const { ranking, cuts, lines, lastDayBefore, inactiveSince, status } = input;
  const n = ranking.rankOf.length;
  const active = ranking.order.length;
  const topMax = ranksWithin(cuts[0], active);
  const bigMax = ranksWithin(cuts[1], active);
  const mediumMax = ranksWithin(cuts[2], active);
  const layerOf = new Uint8Array(n).fill(NO_LAYER);
  for (let i = 0; i < n; i++) {
    const r = ranking.rankOf[i] ?? 0;
    let layer: PyramidLayer | undefined;
    if (r > 0) layer = r <= topMax ? "Top" : r <= bigMax ? "Big" : r <= mediumMax ? "Medium" : "Small";
    else if ((lines[i] ?? 0) > 0) layer = "NonPositive";
    else if (
      (lastDayBefore[i] ?? -1) >= 0 &&
      (inactiveSince === undefined || (lastDayBefore[i] ?? -1) >= inactiveSince)
    )
      layer = "Inactive";
    else if (status?.[i] === "prospect") layer = "Prospect";
    else if (status?.[i] === "suspect") layer = "Suspect";
    if (layer !== undefined) layerOf[i] = PYRAMID_LAYERS.indexOf(layer);
  }
  return layerOf;
}
