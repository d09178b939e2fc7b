/** The lifetime-value benchmark's results (`npm run bench -- --clv`) as markdown, for their section in BENCHMARKS.md. */
import { CLV_TRUTH } from "./clv-data.js";
import type { ClvSteps } from "./clv-steps.js";
import type { Machine } from "./machine.js";
import { type Measurement, median } from "./measure.js";

export const CLV_KINDS = ["clv-cdnow", "clv"] as const;
export type ClvKind = (typeof CLV_KINDS)[number];

/** The CDNOW sample's mapping and calibration end, as in the literature (39 weeks of calibration, 39 of holdout). */
export const CDNOW_MAP = "customer=2,date=3,revenue=5";
export const CDNOW_CALIBRATION_END = "1997-09-30";

/** The BG/NBD target on the CDNOW sample (the fit alone) and the end-to-end target on the simulated customers. */
const TARGET_CDNOW_FIT_SECONDS = 0.5;
const TARGET_SIMULATED_SECONDS = 10;
const TARGET_SIMULATED_CUSTOMERS = 1_000_000;

export interface ClvSeries {
  kind: ClvKind;
  /** The whole `strata clv` process. */
  runs: Measurement[];
  /** bench/clv-steps.ts in its own process, one per run. */
  steps: ClvSteps[];
  /** Why there are no runs (no CDNOW sample, CLI not built, a failure). */
  pending?: string;
}

export interface ClvData {
  cdnowPath: string;
  /** The simulated transactions (Parquet). */
  path: string;
  customers: number;
  seed: number;
  transactions: number;
  bytes: number;
  /** Seconds to generate, or null when reused from bench/data/. */
  seconds: number | null;
  firstDay: string;
  calibrationEnd: string;
  lastDay: string;
}

export interface ClvBenchResult {
  runs: number;
  machine: Machine;
  command: string;
  startedAt: string;
  data: ClvData;
  series: ClvSeries[];
  loadAtEnd: number;
}

const fmt = (x: number, digits = 2) => x.toFixed(digits);
const thousands = (n: number) => n.toLocaleString("en-US");

export function clvSectionKey(customers: number, seed: number): string {
  return `clv customers=${customers} seed=${seed}`;
}

function label(kind: ClvKind, d: ClvData): string {
  return kind === "clv-cdnow"
    ? `\`strata clv CDNOW_sample.txt --map ${CDNOW_MAP} --calibration-end ${CDNOW_CALIBRATION_END} --unit week --no-pareto --quiet\``
    : `\`strata clv ${d.path.split("/").at(-1)} --calibration-end ${d.calibrationEnd} --unit week --no-pareto --quiet\``;
}

const dataName = (kind: ClvKind, d: ClvData) =>
  kind === "clv-cdnow" ? "CDNOW sample" : `${thousands(d.customers)} simulated customers`;

function seriesRow(s: ClvSeries, d: ClvData): string {
  const head = `| ${dataName(s.kind, d)} | ${label(s.kind, d)} |`;
  if (s.runs.length === 0)
    return `${head} 0 | ${s.pending?.startsWith("skipped") ? "skipped" : "pending"} | | | | |`;
  const secs = s.runs.map((r) => r.seconds);
  const peaks = s.runs.map((r) => r.peakMiB);
  return `${head} ${s.runs.length} | ${fmt(median(secs))} | ${fmt(Math.min(...secs))}–${fmt(Math.max(...secs))} | ${fmt(
    median(s.runs.map((r) => r.cpuSeconds)),
  )} | ${fmt(median(peaks), 0)} | ${fmt(Math.max(...peaks), 0)} |`;
}

const find = (r: ClvBenchResult, kind: ClvKind) => r.series.find((s) => s.kind === kind);

/** Median over the runs of one step's seconds (undefined without runs). */
function stepMedian(s: ClvSeries | undefined, pick: (steps: ClvSteps) => number): number | undefined {
  return s && s.steps.length > 0 ? median(s.steps.map(pick)) : undefined;
}

/** The BG/NBD fit alone on CDNOW: the first call in a fresh process, as the CLI makes it. */
export function cdnowFitSeconds(r: ClvBenchResult): number | undefined {
  return stepMedian(find(r, "clv-cdnow"), (s) => s.seconds.fitBgNbd);
}

