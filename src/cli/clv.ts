/**
 * `strata clv`: fits BG/NBD, Pareto/NBD and Gamma-Gamma on the purchase history up to the calibration end,
 * validates against the holdout that follows it, and predicts every customer (p(alive), expected purchases
 * and value over the horizon, discounted CLV).
 */
import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { type ClvRun, clvSettings, runClv } from "../app/clv.js";
import { StrataError } from "../core/errors.js";
import { parseAsOf, parseHorizon } from "../core/policy.js";
import type { TimeUnit } from "../engine/rfm-summary.js";
import { type AnalyzeCliOptions, addReadOptions, readingOf, withEngine } from "./analyze.js";
import type { Io } from "./io.js";

interface ClvCliOptions extends AnalyzeCliOptions {
  calibrationEnd?: string;
  unit: TimeUnit;
  discountRate: string;
  pareto: boolean;
}

function rateOption(text: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x < 0 || x >= 100)
    throw new StrataError(
      "BAD_OPTION",
      `--discount-rate expects a yearly percentage from 0 to 99; got '${text}'.`,
      {
        value: text,
      },
    );
  return x / 100;
}

export function clvCommand(io: Io): Command {
  const cmd = new Command("clv")
    .description(
      "customer lifetime value: BG/NBD, Pareto/NBD and Gamma-Gamma fitted on the purchase history, validated on a holdout, predicted per customer",
    )
    .argument("<file>", "invoice lines: .csv/.tsv/.txt (also .gz), .parquet, .jsonl, .xlsx");
  addReadOptions(cmd)
    .option(
      "--calibration-end <date>",
      "last day the models learn from, YYYY-MM-DD; what follows up to --as-of is the holdout they are checked on (default: the as-of date, no holdout)",
    )
    .addOption(
      new Option("--unit <unit>", "time unit of the models").choices(["week", "day"]).default("week"),
    )
    .option("--discount-rate <percent>", "yearly discount rate of the CLV", "10")
    .option("--no-pareto", "skip the Pareto/NBD fit (slower; the predictions use the BG/NBD)")
    .option("--out <dir>", "write clv.csv (one row per customer) and clv.json (the fit and the validation)")
    .option("--json", "print the fit and the validation as JSON to stdout instead of the tables")
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "no colours in the terminal output")
    .action(async (file: string, o: ClvCliOptions) => {
      const horizon = parseHorizon(o.horizon ?? "12m");
      const settings = clvSettings(horizon, o.unit, rateOption(o.discountRate), o.pareto !== false);
      const run = await withEngine(file, o, io, (engine, tmpDir, onProgress) =>
        runClv(engine, {
          file: resolve(io.cwd, file),
          displayFile: file,
          ...readingOf(o),
          calibrationEnd: o.calibrationEnd === undefined ? undefined : parseAsOf(o.calibrationEnd),
          unit: o.unit,
          settings,
          tmpDir,
          onProgress,
        }),
      );
      const files = await import("../report/clv-files.js");
      if (o.json) io.stdout(`${JSON.stringify(files.clvJson(run), null, 2)}\n`);
      else if (!o.quiet) {
        const { renderClvTerminal } = await import("../report/clv-terminal.js");
        io.stdout(renderClvTerminal(run, { color: io.color && o.color !== false }));
      }
      if (o.out !== undefined) {
        const written = await writeClvOutputs(run, resolve(io.cwd, o.out));
        if (!o.quiet) io.stderr(`Wrote ${written.map((p) => join(o.out ?? "", basename(p))).join(", ")}\n`);
      }
    });
  return cmd;
}

/** Writes clv.csv, clv.json and report.html into a folder; returns their paths. */
export async function writeClvOutputs(run: ClvRun, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const files = await import("../report/clv-files.js");
  const written = [join(dir, "clv.csv"), join(dir, "clv.json"), join(dir, "report.html")];
  await writeFile(written[0] as string, files.clvCsv(run));
  await writeFile(written[1] as string, `${JSON.stringify(files.clvJson(run), null, 2)}\n`);
  const { renderClvReport } = await import("../report/clv-html.js");
  await writeFile(written[2] as string, await renderClvReport(run));
  return written;
}
