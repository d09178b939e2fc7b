import { writeFile } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import { CONFIG_FILE, configText, defaultConfigText, effectiveConfig, loadSettings } from "../app/config.js";
import { StrataError } from "../core/errors.js";
import type { Io } from "./io.js";

/** `strata config init [--force] | check [file]`: the settings file strata.config.json. */
export function configCommand(io: Io): Command {
  const config = new Command("config").description(
    `the settings file ${CONFIG_FILE}: thresholds, weights and service levels (options given to a command override it)`,
  );

  config
    .command("init")
    .description(`write ${CONFIG_FILE} here with every setting at its default, to edit`)
    .option("--force", `overwrite an existing ${CONFIG_FILE}`)
    .action(async (o: { force?: boolean }) => {
      try {
        await writeFile(resolve(io.cwd, CONFIG_FILE), defaultConfigText(), { flag: o.force ? "w" : "wx" });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
        throw new StrataError(
          "BAD_CONFIG",
          `${CONFIG_FILE} already exists here; it was left as it is. Add --force to replace it with the defaults (its settings are then lost).`,
          { file: CONFIG_FILE },
        );
      }
      io.stderr(
        `Wrote ${CONFIG_FILE} with every setting at its default. Edit it, then run strata config check.\n`,
      );
    });

  config
    .command("check")
    .description("check a settings file and print the settings a run would use, as JSON")
    .argument("[file]", `the settings file (default: ${CONFIG_FILE} here)`)
    .action(async (file: string | undefined) => {
      const loaded = await loadSettings(io.cwd, file);
      io.stderr(
        loaded.file === null
          ? `No ${CONFIG_FILE} here: every setting is at its default (strata config init writes the file).\n`
          : `${loaded.file} is valid. The settings a run uses (the file over the defaults; options given to a command override them):\n`,
      );
      io.stdout(configText(effectiveConfig(loaded.settings)));
    });

  return config;
}
