/**
 * The policy file strata.config.json: a user's thresholds, weights and service levels in one place. Flags
 * override it, and it overrides the defaults. This module stays light: the schema (and zod) load only when
 * a file is found, so a run without one does not pay for them.
 */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type CoverageSettings, makeCoverageSettings, type ServiceLevel } from "../core/coverage-settings.js";
import { StrataError } from "../core/errors.js";
import { type HorizonUnit, type Measure, makePolicy, type Policy } from "../core/policy.js";
import { DEFAULT_POTENTIAL_SETTINGS, type PotentialSettings } from "../core/potential.js";
import { DEFAULT_PROFITABILITY_SETTINGS, type ProfitabilitySettings } from "../core/profitability.js";
import {
  makeStrategySettings,
  type StrategySettingsInput,
  tierCutsForAbc,
} from "../core/strategy-settings.js";
import { DEFAULT_KIND_HOURS } from "../engine/activities.js";
import type { ConfigFile } from "./config-schema.js";
import { jsonSyntaxError } from "./json-syntax.js";

/** The file looked for in the working directory when no --config is given. */
export const CONFIG_FILE = "strata.config.json";

/** The settings a config file gives, in the core's units (shares 0…1); only what the file sets. */
export interface StrataSettings {
  /** Only the keys present in the file. */
  policy: Partial<Policy>;
  measure?: Measure | undefined;
  potential: Partial<PotentialSettings>;
  profitability: Partial<ProfitabilitySettings>;
  strategy: StrategySettingsInput;
  coverage: Partial<CoverageSettings>;
  /** Hours per activity kind (normalised kind names); only the file's: merge over DEFAULT_KIND_HOURS. */
  kindHours: Record<string, number>;
}

/** No file: every setting at its default. */
export const NO_SETTINGS: StrataSettings = Object.freeze({
  policy: Object.freeze({}),
  potential: Object.freeze({}),
  profitability: Object.freeze({}),
  strategy: Object.freeze({}),
  coverage: Object.freeze({}),
  kindHours: Object.freeze({}),
});

/**
 * The settings to use: from `explicit` (a --config path, relative to cwd; must exist), else from
 * strata.config.json in cwd when there is one, else NO_SETTINGS with file null. `file` is the path as
 * shown to the user. Throws StrataError BAD_CONFIG.
 */
export async function loadSettings(
  cwd: string,
  explicit?: string,
): Promise<{ file: string | null; settings: StrataSettings }> {
  const file = explicit ?? CONFIG_FILE;
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (explicit === undefined && code === "ENOENT") return { file: null, settings: NO_SETTINGS };
    const why =
      code === "ENOENT"
        ? "does not exist"
        : code === "EISDIR"
          ? "is a folder, not a settings file"
          : `cannot be read (${code ?? (e as Error).message})`;
    throw new StrataError("BAD_CONFIG", `The config file ${file} ${why}.`, { file, code });
  }
  return { file, settings: await parseSettings(text, file) };
}

/** The settings in the text of a config file; `file` names it in messages. Throws StrataError BAD_CONFIG. */
export async function parseSettings(text: string, file: string): Promise<StrataSettings> {
  const body = text.replace(/^\uFEFF/, "");
  let data: unknown;
  try {
    data = JSON.parse(body);
  } catch (e) {
    const at = jsonSyntaxError(body);
    throw new StrataError(
      "BAD_CONFIG",
      at === undefined
        ? `${file} is not valid JSON: ${(e as Error).message}.`
        : `${file} is not valid JSON at line ${at.line}, column ${at.column}: ${at.reason}.`,
      { file, ...at },
    );
  }
  const { settingsFromJson } = await import("./config-schema.js");
  return settingsFromJson(data, file);
}

const HORIZON_SUFFIX: Record<HorizonUnit, string> = { month: "m", week: "w", day: "d" };

/** A share as the percentage the file holds (0.1 → 10), without binary noise. */
const percent = (share: number): number => Math.round(share * 100 * 1e9) / 1e9;

const levelOf = (l: ServiceLevel) => ({
  contactsPerYear: l.contactsPerYear,
  hoursPerContact: l.hoursPerContact,
});

/**
 * Every setting a run uses, in the file's shape and units: the defaults, then the file's settings. The
 * thresholds of potential, profitability and strategy follow the ABC thresholds unless set, as the
 * analysis applies them. Flags are not included. null: decided by the data (measure, reps) or no limit.
 */
