/**
 * The benchmark: `strata analyze` against the bare DuckDB query that computes the same per-customer figures,
 * both as whole child processes, on generated invoice lines in CSV and Parquet; `strata migrate` and
 * `strata trend` (12 monthly windows) and `analyze --save` beside `analyze`; with `--beyond`, `analyze` with a
 * generated customer list and activities file and `--by region` (issue 4) beside it too; with `--clv`,
 * `strata clv` (issue 5) on the CDNOW sample and on simulated customers, and its steps timed apart
 * (bench/clv-steps.ts); `--clv-only` runs that alone.
 *
 *   npm run bench -- [--lines N] [--runs K] [--formats csv,parquet] [--keep] [--seed S] [--as-of DATE]
 *                    [--no-outputs] [--no-movement] [--beyond] [--clv] [--clv-only] [--clv-customers N]
 *
 * Prints a markdown report and puts it in BENCHMARKS.md (one section per line count and formats, one for the
 * lifetime-value runs per number of simulated customers).
 * Exit status: 0 all ran and every target checked passed, 1 usage or generation error, 2 analyze pending or
 * failed, 3 a target failed.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { benchCsvFromParquet, generateBenchLines } from "../src/sample/generate.js";
import { type BenchArgs, type Format, parseBenchArgs, USAGE } from "./args.js";
import { benchBeyondSizes, generateBenchBeyond } from "./beyond-data.js";
import {
  CLV_CALIBRATION_END,
  CLV_LAST_DAY,
  CLV_START,
  countParquetRows,
  generateClvTransactions,
} from "./clv-data.js";
import {
  CDNOW_CALIBRATION_END,
  CDNOW_MAP,
  type ClvBenchResult,
  type ClvData,
  type ClvSeries,
  clvFailedTargets,
  clvMarkdown,
  clvSectionKey,
} from "./clv-report.js";
import type { ClvSteps } from "./clv-steps.js";
import { machineInfo } from "./machine.js";
import { assertTimeAvailable, measure } from "./measure.js";
import {
  type BenchResult,
  type BeyondData,
  type DataFile,
  failedTargets,
  resultMarkdown,
  type Series,
  upsertSection,
} from "./report.js";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const DATA_DIR = join(ROOT, "bench", "data");
const CLI = join(ROOT, "dist", "cli", "main.js");
const BARE = join(ROOT, "bench", "bare-query.mjs");
const BENCHMARKS_MD = join(ROOT, "BENCHMARKS.md");
const TSX = join(ROOT, "node_modules", "tsx", "dist", "cli.mjs");
const CLV_STEPS = join(ROOT, "bench", "clv-steps.ts");
/** The CDNOW sample (Fader & Hardie's 1/10th sample of CDNOW's customers), beside the project. */
const CDNOW = join(ROOT, "..", "shared", "data", "cdnow", "CDNOW_sample.txt");

const say = (text: string) => process.stdout.write(`${text}\n`);

function dataPath(args: BenchArgs, format: Format): string {
  return join(DATA_DIR, `lines-${args.lines}-customers-${args.customers}-seed-${args.seed}.${format}`);
}

/** The customer list and activities that go with the lines (named after them), CSV for either format. */
function beyondPaths(args: BenchArgs): { list: string; activities: string } {
  const stem = join(DATA_DIR, `lines-${args.lines}-customers-${args.customers}-seed-${args.seed}`);
  return { list: `${stem}.customer-list.csv`, activities: `${stem}.activities.csv` };
}

