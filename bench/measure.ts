/** Runs a command as a child process and measures its wall time and peak resident memory. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const TIME_BIN = "/usr/bin/time";

export interface Measurement {
  /** Wall time from spawn to exit, in seconds (includes node's start-up). */
  seconds: number;
  /** Peak resident set size of the command, in MiB (GNU time's %M). */
  peakMiB: number;
  /** CPU time (user + system) of the command, in seconds: less sensitive than wall time to others' load. */
  cpuSeconds: number;
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Fails with a clear message when GNU time, which reports the child's peak RSS, is missing. */
export function assertTimeAvailable(): void {
  if (!existsSync(TIME_BIN)) {
    throw new Error(
      `${TIME_BIN} is missing: install GNU time (apt-get install time) to measure peak memory.`,
    );
  }
}

/** Runs command with args under GNU time; resolves when it exits, whatever its exit code. */
export async function measure(command: string, args: readonly string[], cwd: string): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), "strata-time-"));
  const timeFile = join(dir, "time.txt");
  try {
    const started = process.hrtime.bigint();
    const { exitCode, stdout, stderr } = await new Promise<{
      exitCode: number;
      stdout: string;
      stderr: string;
    }>((resolve, reject) => {
      const child = spawn(TIME_BIN, ["-f", "%e %M %U %S", "-o", timeFile, command, ...args], {
        cwd,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on("data", (d: Buffer) => {
        err += d.toString();
      });
      child.on("error", reject);
      child.on("close", (code) => resolve({ exitCode: code ?? 1, stdout: out, stderr: err }));
    });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    // GNU time writes "Command exited with non-zero status N" before the figures when the command fails.
    const last = (await readFile(timeFile, "utf8")).trim().split("\n").at(-1) ?? "";
    const [, kib, user, system] = last.split(" ").map(Number);
    return {
      seconds,
      peakMiB: kib === undefined ? Number.NaN : kib / 1024,
      cpuSeconds: (user ?? Number.NaN) + (system ?? Number.NaN),
      exitCode,
      stdout,
      stderr,
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
