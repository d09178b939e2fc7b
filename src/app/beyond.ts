/**
 * Beyond billing (issue 4), the app layer: builds the customer book from the classified figures, the
 * customer list, the previous window and the activities, and runs potential, profitability, strategy and
 * coverage on it with the analysis's thresholds unless the settings say otherwise.
 */
import type { Analysis } from "../core/analyze.js";
import type { ActivitiesSummary, Beyond, RepsSummary } from "../core/beyond.js";
import type { CustomerBook } from "../core/book.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import { compareIds } from "../core/compare-ids.js";
import { coverage } from "../core/coverage.js";
import { type CoverageSettings, DEFAULT_COVERAGE_SETTINGS, type Rep } from "../core/coverage-settings.js";
import type { Warning } from "../core/errors.js";
import type { CustomerFigures } from "../core/figures.js";
import type { Horizon, Policy } from "../core/policy.js";
import { type PotentialSettings, potentialAnalysis } from "../core/potential.js";
import { type ProfitabilitySettings, profitability } from "../core/profitability.js";
import { strategy } from "../core/strategy.js";
import { type StrategySettingsInput, tierCutsForAbc } from "../core/strategy-settings.js";
import type { Activities } from "../engine/activities.js";
import type { CustomerList } from "../engine/customer-list.js";
import type { Reps } from "../engine/reps.js";

/** The settings of the four computations as given (config file, flags); thresholds default to the ABC ones. */
export interface BeyondSettings {
  potential?: Partial<PotentialSettings> | undefined;
  profitability?: Partial<ProfitabilitySettings> | undefined;
  strategy?: StrategySettingsInput | undefined;
  coverage?: Partial<CoverageSettings> | undefined;
}

/** The previous window's classification, for growth and downgrades. */
export interface PreviousWindow {
  ids: readonly string[];
  value: Float64Array;
  abc: readonly (string | null)[];
}

/** Where the team's hours come from: a reps file, a number of reps, or the account managers. */
export type Team =
  | { source: "file"; file: string; reps: Reps }
  | { source: "option"; reps: number }
  | { source: "account managers" };

export interface BeyondSources {
  figures: CustomerFigures;
  analysis: Analysis;
  /** Per customer of the figures: name, status, account manager (from the joined list). */
  facts?:
    | {
        name: readonly (string | null)[];
        status: readonly (string | null)[];
        accountManager: readonly (string | null)[];
      }
    | undefined;
  list?: CustomerList | undefined;
  previous?: PreviousWindow | undefined;
  activities?: { file: string; read: Activities } | undefined;
  team: Team;
  horizon: Horizon;
  policy: Policy;
}

const UNMATCHED_SAMPLE = 10;

/** The window's length in years: 12 months = 1, 52 weeks = 364/365.25, 90 days = 90/365.25. */
export function horizonYears(h: Horizon): number {
  if (h.unit === "month") return h.count / 12;
  return (h.count * (h.unit === "week" ? 7 : 1)) / 365.25;
}

/** The book of the figures' customers (the list's customers included by the join). */
export function buildBook(src: BeyondSources): { book: CustomerBook; activities: ActivitiesSummary | null } {
  const { figures: f, analysis: a } = src;
  const n = f.ids.length;
  const pos = new Map<string, number>();
  f.ids.forEach((id, i) => {
    pos.set(id, i);
  });
  const potential = new Float64Array(n).fill(Number.NaN);
  const tags: string[][] = Array.from({ length: n }, () => []);
  if (src.list) {
    const list = src.list;
    list.ids.forEach((id, k) => {
      const i = pos.get(id);
      if (i === undefined) return;
      potential[i] = list.potential[k] ?? Number.NaN;
      tags[i] = [...(list.tags[k] ?? [])];
    });
  }
  const previousValue = new Float64Array(n).fill(Number.NaN);
  const previousAbc: (string | null)[] = new Array(n).fill(null);
  if (src.previous) {
    const p = src.previous;
    // A customer absent from the previous window's figures had no line up to its end: value 0 then.
    for (let i = 0; i < n; i++) previousValue[i] = 0;
    p.ids.forEach((id, k) => {
      const i = pos.get(id);
      if (i === undefined) return;
      const v = p.value[k] ?? Number.NaN;
      previousValue[i] = Number.isFinite(v) ? v : 0;
      previousAbc[i] = p.abc[k] ?? null;
    });
  }
  const contacts = new Int32Array(n);
  const hours = new Float64Array(n);
  let activities: ActivitiesSummary | null = null;
  if (src.activities) {
    const { read, file } = src.activities;
    const unmatched: Array<{ id: string; contacts: number; hours: number }> = [];
    read.customers.ids.forEach((id, k) => {
      const i = pos.get(id);
      const c = read.customers.contacts[k] ?? 0;
      const h = read.customers.hours[k] ?? 0;
      if (i === undefined) unmatched.push({ id, contacts: c, hours: h });
      else {
        contacts[i] = (contacts[i] ?? 0) + c;
        hours[i] = (hours[i] ?? 0) + h;
      }
    });
    unmatched.sort((x, y) => compareIds(x.id, y.id));
    activities = {
      file,
      mapping: Object.fromEntries(Object.entries(read.mapping)) as Record<string, string>,
      dateFormat: read.dateFormat,
      rowsRead: read.rowsRead,
      used: read.used,
      beforeWindow: read.beforeWindow,
      afterAsOf: read.afterAsOf,
      rowsRejected: read.rowsRejected,
      rejects: read.rejects,
      kinds: read.kinds,
      customers: read.customers.ids.length,
      unmatchedCustomers: unmatched.length,
      unmatchedActivities: unmatched.reduce((s, u) => s + u.contacts, 0),
      unmatchedHours: unmatched.reduce((s, u) => s + u.hours, 0),
      unmatchedSample: unmatched.slice(0, UNMATCHED_SAMPLE).map((u) => u.id),
      reps: read.reps.names
        .map((rep, k) => ({
          rep,
          contacts: read.reps.contacts[k] ?? 0,
          hours: read.reps.hours[k] ?? 0,
        }))
        .sort(
          (x, y) => Number(x.rep === null) - Number(y.rep === null) || compareIds(x.rep ?? "", y.rep ?? ""),
        ),
    };
  }
  const keyClient = new Uint8Array(n);
  for (const k of a.concentration.keyClients) keyClient[k.index] = 1;
  const book: CustomerBook = {
    ids: f.ids,
    name: src.facts?.name ?? new Array<string | null>(n).fill(null),
    revenue: f.revenue,
    margin: f.margin,
    value: a.value,
    abc: Array.from(a.abc.classOf, (c) => (c === NOT_RANKED ? null : (a.abc.labels[c] ?? null))),
    abcLabels: a.abc.labels,
    keyClient,
    previousValue,
    previousAbc,
    potential,
    tags,
    accountManager: src.facts?.accountManager ?? new Array<string | null>(n).fill(null),
    status: src.facts?.status ?? new Array<string | null>(n).fill(null),
    contacts,
    hours,
    windowYears: horizonYears(src.horizon),
    hasActivities: src.activities !== undefined,
  };
  return { book, activities };
}

