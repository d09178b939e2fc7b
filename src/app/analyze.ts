import { type Analysis, analyzeCustomers, defaultMeasure } from "../core/analyze.js";
import type { Beyond, Groups } from "../core/beyond.js";
import { classifyAbc, NOT_RANKED } from "../core/classify-abc.js";
import { DEFAULT_COVERAGE_SETTINGS } from "../core/coverage-settings.js";
import { formatDay, parseIsoDay } from "../core/dates.js";
import { StrataError, type Warning } from "../core/errors.js";
import type { CustomerFacts, CustomerFigures, CustomerStatus } from "../core/figures.js";
import { groupAnalysis } from "../core/groups.js";
import type { ClassifiedCustomers } from "../core/migration-types.js";
import {
  describeHorizon,
  describeWindow,
  type Measure,
  type Policy,
  previousWindow,
  type Window,
} from "../core/policy.js";
import { NO_LAYER, PYRAMID_LABELS, PYRAMID_LAYERS } from "../core/pyramid.js";
import { rankCustomers } from "../core/rank.js";
import type {
  ClientLine,
  CustomerListSummary,
  CustomerRow,
  PredictedSummary,
  SavedCustomerColumns,
  Summary,
} from "../core/summary.js";
import { type ActivityField, readActivities } from "../engine/activities.js";
import { type CustomerList, type ListField, readCustomerList } from "../engine/customer-list.js";
import type { Engine } from "../engine/engine.js";
import type { ColumnMapping } from "../engine/mapping.js";
import { type ReadLines, type ReadLinesOptions, readLines } from "../engine/read-lines.js";
import { type RepField, readReps } from "../engine/reps.js";
import { rfmSummary } from "../engine/rfm-summary.js";
import type { LineCounts } from "../engine/window-figures.js";
import { type BeyondSettings, computeBeyond, type PreviousWindow, type Team } from "./beyond.js";
import { clvSettings, lifetimeValueOf } from "./clv.js";

/** What analyzeFile reads: the invoice file read as readLines reads it (its window from the policy), and more. */
export interface AnalyzeInput extends Omit<ReadLinesOptions, "horizon"> {
  file: string;
  /** The files as the user named them, for the summary; default `file` and `customers`. */
  displayFile?: string | undefined;
  displayCustomers?: string | undefined;
  customers?: string | undefined;
  customersMap?: ColumnMapping<ListField> | undefined;
  measure?: Measure | undefined;
  policy: Policy;
  version: string;
  /** Compute potential, profitability, strategy and coverage (with the previous window for growth). */
  beyond?: BeyondSettings | undefined;
  /** The sales team's activities, read over the window; implies `beyond`. */
  activities?: string | undefined;
  displayActivities?: string | undefined;
  activitiesMap?: ColumnMapping<ActivityField> | undefined;
  /** Hours of an activity without hours, per kind (merged over the defaults by the reader). */
  kindHours?: Readonly<Record<string, number>> | undefined;
  /** The team: a reps file, a number of reps, or (default) one rep per account manager. */
  team?: TeamInput | undefined;
  /** `--by COLUMN`: classify within each group of this customer-list column; implies `beyond`. */
  by?: string | undefined;
  /** The policy file the settings came from, as the user would name it; shown in the summary. */
  configFile?: string | null | undefined;
}

export type TeamInput =
  | { source: "file"; file: string; displayFile: string; map?: ColumnMapping<RepField> | undefined }
  | { source: "option"; reps: number };

export interface AnalyzeResult {
  summary: Summary;
  /** Every customer, best first: ranked customers, then value ≤ 0, inactive, prospects, suspects, the rest. */
  rows(): Iterable<CustomerRow>;
  /** Every customer as the history store saves them: figures, classes, last purchase before, manager. */
  savedColumns(): SavedCustomerColumns;
  /** The main window classified, for migration and history. */
  classified: ClassifiedCustomers;
  /** The windows asked for with `moreWindows`, classified with the same policy and measure. */
  more: Array<{ window: Window; classified: ClassifiedCustomers; analysis: Analysis }>;
  analysis: Analysis;
  window: Window;
  /** The policy the customers were classified with. */
  policy: Policy;
  /** Potential, profitability, strategy and coverage, when asked for. */
  beyond: Beyond | null;
  /** The classification within each group of `--by`, when asked for. */
  groups: Groups | null;
}

