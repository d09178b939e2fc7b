import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AnalyzeInput, analyzeFile } from "../../src/app/analyze.js";
import { makePolicy } from "../../src/core/policy.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";

export const FIXTURES = join(import.meta.dirname, "..", "fixtures");

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