/** Generates the customer list and activities unless both are in bench/data/; null seconds when reused. */
async function prepareBeyondData(args: BenchArgs, engine: DuckDbEngine): Promise<BeyondData> {
  const paths = beyondPaths(args);
  let seconds: number | null = null;
  if (!existsSync(paths.list) || !existsSync(paths.activities)) {
    const sizes = benchBeyondSizes(args.lines, args.customers);
    say(
      `generating a customer list of ${(args.customers + sizes.prospects).toLocaleString("en-US")} and ${sizes.activities.toLocaleString("en-US")} activities …`,
    );
    const started = performance.now();
    const partial = { list: `${paths.list}.partial`, activities: `${paths.activities}.partial` };
    await generateBenchBeyond(engine, {
      lines: args.lines,
      customers: args.customers,
      seed: args.seed,
      endDate: args.asOf,
      listPath: partial.list,
      activitiesPath: partial.activities,
    });
    await rename(partial.list, paths.list);
    await rename(partial.activities, paths.activities);
    seconds = (performance.now() - started) / 1000;
    say(`  done in ${seconds.toFixed(1)} s`);
  }
  const sizes = benchBeyondSizes(args.lines, args.customers);
  return {
    listRows: args.customers + sizes.prospects,
    listBytes: (await stat(paths.list)).size,
    activityRows: sizes.activities,
    activityBytes: (await stat(paths.activities)).size,
    seconds,
  };
}

/**
 * Generates the data files not already in bench/data/ and returns how long each took (null: reused).
 * Files are written under a temporary name and renamed, so a broken run leaves nothing to reuse.
 */
async function prepareData(args: BenchArgs, engine: DuckDbEngine): Promise<DataFile[]> {
  await mkdir(DATA_DIR, { recursive: true });
  const seconds = new Map<Format, number>();
  // Parquet first: converting it to CSV is ~4× faster than generating the CSV.
  for (const format of (["parquet", "csv"] as const).filter((f) => args.formats.includes(f))) {
    const target = dataPath(args, format);
    if (existsSync(target)) continue;
    const partial = `${target}.partial`;
    say(`generating ${args.lines.toLocaleString("en-US")} lines as ${format} …`);
    const started = performance.now();
    const parquet = dataPath(args, "parquet");
    if (format === "csv" && existsSync(parquet)) {
      await benchCsvFromParquet(engine, parquet, partial);
    } else {
      await generateBenchLines(engine, {
        lines: args.lines,
        customers: args.customers,
        seed: args.seed,
        endDate: args.asOf,
        ...(format === "csv" ? { csvPath: partial } : { parquetPath: partial }),
      });
    }
    await rename(partial, target);
    seconds.set(format, (performance.now() - started) / 1000);
    say(`  done in ${seconds.get(format)?.toFixed(1)} s`);
  }
  return Promise.all(
    args.formats.map(async (format) => ({
      format,
      bytes: (await stat(dataPath(args, format))).size,
      seconds: seconds.get(format) ?? null,
    })),
  );
}

/** The first lines of a failed command's output, for the report. */
function firstLines(text: string, n = 3): string {
  return text.trim().split("\n").slice(0, n).join(" / ") || "(no output)";
}

