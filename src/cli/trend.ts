import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Command, Option } from "commander";
import { StrataError } from "../core/errors.js";
import type { Summary } from "../core/summary.js";
import { type Trend, trendPoints, trendWindows } from "../core/trend.js";
import { renderReadingTerminal } from "../report/terminal.js";
import { trendCsv } from "../report/trend-csv.js";
import { renderTrendTerminal } from "../report/trend-terminal.js";
import { type AnalyzeCliOptions, addReadOptions, runAnalysis } from "./analyze.js";
import type { Io } from "./io.js";

interface TrendCliOptions extends AnalyzeCliOptions {
  every: "month" | "quarter";
  windows: string;
}

/** What `writeTrendOutputs` writes: the trend, and the analysis of its latest window for report.html. */
export interface TrendOutputs {
  trend: Trend;
  /** The latest window's analysis; report.html shows it with the trend section. */
  summary: Summary;
  /** Write report.html too; default true (the demo writes one report with every section itself). */
  report?: boolean;
}

/**
 * Writes trend.csv, trend.json and report.html (analysis of the latest window + trend) into `out`, a folder
 * as the user named it (relative to io.cwd); says "Wrote …" on stderr unless quiet. Returns the paths written.
 */
export async function writeTrendOutputs(
  out: string,
  input: TrendOutputs,
  io: Io,
  opts: { quiet?: boolean | undefined } = {},
): Promise<string[]> {
  const dir = resolve(io.cwd, out);
  await mkdir(dir, { recursive: true });
  const written = [join(dir, "trend.csv"), join(dir, "trend.json")];
  await writeFile(join(dir, "trend.csv"), trendCsv(input.trend.points));
  await writeFile(join(dir, "trend.json"), `${JSON.stringify(input.trend, null, 2)}\n`);
  if (input.report !== false) {
    const path = join(dir, "report.html");
    await writeFile(
      path,
      await (await import("../report/html.js")).renderHtmlReport(input.summary, { trend: input.trend }),
    );
    written.push(path);
  }
  if (!opts.quiet)
    io.stderr(
      `Wrote ${join(out, "trend.csv")}, ${written
        .slice(1)
        .map((p) => basename(p))
        .join(", ")}\n`,
    );
  return written;
}

/** `strata trend`: rolling windows ending every month or quarter, all from one pass over the file. */
export function trendCommand(io: Io): Command {
  const cmd = new Command("trend")
    .description("class sizes, value, customers for 80% and Gini over rolling windows")
    .argument("<file>", "invoice lines, as for analyze");
  addReadOptions(cmd)
    .addOption(
      new Option("--every <step>", "distance between window ends")
        .choices(["month", "quarter"])
        .default("quarter"),
    )
    .option("--windows <n>", "number of windows, the last ending at the as-of date", "12")
    .option(
      "--out <dir>",
      "write trend.csv, trend.json and report.html (analysis of the latest window with the trend) into this folder",
    )
    .option("--json", "print the trend as JSON")
    .option("--quiet", "print nothing but errors")
    .action(async (file: string, o: TrendCliOptions) => {
      const n = Number(o.windows);
      if (!Number.isInteger(n) || n < 1 || n > 120) {
        throw new StrataError(
          "BAD_OPTION",
          `--windows expects a whole number from 1 to 120; got '${o.windows}'.`,
          {
            value: o.windows,
          },
        );
      }
      const step = o.every === "month" ? 1 : 3;
      const result = await runAnalysis(file, o, io, {
        more: (main, policy) => trendWindows(main, policy.horizon, n, step),
        beyond: false,
      });
      const trend: Trend = {
        measure: result.summary.measure,
        points: trendPoints([
          ...result.more.map((m) => ({ window: m.window, analysis: m.analysis })),
          { window: result.window, analysis: result.analysis },
        ]),
      };
      if (o.json) io.stdout(`${JSON.stringify(trend, null, 2)}\n`);
      else if (!o.quiet)
        io.stdout(
          `${renderReadingTerminal(result.summary, { color: io.color })}\n${renderTrendTerminal(trend.points, trend.measure)}`,
        );
      if (o.out !== undefined) {
        await writeTrendOutputs(o.out, { trend, summary: result.summary }, io, { quiet: o.quiet });
      }
    });
  return cmd;
}
