/**
 * Strategic categories, score and tiers (domain.md, "Strategic categories"): which customers matter beyond
 * their billing, because the largest customer is not automatically the most strategic. Pure and
 * deterministic. One customer may carry several categories:
 * - breadwinner: a key client (book.keyClient), or in the best margin class (given, or ABC on book.margin);
 * - prospective: in a high potential class (ABC on potential) with share of wallet below a setting;
 * - at-risk: downgraded (previous ABC class better than the current one; not ranked now counts as below the
 *   last class), or value fell by more than a share of the previous value, or p(alive) below a setting;
 * - kol, famous, mentor, partner, innovator: from the tags, through the synonyms; any other tag is a custom
 *   category of its own.
 * The score and tiers are explained in strategy-score.ts; the settings in strategy-settings.ts.
 */
import type { CustomerBook } from "./book.js";
import { abcLabels, NOT_RANKED } from "./classify-abc.js";
import { compareIds } from "./compare-ids.js";
import { rankCustomers } from "./rank.js";
import { strategicTags } from "./strategic-tags.js";
import {
  abcOf,
  atRiskReasons,
  customCategory,
  marginClasses,
  shareOfWallet as sowOf,
  strategyWarnings,
} from "./strategy-categories.js";
import { contributions, explainMove, growthOf, largest, tierIndex, valueScores } from "./strategy-score.js";
import { makeStrategySettings, type StrategySettingsInput } from "./strategy-settings.js";
import { categoryTotals, tierTotals } from "./strategy-totals.js";
import {
  NOT_RANKED_LABEL,
  type Strategy,
  type StrategyInputs,
  type TierDifference,
} from "./strategy-types.js";

export type { CustomerTags } from "./strategic-tags.js";
export { strategicTags } from "./strategic-tags.js";
export { type Contribution, type ScoreParts, tierIndex, valueScores } from "./strategy-score.js";
export {
  DEFAULT_STRATEGY_SETTINGS,
  DEFAULT_TAG_SYNONYMS,
  KNOWN_TAGS,
  type KnownTag,
  makeStrategySettings,
  type ScoreWeights,
  type StrategySettings,
  type StrategySettingsInput,
  tagKey,
  tierCutsForAbc,
} from "./strategy-settings.js";
export {
  type CategoryTotals,
  NOT_RANKED_LABEL,
  STRATEGIC_CATEGORIES,
  type StrategicCategory,
  type Strategy,
  type StrategyInputs,
  type TierDifference,
  type TierTotals,
} from "./strategy-types.js";

/**
 * Strategic categories, score, tiers and the customers whose tier differs from their ABC class, for a
 * customer book. Settings left out take DEFAULT_STRATEGY_SETTINGS; invalid ones throw StrataError
 * BAD_OPTION. Money in the book's currency; shares 0 … 1.
 */
export function strategy(
  book: CustomerBook,
  settings: StrategySettingsInput = {},
  inputs: StrategyInputs = {},
): Strategy {
  const s = makeStrategySettings(settings);
  const n = book.ids.length;
  // Potential is yearly: share of wallet compares it with the revenue per year (as potential.ts does).
  const years = book.windowYears > 0 && Number.isFinite(book.windowYears) ? book.windowYears : 1;
  const margin = marginClasses(book, s, inputs.marginAbc);
  const warnings = strategyWarnings(book, margin.source);
  const potential = abcOf(book.potential, book.ids, s.potentialThresholds);
  const ranking = rankCustomers(book.value, book.ids);
  const vScore = valueScores(ranking);
  const maxPotential = largest(book.potential);
  const tierLabels = abcLabels(s.tierCuts.length + 1);
  const last = book.abcLabels.length - 1;

  const breadwinner = new Uint8Array(n);
  const prospective = new Uint8Array(n);
  const atRisk = new Uint8Array(n);
  const shareOfWallet = new Float64Array(n);
  const growth = new Float64Array(n);
  const parts = {
    value: new Float64Array(n),
    growth: new Float64Array(n),
    potential: new Float64Array(n),
    tags: new Float64Array(n),
  };
  const score = new Float64Array(n);
  const tier: string[] = [];
  const categories: string[][] = [];
  const riskReasons: string[][] = [];
  const differences: TierDifference[] = [];
  const tierIdx = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const tags = strategicTags(book.tags[i] ?? [], s.tagSynonyms);
    shareOfWallet[i] = sowOf((book.revenue[i] ?? Number.NaN) / years, book.potential[i] ?? Number.NaN);
    growth[i] = growthOf(book.value[i] ?? Number.NaN, book.previousValue[i] ?? Number.NaN);
    breadwinner[i] = book.keyClient[i] === 1 || margin.cls[i] === "A" ? 1 : 0;
    const pc = potential.idx[i] ?? NOT_RANKED;
    const high = pc !== NOT_RANKED && pc < s.highPotentialClasses;
    prospective[i] = high && (shareOfWallet[i] ?? 1) < s.lowShareOfWallet ? 1 : 0;
    const risk = atRiskReasons(book, i, s, inputs.pAlive);
    atRisk[i] = risk.length > 0 ? 1 : 0;
    riskReasons.push(risk);

    const contrib = contributions(
      book,
      i,
      [...tags.known, ...tags.custom],
      s.weights,
      s.tagWeights,
      maxPotential,
    );
    const vPart = s.weights.value * (vScore[i] ?? 0);
    parts.value[i] = vPart;
    let total = vPart;
    for (const c of contrib) {
      const col = parts[c.kind === "tag" ? "tags" : c.kind];
      col[i] = (col[i] ?? 0) + c.amount;
      total += c.amount;
    }
    score[i] = total;
    const t = tierIndex(total, s.tierCuts);
    tierIdx[i] = t;
    tier.push(tierLabels[t] ?? "");

    const cats: string[] = [];
    if (breadwinner[i]) cats.push("breadwinner");
    if (prospective[i]) cats.push("prospective");
    if (atRisk[i]) cats.push("at-risk");
    categories.push([...cats, ...tags.known, ...tags.custom.map(customCategory)]);

    const abc = book.abc[i] ?? null;
    const classIdx = abc === null ? last : book.abcLabels.indexOf(abc);
    if (classIdx !== t) {
      const reasons = explainMove(vPart, contrib, classIdx, t, s.tierCuts);
      if (reasons.length === 0) reasons.push(`score ${total.toFixed(3)}`);
      const tierLabel = tierLabels[t] ?? "";
      differences.push({
        index: i,
        customerId: book.ids[i] ?? "",
        name: book.name[i] ?? null,
        abc,
        tier: tierLabel,
        score: total,
        reasons,
        text: `${abc ?? NOT_RANKED_LABEL} by value, tier ${tierLabel}: ${reasons.join(", ")}`,
      });
    }
  }
  differences.sort(
    (a, b) =>
      (tierIdx[a.index] ?? 0) - (tierIdx[b.index] ?? 0) ||
      b.score - a.score ||
      compareIds(a.customerId, b.customerId),
  );
  return {
    settings: s,
    categories,
    breadwinner,
    prospective,
    atRisk,
    atRiskReasons: riskReasons,
    marginClass: margin.cls,
    marginSource: margin.source,
    potentialClass: potential.cls,
    shareOfWallet,
    growth,
    parts,
    score,
    tierLabels,
    tier,
    tiers: tierTotals(book, tierLabels, tierIdx),
    categoryTotals: categoryTotals(book, categories),
    differences,
    warnings,
  };
}
