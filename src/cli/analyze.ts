import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { type AnalyzeResult, analyzeFile, type TeamInput } from "../app/analyze.js";
import { loadSettings, type StrataSettings } from "../app/config.js";
import type { Beyond } from "../core/beyond.js";
import { StrataError } from "../core/errors.js";
import {
  MEASURES,
  type Measure,
  makePolicy,
  type Policy,
  parseAsOf,
  parseHorizon,
  parseThresholds,
  type Window,
} from "../core/policy.js";
import { ACTIVITY_FIELDS, DEFAULT_KIND_HOURS } from "../engine/activities.js";
import { parseListMap } from "../engine/customer-list.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import { LINE_ALIASES, LINE_FIELDS, parseMapOption } from "../engine/mapping.js";
import { REP_FIELDS } from "../engine/reps.js";
import { parseDelimiterOption } from "../engine/text-sniff.js";
import type { HtmlReportOptions } from "../report/html.js";
import { renderTerminal } from "../report/terminal.js";
import { addSaveOptions, type SaveCliOptions, saveIfAsked } from "./history.js";
import type { Io } from "./io.js";
import { percentOption } from "./options.js";
import { progressReporter } from "./progress.js";
import { VERSION } from "./version.js";

/** Sections report.html shows beside the analysis (the demo's migration and trend). */
export type ReportSections = Pick<HtmlReportOptions, "migration" | "trend">;

export interface AnalyzeCliOptions {
  customers?: string;
  customersMap?: string;
  map?: string;
  measure?: string;
  /** Policy options: undefined when not given, so the config file (then the default) applies. */
  abc?: string;
  horizon?: string;
  asOf?: string;
  dateFormat?: string;
  decimal?: string;
  delimiter?: string;
  encoding?: string;
  /** --header / --no-header; undefined: detected. */
  header?: boolean;
  sheet?: string;
  inactiveLookback?: string;
  keyClient?: string;
  monopolyClient?: string;
  /** The policy file; default strata.config.json in the working folder when present. */
  config?: string;
  activities?: string;
  activitiesMap?: string;
  /** A reps file, or a number of reps. */
  reps?: string;
  repsMap?: string;
  hoursPerRep?: string;
  by?: string;
  memory?: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  color?: boolean;
}

/** Options shared by every command that reads invoice lines. */
export function addReadOptions(cmd: Command): Command {
  return cmd
    .option(
      "--customers <file>",
      "customer list (CSV, XLSX, Parquet, JSON lines): names, status, account managers",
    )
    .option(
      "--customers-map <pairs>",
      "column mapping of the customer list, e.g. customer_id=Klantnr,name=Naam",
    )
    .option(
      "--map <pairs>",
      `column mapping, e.g. customer=Klant,date=Datum,revenue=Bedrag (fields: ${LINE_FIELDS.join(", ")})`,
    )
    .addOption(
      new Option(
        "--measure <measure>",
        "what ranks customers (default: margin when cost or margin is mapped, else revenue)",
      ).choices([...MEASURES]),
    )
    .option("--abc <thresholds>", "cumulative % thresholds of the ABC classes (default: 80,95)")
    .option("--horizon <length>", "window length: 12m, 6m, 52w, 90d, 1y (default: 12m)")
    .option("--as-of <date>", "last day counted, YYYY-MM-DD (default: the latest invoice date)")
    .option(
      "--date-format <format>",
      "how dates are written, e.g. DD.MM.YYYY or MM/DD/YYYY (default: detected)",
    )
    .addOption(
      new Option("--decimal <separator>", "decimal separator of amounts (default: detected)").choices([
        "point",
        "comma",
      ]),
    )
    .option(
      "--delimiter <char>",
      "field separator of text: a character, tab, or whitespace (runs of spaces and tabs) (default: detected)",
    )
    .option("--header", "line 1 of a text file names the columns (default: detected)")
    .option(
      "--no-header",
      "line 1 of a text file is data: columns are column1, column2, …, and --map takes numbers (customer=1)",
    )
    .addOption(
      new Option("--encoding <name>", "text encoding (default: detected)").choices(["utf-8", "latin-1"]),
    )
    .option("--sheet <name>", "XLSX sheet to read (default: the first)")
    .option(
      "--inactive-lookback <months>",
      "Inactive = bought within this many months before the window (default: any time)",
    )
    .option("--memory <size>", "memory the engine may use before it spills to a temporary folder", "512MB")
    .option("--key-client <percent>", "share of value from which a customer is a key client (default: 10)")
    .option(
      "--monopoly-client <percent>",
      "share of value from which a customer is a monopoly client (default: 20)",
    )
    .option(
      "--config <file>",
      "policy file with thresholds, weights and service levels (default: strata.config.json here, if any); flags override it",
    );
}

