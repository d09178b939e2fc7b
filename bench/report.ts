/** The benchmark's results as markdown, and their section in BENCHMARKS.md. */
import type { BenchArgs, Format } from "./args.js";
import type { Machine } from "./machine.js";
import { type Measurement, median } from "./measure.js";

export const KINDS = [
  "analyze",
  "report",
  "beyond",
  "beyond-report",
  "save",
  "migrate",
  "trend",
  "bare",
] as const;
export type Kind = (typeof KINDS)[number];

const KIND_LABEL: Record<Kind, string> = {
  analyze: "`strata analyze` (whole CLI process, tables to stdout)",
  report: "`strata analyze --out` (also writes customers.csv/.xlsx, summary.json, report.html)",
  beyond:
    "`strata analyze --customers --activities --by region` (also potential, profitability, strategy, coverage, groups)",
  "beyond-report":
    "`strata analyze --customers --activities --by region --out` (also the files, sheets and sections beyond billing)",
  save: "`strata analyze --save` (also saves every customer into a new history database)",
  migrate: "`strata migrate` (previous and current window from one pass, matrices and action lists)",
  trend: "`strata trend --every month --windows 12` (12 rolling windows from one pass)",
  bare: "bare DuckDB query (whole process)",
};

export interface Series {
  format: Format;
  kind: Kind;
  runs: Measurement[];
  /** Why there are no runs (CLI not built, or it failed), when there are none. */
  pending?: string;
}

export interface DataFile {
  format: Format;
  bytes: number;
  /** Seconds to generate, or null when reused from bench/data/. */
  seconds: number | null;
}

/** The customer list and the activities of the beyond-billing runs (CSV, whatever the lines' format). */
export interface BeyondData {
  listRows: number;
  listBytes: number;
  activityRows: number;
  activityBytes: number;
  /** Seconds to generate both, or null when reused from bench/data/. */
  seconds: number | null;
}

export interface BenchResult {
  args: BenchArgs;
  machine: Machine;
  command: string;
  startedAt: string;
  data: DataFile[];
  /** With `--beyond`. */
  beyondData?: BeyondData;
  series: Series[];
  /** 1-minute load average when the runs ended. */
  loadAtEnd: number;
}

const TARGET_RATIO = 1.25;
/** Issue 3: a migration costs about one pass (≤ 1.5× analyze), twelve trend windows ≤ 3× analyze. */
const TARGET_MIGRATE_RATIO = 1.5;
const TARGET_TREND_RATIO = 3;
const TARGET_PARQUET_10M_SECONDS = 2;
const TARGET_PEAK_MIB_50M = 1024;

const fmt = (x: number, digits = 2) => x.toFixed(digits);
const thousands = (n: number) => n.toLocaleString("en-US");

function medianSeconds(s: Series | undefined): number | undefined {
  return s && s.runs.length > 0 ? median(s.runs.map((r) => r.seconds)) : undefined;
}

function seriesRow(s: Series): string {
  if (s.runs.length === 0) return `| ${s.format} | ${KIND_LABEL[s.kind]} | 0 | pending | | | | |`;
  const secs = s.runs.map((r) => r.seconds);
  const peaks = s.runs.map((r) => r.peakMiB);
  const cpu = median(s.runs.map((r) => r.cpuSeconds));
  return `| ${s.format} | ${KIND_LABEL[s.kind]} | ${s.runs.length} | ${fmt(median(secs))} | ${fmt(Math.min(...secs))}–${fmt(
    Math.max(...secs),
  )} | ${fmt(cpu)} | ${fmt(median(peaks), 0)} | ${fmt(Math.max(...peaks), 0)} |`;
}

function find(result: BenchResult, format: Format, kind: Kind): Series | undefined {
  return result.series.find((s) => s.format === format && s.kind === kind);
}

function medianCpu(s: Series | undefined): number | undefined {
  return s && s.runs.length > 0 ? median(s.runs.map((r) => r.cpuSeconds)) : undefined;
}

