import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command } from "commander";
import { ACTIVE_PYRAMID_ORDER, migrate, migrationRows } from "../core/migrate.js";
import { describeWindow, parseAsOf, windowFor } from "../core/policy.js";
import { writeMigrationCsv } from "../report/migration-csv.js";
import { renderMigrationTerminal } from "../report/migration-terminal.js";
import { type AnalyzeCliOptions, addReadOptions, percentOption, runAnalysis } from "./analyze.js";
import type { Io } from "./io.js";

interface MigrateCliOptions extends AnalyzeCliOptions {
  from?: string;
  aDrop: string;
}

/** `strata migrate`: the previous window against the current one, classified with one policy. */
export function migrateCommand(io: Io): Command {
  const cmd = new Command("migrate")
    .description(
      "who moved between ABC classes and pyramid layers, who is new, who was lost, and who to call",
    )
    .argument("<file>", "invoice lines, as for analyze");
  addReadOptions(cmd)
    .option(
      "--from <date>",
      "last day of the previous window, YYYY-MM-DD (default: the day before the current window)",
    )
    .option("--a-drop <percent>", "list A customers whose value fell by more than this", "20")
    .option(
      "--out <dir>",
      "write migration.json, migration.csv (ABC) and migration-pyramid.csv into this folder",
    )
    .option("--json", "print migration.json to stdout instead of the tables")
    .option("--quiet", "print nothing but errors")
    .action(async (file: string, o: MigrateCliOptions) => {
      const from = o.from === undefined ? undefined : parseAsOf(o.from);
      const result = await runAnalysis(file, o, io, (main, policy) => [
        windowFor(from ?? main.after, policy.horizon),
      ]);
      const previous = result.more[0];
      if (!previous) throw new Error("the previous window was not aggregated");
      // The current window's class labels keep every class in the matrices, even one empty in both windows.
      const classOrder = { abc: [...result.analysis.abc.labels], pyramid: [...ACTIVE_PYRAMID_ORDER] };
      const migration = migrate(previous.classified, result.classified, {
        classOrder,
        measure: result.summary.measure,
        previousWindow: describeWindow(previous.window),
        currentWindow: describeWindow(result.window),
        aDropShare: percentOption(o.aDrop, "--a-drop"),
      });
      if (o.json) io.stdout(`${JSON.stringify(migration, null, 2)}\n`);
      else if (!o.quiet) io.stdout(renderMigrationTerminal(migration));
      if (o.out !== undefined) {
        const dir = resolve(io.cwd, o.out);
        await mkdir(dir, { recursive: true });
        await writeFile(join(dir, "migration.json"), `${JSON.stringify(migration, null, 2)}\n`);
        await writeMigrationCsv(
          join(dir, "migration.csv"),
          migrationRows(previous.classified, result.classified, "abc", classOrder),
        );
        await writeMigrationCsv(
          join(dir, "migration-pyramid.csv"),
          migrationRows(previous.classified, result.classified, "pyramid", classOrder),
        );
        if (!o.quiet)
          io.stderr(`Wrote ${join(o.out, "migration.json")}, migration.csv, migration-pyramid.csv\n`);
      }
    });
  return cmd;
}