async function runSeries(args: BenchArgs, format: Format): Promise<Series[]> {
  const file = dataPath(args, format);
  const analyze: Series = { format, kind: "analyze", runs: [] };
  const report: Series = { format, kind: "report", runs: [] };
  const bare: Series = { format, kind: "bare", runs: [] };
  const migrateSeries: Series = { format, kind: "migrate", runs: [] };
  const trendSeries: Series = { format, kind: "trend", runs: [] };
  const saveSeries: Series = { format, kind: "save", runs: [] };
  const beyondSeries: Series = { format, kind: "beyond", runs: [] };
  const beyondReport: Series = { format, kind: "beyond-report", runs: [] };
  const { list, activities } = beyondPaths(args);
  // The customer list's region column; no --reps, so the team is one rep per account manager of the list.
  const beyondArgs = ["--customers", list, "--activities", activities, "--by", "region"];
  const dbDir = await mkdtemp(join(tmpdir(), "strata-bench-db-"));
  const movement: Array<[Series, string[]]> = [
    // A new database each run (the file name carries the run), so each save is the same work.
    [saveSeries, ["analyze", file, "--as-of", args.asOf, "--quiet", "--db", join(dbDir, "strata.duckdb")]],
    [migrateSeries, ["migrate", file, "--as-of", args.asOf]],
    [trendSeries, ["trend", file, "--as-of", args.asOf, "--every", "month", "--windows", "12"]],
  ];
  if (!existsSync(CLI)) {
    analyze.pending =
      "dist/cli/main.js does not exist yet (the CLI is not written or not built: npm run build).";
    say(`analyze (${format}): ${analyze.pending}`);
  }
  const bareArgs = [BARE, file, "--as-of", args.asOf];
  // Warm-up: the first read of a file pays for the disk, later ones read the page cache.
  await measure(process.execPath, bareArgs, ROOT);
  for (let i = 0; i < args.runs; i++) {
    if (analyze.pending === undefined) {
      // The comparison with the bare query: the same figures, classified and printed (stdout is read
      // and discarded by the measurement). Writing the files is measured apart, as `report`.
      const m = await measure(process.execPath, [CLI, "analyze", file, "--as-of", args.asOf], ROOT);
      if (m.exitCode === 0) {
        analyze.runs.push(m);
        say(`  ${format} analyze #${i + 1}: ${m.seconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB`);
      } else {
        analyze.runs = [];
        analyze.pending = `strata analyze exited with status ${m.exitCode}: ${firstLines(m.stderr || m.stdout)}`;
        say(`analyze (${format}): ${analyze.pending}`);
      }
    }
    if (analyze.pending === undefined && args.withOutputs) {
      const out = await mkdtemp(join(tmpdir(), "strata-bench-out-"));
      try {
        const m = await measure(
          process.execPath,
          [CLI, "analyze", file, "--as-of", args.asOf, "--out", out, "--quiet"],
          ROOT,
        );
        if (m.exitCode === 0) {
          report.runs.push(m);
          say(`  ${format} report  #${i + 1}: ${m.seconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB`);
        }
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
    if (analyze.pending === undefined && args.withBeyond) {
      const out = await mkdtemp(join(tmpdir(), "strata-bench-out-"));
      const runs: Array<[Series, string[]]> = [
        [beyondSeries, [CLI, "analyze", file, "--as-of", args.asOf, ...beyondArgs]],
        ...(args.withOutputs
          ? [
              [
                beyondReport,
                [CLI, "analyze", file, "--as-of", args.asOf, ...beyondArgs, "--out", out, "--quiet"],
              ] as [Series, string[]],
            ]
          : []),
      ];
      try {
        for (const [series, cmd] of runs) {
          if (series.pending !== undefined) continue;
          const m = await measure(process.execPath, cmd, ROOT);
          if (m.exitCode === 0) {
            series.runs.push(m);
            say(
              `  ${format} ${series.kind} #${i + 1}: ${m.seconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB`,
            );
          } else {
            series.runs = [];
            series.pending = `strata ${series.kind} exited with status ${m.exitCode}: ${firstLines(m.stderr || m.stdout)}`;
            say(`${series.kind} (${format}): ${series.pending}`);
          }
        }
      } finally {
        await rm(out, { recursive: true, force: true });
      }
    }
    if (analyze.pending === undefined && args.withMovement) {
      for (const [series, cmd] of movement) {
        if (series.pending !== undefined) continue;
        await rm(join(dbDir, "strata.duckdb"), { force: true });
        const m = await measure(process.execPath, [CLI, ...cmd], ROOT);
        if (m.exitCode === 0) {
          series.runs.push(m);
          say(
            `  ${format} ${series.kind.padEnd(7)} #${i + 1}: ${m.seconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB`,
          );
        } else {
          series.runs = [];
          series.pending = `strata ${series.kind} exited with status ${m.exitCode}: ${firstLines(m.stderr || m.stdout)}`;
          say(`${series.kind} (${format}): ${series.pending}`);
        }
      }
    }
    const b = await measure(process.execPath, bareArgs, ROOT);
    if (b.exitCode !== 0) throw new Error(`the bare query failed on ${file}: ${firstLines(b.stderr)}`);
    bare.runs.push(b);
    say(
      `  ${format} bare    #${i + 1}: ${b.seconds.toFixed(2)} s, ${b.peakMiB.toFixed(0)} MiB  ${b.stdout.trim()}`,
    );
  }
  await rm(dbDir, { recursive: true, force: true });
  return [
    analyze,
    ...(args.withOutputs ? [report] : []),
    ...(args.withBeyond ? [beyondSeries, ...(args.withOutputs ? [beyondReport] : [])] : []),
    ...(args.withMovement ? [saveSeries, migrateSeries, trendSeries] : []),
    bare,
  ];
}

/** The simulated transactions of the lifetime-value benchmark, named by customers and seed. */
function clvPath(customers: number, seed: number): string {
  return join(DATA_DIR, `clv-customers-${customers}-seed-${seed}.parquet`);
}

/** Generates the simulated transactions unless they are in bench/data/; counts them either way. */
async function prepareClvData(args: BenchArgs, customers: number, engine: DuckDbEngine): Promise<ClvData> {
  await mkdir(DATA_DIR, { recursive: true });
  const path = clvPath(customers, args.seed);
  let seconds: number | null = null;
  if (!existsSync(path)) {
    say(`generating the transactions of ${customers.toLocaleString("en-US")} simulated customers …`);
    const started = performance.now();
    await generateClvTransactions(engine, { customers, seed: args.seed, parquetPath: `${path}.partial` });
    await rename(`${path}.partial`, path);
    seconds = (performance.now() - started) / 1000;
    say(`  done in ${seconds.toFixed(1)} s`);
  }
  return {
    cdnowPath: relative(ROOT, CDNOW),
    path,
    customers,
    seed: args.seed,
    transactions: await countParquetRows(engine, path),
    bytes: (await stat(path)).size,
    seconds,
    firstDay: CLV_START,
    calibrationEnd: CLV_CALIBRATION_END,
    lastDay: CLV_LAST_DAY,
  };
}

/**
 * `strata clv` as a whole process on the CDNOW sample and on the simulated customers, alternating, and each
 * run bench/clv-steps.ts in a process of its own (the fits timed alone, and the fitted parameters).
 */
async function runClvSeries(args: BenchArgs, data: ClvData): Promise<ClvSeries[]> {
  const cdnow: ClvSeries = { kind: "clv-cdnow", runs: [], steps: [] };
  const simulated: ClvSeries = { kind: "clv", runs: [], steps: [] };
  const common = ["--unit", "week", "--no-pareto"];
  const jobs: Array<{ series: ClvSeries; file: string; options: string[] }> = [
    { series: cdnow, file: CDNOW, options: ["--map", CDNOW_MAP, "--calibration-end", CDNOW_CALIBRATION_END] },
    { series: simulated, file: data.path, options: ["--calibration-end", data.calibrationEnd] },
  ];
  if (!existsSync(CDNOW)) {
    cdnow.pending = `skipped: ${relative(ROOT, CDNOW)} does not exist (the CDNOW sample goes in ../shared/data/cdnow/).`;
    say(`clv-cdnow: ${cdnow.pending}`);
  }
  if (!existsSync(CLI)) {
    for (const s of [cdnow, simulated]) {
      s.pending ??=
        "dist/cli/main.js does not exist yet (the CLI is not written or not built: npm run build).";
    }
  }
  // Warm-up: the first read of a file pays for the disk, later ones read the page cache.
  for (const { series, file } of jobs) if (series.pending === undefined) await readFile(file);
  for (let i = 0; i < args.runs; i++) {
    for (const { series, file, options } of jobs) {
      if (series.pending !== undefined) continue;
      const m = await measure(process.execPath, [CLI, "clv", file, ...options, ...common, "--quiet"], ROOT);
      if (m.exitCode !== 0) {
        series.runs = [];
        series.pending = `strata clv exited with status ${m.exitCode}: ${firstLines(m.stderr || m.stdout)}`;
        say(`${series.kind}: ${series.pending}`);
        continue;
      }
      series.runs.push(m);
      say(`  ${series.kind.padEnd(9)} #${i + 1}: ${m.seconds.toFixed(2)} s, ${m.peakMiB.toFixed(0)} MiB`);
      // The CDNOW fit takes ~0.03 s once compiled: a few more calls give that figure; the 1M one, none.
      const warm = series.kind === "clv-cdnow" ? "5" : "0";
      const s = await measure(process.execPath, [TSX, CLV_STEPS, file, ...options, "--warm", warm], ROOT);
      if (s.exitCode !== 0) {
        series.pending = `bench/clv-steps.ts exited with status ${s.exitCode}: ${firstLines(s.stderr || s.stdout)}`;
        say(`${series.kind}: ${series.pending}`);
        continue;
      }
      const steps = JSON.parse(s.stdout) as ClvSteps;
      series.steps.push(steps);
      say(
        `  ${series.kind.padEnd(9)} steps #${i + 1}: read ${(steps.seconds.readLines + steps.seconds.rfmSummary).toFixed(2)} s, ` +
          `BG/NBD ${steps.seconds.fitBgNbd.toFixed(3)} s, Gamma-Gamma ${steps.seconds.fitGammaGamma.toFixed(3)} s, ` +
          `lifetimeValue ${steps.seconds.lifetimeValue.toFixed(2)} s`,
      );
    }
  }
  return [cdnow, simulated];
}

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`${message}\n${message.includes("usage:") ? "" : `${USAGE}\n`}`);
    return 1;
  }
  assertTimeAvailable();
  const startedAt = new Date().toISOString().replace(/\.\d+Z$/, "Z");
  const withLines = args.clv?.only !== true;
  const engine = await DuckDbEngine.open({
    memoryLimit: "2GB",
    threads: 2,
    tempDirectory: join(DATA_DIR, "tmp"),
  });
  let machine: BenchResult["machine"];
  let data: DataFile[] = [];
  let beyondData: BeyondData | undefined;
  let clvData: ClvData | undefined;
  try {
    machine = await machineInfo(engine);
    if (withLines) data = await prepareData(args, engine);
    if (withLines && args.withBeyond) beyondData = await prepareBeyondData(args, engine);
    if (args.clv) clvData = await prepareClvData(args, args.clv.customers, engine);
  } finally {
    await engine.close();
  }
  const series: Series[] = [];
  let clvSeries: ClvSeries[] = [];
  try {
    if (withLines) for (const format of args.formats) series.push(...(await runSeries(args, format)));
    if (clvData) clvSeries = await runClvSeries(args, clvData);
  } finally {
    if (!args.keep) {
      if (withLines) for (const format of args.formats) await rm(dataPath(args, format), { force: true });
      if (withLines && args.withBeyond)
        for (const path of Object.values(beyondPaths(args))) await rm(path, { force: true });
      if (clvData) await rm(clvData.path, { force: true });
    }
  }
  const command = `npm run bench -- ${argv.join(" ")}`.trim();
  const loadAtEnd = loadavg()[0] ?? 0;
  let document = existsSync(BENCHMARKS_MD) ? await readFile(BENCHMARKS_MD, "utf8") : "# Benchmarks\n";
  let failed = 0;
  if (withLines) {
    const result: BenchResult = {
      args,
      machine,
      command,
      startedAt,
      data,
      ...(beyondData ? { beyondData } : {}),
      series,
      loadAtEnd,
    };
    const markdown = resultMarkdown(result);
    say(`\n${markdown}`);
    const key = `lines=${args.lines} formats=${args.formats.join(",")}`;
    document = upsertSection(document, key, markdown);
    say(`BENCHMARKS.md: section '${key}' to be written.`);
    failed += failedTargets(result);
  }
  if (clvData) {
    const result: ClvBenchResult = {
      runs: args.runs,
      machine,
      command,
      startedAt,
      data: { ...clvData, path: relative(ROOT, clvData.path) },
      series: clvSeries,
      loadAtEnd,
    };
    const markdown = clvMarkdown(result);
    say(`\n${markdown}`);
    const key = clvSectionKey(clvData.customers, clvData.seed);
    document = upsertSection(document, key, markdown);
    say(`BENCHMARKS.md: section '${key}' to be written.`);
    failed += clvFailedTargets(result);
  }
  await writeFile(BENCHMARKS_MD, document);
  say("BENCHMARKS.md written.");
  // A missing CDNOW sample is a skip, not a pending analysis.
  if (
    series.some((s) => s.pending !== undefined) ||
    clvSeries.some((s) => s.runs.length === 0 && !s.pending?.startsWith("skipped"))
  )
    return 2;
  return failed > 0 ? 3 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`bench: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