/** Ratio of medians analyze / bare for a format (wall time, or CPU time), undefined while analyze is pending. */
export function ratio(result: BenchResult, format: Format, of: "wall" | "cpu" = "wall"): number | undefined {
  const pick = of === "wall" ? medianSeconds : medianCpu;
  const a = pick(find(result, format, "analyze"));
  const b = pick(find(result, format, "bare"));
  return a !== undefined && b !== undefined ? a / b : undefined;
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "pending" : ok ? "pass" : "**FAIL**";
}

function targetRows(result: BenchResult): string[] {
  const rows: string[] = [];
  for (const format of result.args.formats) {
    const r = ratio(result, format);
    const cpu = ratio(result, format, "cpu");
    const measured = r === undefined || cpu === undefined ? "pending" : `${fmt(r)}× (CPU time ${fmt(cpu)}×)`;
    rows.push(
      `| analyze within ${TARGET_RATIO}× of bare, ${format} | ${measured} | ${verdict(
        r === undefined ? undefined : r <= TARGET_RATIO,
      )} |`,
    );
  }
  for (const format of result.args.formats) {
    const analyze = medianSeconds(find(result, format, "analyze"));
    for (const [kind, target] of [
      ["migrate", TARGET_MIGRATE_RATIO],
      ["trend", TARGET_TREND_RATIO],
    ] as const) {
      const series = find(result, format, kind);
      if (series === undefined) continue;
      const t = medianSeconds(series);
      const r = t === undefined || analyze === undefined ? undefined : t / analyze;
      rows.push(
        `| ${kind} within ${target}× of analyze, ${format} | ${r === undefined ? "pending" : `${fmt(r)}× (${fmt(t ?? 0)} s)`} | ${verdict(
          r === undefined ? undefined : r <= target,
        )} |`,
      );
    }
  }
  const parquet = medianSeconds(find(result, "parquet", "analyze"));
  if (result.args.lines === 10_000_000 && result.args.formats.includes("parquet")) {
    rows.push(
      `| 10M Parquet lines end to end < ${TARGET_PARQUET_10M_SECONDS} s | ${
        parquet === undefined ? "pending" : `${fmt(parquet)} s`
      } | ${verdict(parquet === undefined ? undefined : parquet < TARGET_PARQUET_10M_SECONDS)} |`,
    );
  } else {
    rows.push(
      `| 10M Parquet lines end to end < ${TARGET_PARQUET_10M_SECONDS} s | not at this size | run \`--lines 10000000\` |`,
    );
  }
  const analyzeRuns = result.series.filter((s) => s.kind !== "bare").flatMap((s) => s.runs);
  const peak = analyzeRuns.length ? Math.max(...analyzeRuns.map((r) => r.peakMiB)) : undefined;
  if (result.args.lines >= 50_000_000) {
    rows.push(
      `| analyze peak memory < 1 GiB at 50M lines | ${peak === undefined ? "pending" : `${fmt(peak, 0)} MiB`} | ${verdict(
        peak === undefined ? undefined : peak < TARGET_PEAK_MIB_50M,
      )} |`,
    );
  } else {
    rows.push("| analyze peak memory < 1 GiB at 50M lines | not at this size | run `--lines 50000000` |");
  }
  return rows;
}

/** beyond / analyze and beyond --out / analyze --out per format (wall, CPU, peak RSS): no target, a cost to watch. */
function beyondRows(result: BenchResult): string[] {
  const formats = result.args.formats.filter((f) => find(result, f, "beyond") !== undefined);
  if (formats.length === 0) return [];
  const peak = (s: Series | undefined) =>
    s && s.runs.length > 0 ? median(s.runs.map((r) => r.peakMiB)) : undefined;
  const cell = (
    format: Format,
    kind: Kind,
    base: Kind,
    pick: (s: Series | undefined) => number | undefined,
  ) => {
    const t = pick(find(result, format, kind));
    const b = pick(find(result, format, base));
    if (t === undefined || b === undefined) return "pending";
    const sign = t >= b ? "+" : "−";
    return pick === peak
      ? `${fmt(t, 0)} MiB (${sign}${fmt(Math.abs(t - b), 0)})`
      : `${fmt(t / b)}× (${sign}${fmt(Math.abs(t - b))} s)`;
  };
  const row = (label: string, kind: Kind, base: Kind, pick: (s: Series | undefined) => number | undefined) =>
    `| ${label} | ${formats.map((f) => cell(f, kind, base, pick)).join(" | ")} |`;
  const rows = [
    `| beyond billing against plain analyze | ${formats.join(" | ")} |`,
    `| --- | ${formats.map(() => "---:").join(" | ")} |`,
    row("wall time, beyond / analyze", "beyond", "analyze", medianSeconds),
    row("CPU time, beyond / analyze", "beyond", "analyze", medianCpu),
    row("peak RSS of beyond (against analyze)", "beyond", "analyze", peak),
  ];
  if (formats.some((f) => find(result, f, "beyond-report") !== undefined)) {
    rows.push(
      row("wall time, beyond --out / analyze --out", "beyond-report", "report", medianSeconds),
      row("CPU time, beyond --out / analyze --out", "beyond-report", "report", medianCpu),
      row("peak RSS of beyond --out (against analyze --out)", "beyond-report", "report", peak),
    );
  }
  return rows;
}

