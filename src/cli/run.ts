import { Command, CommanderError } from "commander";
import { isStrataError } from "../core/errors.js";
import { analyzeCommand } from "./analyze.js";
import { beyondCommands } from "./beyond.js";
import { clvCommand } from "./clv.js";
import { configCommand } from "./config.js";
import { demoCommand } from "./demo.js";
import { historyCommand } from "./history.js";
import type { Io } from "./io.js";
import { migrateCommand } from "./migrate.js";
import { trendCommand } from "./trend.js";
import { VERSION } from "./version.js";

/** Exit statuses: 0 success; 1 a problem with the input or the options; 70 an internal error (a bug). */
export const EXIT = { ok: 0, user: 1, internal: 70 } as const;

export function buildProgram(io: Io): Command {
  const program = new Command("strata")
    .description(
      "Which customers deserve which attention: ABC classes, customer pyramid, concentration, potential, profitability, strategic categories and coverage from invoice lines, a customer list and the sales team's activities.",
    )
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for the options)");
  for (const cmd of [
    analyzeCommand(io),
    ...beyondCommands(io),
    clvCommand(io),
    migrateCommand(io),
    trendCommand(io),
    historyCommand(io),
    configCommand(io),
    demoCommand(io),
  ]) {
    const configure = (c: Command): void => {
      c.exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr });
      for (const sub of c.commands) configure(sub);
    };
    configure(cmd);
    program.addCommand(cmd);
  }
  return program;
}

/** Runs the CLI in-process; returns the exit status. Never throws for a user mistake. */
export async function run(argv: readonly string[], io: Io): Promise<number> {
  const program = buildProgram(io);
  try {
    await program.parseAsync(argv.slice(), { from: "user" });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // commander has printed its message already (unknown option, missing argument, --help, --version)
      return e.exitCode === 0 ? EXIT.ok : EXIT.user;
    }
    if (isStrataError(e)) {
      io.stderr(`strata: ${e.message}\n`);
      return EXIT.user;
    }
    const err = e as Error;
    io.stderr(
      `strata: internal error: ${err.message}\nThis is a bug in Strata, not in your data; please report it with the command you ran.\n`,
    );
    if (io.env.STRATA_DEBUG) io.stderr(`${err.stack ?? ""}\n`);
    return EXIT.internal;
  }
}
