/**
 * The shape of strata.config.json, checked with zod. Loaded on demand by config.ts only when a settings
 * file is found: a run without one does not pay for loading zod. Every share is written in percent in the
 * file (as on the command line); config-convert.ts turns it into the core's units. Each rule repeats the
 * core's own rule for that setting, in the file's units, so that the message names the file's key; the
 * core validators then run as well, so that nothing the core refuses gets past loading.
 */
import { z } from "zod";
import { makeCoverageSettings } from "../core/coverage-settings.js";
import { isStrataError, StrataError } from "../core/errors.js";
import { DEFAULT_POLICY, MEASURES, makePolicy, parseHorizon } from "../core/policy.js";
import { KNOWN_TAGS, makeStrategySettings } from "../core/strategy-settings.js";
import type { StrataSettings } from "./config.js";
import { settingsOf } from "./config-convert.js";
import { issueProblems } from "./config-problems.js";

const isPercent = (x: number) => x > 0 && x <= 100;
const percentOf = (share: number) => Math.round(share * 100 * 1e9) / 1e9;
const isWhole = (x: number, min: number) => Number.isInteger(x) && x >= min;

/** A number in the file; `expected` completes "… must be". */
const num = (expected: string, ok: (x: number) => boolean = Number.isFinite) =>
  z.number(expected).refine(ok, expected);

const THRESHOLDS = "1 to 25 increasing percentages above 0 and at most 100, such as [80, 95]";
const isThresholds = (t: unknown): t is number[] =>
  Array.isArray(t) &&
  t.length >= 1 &&
  t.length <= 25 &&
  t.every((x, i) => typeof x === "number" && isPercent(x) && (i === 0 || x > t[i - 1]));
/** ABC thresholds; null (where allowed) means "as the analysis's ABC thresholds". */
const thresholds = (orNull = "") => z.custom<number[]>(isThresholds, `${THRESHOLDS}${orNull}`);
const FOLLOWS_ABC = ", or null for the same as analysis.abc";

const PYRAMID = "three increasing percentages above 0 and below 100, such as [1, 5, 20]";
const isPyramid = (c: unknown): c is [number, number, number] =>
  isThresholds(c) && c.length === 3 && (c[2] ?? 100) < 100;

const HORIZON = 'a length such as "12m", "6m", "52w", "90d" or "1y"';
const isHorizon = (text: string): boolean => {
  try {
    parseHorizon(text);
    return true;
  } catch {
    return false;
  }
};

const TIER_CUTS = "1 to 25 decreasing scores, such as [0.2, 0.05]";
const isTierCuts = (c: unknown): c is number[] =>
  Array.isArray(c) &&
  c.length >= 1 &&
  c.length <= 25 &&
  c.every((x, i) => typeof x === "number" && Number.isFinite(x) && (i === 0 || x < c[i - 1]));

const SECTION = 'an object of settings in braces, such as {"abc": [80, 95]}';
const NOT_NEGATIVE = "a number of at least 0";
const CLASS_COUNT = "a whole number of at least 1 (1 = class A, 2 = A and B)";
const SHARE = "a percentage from 0 to 100";

const analysis = z
  .strictObject(
    {
      abc: thresholds().optional(),
      pyramid: z.custom<[number, number, number]>(isPyramid, PYRAMID).optional(),
      horizon: z.string(HORIZON).refine(isHorizon, HORIZON).optional(),
      keyClient: num("a percentage above 0 and at most 100", isPercent).optional(),
      monopolyClient: num("a percentage above 0 and at most 100", isPercent).optional(),
      inactiveLookback: num("a whole number of months above 0, or null for any time before the window", (x) =>
        isWhole(x, 1),
      )
        .nullable()
        .optional(),
      measure: z
        .enum(MEASURES, `"revenue", "margin", or null for margin when the data has cost or margin`)
        .nullable()
        .optional(),
    },
    SECTION,
  )
  .superRefine((a, ctx) => {
    const key = a.keyClient ?? percentOf(DEFAULT_POLICY.keyClientShare);
    const monopoly = a.monopolyClient ?? percentOf(DEFAULT_POLICY.monopolyClientShare);
    if (monopoly >= key) return;
    ctx.addIssue(
      a.monopolyClient === undefined
        ? {
            code: "custom",
            path: ["keyClient"],
            message: `at most analysis.monopolyClient (${monopoly} by default)`,
          }
        : { code: "custom", path: ["monopolyClient"], message: `at least analysis.keyClient (${key})` },
    );
  });

const potential = z.strictObject(
  {
    thresholds: thresholds(FOLLOWS_ABC).nullable().optional(),
    highPotentialClasses: num(CLASS_COUNT, (x) => isWhole(x, 1)).optional(),
    highValueClasses: num(CLASS_COUNT, (x) => isWhole(x, 1)).optional(),
    lowShareOfWallet: num(SHARE, (x) => x >= 0 && x <= 100).optional(),
  },
  SECTION,
);

const profitability = z.strictObject(
  {
    marginThresholds: thresholds(FOLLOWS_ABC).nullable().optional(),
    marginFloor: num("a percentage from -100 to 100", (x) => x >= -100 && x <= 100).optional(),
    floorRevenueClasses: num(CLASS_COUNT, (x) => isWhole(x, 1)).optional(),
    attentionFactor: num("a number from 0 to 1000000", (x) => x >= 0 && x <= 1e6).optional(),
    problemMinHoursRatio: num("a number from 0 to 1000000", (x) => x >= 0 && x <= 1e6).optional(),
  },
  SECTION,
);