/** Options of the analyses beyond billing: activities, the team. */
export function addBeyondOptions(cmd: Command): Command {
  return cmd
    .option(
      "--activities <file>",
      "the sales team's activities (visits, calls …): customer, date, kind, hours, rep",
    )
    .option(
      "--activities-map <pairs>",
      "column mapping of the activities, e.g. customer_id=Klant,date=Datum,hours=Uren",
    )
    .option(
      "--reps <file|number>",
      "the team: a reps file (rep, hours or fte), or a number of reps (default: one per account manager)",
    )
    .option("--reps-map <pairs>", "column mapping of the reps file, e.g. rep=Naam,fte=Deeltijd")
    .option("--hours-per-rep <hours>", "selling hours a full-time rep has in a year (default: 1100)");
}

function positiveInt(text: string, name: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x <= 0)
    throw new StrataError("BAD_OPTION", `${name} expects a whole number above 0; got '${text}'.`, {
      value: text,
    });
  return x;
}

function positiveNumber(text: string, name: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0)
    throw new StrataError("BAD_OPTION", `${name} expects a number above 0; got '${text}'.`, { value: text });
  return x;
}

/** The policy: flags over the config file over the defaults. */
function policyOf(o: AnalyzeCliOptions, settings: StrataSettings): Policy {
  return makePolicy({
    ...settings.policy,
    ...(o.abc !== undefined ? { abcThresholds: parseThresholds(o.abc) } : {}),
    ...(o.horizon !== undefined ? { horizon: parseHorizon(o.horizon) } : {}),
    ...(o.keyClient !== undefined ? { keyClientShare: percentOption(o.keyClient, "--key-client") } : {}),
    ...(o.monopolyClient !== undefined
      ? { monopolyClientShare: percentOption(o.monopolyClient, "--monopoly-client") }
      : {}),
    ...(o.inactiveLookback !== undefined
      ? { inactiveLookbackMonths: positiveInt(o.inactiveLookback, "--inactive-lookback") }
      : {}),
  });
}

/** The team from --reps: a file when it names one, else a number of reps. */
function teamOf(o: AnalyzeCliOptions, cwd: string): TeamInput | undefined {
  if (o.reps === undefined) return undefined;
  if (/^\d+(\.\d+)?$/.test(o.reps.trim())) return { source: "option", reps: Number(o.reps) };
  return {
    source: "file",
    file: resolve(cwd, o.reps),
    displayFile: o.reps,
    map:
      o.repsMap === undefined
        ? undefined
        : parseMapOption(o.repsMap, REP_FIELDS, { name: "rep" }, "--reps-map"),
  };
}

/** What to compute beside the classification. */
export interface RunOptions {
  /** Windows to classify beside the main one (migration, trend). */
  more?: ((main: Window, policy: Policy) => Window[]) | undefined;
  /**
   * Compute potential, profitability, strategy and coverage: true always, false never; by default when a
   * customer list, activities or a team is given.
   */
  beyond?: boolean | undefined;
}

