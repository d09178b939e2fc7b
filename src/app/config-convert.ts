/**
 * strata.config.json's settings in the core's units: percentages become shares 0…1, a horizon text a
 * Horizon, null (the default) and absent settings are left out, a service level given in part is completed
 * from its class's default level, and activity kinds are normalised as the activities reader does.
 */
import { DEFAULT_COVERAGE_SETTINGS, type ServiceLevel } from "../core/coverage-settings.js";
import { parseHorizon } from "../core/policy.js";
import { normaliseKind } from "../engine/activities.js";
import type { StrataSettings } from "./config.js";
import type { ConfigFile } from "./config-schema.js";

type ServiceLevelInput = { contactsPerYear?: number | undefined; hoursPerContact?: number | undefined };

/** A share from a percentage in the file. */
const share = (x: number | undefined): number | undefined => (x === undefined ? undefined : x / 100);

/** The object without its undefined and null entries: the settings present in the file. */
function present<T extends Record<string, unknown>>(
  o: T,
): { [K in keyof T]?: Exclude<T[K], null | undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as {
    [K in keyof T]?: Exclude<T[K], null | undefined>;
  };
}

/** A service level from the file, missing fields from the class's default level. */
function levelOf(l: ServiceLevelInput, fallback: ServiceLevel | undefined): ServiceLevel | undefined {
  const contactsPerYear = l.contactsPerYear ?? fallback?.contactsPerYear;
  const hoursPerContact = l.hoursPerContact ?? fallback?.hoursPerContact;
  return contactsPerYear === undefined || hoursPerContact === undefined
    ? undefined
    : { contactsPerYear, hoursPerContact };
}

/** The core's settings from a checked file. */
export function settingsOf(c: ConfigFile): { settings: StrataSettings; problems: string[] } {
  const { levels: defaultLevels, unrankedLevel } = DEFAULT_COVERAGE_SETTINGS;
  const problems: string[] = [];
  const a = c.analysis ?? {};
  const p = c.potential ?? {};
  const f = c.profitability ?? {};
  const s = c.strategy ?? {};
  const v = c.coverage ?? {};
  const levels: Record<string, ServiceLevel> = {};
  for (const [label, l] of Object.entries(v.levels ?? {})) {
    const resolved = levelOf(l, defaultLevels[label]);
    if (resolved === undefined) {
      problems.push(
        `coverage.levels.${label} must give both contactsPerYear and hoursPerContact (class ${label} has no default level); got ${JSON.stringify(l)}.`,
      );
    } else levels[label] = resolved;
  }
  const settings: StrataSettings = {
    policy: present({
      abcThresholds: a.abc,
      pyramidCuts: a.pyramid,
      horizon: a.horizon === undefined ? undefined : parseHorizon(a.horizon),
      keyClientShare: share(a.keyClient),
      monopolyClientShare: share(a.monopolyClient),
      inactiveLookbackMonths: a.inactiveLookback,
    }),
    ...(a.measure === undefined || a.measure === null ? {} : { measure: a.measure }),
    potential: present({
      potentialThresholds: p.thresholds,
      highPotentialClasses: p.highPotentialClasses,
      highValueClasses: p.highValueClasses,
      lowShareOfWallet: share(p.lowShareOfWallet),
    }),
    profitability: present({
      marginThresholds: f.marginThresholds,
      marginFloor: share(f.marginFloor),
      floorRevenueClasses: f.floorRevenueClasses,
      attentionFactor: f.attentionFactor,
      problemMinHoursRatio: f.problemMinHoursRatio,
    }),
    strategy: present({
      marginThresholds: s.marginThresholds,
      potentialThresholds: s.potentialThresholds,
      highPotentialClasses: s.highPotentialClasses,
      lowShareOfWallet: share(s.lowShareOfWallet),
      lostValueShare: share(s.lostValue),
      minPAlive: share(s.minPAlive),
      weights: s.weights === undefined ? undefined : present(s.weights),
      tagWeights: s.tagWeights,
      tagSynonyms: s.tagSynonyms,
      tierCuts: s.tierCuts,
    }),
    coverage: present({
      levels: v.levels === undefined ? undefined : levels,
      unrankedLevel: v.unranked === undefined ? undefined : levelOf(v.unranked, unrankedLevel),
      underServedTolerance: share(v.underServedBelow),
      overServedTolerance: share(v.overServedAbove),
      underServedClasses: v.underServedClasses,
      overServedClasses: v.overServedClasses,
      hoursPerRep: v.hoursPerRep,
      reps: v.reps,
    }),
    kindHours: Object.fromEntries(
      Object.entries(c.activities?.kindHours ?? {}).map(([kind, hours]) => [normaliseKind(kind), hours]),
    ),
  };
  return { settings, problems };
}