export function effectiveConfig(s: StrataSettings): ConfigFile {
  const policy = makePolicy(s.policy);
  const abc = policy.abcThresholds;
  const potential = { ...DEFAULT_POTENTIAL_SETTINGS, potentialThresholds: abc, ...s.potential };
  const profit = { ...DEFAULT_PROFITABILITY_SETTINGS, marginThresholds: abc, ...s.profitability };
  const strategy = makeStrategySettings({
    marginThresholds: profit.marginThresholds,
    potentialThresholds: potential.potentialThresholds,
    tierCuts: tierCutsForAbc(abc),
    ...s.strategy,
  });
  const coverage = makeCoverageSettings(s.coverage);
  return {
    analysis: {
      abc: [...abc],
      pyramid: [...policy.pyramidCuts],
      horizon: `${policy.horizon.count}${HORIZON_SUFFIX[policy.horizon.unit]}`,
      keyClient: percent(policy.keyClientShare),
      monopolyClient: percent(policy.monopolyClientShare),
      inactiveLookback: policy.inactiveLookbackMonths ?? null,
      measure: s.measure ?? null,
    },
    potential: {
      thresholds: [...potential.potentialThresholds],
      highPotentialClasses: potential.highPotentialClasses,
      highValueClasses: potential.highValueClasses,
      lowShareOfWallet: percent(potential.lowShareOfWallet),
    },
    profitability: {
      marginThresholds: [...profit.marginThresholds],
      marginFloor: percent(profit.marginFloor),
      floorRevenueClasses: profit.floorRevenueClasses,
      attentionFactor: profit.attentionFactor,
      problemMinHoursRatio: profit.problemMinHoursRatio,
    },
    strategy: {
      marginThresholds: [...strategy.marginThresholds],
      potentialThresholds: [...strategy.potentialThresholds],
      highPotentialClasses: strategy.highPotentialClasses,
      lowShareOfWallet: percent(strategy.lowShareOfWallet),
      lostValue: percent(strategy.lostValueShare),
      minPAlive: percent(strategy.minPAlive),
      weights: { ...strategy.weights },
      tagWeights: { ...strategy.tagWeights },
      tagSynonyms: { ...strategy.tagSynonyms },
      tierCuts: [...strategy.tierCuts],
    },
    coverage: {
      levels: Object.fromEntries(Object.entries(coverage.levels).map(([k, l]) => [k, levelOf(l)])),
      unranked: levelOf(coverage.unrankedLevel),
      underServedBelow: percent(coverage.underServedTolerance),
      overServedAbove: percent(coverage.overServedTolerance),
      underServedClasses: coverage.underServedClasses === undefined ? null : [...coverage.underServedClasses],
      overServedClasses: coverage.overServedClasses === undefined ? null : [...coverage.overServedClasses],
      hoursPerRep: coverage.hoursPerRep,
      reps:
        coverage.reps === undefined || typeof coverage.reps === "number"
          ? (coverage.reps ?? null)
          : coverage.reps.map((r) => ({ name: r.name, hoursPerYear: r.hoursPerYear })),
    },
    activities: { kindHours: { ...DEFAULT_KIND_HOURS, ...s.kindHours } },
  };
}

/**
 * strata.config.json with every setting at its default, as `strata config init` writes it. The thresholds
 * that follow the ABC thresholds are null, so that changing analysis.abc moves them too.
 */
export function defaultConfigText(): string {
  const d = effectiveConfig(NO_SETTINGS);
  return configText({
    ...d,
    potential: { ...d.potential, thresholds: null },
    profitability: { ...d.profitability, marginThresholds: null },
    strategy: { ...d.strategy, marginThresholds: null, potentialThresholds: null, tierCuts: null },
  });
}

/** Settings as JSON for people: sections and settings one a line, short lists and levels on one line. */
export function configText(config: ConfigFile): string {
  return `${pretty(config, 0)}\n`;
}

const LINE_WIDTH = 100;

function flat(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(flat).join(", ")}]`;
  if (v !== null && typeof v === "object") {
    const entries = Object.entries(v).map(([k, x]) => `${JSON.stringify(k)}: ${flat(x)}`);
    return entries.length === 0 ? "{}" : `{ ${entries.join(", ")} }`;
  }
  return JSON.stringify(v);
}

function pretty(v: unknown, depth: number): string {
  const pad = "  ".repeat(depth);
  const one = flat(v);
  const primitives = Array.isArray(v) && v.every((x) => x === null || typeof x !== "object");
  if (
    v === null ||
    typeof v !== "object" ||
    primitives ||
    (depth >= 2 && pad.length + one.length <= LINE_WIDTH)
  )
    return one;
  const inner = "  ".repeat(depth + 1);
  const items = Array.isArray(v)
    ? v.map((x) => `${inner}${pretty(x, depth + 1)}`)
    : Object.entries(v).map(([k, x]) => `${inner}${JSON.stringify(k)}: ${pretty(x, depth + 1)}`);
  if (items.length === 0) return Array.isArray(v) ? "[]" : "{}";
  return Array.isArray(v) ? `[\n${items.join(",\n")}\n${pad}]` : `{\n${items.join(",\n")}\n${pad}}`;
}