/** Runs an analysis from parsed options: shared by `analyze`, the commands beyond billing and `demo`. */
export async function runAnalysis(
  file: string,
  o: AnalyzeCliOptions,
  io: Io,
  run: RunOptions = {},
): Promise<AnalyzeResult> {
  const { file: configFile, settings } = await loadSettings(io.cwd, o.config);
  const policy = policyOf(o, settings);
  const more = run.more;
  const wantBeyond =
    run.beyond ??
    (o.customers !== undefined || o.activities !== undefined || o.reps !== undefined || o.by !== undefined);
  const coverageSettings = {
    ...settings.coverage,
    ...(o.hoursPerRep !== undefined ? { hoursPerRep: positiveNumber(o.hoursPerRep, "--hours-per-rep") } : {}),
  };
  return withEngine(file, o, io, (engine, tmpDir, onProgress) =>
    analyzeFile(engine, {
      moreWindows: more === undefined ? undefined : (main: Window) => more(main, policy),
      file: resolve(io.cwd, file),
      displayFile: file,
      displayCustomers: o.customers,
      customers: o.customers === undefined ? undefined : resolve(io.cwd, o.customers),
      ...readingOf(o),
      customersMap: o.customersMap === undefined ? undefined : parseListMap(o.customersMap),
      measure: (o.measure as Measure | undefined) ?? settings.measure,
      policy,
      tmpDir,
      version: VERSION,
      onProgress,
      configFile,
      beyond: wantBeyond
        ? {
            potential: settings.potential,
            profitability: settings.profitability,
            strategy: settings.strategy,
            coverage: coverageSettings,
          }
        : undefined,
      activities: o.activities === undefined ? undefined : resolve(io.cwd, o.activities),
      displayActivities: o.activities,
      activitiesMap:
        o.activitiesMap === undefined
          ? undefined
          : parseMapOption(
              o.activitiesMap,
              ACTIVITY_FIELDS,
              { customer: "customer_id", type: "kind" },
              "--activities-map",
            ),
      kindHours: { ...DEFAULT_KIND_HOURS, ...settings.kindHours },
      team: teamOf(o, io.cwd),
      by: o.by,
    }),
  );
}

/** The reading options every command shares, as the engine's reader takes them. */
export function readingOf(o: AnalyzeCliOptions) {
  return {
    map: o.map === undefined ? undefined : parseMapOption(o.map, LINE_FIELDS, LINE_ALIASES),
    asOf: o.asOf === undefined ? undefined : parseAsOf(o.asOf),
    dateFormat: o.dateFormat,
    decimal: o.decimal === undefined ? undefined : o.decimal === "comma" ? ("," as const) : ("." as const),
    delimiter: parseDelimiterOption(o.delimiter),
    header: o.header,
    encoding: o.encoding as "utf-8" | "latin-1" | undefined,
    sheet: o.sheet,
  };
}

/**
 * Opens an engine bounded by --memory (work beyond it spills to a temporary folder), shows progress on a
 * terminal, runs `work` and always cleans up.
 */
