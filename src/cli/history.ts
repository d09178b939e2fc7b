import { access, mkdir } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { Command } from "commander";
import type { AnalyzeResult } from "../app/analyze.js";
import { StrataError } from "../core/errors.js";
import { ACTIVE_PYRAMID_ORDER, type ClassOrder, migrate } from "../core/migrate.js";
import type { ClassifiedCustomers, Migration } from "../core/migration-types.js";
import { describeHorizon, type Policy } from "../core/policy.js";
import type { Summary } from "../core/summary.js";
import { renderMigrationTerminal } from "../report/migration-terminal.js";
import { type TextColumn, textTable } from "../report/text-table.js";
import type { AnalysisInfo, Store } from "../store/store.js";
import type { Io } from "./io.js";
import { percentOption } from "./options.js";

/** A saved analysis with its policy and summary, as the store returns it. */
type SavedAnalysis = AnalysisInfo & { policy: Policy; summary: Summary };

/** The history database a command uses when neither --db nor STRATA_DB names one. */
export const DEFAULT_DB = "strata.duckdb";

/** Options of the commands that can save an analysis. */
export interface SaveCliOptions {
  /** true: --save; false: --no-save; undefined: save when a store is configured. */
  save?: boolean;
  db?: string;
  label?: string;
  quiet?: boolean;
}