function verdict(ok: boolean | undefined): string {
  return ok === undefined ? "pending" : ok ? "pass" : "**FAIL**";
}

function targetRows(r: ClvBenchResult): string[] {
  const fit = cdnowFitSeconds(r);
  const cdnow = find(r, "clv-cdnow");
  const whole = cdnow && cdnow.runs.length > 0 ? median(cdnow.runs.map((m) => m.seconds)) : undefined;
  const sim = find(r, "clv");
  const end = sim && sim.runs.length > 0 ? median(sim.runs.map((m) => m.seconds)) : undefined;
  const rows = [
    `| BG/NBD fit on the CDNOW sample < ${TARGET_CDNOW_FIT_SECONDS} s (\`fitBgNbd\` alone, first call in a fresh process) | ${
      fit === undefined ? (cdnow?.pending === undefined ? "pending" : "not run") : `${fmt(fit, 3)} s`
    } | ${cdnow?.pending?.startsWith("skipped") ? "skipped" : verdict(fit === undefined ? undefined : fit < TARGET_CDNOW_FIT_SECONDS)} |`,
    `| … the whole \`strata clv\` process on the CDNOW sample (start-up, reading, both fits, predictions) | ${
      whole === undefined ? (cdnow?.pending === undefined ? "pending" : "not run") : `${fmt(whole)} s`
    } | no target |`,
  ];
  if (r.data.customers === TARGET_SIMULATED_CUSTOMERS) {
    rows.push(
      `| BG/NBD + Gamma-Gamma on 1M customers end to end < ${TARGET_SIMULATED_SECONDS} s (whole \`strata clv\` process, Parquet) | ${
        end === undefined ? "pending" : `${fmt(end)} s`
      } | ${verdict(end === undefined ? undefined : end < TARGET_SIMULATED_SECONDS)} |`,
    );
  } else {
    rows.push(
      `| BG/NBD + Gamma-Gamma on 1M customers end to end < ${TARGET_SIMULATED_SECONDS} s | not at this size | run \`--clv-customers 1000000\` |`,
    );
  }
  return rows;
}

/** How many lifetime-value targets this run checked and missed. */
export function clvFailedTargets(r: ClvBenchResult): number {
  return targetRows(r).filter((row) => row.includes("**FAIL**")).length;
}

function stepRows(r: ClvBenchResult): string[] {
  const cdnow = find(r, "clv-cdnow");
  const sim = find(r, "clv");
  const cell = (s: ClvSeries | undefined, pick: (steps: ClvSteps) => number, digits = 3) => {
    const v = stepMedian(s, pick);
    return v === undefined ? "–" : fmt(v, digits);
  };
  const count = (s: ClvSeries | undefined, pick: (steps: ClvSteps) => number) =>
    s?.steps[0] === undefined ? "–" : thousands(pick(s.steps[0]));
  const warm = (s: ClvSeries | undefined) => {
    const all = s?.steps.flatMap((x) => x.warmFitBgNbd) ?? [];
    return all.length === 0 ? "–" : fmt(median(all), 3);
  };
  const row = (name: string, pick: (steps: ClvSteps) => number) =>
    `| ${name} | ${cell(cdnow, pick)} | ${cell(sim, pick)} |`;
  return [
    `| step (seconds, median of the runs) | CDNOW sample | ${thousands(r.data.customers)} simulated customers |`,
    "| --- | ---: | ---: |",
    `| lines read / customers / repeaters | ${count(cdnow, (s) => s.linesRead)} / ${count(cdnow, (s) => s.customers)} / ${count(cdnow, (s) => s.repeaters)} | ${count(sim, (s) => s.linesRead)} / ${count(sim, (s) => s.customers)} / ${count(sim, (s) => s.repeaters)} |`,
    `| distinct (x, t_x, T) / distinct (x, mean value): what each fit iterates over | ${count(cdnow, (s) => s.groups)} / ${count(cdnow, (s) => s.spendGroups)} | ${count(sim, (s) => s.groups)} / ${count(sim, (s) => s.spendGroups)} |`,
    row("open the engine", (s) => s.seconds.openEngine),
    row(
      "`readLines` without figures: detect, scan into one row per customer and day, the data summary's counts",
      (s) => s.seconds.readLines,
    ),
    row("`rfmSummary`: the repeat-purchase summary into JavaScript", (s) => s.seconds.rfmSummary),
    row("`groupRfm`", (s) => s.seconds.groupRfm),
    row("**`fitBgNbd`**, first call", (s) => s.seconds.fitBgNbd),
    `| \`fitBgNbd\`, later calls (compiled) | ${warm(cdnow)} | ${warm(sim)} |`,
    row("`groupSpend`", (s) => s.seconds.groupSpend),
    row("`fitGammaGamma`, first call", (s) => s.seconds.fitGammaGamma),
    row(
      "`lifetimeValueOf` as the CLI calls it (groups and fits again, then predictions and validation)",
      (s) => s.seconds.lifetimeValue,
    ),
  ];
}