const strategy = z.strictObject(
  {
    marginThresholds: thresholds(", or null for the same as profitability.marginThresholds")
      .nullable()
      .optional(),
    potentialThresholds: thresholds(", or null for the same as potential.thresholds").nullable().optional(),
    highPotentialClasses: num("a whole number of at least 0 (1 = class A)", (x) => isWhole(x, 0)).optional(),
    lowShareOfWallet: num(SHARE, (x) => x >= 0 && x <= 100).optional(),
    lostValue: num("a percentage of at least 0", (x) => x >= 0).optional(),
    minPAlive: num(SHARE, (x) => x >= 0 && x <= 100).optional(),
    weights: z
      .strictObject(
        {
          value: num("a number").optional(),
          growth: num("a number").optional(),
          potential: num("a number").optional(),
        },
        'an object such as {"value": 1, "growth": 0.1, "potential": 0.15}',
      )
      .optional(),
    tagWeights: z
      .record(z.string(), num("a number"), 'an object of tags and points, such as {"kol": 0.15}')
      .optional(),
    tagSynonyms: z
      .record(
        z.string(),
        z.enum(KNOWN_TAGS, `one of ${KNOWN_TAGS.map((t) => `"${t}"`).join(", ")}`),
        'an object of spellings and tags, such as {"opinion leader": "kol"}',
      )
      .optional(),
    tierCuts: z
      .custom<number[]>(isTierCuts, `${TIER_CUTS}, or null for 100 minus analysis.abc, divided by 100`)
      .nullable()
      .optional(),
  },
  SECTION,
);

const level = z.strictObject(
  {
    contactsPerYear: num(NOT_NEGATIVE, (x) => x >= 0).optional(),
    hoursPerContact: num(NOT_NEGATIVE, (x) => x >= 0).optional(),
  },
  'an object such as {"contactsPerYear": 12, "hoursPerContact": 2}',
);

const classList = (orNull: string) =>
  z
    .array(
      z.string('a class label in double quotes, such as "A"'),
      `a list of class labels such as ["A", "B"]${orNull}`,
    )
    .nullable()
    .optional();

const rep = z.strictObject(
  {
    name: z.string("the rep's name in double quotes"),
    hoursPerYear: num("selling hours a year, a number of at least 0", (x) => x >= 0),
  },
  'an object such as {"name": "Ann", "hoursPerYear": 1100}',
);

const REPS =
  'a number of reps, a list such as [{"name": "Ann", "hoursPerYear": 1100}], or null for one rep per account manager';

const coverage = z.strictObject(
  {
    levels: z
      .record(
        z.string(),
        level,
        'an object of classes, such as {"A": {"contactsPerYear": 12, "hoursPerContact": 2}}',
      )
      .optional(),
    unranked: level.optional(),
    underServedBelow: num("a percentage above 0", (x) => x > 0).optional(),
    overServedAbove: num("a percentage above 0", (x) => x > 0).optional(),
    underServedClasses: classList(", or null for every class but the last"),
    overServedClasses: classList(", or null for the last class"),
    hoursPerRep: num("a number of hours above 0", (x) => x > 0).optional(),
    reps: z
      .union([num(REPS, (x) => x >= 0), z.array(rep, REPS)], REPS)
      .nullable()
      .optional(),
  },
  SECTION,
);

const activities = z.strictObject(
  {
    kindHours: z
      .record(
        z.string(),
        num("a number of hours of at least 0", (x) => x >= 0),
        'an object such as {"visit": 2}',
      )
      .optional(),
  },
  SECTION,
);

/** strata.config.json: every section and every key optional, no unknown keys. */
export const configSchema = z.strictObject(
  {
    $schema: z.string("the address of a JSON schema in double quotes").optional(),
    analysis: analysis.optional(),
    potential: potential.optional(),
    profitability: profitability.optional(),
    strategy: strategy.optional(),
    coverage: coverage.optional(),
    activities: activities.optional(),
  },
  'an object of sections in braces, such as {"analysis": {"abc": [80, 95]}}',
);

/** The file as written (percent units, null for automatic settings). */
export type ConfigFile = z.output<typeof configSchema>;

/** Runs a core validator; its refusal becomes a problem of the file. */
function coreProblem(validate: () => unknown): string[] {
  try {
    validate();
    return [];
  } catch (e) {
    if (isStrataError(e)) return [e.message];
    throw e;
  }
}

/**
 * The settings of a parsed strata.config.json. Throws StrataError BAD_CONFIG listing every problem, one a
 * line: the JSON path, the value found and what would be accepted.
 */
export function settingsFromJson(data: unknown, file: string): StrataSettings {
  const checked = configSchema.safeParse(data);
  if (!checked.success) throw configError(file, issueProblems(configSchema, checked.error.issues, data));
  const { settings, problems } = settingsOf(checked.data);
  problems.push(
    ...coreProblem(() => makePolicy(settings.policy)),
    ...coreProblem(() => makeStrategySettings(settings.strategy)),
    ...coreProblem(() => makeCoverageSettings(settings.coverage)),
  );
  if (problems.length > 0) throw configError(file, problems);
  return settings;
}

/** One problem: "<file>: <problem>"; several: a count, then one a line. */
function configError(file: string, problems: string[]): StrataError {
  const message =
    problems.length === 1
      ? `${file}: ${problems[0]}`
      : `${file} has ${problems.length} problems:\n${problems.map((p) => `  ${p}`).join("\n")}`;
  return new StrataError("BAD_CONFIG", message, { file, problems });
}