function teamOf(team: Team, hoursPerRep: number): { reps: number | Rep[] | undefined; summary: RepsSummary } {
  switch (team.source) {
    case "file": {
      const reps = team.reps.names.map((name, k) => ({ name, hoursPerYear: team.reps.hours[k] ?? 0 }));
      return {
        reps,
        summary: {
          source: "file",
          file: team.file,
          reps: reps.length,
          hours: reps.reduce((s, r) => s + r.hoursPerYear, 0),
          rowsRead: team.reps.rowsRead,
          rejects: team.reps.rejects,
        },
      };
    }
    case "option":
      return {
        reps: team.reps,
        summary: {
          source: "option",
          file: null,
          reps: team.reps,
          hours: team.reps * hoursPerRep,
          rowsRead: 0,
          rejects: [],
        },
      };
    default:
      return {
        reps: undefined,
        summary: { source: "account managers", file: null, reps: 0, hours: 0, rowsRead: 0, rejects: [] },
      };
  }
}

/** Potential, profitability, strategy and coverage of the sources' book. */
export function computeBeyond(src: BeyondSources, settings: BeyondSettings = {}): Beyond {
  const { book, activities } = buildBook(src);
  const abc = src.policy.abcThresholds;
  const potential = potentialAnalysis(book, { potentialThresholds: abc, ...settings.potential });
  const profit = profitability(book, {
    revenueThresholds: abc,
    marginThresholds: abc,
    ...settings.profitability,
  });
  const marginAbc =
    profit.margin.kind === "margin"
      ? (() => {
          const m = profit.margin;
          return Array.from(m.marginClassOf, (c) => (c === NOT_RANKED ? null : (m.marginLabels[c] ?? null)));
        })()
      : undefined;
  const strat = strategy(
    book,
    {
      marginThresholds: profit.settings.marginThresholds,
      potentialThresholds: potential.settings.potentialThresholds,
      tierCuts: tierCutsForAbc(abc),
      ...settings.strategy,
    },
    { marginAbc },
  );
  const hoursPerRep = settings.coverage?.hoursPerRep ?? DEFAULT_COVERAGE_SETTINGS.hoursPerRep;
  const team = teamOf(src.team, hoursPerRep);
  const cov = coverage(book, {
    ...settings.coverage,
    ...(team.reps === undefined ? {} : { reps: team.reps }),
  });
  // Without --reps the team is the settings' (the policy file's `coverage.reps`) or one per account manager.
  const reps: RepsSummary =
    team.summary.source === "account managers"
      ? {
          ...team.summary,
          source: cov.capacity.repsSource === "settings" ? "option" : "account managers",
          reps: cov.capacity.reps,
          hours: cov.capacity.availableHours,
        }
      : team.summary;
  const warnings: Warning[] = [...strat.warnings, ...cov.warnings];
  if (src.activities) warnings.push(...src.activities.read.warnings);
  if (src.team.source === "file") warnings.push(...src.team.reps.warnings);
  if (activities && activities.unmatchedCustomers > 0) {
    warnings.push({
      code: "activities_unmatched",
      message: `${activities.unmatchedCustomers} customer id(s) in ${activities.file} match no invoice customer and no customer-list entry (${activities.unmatchedActivities} activities, ${round1(activities.unmatchedHours)} h); they are not in the coverage figures. First: ${activities.unmatchedSample.join(", ")}.`,
    });
  }
  return {
    book,
    potential,
    profitability: profit,
    strategy: strat,
    coverage: cov,
    activities,
    reps,
    warnings,
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