/** Adds --save, --no-save, --db and --label. */
export function addSaveOptions(cmd: Command): Command {
  return cmd
    .option(
      "--save",
      `save the analysis in the history database (default: on when --db or STRATA_DB is given or ${DEFAULT_DB} exists here)`,
    )
    .option("--no-save", "do not save the analysis, even when a history database is configured")
    .option("--db <file>", `history database file (default: STRATA_DB, else ${DEFAULT_DB} in this folder)`)
    .option("--label <text>", "a name for the saved analysis, shown by `strata history list`");
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The history database path: --db, else STRATA_DB, else strata.duckdb in the working directory. */
function dbPath(o: { db?: string }, io: Io): { path: string; shown: string; named: boolean } {
  const named = o.db ?? io.env.STRATA_DB;
  const shown = named !== undefined && named !== "" ? named : DEFAULT_DB;
  return { path: resolve(io.cwd, shown), shown, named: named !== undefined && named !== "" };
}

async function openHistory(path: string): Promise<Store> {
  // Loaded on demand: a run that saves nothing does not pay for it.
  const { openStore } = await import("../store/store.js");
  return openStore(path);
}

/**
 * Saves an analysis when asked (--save) or when a store is configured (--db, STRATA_DB, or an existing
 * strata.duckdb here) and not refused (--no-save). Returns the new id, or undefined when not saved.
 */
export async function saveIfAsked(
  result: AnalyzeResult,
  file: string,
  policy: Policy,
  o: SaveCliOptions,
  io: Io,
): Promise<number | undefined> {
  if (o.save === false) return undefined;
  const db = dbPath(o, io);
  if (o.save !== true && !db.named && !(await exists(db.path))) return undefined;
  const { fingerprintFile } = await import("../store/fingerprint.js");
  const fingerprint = await fingerprintFile(resolve(io.cwd, file));
  await mkdir(dirname(db.path), { recursive: true });
  const store = await openHistory(db.path);
  let id: number;
  try {
    id = await store.saveAnalysis({
      ...(o.label !== undefined ? { label: o.label } : {}),
      file,
      fingerprint,
      policy,
      summary: result.summary,
      rows: result.savedColumns(),
    });
  } finally {
    await store.close();
  }
  if (!o.quiet) {
    io.stderr(`Saved as analysis ${id} in ${db.shown} (\`strata history list\` shows the saved analyses).\n`);
  }
  return id;
}

/** Opens an existing history database for reading; a missing file is a clear error, not a new database. */
async function withHistory<T>(o: { db?: string }, io: Io, work: (store: Store) => Promise<T>): Promise<T> {
  const db = dbPath(o, io);
  if (!(await exists(db.path))) {
    throw new StrataError(
      "INPUT_NOT_FOUND",
      `There is no history database at ${db.shown}. Save an analysis first (strata analyze FILE --save), or name the database with --db.`,
      { file: db.path },
    );
  }
  const store = await openHistory(db.path);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function analysisId(text: string, name: string): number {
  if (!/^\d{1,9}$/.test(text) || Number(text) < 1) {
    throw new StrataError(
      "BAD_OPTION",
      `${name} expects the id of a saved analysis, a whole number as \`strata history list\` shows; got '${text}'.`,
      { value: text },
    );
  }
  return Number(text);
}

/** 'YYYY-MM-DD HH:MM' of an ISO timestamp (UTC). */
function minute(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

function describeInfo(a: AnalysisInfo): string {
  const label = a.label === null ? "" : ` "${a.label}"`;
  return `analysis ${a.id}${label}: ${a.file}, ${a.firstDay} … ${a.lastDay} by ${a.measure}, saved ${minute(a.createdAt)} UTC`;
}

function renderList(list: readonly AnalysisInfo[], db: string): string {
  if (list.length === 0) return `No saved analyses in ${db}. Save one with: strata analyze FILE --save\n`;
  const columns: TextColumn[] = [
    { header: "Id", align: "right" },
    { header: "Saved (UTC)", align: "left" },
    { header: "Label", align: "left" },
    { header: "File", align: "left" },
    { header: "Window", align: "left" },
    { header: "Measure", align: "left" },
    { header: "Active", align: "right" },
    { header: "Customers", align: "right" },
  ];
  const rows = list.map((a) => [
    String(a.id),
    minute(a.createdAt),
    a.label ?? "",
    a.file,
    `${a.firstDay} … ${a.lastDay}`,
    a.measure,
    String(a.activeCustomers),
    String(a.customers),
  ]);
  return `Saved analyses in ${db}\n${textTable(columns, rows)
    .map((l) => `  ${l}`.trimEnd())
    .join("\n")}\n`;
}

/** Why two saved analyses are not like for like: shown as warnings, or refused when values differ in kind. */
export function comparability(prev: SavedAnalysis, cur: SavedAnalysis): string[] {
  if (prev.measure !== cur.measure) {
    throw new StrataError(
      "BAD_OPTION",
      `Analysis ${prev.id} ranks customers by ${prev.measure} and analysis ${cur.id} by ${cur.measure}: their values cannot be compared. Save both with the same --measure.`,
      { previous: prev.measure, current: cur.measure },
    );
  }
  if (prev.asOf > cur.asOf) {
    throw new StrataError(
      "BAD_OPTION",
      `Analysis ${prev.id} ends on ${prev.asOf}, after analysis ${cur.id} (${cur.asOf}): give the earlier one first (strata history compare ${cur.id} ${prev.id}).`,
      { previous: prev.asOf, current: cur.asOf },
    );
  }
  const warnings: string[] = [];
  const same = (a: readonly number[], b: readonly number[]) =>
    a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(prev.policy.abcThresholds, cur.policy.abcThresholds)) {
    warnings.push(
      `The ABC thresholds differ (${prev.policy.abcThresholds.join(",")} in ${prev.id}, ${cur.policy.abcThresholds.join(",")} in ${cur.id}): a class change can come from the thresholds, not the customer.`,
    );
  }
  if (describeHorizon(prev.policy.horizon) !== describeHorizon(cur.policy.horizon)) {
    warnings.push(
      `The windows have different lengths (${describeHorizon(prev.policy.horizon)} in ${prev.id}, ${describeHorizon(cur.policy.horizon)} in ${cur.id}): values are not like for like.`,
    );
  }
  if (!same(prev.policy.pyramidCuts, cur.policy.pyramidCuts)) {
    warnings.push(
      `The pyramid cuts differ (${prev.policy.pyramidCuts.join(",")} in ${prev.id}, ${cur.policy.pyramidCuts.join(",")} in ${cur.id}).`,
    );
  }
  if (prev.lastDay >= cur.firstDay && prev.id !== cur.id) {
    warnings.push(
      `The windows overlap (${prev.firstDay} … ${prev.lastDay} and ${cur.firstDay} … ${cur.lastDay}): purchases in the overlap count in both.`,
    );
  }
  return warnings;
}

/** The migration between two saved analyses, classes ordered as the later one (then the earlier) has them. */
export async function compareSaved(
  store: Store,
  previousId: number,
  currentId: number,
  aDropShare: number,
): Promise<{
  migration: Migration;
  warnings: string[];
  previous: SavedAnalysis;
  current: SavedAnalysis;
  classified: { previous: ClassifiedCustomers; current: ClassifiedCustomers };
  classOrder: ClassOrder;
}> {
  const prev = await store.getAnalysis(previousId);
  const cur = await store.getAnalysis(currentId);
  const warnings = comparability(prev, cur);
  const labels = [...new Set([...cur.summary.abc.classes, ...prev.summary.abc.classes].map((c) => c.label))];
  const classOrder: ClassOrder = { abc: labels, pyramid: [...ACTIVE_PYRAMID_ORDER] };
  const classified = {
    previous: await store.classified(previousId),
    current: await store.classified(currentId),
  };
  const migration = migrate(classified.previous, classified.current, {
    classOrder,
    measure: cur.measure,
    previousWindow: { firstDay: prev.firstDay, lastDay: prev.lastDay },
    currentWindow: { firstDay: cur.firstDay, lastDay: cur.lastDay },
    aDropShare,
  });
  return { migration, warnings, previous: prev, current: cur, classified, classOrder };
}

/** `strata history list | show ID | compare ID1 ID2`: saved analyses. */
export function historyCommand(io: Io): Command {
  const history = new Command("history").description(
    "analyses saved with --save: list them, show one, compare two (who moved between them)",
  );
  const dbOption = (cmd: Command) =>
    cmd.option(
      "--db <file>",
      `history database file (default: STRATA_DB, else ${DEFAULT_DB} in this folder)`,
    );

  dbOption(history.command("list").description("every saved analysis, oldest first"))
    .option("--json", "print the list as JSON")
    .action(async (o: { db?: string; json?: boolean }) => {
      await withHistory(o, io, async (store) => {
        const list = await store.listAnalyses();
        if (o.json) io.stdout(`${JSON.stringify(list, null, 2)}\n`);
        else io.stdout(renderList(list, dbPath(o, io).shown));
      });
    });

  dbOption(history.command("show").description("one saved analysis, as analyze printed it"))
    .argument("<id>", "id of the saved analysis (strata history list)")
    .option("--json", "print the saved analysis (its details, policy and summary) as JSON")
    .option("--out <dir>", "write summary.json, customers.csv and report.html of the saved analysis")
    .option("--no-color", "no colours in the terminal output")
    .action(async (idText: string, o: { db?: string; json?: boolean; out?: string; color?: boolean }) => {
      const id = analysisId(idText, "history show");
      await withHistory(o, io, async (store) => {
        const saved = await store.getAnalysis(id);
        const { summary, policy, ...info } = saved;
        if (o.json) io.stdout(`${JSON.stringify({ analysis: info, policy, summary }, null, 2)}\n`);
        else {
          const { renderTerminal } = await import("../report/terminal.js");
          io.stdout(`Saved ${describeInfo(info)}\n\n`);
          io.stdout(renderTerminal(summary, { color: io.color && o.color !== false }));
        }
        if (o.out !== undefined) {
          const { writeSavedOutputs } = await import("./history-out.js");
          const written = await writeSavedOutputs(
            resolve(io.cwd, o.out),
            summary,
            await store.customerRows(id),
          );
          io.stderr(`Wrote ${written.join(", ")} into ${o.out}\n`);
        }
      });
    });

  dbOption(
    history
      .command("compare")
      .description("the migration between two saved analyses: matrices, churn figures, action lists"),
  )
    .argument("<previous>", "id of the earlier analysis")
    .argument("<current>", "id of the later analysis")
    .option("--a-drop <percent>", "list A customers whose value fell by more than this", "20")
    .option("--json", "print the migration as JSON (as strata migrate --json)")
    .option(
      "--out <dir>",
      "write migration.json, migration.csv, migration-pyramid.csv and report.html (the later analysis with the migration)",
    )
    .option("--quiet", "print nothing but errors")
    .action(
      async (
        prevText: string,
        curText: string,
        o: { db?: string; aDrop: string; json?: boolean; out?: string; quiet?: boolean },
      ) => {
        const previousId = analysisId(prevText, "history compare");
        const currentId = analysisId(curText, "history compare");
        const aDrop = percentOption(o.aDrop, "--a-drop");
        await withHistory(o, io, async (store) => {
          const { migration, warnings, previous, current, classified, classOrder } = await compareSaved(
            store,
            previousId,
            currentId,
            aDrop,
          );
          for (const w of warnings) io.stderr(`warning: ${w}\n`);
          if (o.json) io.stdout(`${JSON.stringify(migration, null, 2)}\n`);
          else if (!o.quiet) {
            io.stdout(`From ${describeInfo(previous)}\n  to ${describeInfo(current)}\n\n`);
            io.stdout(renderMigrationTerminal(migration));
          }
          if (o.out !== undefined) {
            const { writeMigrationOutputs } = await import("./migrate.js");
            await writeMigrationOutputs(
              o.out,
              { migration, ...classified, classOrder, summary: current.summary },
              io,
              { quiet: o.quiet },
            );
          }
        });
      },
    );
  return history;
}
