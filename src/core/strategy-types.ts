/** The result types of strategy.ts, and the closed set of categories. */
import type { Warning } from "./errors.js";
import type { ScoreParts } from "./strategy-score.js";
import type { StrategySettings } from "./strategy-settings.js";

/** The categories Strata knows, in the order they are listed; custom tags follow them. */
export const STRATEGIC_CATEGORIES = [
  "breadwinner",
  "prospective",
  "at-risk",
  "kol",
  "famous",
  "mentor",
  "partner",
  "innovator",
] as const;
export type StrategicCategory = (typeof STRATEGIC_CATEGORIES)[number];

/** How a customer's ABC class reads when it is not ranked (no purchase, or value ≤ 0). */
export const NOT_RANKED_LABEL = "not ranked";

/** Data that comes from elsewhere: computed margin classes, the lifetime-value model's p(alive). */
export interface StrategyInputs {
  /** Margin class per customer (best "A"), e.g. from the profitability module; else ABC on book.margin. */
  marginAbc?: readonly (string | null)[] | undefined;
  /** Probability of being alive per customer, 0 … 1; NaN when unknown. */
  pAlive?: Float64Array | undefined;
}

/** A customer whose strategic tier is not its ABC class, and why. */
export interface TierDifference {
  index: number;
  customerId: string;
  name: string | null;
  /** ABC class by value; null when not ranked (compared as the last class). */
  abc: string | null;
  tier: string;
  score: number;
  /** The parts that moved it from its class to its tier, strongest first ("kol", "value falling 40%"). */
  reasons: string[];
  /** "C by value, tier A: kol, partner". */
  text: string;
}

export interface TierTotals {
  label: string;
  customers: number;
  /** Sum of value (negative values included). */
  value: number;
  /** Customers per ABC class, NOT_RANKED_LABEL for those not ranked. */
  byClass: Record<string, number>;
}

export interface CategoryTotals {
  category: string;
  /** True for a tag that is none of the known categories. */
  custom: boolean;
  customers: number;
  value: number;
}

export interface Strategy {
  settings: StrategySettings;
  /** Per customer: its categories, STRATEGIC_CATEGORIES order first, then custom tags in byte order. */
  categories: string[][];
  breadwinner: Uint8Array;
  prospective: Uint8Array;
  atRisk: Uint8Array;
  /** Per customer: why it is at risk ("downgraded A → B", "value falling 40%", "p(alive) 0.30"); [] if not. */
  atRiskReasons: string[][];
  /** Margin class per customer (null when not ranked or no margin), and where it came from. */
  marginClass: (string | null)[];
  marginSource: "input" | "computed" | "none";
  /** ABC class on potential per customer, null when potential is unknown or ≤ 0. */
  potentialClass: (string | null)[];
  /** max(revenue, 0) / potential, capped at 1; NaN when potential is unknown or ≤ 0. As potential.ts. */
  shareOfWallet: Float64Array;
  /** Change of value against the previous window (0.25 = +25%), unbounded; NaN when there is no base. */
  growth: Float64Array;
  /** The weighted parts of each score; value + growth + potential + tags = score. */
  parts: ScoreParts;
  score: Float64Array;
  tierLabels: string[];
  tier: string[];
  tiers: TierTotals[];
  categoryTotals: CategoryTotals[];
  /** Customers whose tier differs from their class: better tiers first, then by score, then id. */
  differences: TierDifference[];
  warnings: Warning[];
}