/** How many targets this run checked and missed. */
export function failedTargets(result: BenchResult): number {
  return targetRows(result).filter((row) => row.includes("**FAIL**")).length;
}

function beyondDataText(d: BeyondData | undefined): string {
  if (d === undefined) return "";
  const mib = (bytes: number) => `${fmt(bytes / 2 ** 20, 1)} MiB`;
  return (
    `; customer list ${thousands(d.listRows)} rows (${mib(d.listBytes)}) and activities ${thousands(d.activityRows)} rows ` +
    `(${mib(d.activityBytes)}), CSV, ${d.seconds === null ? "reused" : `generated in ${fmt(d.seconds, 1)} s`}`
  );
}

/** The markdown of one benchmark run (without the section markers). */
export function resultMarkdown(result: BenchResult): string {
  const { args, machine: m } = result;
  const pending = result.series.filter((s) => s.pending !== undefined);
  const lines = [
    `### ${thousands(args.lines)} invoice lines (${args.formats.join(", ")})`,
    "",
    `Run ${result.startedAt} with \`${result.command}\`.`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB, 1)} GiB; Node ${m.node}; DuckDB ${m.duckdb} ` +
      `(@duckdb/node-api ${m.duckdbNodeApi}); 1-minute load average ${fmt(m.load)} at start, ${fmt(result.loadAtEnd)} at end.`,
    `- Data: ${thousands(args.lines)} lines, ${thousands(args.customers)} customers, seed ${args.seed}, as of ${args.asOf}; ` +
      result.data
        .map(
          (d) =>
            `${d.format} ${fmt(d.bytes / 2 ** 20, 0)} MiB (${d.seconds === null ? "reused" : `generated in ${fmt(d.seconds, 1)} s`})`,
        )
        .join(", ") +
      beyondDataText(result.beyondData) +
      ".",
    `- Each command ran ${args.runs}× per format, analyze and bare alternating, after one untimed warm-up read.`,
    "",
    "| format | command | runs | median wall (s) | min–max (s) | median CPU (s) | median peak RSS (MiB) | max peak RSS (MiB) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...result.series.map(seriesRow),
    "",
    "| target | measured | verdict |",
    "| --- | ---: | --- |",
    ...targetRows(result),
  ];
  const beyond = beyondRows(result);
  if (beyond.length > 0) lines.push("", ...beyond);
  if (pending.length > 0) {
    lines.push("", "Pending:", ...pending.map((s) => `- ${s.format}, ${s.kind}: ${s.pending}`));
  }
  return `${lines.join("\n")}\n`;
}

/** Replaces the section with the same key in the document, or appends it. */
export function upsertSection(document: string, key: string, body: string): string {
  const begin = `<!-- bench:begin ${key} -->`;
  const end = `<!-- bench:end ${key} -->`;
  const section = `${begin}\n${body}${end}\n`;
  const from = document.indexOf(begin);
  const to = document.indexOf(end);
  if (from >= 0 && to > from) return document.slice(0, from) + section + document.slice(to + end.length + 1);
  return `${document.replace(/\n*$/, "\n\n")}${section}`;
}
