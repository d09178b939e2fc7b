/** Facts about the machine a benchmark ran on. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { availableParallelism, loadavg, totalmem } from "node:os";
import type { Engine } from "../src/engine/engine.js";

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  duckdb: string;
  duckdbNodeApi: string;
  /** 1-minute load average when the benchmark started: others' work on a shared machine skews times. */
  load: number;
}

function cpuModel(): string {
  try {
    const line = readFileSync("/proc/cpuinfo", "utf8")
      .split("\n")
      .find((l) => l.startsWith("model name"));
    return line?.split(":")[1]?.trim() ?? "unknown";
  } catch {
    return "unknown";
  }
}

export async function machineInfo(engine: Engine): Promise<Machine> {
  const rows = await engine.rows("SELECT version() AS v");
  const pkg = createRequire(import.meta.url)("@duckdb/node-api/package.json") as { version: string };
  return {
    cpu: cpuModel(),
    cores: availableParallelism(),
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    duckdb: String(rows[0]?.v ?? "unknown"),
    duckdbNodeApi: pkg.version,
    load: loadavg()[0] ?? 0,
  };
}