/** A window's classification as the input of a migration: one entry per customer of its figures. */
export function classifiedOf(
  f: CustomerFigures,
  a: Analysis,
  facts: (CustomerFacts & { accountManager: (string | null)[] }) | undefined,
): ClassifiedCustomers {
  const n = f.ids.length;
  const abc: (string | null)[] = new Array(n);
  const pyramid: (string | null)[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const c = a.abc.classOf[i] ?? NOT_RANKED;
    const l = a.layerOf[i] ?? NO_LAYER;
    abc[i] = c === NOT_RANKED ? null : (a.abc.labels[c] ?? null);
    pyramid[i] = l === NO_LAYER ? null : (PYRAMID_LAYERS[l] ?? null);
  }
  return {
    ids: f.ids,
    value: Float64Array.from(a.value, (v) => (Number.isFinite(v) ? v : 0)),
    abc,
    pyramid,
    active: Uint8Array.from(f.lines, (x) => (x > 0 ? 1 : 0)),
    lastDayBefore: f.lastDayBefore,
    ...(facts ? { name: facts.name, accountManager: facts.accountManager } : {}),
  };
}

const TOP_CUSTOMERS = 25;

/** Reads the invoice file (and customer list), classifies every customer and builds the summary. */
export async function analyzeFile(engine: Engine, input: AnalyzeInput): Promise<AnalyzeResult> {
  const wantBeyond =
    input.beyond !== undefined ||
    input.activities !== undefined ||
    input.team !== undefined ||
    input.by !== undefined;
  // The previous window (growth, downgrades) comes from the same scan: reuse the caller's if asked for.
  let previousAt = -1;
  let addedPrevious = false;
  const moreWindows = (main: Window): Window[] => {
    const asked = input.moreWindows?.(main) ?? [];
    if (!wantBeyond) return asked;
    const prev = previousWindow(main, input.policy.horizon);
    previousAt = asked.findIndex((w) => w.asOf === prev.asOf && w.after === prev.after);
    if (previousAt >= 0) return asked;
    addedPrevious = true;
    previousAt = asked.length;
    return [...asked, prev];
  };
  const predictedMeasure = input.measure === "predicted";
  if (predictedMeasure && input.moreWindows !== undefined) {
    throw new StrataError(
      "BAD_OPTION",
      "--measure predicted ranks customers by the value predicted for the next window; it applies to analyze and the commands beyond billing, not to migrate or trend (which compare windows of the past).",
      {},
    );
  }
  const lines = await readLines(engine, input.file, {
    ...input,
    moreWindows,
    horizon: input.policy.horizon,
    keepDocs: predictedMeasure,
  });
  const warnings: Warning[] = [...lines.warnings];
  const { window, counts } = lines;
  const first = lines.scan.firstDate === null ? undefined : parseIsoDay(lines.scan.firstDate);
  if (first !== undefined && window.asOf < first) {
    throw new StrataError(
      "NO_DATA_IN_WINDOW",
      `--as-of ${formatDay(window.asOf)} is before the first invoice date in the data (${lines.scan.firstDate}); the data runs from ${lines.scan.firstDate} to ${lines.scan.lastDate}.`,
      { asOf: formatDay(window.asOf), firstDate: lines.scan.firstDate, lastDate: lines.scan.lastDate },
    );
  }
  if (counts.used === 0) {
    const w = describeWindow(window);
    warnings.push({
      code: "empty_window",
      message: `No invoice line with a customer falls in the window ${w.firstDay} … ${w.lastDay}; every customer is inactive.`,
    });
  }
  let figures = lines.figures;
  let list: CustomerList | undefined;
  let facts: (CustomerFacts & { accountManager: (string | null)[] }) | undefined;
  let listSummary: CustomerListSummary | null = null;
  if (input.customers !== undefined) {
    list = await readCustomerList(engine, input.customers, {
      map: input.customersMap,
      sheet: undefined,
      tmpDir: input.tmpDir,
    });
    // Messages name the list as the user did.
    list = { ...list, file: input.displayCustomers ?? list.file };
    const joined = joinList(figures, list, lines);
    figures = joined.figures;
    facts = joined.facts;
    listSummary = { ...joined.summary, file: input.displayCustomers ?? joined.summary.file };
    warnings.push(...list.warnings, ...joined.warnings);
  }
  const measureSource = input.measure ? "option" : "default";
  const measure = input.measure ?? defaultMeasure(lines.scan.hasCost);
  if (measure === "margin" && !lines.scan.hasCost) {
    throw new StrataError(
      "BAD_OPTION",
      `--measure margin needs cost or margin: map a cost, margin or unit cost column (--map cost=<column>). Columns in the file: ${lines.source.header.join(", ")}.`,
      {},
    );
  }
  const prediction = predictedMeasure
    ? await predictValues(engine, figures, window, input.policy)
    : undefined;
  const analysis = analyzeCustomers(figures, measure, input.policy, window, facts, prediction?.values);
  if (analysis.concentration.monopolyClients.length > 0) {
    warnings.push({
      code: "monopoly_client",
      message: `${analysis.concentration.monopolyClients.length} customer(s) hold ${Math.round(input.policy.monopolyClientShare * 100)}% or more of the ${measure}: a dependency risk.`,
    });
  }
  const rowOf = rowBuilder(figures, analysis, facts, window);
  const summary = buildSummary(
    input,
    lines,
    counts,
    window,
    lines.asOfSource === "latest invoice",
    measure,
    measureSource,
    analysis,
    figures,
    facts,
    listSummary,
    warnings,
    rowOf,
  );
  const allMore = lines.moreFigures.map((moreFigures, k) => {
    const w = lines.moreWindows[k] as Window;
    const joined = list ? joinList(moreFigures, list, lines) : undefined;
    const f = joined?.figures ?? moreFigures;
    const a = analyzeCustomers(f, measure, input.policy, w, joined?.facts);
    return { window: w, analysis: a, classified: classifiedOf(f, a, joined?.facts) };
  });
  if (prediction) summary.predicted = prediction.summary(analysis);
  // Growth compares like with like: a predicted value has no previous window to grow from.
  const previous = wantBeyond && !predictedMeasure ? allMore[previousAt] : undefined;
  const more = addedPrevious ? allMore.slice(0, -1) : allMore;
  let beyond: Beyond | null = null;
  if (wantBeyond) {
    const activities =
      input.activities === undefined
        ? undefined
        : {
            file: input.displayActivities ?? input.activities,
            read: await readActivities(engine, input.activities, {
              map: input.activitiesMap,
              window,
              tmpDir: input.tmpDir,
              kindHours: input.kindHours,
            }),
          };
    beyond = computeBeyond(
      {
        figures,
        analysis,
        facts,
        list,
        previous: previous === undefined ? undefined : previousOf(previous.classified),
        activities,
        team: await teamOf(engine, input),
        horizon: input.policy.horizon,
        policy: input.policy,
      },
      input.beyond,
    );
    summary.warnings.push(...beyond.warnings);
  }
  const groups =
    input.by === undefined ? null : groupsOf(input.by, figures, analysis, facts, list, input.policy);
  return {
    beyond,
    groups,
    summary,
    rows: () => orderedRows(analysis, figures.ids.length, rowOf),
    savedColumns: () => savedColumnsOf(figures, analysis, facts, window),
    classified: classifiedOf(figures, analysis, facts),
    more,
    analysis,
    window,
    policy: input.policy,
  };
}

