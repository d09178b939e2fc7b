/**
 * Settings of the strategic categories and the strategic score (domain.md, "Strategic categories"), with
 * their defaults and their validation. Every number is a setting; the defaults and why they were chosen are
 * on each field.
 */
import { settingError } from "./check-setting.js";

/** The qualitative categories read from the customer list's tags. */
export const KNOWN_TAGS = ["kol", "famous", "mentor", "partner", "innovator"] as const;
export type KnownTag = (typeof KNOWN_TAGS)[number];

/**
 * Tag spellings that mean one of the known tags (keys are compared after lower-casing and turning runs of
 * spaces, `-` and `_` into one space, so "Opinion-Leader" is "opinion leader"). Users add their own.
 */
export const DEFAULT_TAG_SYNONYMS: Readonly<Record<string, KnownTag>> = {
  kol: "kol",
  "key opinion leader": "kol",
  "opinion leader": "kol",
  reference: "kol",
  "reference customer": "kol",
  "reference client": "kol",
  showcase: "kol",
  referentie: "kol",
  referentieklant: "kol",
  famous: "famous",
  "well known": "famous",
  "big name": "famous",
  prestige: "famous",
  "market leader": "famous",
  mentor: "mentor",
  expert: "mentor",
  partner: "partner",
  "strategic partner": "partner",
  partnership: "partner",
  innovator: "innovator",
  innovation: "innovator",
  "early adopter": "innovator",
  pilot: "innovator",
  "beta tester": "innovator",
};

/** Weights of the strategic score's measured parts. */
export interface ScoreWeights {
  /** Times the value score (share of value held by the customer and everyone ranked below it). */
  value: number;
  /** Times the growth of value against the previous window, bounded to −1 … +1. */
  growth: number;
  /** Times potential / the largest potential in the book (0 … 1). */
  potential: number;
}

export interface StrategySettings {
  /** ABC thresholds (percent) of the margin classes computed here when none are given. Default 80, 95. */
  marginThresholds: readonly number[];
  /** ABC thresholds (percent) of the potential classes. Default 80, 95, as for value (domain.md). */
  potentialThresholds: readonly number[];
  /**
   * How many top potential classes count as high potential: 1 = A (default: the customers holding 80% of
   * all potential), 2 = A and B. As potential.ts's setting of the same name.
   */
  highPotentialClasses: number;
  /**
   * Prospective when the share of wallet (revenue / potential, capped at 1) is strictly below this. Default
   * 0.5: most of the customer's spend goes to competitors (the seed's "purchasing a significant portion of
   * goods or services from competitors"). As potential.ts's setting of the same name.
   */
  lowShareOfWallet: number;
  /** At risk when value fell by more than this share of the previous value. Default 0.2, as migrate's A-drop. */
  lostValueShare: number;
  /** At risk when the probability of being alive is below this. Default 0.5: more likely gone than alive. */
  minPAlive: number;
  /**
   * Default value 1, growth 0.1, potential 0.15. Value 1 with the default tier cuts makes tier = ABC class
   * for a customer with nothing else; growth 0.1 moves a C customer that doubled to B and takes an A
   * customer at the bottom of A that lost 40% to B; potential 0.15 moves a C customer with the largest
   * potential to B ("the exception is a C customer with a high potential").
   */
  weights: ScoreWeights;
  /**
   * Score points per tag. Defaults: kol 0.15 (alone lifts a C customer to B, with one more tag to A: the seeds
   * put opinion leaders first), famous 0.1, partner 0.1, mentor 0.05, innovator 0.05. Custom tags 0 unless
   * set. Given weights are merged over the defaults; keys go through the synonyms.
   */
  tagWeights: Readonly<Record<string, number>>;
  /** Tag spelling → known tag; merged over DEFAULT_TAG_SYNONYMS. */
  tagSynonyms: Readonly<Record<string, KnownTag>>;
  /**
   * Strategic tiers A, B, … from the score: tier k when score > tierCuts[k] (first match), the last tier
   * otherwise. Strictly decreasing. Default 0.2, 0.05 = 1 − the ABC thresholds 80, 95 (see tierCutsForAbc),
   * so that the value score alone gives back the ABC class exactly.
   */
  tierCuts: readonly number[];
}

