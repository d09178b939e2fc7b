import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";

/** The Chromium on PATH, if any: CI installs one (.ci/run); elsewhere browser tests skip with a message. */
export function findChromium(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(delimiter);
  for (const name of ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
    for (const dir of dirs) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The DOM of a local page after its scripts ran, from headless Chromium with no network use. */
export async function dumpDom(chromium: string, file: string, profileDir: string): Promise<string> {
  const { stdout } = await promisify(execFile)(
    chromium,
    [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      `--user-data-dir=${profileDir}`,
      "--virtual-time-budget=5000",
      "--dump-dom",
      `file://${file}`,
    ],
    { maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
  );
  return stdout;
}