/**
 * The value each customer is expected to bring in the next window of the policy's length: BG/NBD expected
 * purchases × Gamma-Gamma expected value per purchase, fitted on every purchase up to the as-of date.
 */
async function predictValues(engine: Engine, figures: CustomerFigures, window: Window, policy: Policy) {
  const summary = await rfmSummary(engine, { calibrationEnd: window.asOf, holdoutEnd: null, unit: "week" });
  const result = lifetimeValueOf(summary, clvSettings(policy.horizon, "week", 0, false));
  const values = new Float64Array(figures.ids.length);
  const at = new Map(summary.ids.map((id, k) => [id, k] as const));
  figures.ids.forEach((id, i) => {
    const k = at.get(id);
    values[i] = k === undefined ? 0 : (result.predictions.expectedValue[k] ?? 0);
  });
  const current = classifyAbc(rankCustomers(figures.revenue, figures.ids), policy.abcThresholds);
  return {
    values,
    summary: (a: Analysis): PredictedSummary => {
      const classes = [...a.abc.labels, "-"];
      const crosstab: Record<string, Record<string, number>> = {};
      for (const c of classes) crosstab[c] = Object.fromEntries(classes.map((k) => [k, 0]));
      let predictedValue = 0;
      let currentRevenue = 0;
      for (let i = 0; i < figures.ids.length; i++) {
        const from = current.classOf[i] ?? NOT_RANKED;
        const to = a.abc.classOf[i] ?? NOT_RANKED;
        const row = from === NOT_RANKED ? "-" : (current.labels[from] ?? "-");
        const col = to === NOT_RANKED ? "-" : (a.abc.labels[to] ?? "-");
        const r = crosstab[row] ?? {};
        crosstab[row] = r;
        r[col] = (r[col] ?? 0) + 1;
        predictedValue += values[i] ?? 0;
        currentRevenue += figures.revenue[i] ?? 0;
      }
      const b = result.bgNbd;
      const g = result.gammaGamma;
      return {
        model: "BG/NBD + Gamma-Gamma",
        horizon: describeHorizon(policy.horizon),
        bgnbd: { ...b.params, logLikelihood: b.logLikelihood, converged: b.report.converged },
        gammaGamma: g ? { ...g.params, converged: g.report.converged } : null,
        customers: summary.ids.length,
        predictedValue,
        currentRevenue,
        classes,
        crosstab,
      };
    },
  };
}

