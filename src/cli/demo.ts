import { mkdir } from "node:fs/promises";
import { basename, join, relative, resolve } from "node:path";
import { Command } from "commander";
import { clvSettings, runClv } from "../app/clv.js";
import { formatDay } from "../core/dates.js";
import { parseHorizon, windowFor } from "../core/policy.js";
import { type Trend, trendPoints, trendWindows } from "../core/trend.js";
import { DuckDbEngine } from "../engine/duckdb.js";
import { formatCount, formatMoney, formatNumber } from "../report/format.js";
import { type AnalyzeCliOptions, reportAnalysis, runAnalysis, withEngine } from "./analyze.js";
import { writeClvOutputs } from "./clv.js";
import type { Io } from "./io.js";
import { migrationOf, writeMigrationOutputs } from "./migrate.js";
import { writeTrendOutputs } from "./trend.js";

/** The demo's lifetime-value holdout: the models learn from all but the last 26 weeks and are checked on them. */
const DEMO_HOLDOUT_DAYS = 26 * 7;

/** The demo's trend: the windows ending every quarter over the last two years of its three. */
const DEMO_TREND = { windows: 9, stepMonths: 3 } as const;

/** `strata demo`: generates the sample distributor and runs the full analysis on it. */
export function demoCommand(io: Io): Command {
  return new Command("demo")
    .description("generate a sample B2B distributor (seeded) and analyse it: no input needed")
    .option("--data <dir>", "where the sample files go", "demo-data")
    .option("--out <dir>", "where the results go", "out/demo")
    .option("--seed <n>", "seed of the generator", "42")
    .option("--json", "print summary.json to stdout instead of the tables")
    .action(async (o: { data: string; out: string; seed: string; json?: boolean }) => {
      const dataDir = resolve(io.cwd, o.data);
      await mkdir(dataDir, { recursive: true });
      const engine = await DuckDbEngine.open();
      const { generateSample } = await import("../sample/generate.js");
      let files: Awaited<ReturnType<typeof generateSample>>;
      try {
        files = await generateSample(engine, dataDir, { seed: Number(o.seed) });
      } finally {
        await engine.close();
      }
      const rel = (p: string) => relative(io.cwd, p);
      io.stderr(
        `Sample data: ${[files.invoices, files.customers, files.activities, files.reps].map(rel).join(", ")}\n`,
      );
      const opts: AnalyzeCliOptions = {
        customers: rel(files.customers),
        activities: rel(files.activities),
        reps: rel(files.reps),
        by: "region",
        out: o.out,
        ...(o.json ? { json: true } : {}),
      };
      // One pass classifies the current window, the previous one (migration) and the trend's windows.
      const result = await runAnalysis(relative(io.cwd, files.invoices), opts, io, {
        more: (main, policy) => [
          windowFor(main.after, policy.horizon),
          ...trendWindows(main, policy.horizon, DEMO_TREND.windows, DEMO_TREND.stepMonths),
        ],
        beyond: true,
      });
      const trend: Trend = {
        measure: result.summary.measure,
        points: trendPoints([
          ...result.more.slice(1).map((m) => ({ window: m.window, analysis: m.analysis })),
          { window: result.window, analysis: result.analysis },
        ]),
      };
      const { migration, previous, classOrder } = migrationOf(result, 0, 0.2);
      // One report.html with the analysis, the migration and the trend.
      await reportAnalysis(result, opts, io, { migration, trend });
      const written = [
        ...(await writeMigrationOutputs(
          o.out,
          {
            migration,
            previous,
            current: result.classified,
            classOrder,
            summary: result.summary,
            report: false,
          },
          io,
          { quiet: true },
        )),
        ...(await writeTrendOutputs(o.out, { trend, summary: result.summary, report: false }, io, {
          quiet: true,
        })),
      ];
      io.stderr(`Wrote ${written.map((p) => join(o.out, basename(p))).join(", ")}\n`);
      const clvLine = await demoLifetimeValue(
        rel(files.invoices),
        result.window.asOf,
        join(o.out, "clv"),
        io,
      );
      io.stderr(
        `\nReport: ${join(relative(io.cwd, resolve(io.cwd, o.out)), "report.html")} (open it in a browser)\n${clvLine}`,
      );
    });
}

/**
 * `strata clv` on the sample (BG/NBD and Gamma-Gamma; the Pareto/NBD is left to `strata clv`, as it takes longer):
 * writes clv.csv, clv.json and report.html into `out`, returns the lines to print.
 */
async function demoLifetimeValue(invoices: string, asOf: number, out: string, io: Io): Promise<string> {
  const run = await withEngine(invoices, { quiet: true }, io, (engine, tmpDir) =>
    runClv(engine, {
      file: resolve(io.cwd, invoices),
      displayFile: invoices,
      calibrationEnd: asOf - DEMO_HOLDOUT_DAYS,
      unit: "week",
      settings: clvSettings(parseHorizon("12m"), "week", 0.1, false),
      tmpDir,
    }),
  );
  await writeClvOutputs(run, resolve(io.cwd, out));
  const v = run.result.validation;
  const clv = run.result.predictions.clv.reduce((s, x) => s + x, 0);
  const check =
    v === null
      ? ""
      : ` BG/NBD predicted ${formatNumber(v.predictedBgNbd, 0)} repeat purchases in the ${v.length.toFixed(0)}-week holdout, against ${formatCount(v.actual)} made;`;
  return `Lifetime value: ${join(out, "report.html")} (strata clv ${invoices} --calibration-end ${formatDay(asOf - DEMO_HOLDOUT_DAYS)}).${check} CLV of the ${formatCount(run.result.customers)} customers over the next 12 months: ${formatMoney(clv)}.\n`;
}