export const DEFAULT_STRATEGY_SETTINGS: Readonly<StrategySettings> = {
  marginThresholds: [80, 95],
  potentialThresholds: [80, 95],
  highPotentialClasses: 1,
  lowShareOfWallet: 0.5,
  lostValueShare: 0.2,
  minPAlive: 0.5,
  weights: { value: 1, growth: 0.1, potential: 0.15 },
  tagWeights: { kol: 0.15, famous: 0.1, mentor: 0.05, partner: 0.1, innovator: 0.05 },
  tagSynonyms: DEFAULT_TAG_SYNONYMS,
  tierCuts: [0.2, 0.05],
};

/** Given settings: any field may be left out; weights, tag weights and synonyms merge over the defaults. */
export type StrategySettingsInput = Partial<Omit<StrategySettings, "weights">> & {
  weights?: Partial<ScoreWeights>;
};

/**
 * The tier cuts that reproduce ABC classes with the given thresholds (percent) from the value score:
 * class k holds the customers whose cumulative share before them is below threshold k, that is whose
 * value score (1 − that share) is above 1 − threshold k.
 */
export function tierCutsForAbc(thresholds: readonly number[]): number[] {
  return thresholds.filter((t) => t < 100).map((t) => (100 - t) / 100);
}

/** Lower case, one space for runs of spaces, `-` and `_`: the form tags and synonyms are compared in. */
export function tagKey(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[\s_-]+/g, " ")
    .trim();
}

function bad(setting: string, message: string, value: unknown): never {
  return settingError("strategy", setting, message, value);
}

function checkThresholds(setting: string, t: readonly number[]): void {
  const ok =
    Array.isArray(t) &&
    t.length >= 1 &&
    t.every((x, i) => Number.isFinite(x) && x > 0 && x <= 100 && (i === 0 || x > (t[i - 1] ?? 0)));
  if (!ok) bad(setting, "increasing percentages above 0 and at most 100, such as 80,95", t);
}

/** The settings with every default filled in, after checking each one. Throws StrataError BAD_OPTION. */
export function makeStrategySettings(input: StrategySettingsInput = {}): StrategySettings {
  const d = DEFAULT_STRATEGY_SETTINGS;
  const synonyms: Record<string, KnownTag> = {};
  for (const [k, v] of Object.entries({ ...d.tagSynonyms, ...input.tagSynonyms })) {
    if (!KNOWN_TAGS.includes(v)) bad("tagSynonyms", `a synonym must name one of ${KNOWN_TAGS.join(", ")}`, v);
    synonyms[tagKey(k)] = v;
  }
  const tagWeights: Record<string, number> = {};
  for (const [k, w] of Object.entries({ ...d.tagWeights, ...input.tagWeights })) {
    if (!Number.isFinite(w)) bad(`tagWeights.${k}`, "a finite number", w);
    tagWeights[synonyms[tagKey(k)] ?? tagKey(k)] = w;
  }
  const s: StrategySettings = {
    ...d,
    ...input,
    weights: { ...d.weights, ...input.weights },
    tagWeights,
    tagSynonyms: synonyms,
  };
  checkThresholds("marginThresholds", s.marginThresholds);
  checkThresholds("potentialThresholds", s.potentialThresholds);
  if (!(Number.isInteger(s.highPotentialClasses) && s.highPotentialClasses >= 0))
    bad("highPotentialClasses", "a whole number of classes, 1 for A", s.highPotentialClasses);
  for (const key of ["lowShareOfWallet", "lostValueShare", "minPAlive"] as const) {
    if (!(Number.isFinite(s[key]) && s[key] >= 0)) bad(key, "a number of at least 0", s[key]);
  }
  for (const [k, w] of Object.entries(s.weights)) {
    if (!Number.isFinite(w)) bad(`weights.${k}`, "a finite number", w);
  }
  const c = s.tierCuts;
  if (
    !Array.isArray(c) ||
    c.length < 1 ||
    c.length > 25 ||
    c.some((x, i) => !Number.isFinite(x) || (i > 0 && !(x < (c[i - 1] ?? 0))))
  ) {
    bad("tierCuts", "1 to 25 strictly decreasing scores, such as 0.2,0.05", c);
  }
  return {
    ...s,
    marginThresholds: [...s.marginThresholds],
    potentialThresholds: [...s.potentialThresholds],
    tierCuts: [...c],
  };
}