function previousOf(c: ClassifiedCustomers): PreviousWindow {
  return { ids: c.ids, value: c.value, abc: c.abc };
}

async function teamOf(engine: Engine, input: AnalyzeInput): Promise<Team> {
  const t = input.team;
  if (t === undefined) return { source: "account managers" };
  if (t.source === "option") return t;
  const hoursPerFte = input.beyond?.coverage?.hoursPerRep ?? DEFAULT_COVERAGE_SETTINGS.hoursPerRep;
  const reps = await readReps(engine, t.file, { tmpDir: input.tmpDir, hoursPerFte, map: t.map });
  return { source: "file", file: t.displayFile, reps };
}

/** The columns `--by` can name: the list's other columns, and its mapped account manager and status. */
function groupColumns(list: CustomerList): Record<string, (string | null)[]> {
  return {
    ...list.attributes,
    account_manager: list.accountManager,
    status: list.status,
  };
}

function groupsOf(
  column: string,
  figures: CustomerFigures,
  analysis: Analysis,
  facts: (CustomerFacts & { accountManager: (string | null)[] }) | undefined,
  list: CustomerList | undefined,
  policy: Policy,
): Groups {
  if (list === undefined) {
    throw new StrataError(
      "BAD_OPTION",
      `--by ${column} groups customers by a column of the customer list: give the list with --customers <file>.`,
      { column },
    );
  }
  const columns = groupColumns(list);
  const key = (c: string) => c.toLowerCase().replace(/[\s_-]+/g, "");
  const wanted = key(column);
  const found = Object.keys(columns).find((c) => key(c) === wanted);
  if (found === undefined) {
    throw new StrataError(
      "BAD_OPTION",
      `--by ${column}: the customer list ${list.file} has no such column. Columns to group by: ${Object.keys(columns).join(", ")}.`,
      { column, columns: Object.keys(columns) },
    );
  }
  const values = columns[found] ?? [];
  const pos = new Map(figures.ids.map((id, i) => [id, i] as const));
  const group: (string | null)[] = new Array(figures.ids.length).fill(null);
  list.ids.forEach((id, k) => {
    const i = pos.get(id);
    if (i !== undefined) group[i] = values[k] ?? null;
  });
  return groupAnalysis({
    column: found,
    ids: figures.ids,
    name: facts?.name ?? new Array<string | null>(figures.ids.length).fill(null),
    value: analysis.value,
    abc: Array.from(analysis.abc.classOf, (c) =>
      c === NOT_RANKED ? null : (analysis.abc.labels[c] ?? null),
    ),
    group,
    thresholds: policy.abcThresholds,
  });
}

