/**
 * The strategic score and tiers. score = weights.value × value score + weights.growth × growth
 * + weights.potential × potential score + Σ tag weights, where
 * - value score = share of total value held by the customer and every customer ranked below it
 *   (1 for the largest, falling towards 0 for the smallest, 0 when not ranked). Rank-based on purpose: a
 *   customer is in ABC class k exactly when its value score is above 1 − threshold k, so with weight 1 and
 *   the default cuts a customer with nothing else keeps its ABC class, and every difference between tier
 *   and class comes from growth, potential or tags;
 * - growth = (value − previous value) / previous value, bounded to −1 … +1; 0 when the previous value is
 *   unknown or ≤ 0 (no base to grow from);
 * - potential score = potential / the largest potential in the book; 0 when unknown.
 */
import type { CustomerBook } from "./book.js";
import type { Ranking } from "./rank.js";
import { tagKey } from "./strategy-settings.js";

/** The weighted parts of each customer's score (they add up to the score). */
export interface ScoreParts {
  value: Float64Array;
  growth: Float64Array;
  potential: Float64Array;
  tags: Float64Array;
}

/** One part of a score that is not value, with the words a reason uses for it. */
export interface Contribution {
  kind: "growth" | "potential" | "tag";
  text: string;
  amount: number;
}

/** Change of value against the previous window (0.25 = +25%); NaN when the previous value is unknown or ≤ 0. */
export function growthOf(value: number, previous: number): number {
  if (!(Number.isFinite(previous) && previous > 0 && Number.isFinite(value))) return Number.NaN;
  return (value - previous) / previous;
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** The largest finite positive number in a column, 0 when there is none. */
export function largest(xs: Float64Array): number {
  let max = 0;
  for (const x of xs) if (Number.isFinite(x) && x > max) max = x;
  return max;
}

/** Value score per customer from the ranking: (total − value ranked before it) / total, exactly in units. */
export function valueScores(ranking: Ranking): Float64Array {
  const out = new Float64Array(ranking.rankOf.length);
  const total = ranking.totalUnits;
  let before = 0;
  for (const i of ranking.order) {
    out[i] = (total - before) / total;
    before += ranking.units[i] ?? 0;
  }
  return out;
}

/** The non-value contributions of one customer, in a fixed order: growth, potential, then its tags. */
export function contributions(
  book: CustomerBook,
  i: number,
  tags: readonly string[],
  weights: { growth: number; potential: number },
  tagWeights: Readonly<Record<string, number>>,
  maxPotential: number,
): Contribution[] {
  const out: Contribution[] = [];
  const g = growthOf(book.value[i] ?? Number.NaN, book.previousValue[i] ?? Number.NaN);
  if (Number.isFinite(g)) {
    const pct = Math.round(Math.abs(g) * 100);
    out.push({
      kind: "growth",
      text: g >= 0 ? `value growing ${pct}%` : `value falling ${pct}%`,
      amount: weights.growth * clamp(g, -1, 1),
    });
  }
  const p = book.potential[i] ?? Number.NaN;
  if (maxPotential > 0 && Number.isFinite(p) && p > 0) {
    const r = p / maxPotential;
    out.push({
      kind: "potential",
      text: `potential ${Math.round(r * 100)}% of the largest`,
      amount: weights.potential * r,
    });
  }
  for (const t of tags) out.push({ kind: "tag", text: t, amount: tagWeights[tagKey(t)] ?? 0 });
  return out;
}

/** Index of the tier a score falls in: the first k with score > cuts[k], else the last tier. */
export function tierIndex(score: number, cuts: readonly number[]): number {
  for (let k = 0; k < cuts.length; k++) if (score > (cuts[k] ?? 0)) return k;
  return cuts.length;
}

/**
 * The contributions that move a customer from `fromTier` (where its value alone, with every part pulling
 * the other way, would put it) to `toTier`: the parts pulling towards `toTier`, largest first, as many as
 * it takes to get there. Empty when the value part alone already gets there (a value weight other than 1,
 * or cuts other than the ABC ones).
 */
export function explainMove(
  valuePart: number,
  parts: readonly Contribution[],
  fromTier: number,
  toTier: number,
  cuts: readonly number[],
): string[] {
  const up = toTier < fromTier;
  const towards = parts.filter((c) => (up ? c.amount > 0 : c.amount < 0));
  let running = valuePart;
  for (const c of parts) if (up ? c.amount < 0 : c.amount > 0) running += c.amount;
  // stable sort: equal amounts keep the fixed order growth, potential, tags
  towards.sort((a, b) => (up ? b.amount - a.amount : a.amount - b.amount));
  const reasons: string[] = [];
  for (const c of towards) {
    const t = tierIndex(running, cuts);
    if (up ? t <= toTier : t >= toTier) break;
    running += c.amount;
    reasons.push(c.text);
  }
  return reasons;
}