export async function withEngine<T>(
  file: string,
  o: Pick<AnalyzeCliOptions, "memory" | "quiet" | "json">,
  io: Io,
  work: (engine: DuckDbEngine, tmpDir: string, onProgress: ((f: number) => void) | undefined) => Promise<T>,
): Promise<T> {
  const tmpDir = join(tmpdir(), `strata-${process.pid}-${Date.now()}`);
  const memory = o.memory ?? "512MB";
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new StrataError("BAD_OPTION", `--memory expects a size such as 768MB or 4GB; got '${memory}'.`, {
      value: memory,
    });
  }
  await mkdir(join(tmpDir, "duckdb"), { recursive: true });
  const engine = await DuckDbEngine.open({ tempDirectory: join(tmpDir, "duckdb"), memoryLimit: memory });
  const progress = o.quiet || o.json ? undefined : await progressReporter(io, `Reading ${file}`);
  try {
    return await work(engine, tmpDir, progress?.update);
  } finally {
    progress?.stop();
    await engine.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** Writes customers.csv, customers.xlsx, summary.json and report.html into a folder, and the files beyond billing. */
export async function writeOutputs(
  result: AnalyzeResult,
  dir: string,
  sections: ReportSections = {},
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const paths = {
    csv: join(dir, "customers.csv"),
    xlsx: join(dir, "customers.xlsx"),
    json: join(dir, "summary.json"),
    html: join(dir, "report.html"),
  };
  // The writers load on demand: a run that writes no files does not pay for loading them.
  const [{ writeCustomersCsv }, { renderHtmlReport }] = await Promise.all([
    import("../report/customers-csv.js"),
    import("../report/html.js"),
  ]);
  await writeCustomersCsv(paths.csv, result.rows());
  const { writeCustomersXlsx } = await import("../report/customers-xlsx.js");
  const b = result.beyond;
  await writeCustomersXlsx(paths.xlsx, result.rows(), result.summary, {
    ...(b ? { beyond: b } : {}),
    ...(b && result.groups ? { groups: { groups: result.groups, book: b.book } } : {}),
  });
  await writeFile(paths.json, `${JSON.stringify(result.summary, null, 2)}\n`);
  await writeFile(
    paths.html,
    await renderHtmlReport(result.summary, {
      ...sections,
      ...(b ? { beyond: b } : {}),
      ...(result.groups ? { groups: result.groups } : {}),
    }),
  );
  const written = Object.values(paths);
  if (b) written.push(...(await writeBeyondFiles(b, dir, BEYOND_FILES)));
  if (b && result.groups) {
    const { groupsCsv } = await import("../report/beyond-csv.js");
    const path = join(dir, "groups.csv");
    await writeFile(path, groupsCsv(result.groups, b.book));
    written.push(path);
  }
  return written;
}

/** The files beyond billing, by name. */
export const BEYOND_FILES = [
  "potential.csv",
  "profitability.csv",
  "strategy.csv",
  "coverage.csv",
  "capacity.json",
] as const;
export type BeyondFile = (typeof BEYOND_FILES)[number];

/** Writes the named files beyond billing into a folder; potential.csv only when some potential is known. */
export async function writeBeyondFiles(
  b: Beyond,
  dir: string,
  files: readonly BeyondFile[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const w = await import("../report/beyond-csv.js");
  const content: Record<BeyondFile, () => string> = {
    "potential.csv": () => w.potentialCsv(b),
    "profitability.csv": () => w.profitabilityCsv(b),
    "strategy.csv": () => w.strategyCsv(b),
    "coverage.csv": () => w.coverageCsv(b),
    "capacity.json": () => w.capacityJson(b),
  };
  const written: string[] = [];
  for (const name of files) {
    if (name === "potential.csv" && !b.potential.hasPotential) continue;
    const path = join(dir, name);
    await writeFile(path, content[name]());
    written.push(path);
  }
  return written;
}

/** Prints what an analysis found, writes the files, and names them. */
export async function reportAnalysis(
  result: AnalyzeResult,
  o: AnalyzeCliOptions,
  io: Io,
  sections: ReportSections = {},
): Promise<void> {
  const color = io.color && o.color !== false;
  if (o.json) io.stdout(`${JSON.stringify(result.summary, null, 2)}\n`);
  else if (!o.quiet) {
    io.stdout(renderTerminal(result.summary, { color }));
    if (result.beyond || result.groups) {
      const t = await import("../report/beyond-terminal.js");
      if (result.groups) io.stdout(`\n${t.renderGroupsTerminal(result.groups, { color })}`);
      if (result.beyond) {
        if (result.beyond.activities)
          io.stdout(
            `\n${t.renderActivitiesReading(result.beyond.activities, result.beyond.reps, { color })}`,
          );
        io.stdout(`\n${t.renderBeyondBrief(result.beyond, { color })}`);
      }
    }
  }
  if (o.out !== undefined) {
    const written = await writeOutputs(result, resolve(io.cwd, o.out), sections);
    if (!o.quiet) io.stderr(`Wrote ${written.map((p) => join(o.out ?? "", basename(p))).join(", ")}\n`);
  }
}

export function analyzeCommand(io: Io): Command {
  const cmd = new Command("analyze")
    .description("ABC classes, customer pyramid and concentration from an invoice export")
    .argument("<file>", "invoice lines: .csv/.tsv/.txt (also .gz), .parquet, .jsonl, .xlsx");
  addBeyondOptions(addReadOptions(cmd))
    .option(
      "--by <column>",
      "also classify within each group of a customer-list column (region, sector, account_manager …)",
    )
    .option(
      "--out <dir>",
      "write customers.csv, customers.xlsx, summary.json and report.html into this folder",
    )
    .option("--json", "print summary.json to stdout instead of the tables")
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "no colours in the terminal output");
  addSaveOptions(cmd).action(async (file: string, o: AnalyzeCliOptions & SaveCliOptions) => {
    const result = await runAnalysis(file, o, io);
    await reportAnalysis(result, o, io);
    await saveIfAsked(result, file, result.policy, o, io);
  });
  return cmd;
}
