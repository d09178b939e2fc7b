/** The computed categories of strategy.ts (breadwinner, prospective, at-risk) and their inputs, per customer. */
import type { CustomerBook } from "./book.js";
import { classifyAbc, NOT_RANKED } from "./classify-abc.js";
import type { Warning } from "./errors.js";
import { toUnits } from "./money-units.js";
import { rankCustomers } from "./rank.js";
import { growthOf } from "./strategy-score.js";
import type { StrategySettings } from "./strategy-settings.js";
import { NOT_RANKED_LABEL, type StrategyInputs } from "./strategy-types.js";

const COMPUTED: ReadonlySet<string> = new Set(["breadwinner", "prospective", "at-risk"]);

/** A custom tag spelled like a computed category is kept apart from it as "tag:<name>". */
export const customCategory = (tag: string): string => (COMPUTED.has(tag) ? `tag:${tag}` : tag);

/** Classes of a column by the Pareto rule: labels (null when not ranked: ≤ 0 or NaN) and class indices. */
export function abcOf(
  column: Float64Array,
  ids: readonly string[],
  thresholds: readonly number[],
): { cls: (string | null)[]; idx: Uint8Array } {
  const abc = classifyAbc(rankCustomers(column, ids), thresholds);
  const cls = Array.from(abc.classOf, (k) => (k === NOT_RANKED ? null : (abc.labels[k] ?? null)));
  return { cls, idx: abc.classOf };
}

/** Margin class per customer: given, else ABC on book.margin, else none (no margin in the data). */
export function marginClasses(
  book: CustomerBook,
  s: StrategySettings,
  given: StrategyInputs["marginAbc"],
): { cls: (string | null)[]; source: "input" | "computed" | "none" } {
  if (given !== undefined) return { cls: book.ids.map((_, i) => given[i] ?? null), source: "input" };
  if (!book.margin.some(Number.isFinite)) return { cls: book.ids.map(() => null), source: "none" };
  return { cls: abcOf(book.margin, book.ids, s.marginThresholds).cls, source: "computed" };
}

/**
 * max(revenue, 0) / potential, capped at 1, compared in exact money units as potential.ts does (so both
 * name the same prospective customers); NaN when potential is unknown or below one unit.
 */
export function shareOfWallet(revenue: number, potential: number): number {
  const pu = toUnits(potential);
  if (!(pu > 0)) return Number.NaN;
  const ru = Math.max(0, toUnits(revenue));
  return ru >= pu ? 1 : ru / pu;
}

/** Why customer i is at risk, in words; [] when it is not. */
export function atRiskReasons(
  book: CustomerBook,
  i: number,
  s: StrategySettings,
  pAlive: Float64Array | undefined,
): string[] {
  const out: string[] = [];
  const labels = book.abcLabels;
  const prev = book.previousAbc[i] ?? null;
  const cur = book.abc[i] ?? null;
  const p = prev === null ? -1 : labels.indexOf(prev);
  // not ranked now counts as below the last class
  const c = cur === null ? labels.length : labels.indexOf(cur);
  if (p >= 0 && c > p) out.push(`downgraded ${prev} → ${cur ?? NOT_RANKED_LABEL}`);
  const g = growthOf(book.value[i] ?? Number.NaN, book.previousValue[i] ?? Number.NaN);
  // Down by 100% or more: nothing left, or net returns; a percentage above 100 would read as nonsense.
  if (-g > s.lostValueShare) out.push(g <= -1 ? "value gone" : `value falling ${Math.round(-g * 100)}%`);
  const a = pAlive?.[i] ?? Number.NaN;
  if (a < s.minPAlive) out.push(`p(alive) ${a.toFixed(2)}`);
  return out;
}

/** What the book lacks, so that a face can say why a category is empty. */
export function strategyWarnings(book: CustomerBook, marginSource: "input" | "computed" | "none"): Warning[] {
  const warnings: Warning[] = [];
  if (marginSource === "none")
    warnings.push({
      code: "NO_MARGIN",
      message: "No margin in the data: breadwinners are the key clients only.",
    });
  if (!book.potential.some((p) => Number.isFinite(p) && p > 0))
    warnings.push({
      code: "NO_POTENTIAL",
      message:
        "No potential in the customer list: no customer is prospective, and potential adds nothing to the score.",
    });
  if (!book.previousValue.some(Number.isFinite))
    warnings.push({
      code: "NO_PREVIOUS_WINDOW",
      message:
        "No previous window: growth adds nothing to the score and no customer is at risk by falling value.",
    });
  return warnings;
}
