import { describe, expect, it } from "vitest";
import { parseBenchArgs } from "../../bench/args.js";
import type { Measurement } from "../../bench/measure.js";
import { median } from "../../bench/measure.js";
import { type BenchResult, failedTargets, ratio, resultMarkdown, upsertSection } from "../../bench/report.js";

const run = (seconds: number, cpuSeconds = seconds, peakMiB = 200): Measurement => ({
  seconds,
  cpuSeconds,
  peakMiB,
  exitCode: 0,
  stdout: "",
  stderr: "",
});

function result(overrides: Partial<BenchResult> = {}): BenchResult {
  return {
    args: parseBenchArgs(["--lines", "10_000_000", "--formats", "parquet"]),
    machine: {
      cpu: "Test CPU",
      cores: 2,
      memoryGiB: 24,
      node: "v20",
      duckdb: "v1.5.6",
      duckdbNodeApi: "1.5.6-r.1",
      load: 0.1,
    },
    command: "npm run bench -- --lines 10000000 --formats parquet",
    startedAt: "2025-01-01T00:00:00Z",
    data: [{ format: "parquet", bytes: 2 ** 27, seconds: 20 }],
    series: [
      { format: "parquet", kind: "analyze", runs: [run(1.1), run(1.3), run(1.2)] },
      { format: "parquet", kind: "bare", runs: [run(1.0), run(1.0), run(1.1)] },
    ],
    loadAtEnd: 0.2,
    ...overrides,
  };
}

describe("bench arguments", () => {
  it("has the documented defaults", () => {
    expect(parseBenchArgs([])).toEqual({
      lines: 10_000_000,
      runs: 3,
      formats: ["csv", "parquet"],
      keep: false,
      seed: 42,
      customers: 50_000,
      asOf: "2025-12-31",
      withOutputs: true,
      withMovement: true,
    });
  });

  it("reads every option and refuses bad values with the usage", () => {
    expect(
      parseBenchArgs(["--lines", "50,000,000", "--runs", "1", "--formats", "parquet", "--keep"]),
    ).toMatchObject({
      lines: 50_000_000,
      runs: 1,
      formats: ["parquet"],
      keep: true,
    });
    expect(() => parseBenchArgs(["--formats", "xlsx"])).toThrow(/csv and\/or parquet.*\n.*usage/s);
    expect(() => parseBenchArgs(["--lines", "0"])).toThrow(/positive integer/);
    expect(() => parseBenchArgs(["--frobnicate"])).toThrow();
  });
});

describe("bench report", () => {
  it("takes medians and ratios of medians", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(ratio(result(), "parquet")).toBeCloseTo(1.2, 10);
  });

  it("checks the targets: within 1.25× and under 2 s at 10M lines pass", () => {
    const md = resultMarkdown(result());
    expect(md).toContain("| analyze within 1.25× of bare, parquet | 1.20× (CPU time 1.20×) | pass |");
    expect(md).toContain("| 10M Parquet lines end to end < 2 s | 1.20 s | pass |");
    expect(md).toContain("| analyze peak memory < 1 GiB at 50M lines | not at this size |");
    expect(failedTargets(result())).toBe(0);
  });

  it("marks analyze pending with the reason, and a slow analyze as a failure", () => {
    const pending = result({
      series: [
        { format: "parquet", kind: "analyze", runs: [], pending: "dist/cli/main.js does not exist yet" },
        { format: "parquet", kind: "bare", runs: [run(1)] },
      ],
    });
    const md = resultMarkdown(pending);
    expect(md).toContain(
      "| parquet | `strata analyze` (whole CLI process, tables to stdout) | 0 | pending |",
    );
    expect(md).toContain("- parquet, analyze: dist/cli/main.js does not exist yet");
    const slow = result({
      series: [
        { format: "parquet", kind: "analyze", runs: [run(3)] },
        { format: "parquet", kind: "bare", runs: [run(1)] },
      ],
    });
    expect(failedTargets(slow)).toBe(2);
  });

  it("replaces its own section and keeps the others", () => {
    const doc = "# Benchmarks\n\nintro\n";
    const once = upsertSection(doc, "lines=1", "first\n");
    const twice = upsertSection(upsertSection(once, "lines=2", "other\n"), "lines=1", "second\n");
    expect(twice).toBe(
      "# Benchmarks\n\nintro\n\n<!-- bench:begin lines=1 -->\nsecond\n<!-- bench:end lines=1 -->\n" +
        "\n<!-- bench:begin lines=2 -->\nother\n<!-- bench:end lines=2 -->\n",
    );
  });
});
