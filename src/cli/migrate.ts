import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { Command } from "commander";
import type { AnalyzeResult } from "../app/analyze.js";
import { ACTIVE_PYRAMID_ORDER, type ClassOrder, migrate, migrationRows } from "../core/migrate.js";
import type { ClassifiedCustomers, Migration, MigrationRow } from "../core/migration-types.js";
import { describeWindow, parseAsOf, windowFor } from "../core/policy.js";
import type { Summary } from "../core/summary.js";
import type { Trend } from "../core/trend.js";
import { writeMigrationCsv } from "../report/migration-csv.js";
import { renderMigrationTerminal } from "../report/migration-terminal.js";
import { renderReadingTerminal } from "../report/terminal.js";
import { type AnalyzeCliOptions, addReadOptions, runAnalysis } from "./analyze.js";
import { addSaveOptions, type SaveCliOptions, saveIfAsked } from "./history.js";
import type { Io } from "./io.js";
import { percentOption } from "./options.js";

interface MigrateCliOptions extends AnalyzeCliOptions {
  from?: string;
  aDrop: string;
}

/** What `writeMigrationOutputs` writes; from `strata migrate`, or from two saved analyses. */
export interface MigrationOutputs {
  migration: Migration;
  /** Both windows classified, for the per-customer rows of migration.csv and migration-pyramid.csv. */
  previous: ClassifiedCustomers;
  current: ClassifiedCustomers;
  /** The class order given to `migrate`, so that the rows' movements use the same order. */
  classOrder?: ClassOrder | undefined;
  /** The analysis of the current window; report.html shows it with the migration sections. */
  summary: Summary;
  /** The rows of both CSV files when the caller has them already; default: computed from previous/current. */
  rows?: { abc: readonly MigrationRow[]; pyramid: readonly MigrationRow[] } | undefined;
  /** A trend to show in the same report (the demo's). */
  trend?: Trend | undefined;
  /** Write report.html too; default true (the demo writes one report with every section itself). */
  report?: boolean;
}

/**
 * Writes migration.json, migration.csv (ABC), migration-pyramid.csv and report.html (analysis of the current
 * window + migration) into `out`, a folder as the user named it (relative to io.cwd); says "Wrote …" on
 * stderr unless quiet. Returns the paths written.
 */
export async function writeMigrationOutputs(
  out: string,
  input: MigrationOutputs,
  io: Io,
  opts: { quiet?: boolean | undefined } = {},
): Promise<string[]> {
  const dir = resolve(io.cwd, out);
  await mkdir(dir, { recursive: true });
  const paths = {
    json: join(dir, "migration.json"),
    abc: join(dir, "migration.csv"),
    pyramid: join(dir, "migration-pyramid.csv"),
    ...(input.report === false ? {} : { html: join(dir, "report.html") }),
  };
  const rows = input.rows ?? {
    abc: migrationRows(input.previous, input.current, "abc", input.classOrder),
    pyramid: migrationRows(input.previous, input.current, "pyramid", input.classOrder),
  };
  await writeFile(paths.json, `${JSON.stringify(input.migration, null, 2)}\n`);
  await writeMigrationCsv(paths.abc, rows.abc);
  await writeMigrationCsv(paths.pyramid, rows.pyramid);
  if (paths.html !== undefined) {
    await writeFile(
      paths.html,
      await (await import("../report/html.js")).renderHtmlReport(input.summary, {
        migration: input.migration,
        ...(input.trend === undefined ? {} : { trend: input.trend }),
      }),
    );
  }
  const written = Object.values(paths);
  if (!opts.quiet) {
    io.stderr(
      `Wrote ${join(out, "migration.json")}, ${written
        .slice(1)
        .map((p) => basename(p))
        .join(", ")}\n`,
    );
  }
  return written;
}

/**
 * The migration from one of an analysis's extra windows (`more[index]`, the previous window) to its main
 * window, with the class order both CSV files need.
 */
export function migrationOf(
  result: AnalyzeResult,
  index: number,
  aDropShare: number,
): { migration: Migration; previous: ClassifiedCustomers; classOrder: ClassOrder } {
  const previous = result.more[index];
  if (!previous) throw new Error("the previous window was not aggregated");
  // The current window's class labels keep every class in the matrices, even one empty in both windows.
  const classOrder = { abc: [...result.analysis.abc.labels], pyramid: [...ACTIVE_PYRAMID_ORDER] };
  const migration = migrate(previous.classified, result.classified, {
    classOrder,
    measure: result.summary.measure,
    previousWindow: describeWindow(previous.window),
    currentWindow: describeWindow(result.window),
    aDropShare,
  });
  return { migration, previous: previous.classified, classOrder };
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
      "write migration.json, migration.csv (ABC), migration-pyramid.csv and report.html (analysis of the current window with the migration) into this folder",
    )
    .option("--json", "print migration.json to stdout instead of the tables")
    .option("--quiet", "print nothing but errors");
  addSaveOptions(cmd).action(async (file: string, o: MigrateCliOptions & SaveCliOptions) => {
    const from = o.from === undefined ? undefined : parseAsOf(o.from);
    const aDropShare = percentOption(o.aDrop, "--a-drop");
    const result = await runAnalysis(file, o, io, {
      more: (main, policy) => [windowFor(from ?? main.after, policy.horizon)],
      beyond: false,
    });
    const { migration, previous, classOrder } = migrationOf(result, 0, aDropShare);
    if (o.json) io.stdout(`${JSON.stringify(migration, null, 2)}\n`);
    else if (!o.quiet)
      io.stdout(
        `${renderReadingTerminal(result.summary, { color: io.color })}\n${renderMigrationTerminal(migration)}`,
      );
    if (o.out !== undefined) {
      await writeMigrationOutputs(
        o.out,
        {
          migration,
          previous,
          current: result.classified,
          classOrder,
          summary: result.summary,
        },
        io,
        { quiet: o.quiet },
      );
    }
    // The current window is an analysis like any other: saved when asked or when a store is configured.
    await saveIfAsked(result, file, result.policy, o, io);
  });
  return cmd;
}
