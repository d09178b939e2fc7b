/**
 * The machine-readable outputs of `strata clv`: the fit as JSON (parameters with their standard errors
 * beside, the log-likelihood and the convergence report of each model; the validation) and clv.csv with one
 * row per customer.
 */
import type { ClvRun } from "../app/clv.js";
import type { Fit } from "../core/clv/types.js";
import { decimalText } from "./format.js";

function fitJson<P extends object>(fit: Fit<P> | null): unknown {
  if (fit === null) return null;
  return {
    ...fit.params,
    logLikelihood: fit.logLikelihood,
    standardErrors: fit.standardErrors,
    customers: fit.customers,
    converged: fit.report.converged,
    report: fit.report,
  };
}

/** The fit and the validation, as `strata clv --json` prints them and clv.json holds them. */
export function clvJson(run: ClvRun): unknown {
  const r = run.result;
  return {
    file: run.file,
    unit: run.unit,
    calibrationEnd: run.calibrationEnd,
    holdoutEnd: run.holdoutEnd,
    reading: run.reading,
    customers: r.customers,
    repeaters: r.repeaters,
    groups: r.groups,
    bgnbd: fitJson(r.bgNbd),
    paretoNbd: fitJson(r.paretoNbd),
    gammaGamma: fitJson(r.gammaGamma),
    settings: r.settings,
    totals: {
      expectedPurchases: sum(r.predictions.expectedPurchases),
      expectedValue: sum(r.predictions.expectedValue),
      clv: sum(r.predictions.clv),
    },
    validation: r.validation,
    warnings: run.warnings,
  };
}

const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);

export const CLV_COLUMNS = [
  "customer_id",
  "x",
  "t_x",
  "T",
  "p_alive",
  "expected_purchases",
  "expected_value",
  "clv",
  "mean_repeat_value",
  "expected_mean_value",
  "holdout_purchases",
] as const;

function csvText(v: string): string {
  return /[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

function num(v: number | undefined, decimals: number): string {
  return v === undefined || !Number.isFinite(v) ? "" : decimalText(v, decimals);
}

/** Rows of clv.csv per piece written: a million customers never become one string. */
const ROWS_PER_CHUNK = 8192;

/**
 * clv.csv in pieces (for writeFile, which takes an iterable): one row per customer in the summary's order (by
 * id); highest CLV is the reader's sort.
 */
export function* clvCsv(run: ClvRun): Generator<string> {
  const s = run.summary;
  const p = run.result.predictions;
  const h = s.holdout;
  yield `${CLV_COLUMNS.join(",")}\n`;
  for (let start = 0; start < s.ids.length; start += ROWS_PER_CHUNK) {
    let chunk = "";
    const end = Math.min(s.ids.length, start + ROWS_PER_CHUNK);
    for (let i = start; i < end; i++) {
      chunk += `${csvText(s.ids[i] ?? "")},${num(s.x[i], 0)},${num(s.tx[i], 4)},${num(s.T[i], 4)},${num(p.pAlive[i], 6)},${num(p.expectedPurchases[i], 6)},${num(p.expectedValue[i], 4)},${num(p.clv[i], 4)},${num(s.meanRepeat[i], 4)},${num(p.expectedMeanValue[i], 4)},${h ? num(h.purchases[i], 0) : ""}\n`;
    }
    yield chunk;
  }
}
