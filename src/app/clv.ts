/**
 * `strata clv` and `--measure predicted`, the app layer: reads the repeat-purchase summary with the engine,
 * fits the lifetime-value models and predicts every customer.
 */
import { type ClvResult, type ClvSettings, lifetimeValue } from "../core/clv/predict.js";
import { formatDay } from "../core/dates.js";
import type { Warning } from "../core/errors.js";
import type { Horizon } from "../core/policy.js";
import type { RejectReason } from "../core/summary.js";
import type { Engine } from "../engine/engine.js";
import { type RfmSummary, type TimeUnit, UNIT_DAYS } from "../engine/rfm-summary.js";
import { type ClvReadInput, readClvSummary } from "./clv-summary.js";

export interface ClvInput extends ClvReadInput {
  displayFile?: string | undefined;
  settings: ClvSettings;
}

/** Everything a face shows of a lifetime-value run. */
export interface ClvRun {
  file: string;
  /** What was read: nothing dropped silently. */
  reading: {
    linesRead: number;
    linesRejected: number;
    /** Lines with no customer id: read, not rejected, but no customer's purchase. */
    linesWithoutCustomer: number;
    rejects: RejectReason[];
    firstDate: string | null;
    lastDate: string | null;
    /** Customers first buying after the calibration end (not modelled), days of returns only. */
    newInHoldout: number;
    returnDays: number;
  };
  unit: RfmSummary["unit"];
  calibrationEnd: string;
  holdoutEnd: string | null;
  summary: RfmSummary;
  result: ClvResult;
  warnings: Warning[];
}

const DAYS_PER_YEAR = 365.25;

/** The horizon in the model's unit, discounted in monthly periods (a horizon under a month: one period). */
export function clvSettings(
  h: Horizon,
  unit: TimeUnit,
  discountRate: number,
  paretoNbd: boolean,
): ClvSettings {
  const days = h.unit === "month" ? (h.count * DAYS_PER_YEAR) / 12 : h.count * (h.unit === "week" ? 7 : 1);
  const years = days / DAYS_PER_YEAR;
  const periods = Math.max(1, Math.round(years * 12));
  return {
    horizon: days / UNIT_DAYS[unit],
    periods,
    periodsPerYear: periods / years,
    discountRate,
    paretoNbd,
  };
}

/** Fits and predicts on the customers of a summary (the holdout, when there is one, is validated). */
export function lifetimeValueOf(summary: RfmSummary, settings: ClvSettings): ClvResult {
  const unitDays = UNIT_DAYS[summary.unit];
  return lifetimeValue(
    {
      ids: summary.ids,
      firstDay: summary.firstDay,
      x: summary.x,
      tx: summary.tx,
      T: summary.T,
      meanRepeat: summary.meanRepeat,
      unitDays,
      calibrationEnd: summary.calibrationEnd,
      repeatsByPeriod: summary.repeatsByPeriod,
      periodStart: summary.periodStart,
      holdout:
        summary.holdout && summary.holdoutEnd !== null
          ? {
              purchases: summary.holdout.purchases,
              length: (summary.holdoutEnd - summary.calibrationEnd) / unitDays,
            }
          : undefined,
    },
    settings,
  );
}

/** A warning per fit that did not converge, or that ended at the edge of its parameter space. */
export function fitWarnings(result: Pick<ClvResult, "bgNbd" | "paretoNbd" | "gammaGamma">): Warning[] {
  const warnings: Warning[] = [];
  for (const [name, fit] of [
    ["BG/NBD", result.bgNbd],
    ["Pareto/NBD", result.paretoNbd],
    ["Gamma-Gamma", result.gammaGamma],
  ] as const) {
    if (fit?.report.edge)
      warnings.push({
        code: "fit_at_edge",
        message: `The ${name} fit ends at the edge of its parameter space: ${fit.report.message}. The likelihood hardly changes any more there, so its predictions are those of that limit; the standard errors of the estimates running off mean little.`,
      });
    else if (fit && !fit.report.converged)
      warnings.push({
        code: "fit_not_converged",
        message: `The ${name} fit did not converge: ${fit.report.message}. Its parameters and predictions are the best found, not a maximum.`,
      });
  }
  return warnings;
}

export async function runClv(engine: Engine, input: ClvInput): Promise<ClvRun> {
  const { lines, summary } = await readClvSummary(engine, input);
  const result = lifetimeValueOf(summary, input.settings);
  const warnings: Warning[] = [...lines.warnings, ...fitWarnings(result)];
  if (result.gammaGamma === null)
    warnings.push({
      code: "no_spend_model",
      message: `Fewer than two customers have a repeat purchase of positive value: the Gamma-Gamma spend model cannot be fitted; the mean repeat value (${result.fallbackMeanValue.toFixed(2)}) is used for everyone.`,
    });
  if (summary.newInHoldout > 0)
    warnings.push({
      code: "new_in_holdout",
      message: `${summary.newInHoldout === 1 ? "1 customer" : `${summary.newInHoldout} customers`} first bought after the calibration end; the models predict the customers known at the calibration end, so ${summary.newInHoldout === 1 ? "it is" : "they are"} not in the predictions.`,
    });
  return {
    file: input.displayFile ?? input.file,
    reading: {
      linesRead: lines.scan.linesRead,
      linesRejected: lines.scan.linesRejected,
      linesWithoutCustomer: lines.counts.withoutCustomer,
      rejects: lines.scan.rejects,
      firstDate: lines.scan.firstDate,
      lastDate: lines.scan.lastDate,
      newInHoldout: summary.newInHoldout,
      returnDays: summary.returnDays,
    },
    unit: summary.unit,
    calibrationEnd: formatDay(summary.calibrationEnd),
    holdoutEnd: summary.holdoutEnd === null ? null : formatDay(summary.holdoutEnd),
    summary,
    result,
    warnings,
  };
}