function joinList(figures: CustomerFigures, list: CustomerList, lines: ReadLines) {
  const invoiced = new Set(figures.ids);
  const extra = list.ids.filter((id) => !invoiced.has(id));
  const ids = [...figures.ids, ...extra];
  const n = ids.length;
  const grow = <T extends Float64Array | Int32Array>(a: T, fill: number): T => {
    const out = new (a.constructor as { new (n: number): T })(n);
    out.fill(fill);
    out.set(a);
    return out;
  };
  const grown: CustomerFigures = {
    ids,
    revenue: grow(figures.revenue, 0),
    cost: grow(figures.cost, lines.scan.hasCost ? 0 : Number.NaN),
    margin: grow(figures.margin, lines.scan.hasCost ? 0 : Number.NaN),
    invoices: grow(figures.invoices, 0),
    lines: grow(figures.lines, 0),
    firstDay: grow(figures.firstDay, -1),
    lastDay: grow(figures.lastDay, -1),
    lastDayBefore: grow(figures.lastDayBefore, -1),
  };
  const name: (string | null)[] = new Array(n).fill(null);
  const status: (CustomerStatus | null)[] = new Array(n).fill(null);
  const accountManager: (string | null)[] = new Array(n).fill(null);
  const pos = new Map(ids.map((id, i) => [id, i] as const));
  const statuses: Record<string, number> = {};
  list.ids.forEach((id, k) => {
    const i = pos.get(id) ?? -1;
    name[i] = list.name[k] ?? null;
    status[i] = list.status[k] ?? null;
    accountManager[i] = list.accountManager[k] ?? null;
    const s = list.status[k] ?? "unknown";
    statuses[s] = (statuses[s] ?? 0) + 1;
  });
  const listed = new Set(list.ids);
  const invoicedNotListed = figures.ids.filter((id) => !listed.has(id)).length;
  const listedCustomersWithout = extra.filter(
    (id) => status[pos.get(id) ?? -1] === "customer" || status[pos.get(id) ?? -1] === null,
  ).length;
  const warnings: Warning[] = [];
  if (invoicedNotListed > 0) {
    warnings.push({
      code: "invoiced_not_listed",
      message: `${invoicedNotListed} invoiced customers are missing from the customer list ${list.file}.`,
    });
  }
  if (listedCustomersWithout > 0) {
    warnings.push({
      code: "listed_without_invoices",
      message: `${listedCustomersWithout} customers in ${list.file} are not marked prospect or suspect but have no invoice line up to the as-of date; they are in no pyramid layer.`,
    });
  }
  const boughtButProspect = figures.ids.filter((id) => {
    const s = status[pos.get(id) ?? -1];
    return s === "prospect" || s === "suspect";
  }).length;
  if (boughtButProspect > 0) {
    warnings.push({
      code: "prospect_with_purchases",
      message: `${boughtButProspect} customers listed as prospect or suspect have invoice lines; they are classified by their purchases.`,
    });
  }
  const summary: CustomerListSummary = {
    file: list.file,
    mapping: Object.fromEntries(Object.entries(list.mapping)) as Record<string, string>,
    rowsRead: list.rowsRead,
    rowsUsed: list.ids.length,
    rowsRejected: list.rowsRejected,
    rejects: list.rejects,
    valueProblems: list.valueProblems,
    listedWithoutInvoices: extra.length,
    invoicedNotListed,
    statuses,
  };
  return { figures: grown, facts: { name, status, accountManager }, summary, warnings };
}

