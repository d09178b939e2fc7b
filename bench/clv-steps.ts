/**
 * The steps of `strata clv` timed one by one in a fresh process, for the lifetime-value benchmark: the CLI's
 * whole process includes node's start-up, reading and writing; the target "BG/NBD fit on CDNOW < 0.5 s" is about
 * the fit. Same functions and settings as the CLI (src/app/clv-summary.ts, src/app/clv.ts; 12-month horizon,
 * 10% discount rate, no Pareto/NBD), same engine settings (512MB, a temporary folder).
 *
 *   tsx bench/clv-steps.ts FILE --calibration-end YYYY-MM-DD [--map customer=2,date=3,revenue=5] [--unit week]
 *                          [--warm N] [--trace]
 *
 * Prints one JSON object: seconds per step, each the first call in this process (as in the CLI), then the BG/NBD
 * fit repeated N more times (--warm, default 3: the JIT-compiled cost), and the fitted parameters. With --trace,
 * also every statement sent to the engine while reading, with its seconds (for a query, until its result is in
 * JavaScript) and the rows of a result.
 */
import { mkdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { clvSettings, lifetimeValueOf } from "../src/app/clv.js";
import { fitBgNbd } from "../src/core/clv/bg-nbd.js";
import { fitGammaGamma } from "../src/core/clv/gamma-gamma.js";
import { groupRfm, groupSpend } from "../src/core/clv/predict.js";
import { parseAsOf, parseHorizon } from "../src/core/policy.js";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import type { Columns, Engine, SqlValue, TypedColumns } from "../src/engine/engine.js";
import { LINE_ALIASES, LINE_FIELDS, parseMapOption } from "../src/engine/mapping.js";
import { readLines } from "../src/engine/read-lines.js";
import { rfmSummary, type TimeUnit } from "../src/engine/rfm-summary.js";

/** What the script prints. */
export interface ClvSteps {
  linesRead: number;
  customers: number;
  repeaters: number;
  /** Distinct (x, t_x, T): what the BG/NBD fit iterates over. */
  groups: number;
  /** Distinct (x, mean repeat value): what the Gamma-Gamma fit iterates over. */
  spendGroups: number;
  /** Seconds of each step, first call in the process. */
  seconds: {
    openEngine: number;
    readLines: number;
    rfmSummary: number;
    groupRfm: number;
    fitBgNbd: number;
    groupSpend: number;
    fitGammaGamma: number;
    /** lifetimeValue as the CLI calls it (grouping and fits again, now compiled, then predictions, validation). */
    lifetimeValue: number;
  };
  /** Seconds of each further fitBgNbd call (--warm). */
  warmFitBgNbd: number[];
  bgNbd: { params: Record<string, number>; standardErrors: Record<string, number>; iterations: number };
  gammaGamma: { params: Record<string, number>; standardErrors: Record<string, number>; iterations: number };
  /** With --trace: the engine's statements while reading, in order. */
  statements?: Statement[];
}

interface Statement {
  /** The statement's first 160 characters, blanks collapsed. */
  sql: string;
  seconds: number;
  rows?: number;
}

/** An engine that times every statement it passes on. */
class TracingEngine implements Engine {
  readonly statements: Statement[] = [];
  constructor(private readonly inner: Engine) {}

  private async trace<T>(sql: string, work: () => Promise<T>, rows?: (v: T) => number): Promise<T> {
    const started = performance.now();
    const value = await work();
    const seconds = (performance.now() - started) / 1000;
    const text = sql.replaceAll(/\s+/g, " ").trim().slice(0, 160);
    this.statements.push({ sql: text, seconds, ...(rows ? { rows: rows(value) } : {}) });
    return value;
  }

  run(sql: string, params?: readonly SqlValue[], onProgress?: (fraction: number) => void): Promise<void> {
    return this.trace(sql, () => this.inner.run(sql, params, onProgress));
  }

  columns(sql: string, params?: readonly SqlValue[]): Promise<Columns> {
    return this.trace(
      sql,
      () => this.inner.columns(sql, params),
      (c) => c.rowCount,
    );
  }

  typedColumns(sql: string, params?: readonly SqlValue[]): Promise<TypedColumns> {
    return this.trace(
      sql,
      () => this.inner.typedColumns(sql, params),
      (c) => c.rowCount,
    );
  }

  rows(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]> {
    return this.trace(
      sql,
      () => this.inner.rows(sql, params),
      (r) => r.length,
    );
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

async function timed<T>(f: () => T | Promise<T>): Promise<[T, number]> {
  const started = performance.now();
  const value = await f();
  return [value, (performance.now() - started) / 1000];
}

async function main(argv: readonly string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      "calibration-end": { type: "string" },
      map: { type: "string" },
      unit: { type: "string", default: "week" },
      warm: { type: "string", default: "3" },
      trace: { type: "boolean", default: false },
    },
  });
  const file = positionals[0];
  const calibrationText = values["calibration-end"];
  if (file === undefined || calibrationText === undefined) {
    throw new Error("usage: tsx bench/clv-steps.ts FILE --calibration-end YYYY-MM-DD [--map …] [--warm N]");
  }
  const unit = values.unit as TimeUnit;
  const warm = Number(values.warm);
  const calibrationEnd = parseAsOf(calibrationText);
  const tmpDir = join(tmpdir(), `strata-clv-steps-${process.pid}`);
  await mkdir(join(tmpDir, "duckdb"), { recursive: true });
  const [duckdb, openEngine] = await timed(() =>
    DuckDbEngine.open({ tempDirectory: join(tmpDir, "duckdb"), memoryLimit: "512MB" }),
  );
  const tracing = values.trace ? new TracingEngine(duckdb) : undefined;
  const engine: Engine = tracing ?? duckdb;
  try {
    const [lines, readSeconds] = await timed(() =>
      readLines(engine, resolve(file), {
        map: values.map === undefined ? undefined : parseMapOption(values.map, LINE_FIELDS, LINE_ALIASES),
        tmpDir,
        horizon: { count: 12, unit: "month" },
        keepDocs: true,
        figures: false,
      }),
    );
    const asOf = lines.window.asOf;
    const [summary, summarySeconds] = await timed(() =>
      rfmSummary(engine, {
        calibrationEnd,
        holdoutEnd: calibrationEnd < asOf ? asOf : null,
        unit,
        docsPerDay: true,
      }),
    );
    const [groups, groupSeconds] = await timed(() => groupRfm(summary));
    const [bg, fitSeconds] = await timed(() => fitBgNbd(groups));
    const [spend, spendSeconds] = await timed(() => groupSpend(summary));
    const [gg, ggSeconds] = await timed(() => fitGammaGamma(spend));
    const settings = clvSettings(parseHorizon("12m"), unit, 0.1, false);
    const [, lifetimeSeconds] = await timed(() => lifetimeValueOf(summary, settings));
    const warmFitBgNbd: number[] = [];
    for (let i = 0; i < warm; i++) warmFitBgNbd.push((await timed(() => fitBgNbd(groups)))[1]);
    const out: ClvSteps = {
      linesRead: lines.scan.linesRead,
      customers: summary.ids.length,
      repeaters: summary.x.filter((x) => x > 0).length,
      groups: groups.x.length,
      spendGroups: spend.x.length,
      seconds: {
        openEngine,
        readLines: readSeconds,
        rfmSummary: summarySeconds,
        groupRfm: groupSeconds,
        fitBgNbd: fitSeconds,
        groupSpend: spendSeconds,
        fitGammaGamma: ggSeconds,
        lifetimeValue: lifetimeSeconds,
      },
      warmFitBgNbd,
      bgNbd: {
        params: { ...bg.params },
        standardErrors: { ...bg.standardErrors },
        iterations: bg.report.iterations,
      },
      gammaGamma: {
        params: { ...gg.params },
        standardErrors: { ...gg.standardErrors },
        iterations: gg.report.iterations,
      },
      ...(tracing ? { statements: tracing.statements } : {}),
    };
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await engine.close();
    await rm(tmpDir, { recursive: true, force: true });
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`clv-steps: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
