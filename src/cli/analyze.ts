import { mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { type AnalyzeResult, analyzeFile } from "../app/analyze.js";
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
import { parseListMap } from "../engine/customer-list.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import { LINE_ALIASES, LINE_FIELDS, parseMapOption } from "../engine/mapping.js";
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
  abc: string;
  horizon: string;
  asOf?: string;
  dateFormat?: string;
  decimal?: string;
  delimiter?: string;
  encoding?: string;
  /** --header / --no-header; undefined: detected. */
  header?: boolean;
  sheet?: string;
  inactiveLookback?: string;
  keyClient: string;
  monopolyClient: string;
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
    .option("--abc <thresholds>", "cumulative % thresholds of the ABC classes", "80,95")
    .option("--horizon <length>", "window length: 12m, 6m, 52w, 90d, 1y", "12m")
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
    .option("--key-client <percent>", "share of value from which a customer is a key client", "10")
    .option("--monopoly-client <percent>", "share of value from which a customer is a monopoly client", "20");
}

function positiveInt(text: string, name: string): number {
  const x = Number(text);
  if (!Number.isInteger(x) || x <= 0)
    throw new StrataError("BAD_OPTION", `${name} expects a whole number above 0; got '${text}'.`, {
      value: text,
    });
  return x;
}

/** Runs an analysis from parsed options: shared by `analyze` and `demo`. */
export async function runAnalysis(
  file: string,
  o: AnalyzeCliOptions,
  io: Io,
  more?: (main: Window, policy: Policy) => Window[],
): Promise<AnalyzeResult> {
  const policy = makePolicy({
    abcThresholds: parseThresholds(o.abc),
    horizon: parseHorizon(o.horizon),
    keyClientShare: percentOption(o.keyClient, "--key-client"),
    monopolyClientShare: percentOption(o.monopolyClient, "--monopoly-client"),
    ...(o.inactiveLookback !== undefined
      ? { inactiveLookbackMonths: positiveInt(o.inactiveLookback, "--inactive-lookback") }
      : {}),
  });
  const tmpDir = join(tmpdir(), `strata-${process.pid}-${Date.now()}`);
  const memory = o.memory ?? "512MB";
  if (!/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.test(memory)) {
    throw new StrataError("BAD_OPTION", `--memory expects a size such as 768MB or 4GB; got '${memory}'.`, {
      value: memory,
    });
  }
  // Bounded, so that a large file spills to disk instead of taking the machine's memory.
  await mkdir(join(tmpDir, "duckdb"), { recursive: true });
  const engine = await DuckDbEngine.open({ tempDirectory: join(tmpDir, "duckdb"), memoryLimit: memory });
  const progress = o.quiet || o.json ? undefined : await progressReporter(io, `Reading ${file}`);
  try {
    return await analyzeFile(engine, {
      moreWindows: more === undefined ? undefined : (main) => more(main, policy),
      file: resolve(io.cwd, file),
      displayFile: file,
      displayCustomers: o.customers,
      customers: o.customers === undefined ? undefined : resolve(io.cwd, o.customers),
      map: o.map === undefined ? undefined : parseMapOption(o.map, LINE_FIELDS, LINE_ALIASES),
      customersMap: o.customersMap === undefined ? undefined : parseListMap(o.customersMap),
      measure: o.measure as Measure | undefined,
      asOf: o.asOf === undefined ? undefined : parseAsOf(o.asOf),
      dateFormat: o.dateFormat,
      decimal: o.decimal === undefined ? undefined : o.decimal === "comma" ? "," : ".",
      delimiter: parseDelimiterOption(o.delimiter),
      header: o.header,
      encoding: o.encoding as "utf-8" | "latin-1" | undefined,
      sheet: o.sheet,
      policy,
      tmpDir,
      version: VERSION,
      onProgress: progress?.update,
    });
  } finally {
    progress?.stop();
    await engine.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

/** Writes customers.csv, customers.xlsx, summary.json and report.html into a folder. */
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
  await writeCustomersXlsx(paths.xlsx, result.rows(), result.summary);
  await writeFile(paths.json, `${JSON.stringify(result.summary, null, 2)}\n`);
  await writeFile(paths.html, await renderHtmlReport(result.summary, sections));
  return Object.values(paths);
}

/** Prints what an analysis found, writes the files, and names them. */
export async function reportAnalysis(
  result: AnalyzeResult,
  o: AnalyzeCliOptions,
  io: Io,
  sections: ReportSections = {},
): Promise<void> {
  if (o.json) io.stdout(`${JSON.stringify(result.summary, null, 2)}\n`);
  else if (!o.quiet) io.stdout(renderTerminal(result.summary, { color: io.color && o.color !== false }));
  if (o.out !== undefined) {
    const written = await writeOutputs(result, resolve(io.cwd, o.out), sections);
    if (!o.quiet) io.stderr(`Wrote ${written.map((p) => join(o.out ?? "", basename(p))).join(", ")}\n`);
  }
}

export function analyzeCommand(io: Io): Command {
  const cmd = new Command("analyze")
    .description("ABC classes, customer pyramid and concentration from an invoice export")
    .argument("<file>", "invoice lines: .csv/.tsv/.txt (also .gz), .parquet, .jsonl, .xlsx");
  addReadOptions(cmd)
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