type RowOf = (i: number) => CustomerRow;

function rowBuilder(f: CustomerFigures, a: Analysis, facts: CustomerFacts | undefined, w: Window): RowOf {
  const hasCost = f.cost.length > 0 && !Number.isNaN(f.cost[0] ?? Number.NaN);
  return (i) => {
    const rank = a.ranking.rankOf[i] ?? 0;
    const cls = a.abc.classOf[i] ?? NOT_RANKED;
    const layer = a.layerOf[i] ?? NO_LAYER;
    const last = f.lastDay[i] ?? -1;
    const firstDay = f.firstDay[i] ?? -1;
    return {
      customer_id: f.ids[i] ?? "",
      name: facts?.name[i] ?? null,
      revenue: f.revenue[i] ?? 0,
      cost: hasCost ? (f.cost[i] ?? null) : null,
      margin: hasCost ? (f.margin[i] ?? null) : null,
      invoices: f.invoices[i] ?? 0,
      first_date: firstDay >= 0 ? formatDay(firstDay) : null,
      last_date: last >= 0 ? formatDay(last) : null,
      recency_days: last >= 0 ? w.asOf - last : null,
      value: a.value[i] ?? 0,
      rank: rank > 0 ? rank : null,
      share: rank > 0 ? (a.ranking.share[i] ?? 0) : null,
      cum_share: rank > 0 ? (a.ranking.cumShare[i] ?? 0) : null,
      abc: cls === NOT_RANKED ? null : (a.abc.labels[cls] ?? null),
      pyramid: layer === NO_LAYER ? null : (PYRAMID_LAYERS[layer] ?? null),
    };
  };
}

/** The customers as the history store saves them, straight from the figures and the classification. */
function savedColumnsOf(
  f: CustomerFigures,
  a: Analysis,
  facts: (CustomerFacts & { accountManager: (string | null)[] }) | undefined,
  w: Window,
): SavedCustomerColumns {
  const n = f.ids.length;
  const hasCost = n > 0 && !Number.isNaN(f.cost[0] ?? Number.NaN);
  const rank = a.ranking.rankOf;
  const label = <T>(of: ArrayLike<number>, none: number, labels: readonly T[]) =>
    Array.from(of, (k) => (k === none ? null : (labels[k] ?? null)));
  return {
    ids: f.ids,
    name: facts?.name ?? new Array<string | null>(n).fill(null),
    revenue: f.revenue,
    cost: hasCost ? f.cost : null,
    margin: hasCost ? f.margin : null,
    invoices: f.invoices,
    firstDay: f.firstDay,
    lastDay: f.lastDay,
    recencyDays: Int32Array.from(f.lastDay, (d) => (d >= 0 ? w.asOf - d : -1)),
    value: Float64Array.from(a.value, (v) => (Number.isFinite(v) ? v : 0)),
    rank,
    share: Float64Array.from(a.ranking.share, (x, i) => ((rank[i] ?? 0) > 0 ? x : Number.NaN)),
    cumShare: Float64Array.from(a.ranking.cumShare, (x, i) => ((rank[i] ?? 0) > 0 ? x : Number.NaN)),
    abc: label(a.abc.classOf, NOT_RANKED, a.abc.labels),
    pyramid: label(a.layerOf, NO_LAYER, PYRAMID_LAYERS),
    active: Uint8Array.from(f.lines, (x) => (x > 0 ? 1 : 0)),
    lastDayBefore: f.lastDayBefore,
    accountManager: facts?.accountManager ?? new Array<string | null>(n).fill(null),
  };
}

