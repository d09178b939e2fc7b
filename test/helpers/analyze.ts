import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnalyzeInput, analyzeFile } from "../../src/app/analyze.js";
import { makePolicy } from "../../src/core/policy.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

/** The UCI Online Retail file in ../shared/data (tests skip with a message when it is absent). */
export const ONLINE_RETAIL = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "data",
  "online-retail",
  "online_retail.csv.gz",
);

/** CDNOW's master file in ../shared/data: headerless, whitespace-separated (tests skip when it is absent). */
export const CDNOW_MASTER = join(
  import.meta.dirname,
  "..",
  "..",
  "..",
  "shared",
  "data",
  "cdnow",
  "CDNOW_master.txt",
);

/** Runs analyzeFile on an in-memory DuckDB; the engine is always closed. */
export async function analyze(file: string, extra: Partial<AnalyzeInput> = {}) {
  const engine = await DuckDbEngine.open();
  try {
    return await analyzeFile(engine, {
      file,
      policy: makePolicy({}),
      tmpDir: await mkdtemp(join(tmpdir(), "strata-test-")),
      version: "test",
      ...extra,
    });
  } finally {
    await engine.close();
  }
}

/** A fresh temporary folder. */
export function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), "strata-test-"));
}

/** Writes `content` to a file in a fresh folder and runs `read` on it with an in-memory DuckDB, always closed. */
export async function readTempFile<T>(
  name: string,
  content: string,
  read: (engine: DuckDbEngine, file: string, dir: string) => Promise<T>,
): Promise<T> {
  const dir = await tempDir();
  const file = join(dir, name);
  await writeFile(file, content);
  const engine = await DuckDbEngine.open();
  try {
    return await read(engine, file, dir);
  } finally {
    await engine.close();
  }
}
