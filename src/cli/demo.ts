import { mkdir } from "node:fs/promises";
import { join, relative, resolve } from "node:path";
import { Command } from "commander";
import { DuckDbEngine } from "../engine/duckdb.js";
import { type AnalyzeCliOptions, reportAnalysis, runAnalysis } from "./analyze.js";
import type { Io } from "./io.js";

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
      io.stderr(`Sample data: ${relative(io.cwd, files.invoices)}, ${relative(io.cwd, files.customers)}\n`);
      const opts: AnalyzeCliOptions = {
        customers: relative(io.cwd, files.customers),
        abc: "80,95",
        horizon: "12m",
        keyClient: "10",
        monopolyClient: "20",
        out: o.out,
        ...(o.json ? { json: true } : {}),
      };
      const result = await runAnalysis(relative(io.cwd, files.invoices), opts, io);
      await reportAnalysis(result, opts, io);
      io.stderr(
        `\nReport: ${join(relative(io.cwd, resolve(io.cwd, o.out)), "report.html")} (open it in a browser)\n`,
      );
    });
}