function parameterRows(r: ClvBenchResult): string[] {
  const sim = find(r, "clv")?.steps[0];
  const cdnow = find(r, "clv-cdnow")?.steps[0];
  const est = (s: ClvSteps | undefined, model: "bgNbd" | "gammaGamma", k: string) => {
    const v = s?.[model].params[k];
    const se = s?.[model].standardErrors[k];
    return v === undefined ? "–" : `${fmt(v, 3)} ± ${se === undefined ? "?" : fmt(se, 3)}`;
  };
  const rows = [
    `| model | parameter | simulated (true) | recovered from ${thousands(r.data.customers)} customers (± s.e.) | CDNOW sample (± s.e.) |`,
    "| --- | --- | ---: | ---: | ---: |",
  ];
  for (const [k, v] of Object.entries(CLV_TRUTH.bgNbd)) {
    rows.push(`| BG/NBD | ${k} | ${v} | ${est(sim, "bgNbd", k)} | ${est(cdnow, "bgNbd", k)} |`);
  }
  for (const [k, v] of Object.entries(CLV_TRUTH.gammaGamma)) {
    rows.push(
      `| Gamma-Gamma | ${k} | ${v} | ${est(sim, "gammaGamma", k)} | ${est(cdnow, "gammaGamma", k)} |`,
    );
  }
  return rows;
}

/** The markdown of one lifetime-value benchmark run (without the section markers). */
export function clvMarkdown(r: ClvBenchResult): string {
  const { machine: m, data: d } = r;
  const pending = r.series.filter((s) => s.pending !== undefined);
  const lines = [
    `### Customer lifetime value: CDNOW sample and ${thousands(d.customers)} simulated customers`,
    "",
    `Run ${r.startedAt} with \`${r.command}\`.`,
    "",
    `- Machine: ${m.cpu}, ${m.cores} cores, ${fmt(m.memoryGiB, 1)} GiB; Node ${m.node}; DuckDB ${m.duckdb} ` +
      `(@duckdb/node-api ${m.duckdbNodeApi}); 1-minute load average ${fmt(m.load)} at start, ${fmt(r.loadAtEnd)} at end.`,
    `- Data: \`${d.cdnowPath}\`; ${thousands(d.customers)} simulated customers (seed ${d.seed}, \`bench/clv-data.ts\`), ` +
      `${thousands(d.transactions)} transactions from ${d.firstDay} to ${d.lastDay}, calibration to ${d.calibrationEnd}, ` +
      `Parquet ${fmt(d.bytes / 2 ** 20, 1)} MiB (${d.seconds === null ? "reused" : `generated in ${fmt(d.seconds, 1)} s`}).`,
    `- Each command ran ${r.runs}×, alternating, after one untimed read of each file; the steps in a fresh ` +
      "process each run (`bench/clv-steps.ts`).",
    "",
    "| data | command (whole process) | runs | median wall (s) | min–max (s) | median CPU (s) | median peak RSS (MiB) | max peak RSS (MiB) |",
    "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...r.series.map((s) => seriesRow(s, d)),
    "",
    ...stepRows(r),
    "",
    ...parameterRows(r),
    "",
    "| target | measured | verdict |",
    "| --- | ---: | --- |",
    ...targetRows(r),
  ];
  if (pending.length > 0) lines.push("", "Not run:", ...pending.map((s) => `- ${s.kind}: ${s.pending}`));
  return `${lines.join("\n")}\n`;
}