function* orderedRows(a: Analysis, n: number, rowOf: RowOf): Iterable<CustomerRow> {
  for (const i of a.ranking.order) yield rowOf(i);
  const rest: number[] = [];
  for (let i = 0; i < n; i++) if ((a.ranking.rankOf[i] ?? 0) === 0) rest.push(i);
  const order = (i: number) => ((a.layerOf[i] ?? NO_LAYER) === NO_LAYER ? 99 : (a.layerOf[i] ?? 0));
  rest.sort(
    (x, y) => order(x) - order(y) || (order(x) === 4 ? (a.value[x] ?? 0) - (a.value[y] ?? 0) : 0) || x - y,
  );
  for (const i of rest) yield rowOf(i);
}

function buildSummary(
  input: AnalyzeInput,
  lines: ReadLines,
  counts: LineCounts,
  window: Window,
  asOfFromData: boolean,
  measure: Measure,
  measureSource: "option" | "default",
  a: Analysis,
  f: CustomerFigures,
  facts: CustomerFacts | undefined,
  customerList: CustomerListSummary | null,
  warnings: Warning[],
  rowOf: RowOf,
): Summary {
  const client = (i: number): ClientLine => ({
    customerId: f.ids[i] ?? "",
    name: facts?.name[i] ?? null,
    value: a.value[i] ?? 0,
    share: a.ranking.share[i] ?? 0,
  });
  const c = a.concentration;
  const nonPositiveValue =
    Array.from(a.nonPositive).reduce((s, i) => s + Math.round((a.value[i] ?? 0) * 10_000), 0) / 10_000;
  const w = describeWindow(window);
  const top: CustomerRow[] = [];
  for (let r = 0; r < Math.min(TOP_CUSTOMERS, a.ranking.order.length); r++)
    top.push(rowOf(a.ranking.order[r] ?? 0));
  return {
    strata: {
      version: input.version,
      ...(input.configFile !== undefined ? { config: input.configFile } : {}),
    },
    data: {
      file: input.displayFile ?? input.file,
      format: lines.source.format,
      reading: lines.reading,
      linesRead: lines.scan.linesRead,
      linesUsed: counts.used,
      linesWithoutCustomer: counts.withoutCustomer,
      revenueWithoutCustomer: counts.revenueWithoutCustomer,
      linesOutsideWindow: counts.beforeWindow + counts.afterAsOf,
      linesBeforeWindow: counts.beforeWindow,
      linesAfterAsOf: counts.afterAsOf,
      linesRejected: lines.scan.linesRejected,
      rejects: lines.scan.rejects,
      firstDate: lines.scan.firstDate,
      lastDate: lines.scan.lastDate,
      customersSeen: counts.customersSeen,
    },
    mapping: lines.mappingDescription,
    customerList,
    window: {
      asOf: w.asOf,
      firstDay: w.firstDay,
      lastDay: w.lastDay,
      horizon: describeHorizon(input.policy.horizon),
      asOfSource: asOfFromData ? "latest invoice" : "option",
    },
    measure,
    measureSource,
    abc: { thresholds: [...input.policy.abcThresholds], classes: a.abc.classes },
    pyramid: {
      cuts: [...input.policy.pyramidCuts],
      layers: a.pyramid.map((l) => ({ ...l, label: PYRAMID_LABELS[l.layer] })),
    },
    concentration: {
      activeCustomers: c.activeCustomers,
      totalValue: c.totalValue,
      customersFor80: c.customersFor80,
      customersFor80Share: c.customersFor80Share,
      top1Share: c.top1Share,
      top5Share: c.top5Share,
      top10Share: c.top10Share,
      top20PercentShare: c.top20PercentShare,
      gini: c.gini,
      hhi: c.hhi,
      keyClientShare: input.policy.keyClientShare,
      monopolyClientShare: input.policy.monopolyClientShare,
      keyClients: c.keyClients.map((k) => client(k.index)),
      monopolyClients: c.monopolyClients.map((k) => client(k.index)),
    },
    nonPositive: {
      customers: a.nonPositive.length,
      value: nonPositiveValue,
      list: Array.from(a.nonPositive.subarray(0, 20), (i) => client(i)),
    },
    topCustomers: top,
    curve: a.curve,
    warnings,
  };
}
