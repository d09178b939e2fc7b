/**
 * What the faces of `strata clv` (terminal, clv-terminal.ts; HTML report, clv-html.ts) show, computed once: the
 * models as rows of parameters, the fit's status in words, periods and horizon, totals, and the customer lists
 * (highest lifetime value, valuable customers probably gone).
 */
import type { ClvRun } from "../app/clv.js";
import type { ClvResult } from "../core/clv/predict.js";
import type { FitReport } from "../core/clv/types.js";
import { formatDay } from "../core/dates.js";
import { UNIT_DAYS } from "../engine/rfm-summary.js";
import { formatMoney, formatNumber, formatPercent, roundTo } from "./format.js";
import { counted, plural } from "./terminal-style.js";

/** Customers in the "highest CLV" list. */
export const CLV_TOP_ROWS = 15;
/** Customers in the "likely gone" list. */
export const CLV_LOST_ROWS = 10;
/** Below this p(alive) a customer counts as probably gone. */
export const LOST_P_ALIVE = 0.5;

/** One fitted parameter: its symbol, estimate and standard error (NaN when unknown). */
export interface ClvParam {
  label: string;
  value: number;
  se: number;
}

/** A model as the faces show it, whichever it is. */
export interface ClvModel {
  name: string;
  /** What it models, in a few words. */
  role: string;
  /** Null when the model was not fitted; `absent` says why. */
  fit: { params: ClvParam[]; logLikelihood: number; customers: number; report: FitReport } | null;
  absent: string;
}

function params<K extends string>(
  values: Record<K, number>,
  se: Record<K, number>,
  labels: Record<K, string>,
) {
  return (Object.keys(labels) as K[]).map((k) => ({ label: labels[k], value: values[k], se: se[k] }));
}

/** The three models in the order they are shown: purchases (BG/NBD, Pareto/NBD), then spend (Gamma-Gamma). */
export function clvModels(r: ClvResult): ClvModel[] {
  const bg = r.bgNbd;
  const pn = r.paretoNbd;
  const gg = r.gammaGamma;
  return [
    {
      name: "BG/NBD",
      role: "how often customers buy, and when they leave: right after a purchase; used for the predictions",
      fit: {
        ...bg,
        params: params(bg.params, bg.standardErrors, { r: "r", alpha: "α", a: "a", b: "b" }),
      },
      absent: "",
    },
    {
      name: "Pareto/NBD",
      role: "the same, leaving at any time; the check on BG/NBD",
      fit:
        pn === null
          ? null
          : {
              ...pn,
              params: params(pn.params, pn.standardErrors, { r: "r", alpha: "α", s: "s", beta: "β" }),
            },
      absent: "not fitted (--no-pareto)",
    },
    {
      name: "Gamma-Gamma",
      role: "what a purchase is worth",
      fit:
        gg === null
          ? null
          : { ...gg, params: params(gg.params, gg.standardErrors, { p: "p", q: "q", gamma: "γ" }) },
      absent: `not fitted: fewer than two customers with a repeat purchase of positive value; everyone gets the mean repeat value ${formatMoney(r.fallbackMeanValue)}`,
    },
  ];
}

/** An estimate with enough digits to compare with the papers: 0.243, 4.414, 12,345; tiny ones in 2 significant digits. */
export function estimateText(x: number): string {
  if (!Number.isFinite(x)) return "n/a";
  const a = Math.abs(x);
  if (a >= 1000) return formatNumber(x, 0);
  if (a >= 0.01 || a === 0) return formatNumber(x, 3);
  return x.toPrecision(2);
}

/** "0.243 ± 0.013"; "0.243 ± n/a" when the standard error is unknown (the Hessian was not invertible). */
export function paramText(p: ClvParam): string {
  return `${estimateText(p.value)} ± ${estimateText(p.se)}`;
}

/** A caution when some standard error is unknown (the Hessian was not invertible), else null. */
export function unknownErrorsNote(m: ClvModel): string | null {
  if (m.fit === null || m.fit.params.every((q) => Number.isFinite(q.se))) return null;
  return `${m.name}: some standard errors are unknown: the likelihood is flat there or an estimate ran off to an extreme; trust these estimates less`;
}

/** How a fit ended, in words: the optimiser's message and how many starting points agreed. */
export function fitStatus(r: FitReport): string {
  const agreed = `${r.startsAgreeing} of ${counted(r.startsRun, "starting point")} run reached the best optimum`;
  const rest = r.starts - r.startsRun;
  return rest > 0 ? `${r.message}; ${agreed} (${rest} more not needed)` : `${r.message}; ${agreed}`;
}

/** (predicted − actual) / actual as "+3.2%"; "-" when nothing happened. */
export function errorText(predicted: number, actual: number): string {
  if (!(actual > 0)) return "-";
  const e = (predicted - actual) / actual;
  return `${e >= 0 ? "+" : ""}${formatPercent(e)}`;
}

/** A length in the model's unit: "39.0 weeks", "273 days". */
export function unitsText(n: number, unit: ClvRun["unit"]): string {
  return unit === "week" ? `${formatNumber(n, 1)} ${plural(n, "week")}` : counted(n, "day");
}

/** The prediction horizon in months when it is at least one, with its length in the model's unit unless not wanted. */
export function horizonText(run: ClvRun, withUnit = true): string {
  const h = run.result.settings.horizon;
  const months = (h * UNIT_DAYS[run.unit] * 12) / 365.25;
  const inUnit = unitsText(h, run.unit);
  if (months < 1) return inUnit;
  const text = `${formatNumber(months, Number.isInteger(roundTo(months, 1)) ? 0 : 1)} ${plural(roundTo(months, 1), "month")}`;
  return withUnit ? `${text} (${inUnit})` : text;
}

/** Where the predictions start: the calibration end, which is the as-of date when there is no holdout. */
export function predictionStart(run: ClvRun): string {
  return `${run.holdoutEnd === null ? "the as-of date" : "the calibration end"} (${run.calibrationEnd})`;
}

/** The calibration period: from the earliest first purchase to the calibration end, with its length. */
export function calibrationPeriod(run: ClvRun): { from: string; to: string; length: number } {
  const s = run.summary;
  return {
    from: formatDay(s.periodStart),
    to: run.calibrationEnd,
    length: (s.calibrationEnd - s.periodStart + 1) / UNIT_DAYS[run.unit],
  };
}

/** The holdout: the day after the calibration end to the last day of data, with its length; null without one. */
export function holdoutPeriod(run: ClvRun): { from: string; to: string; length: number } | null {
  const s = run.summary;
  if (s.holdoutEnd === null) return null;
  return {
    from: formatDay(s.calibrationEnd + 1),
    to: formatDay(s.holdoutEnd),
    length: (s.holdoutEnd - s.calibrationEnd) / UNIT_DAYS[run.unit],
  };
}

const sum = (a: Float64Array): number => a.reduce((s, v) => s + v, 0);

/** Expected purchases, their value and the discounted CLV, all customers over the horizon. */
export function clvTotals(run: ClvRun): {
  purchases: number;
  value: number;
  clv: number;
  likelyAlive: number;
} {
  const p = run.result.predictions;
  return {
    purchases: sum(p.expectedPurchases),
    value: sum(p.expectedValue),
    clv: sum(p.clv),
    likelyAlive: p.pAlive.filter((v) => v >= LOST_P_ALIVE).length,
  };
}

/**
 * The `limit` best of the indices 0 … n − 1 in order, `before(a, b)` true when a comes first: one pass keeping
 * the best so far, not a sort of a million customers for the first fifteen.
 */
function best(
  n: number,
  limit: number,
  keep: (i: number) => boolean,
  before: (a: number, b: number) => boolean,
) {
  if (limit > 1000) {
    // Long lists: a sort of those kept.
    const kept: number[] = [];
    for (let i = 0; i < n; i++) if (keep(i)) kept.push(i);
    kept.sort((a, b) => (before(a, b) ? -1 : before(b, a) ? 1 : 0));
    return { rows: kept.slice(0, limit), count: kept.length };
  }
  const top: number[] = [];
  let count = 0;
  for (let i = 0; i < n; i++) {
    if (!keep(i)) continue;
    count++;
    const last = top[top.length - 1];
    if (top.length >= limit && (last === undefined || !before(i, last))) continue;
    let k = top.length;
    while (k > 0 && before(i, top[k - 1] ?? 0)) k--;
    top.splice(k, 0, i);
    if (top.length > limit) top.pop();
  }
  return { rows: top, count };
}

/** Indices of the customers with the highest CLV, ties by id. */
export function topByClv(run: ClvRun, limit = CLV_TOP_ROWS): number[] {
  const clv = run.result.predictions.clv;
  const ids = run.summary.ids;
  const before = (a: number, b: number) => {
    const d = (clv[a] ?? 0) - (clv[b] ?? 0);
    return d !== 0 ? d > 0 : (ids[a] ?? "") < (ids[b] ?? "");
  };
  return best(ids.length, limit, () => true, before).rows;
}

/** Indices of the customers with the highest past value whose p(alive) is below LOST_P_ALIVE, and how many there are. */
export function likelyLost(run: ClvRun, limit = CLV_LOST_ROWS): { rows: number[]; count: number } {
  const value = run.summary.value;
  const pAlive = run.result.predictions.pAlive;
  const ids = run.summary.ids;
  const lost = (i: number) => (pAlive[i] ?? 1) < LOST_P_ALIVE && (value[i] ?? 0) > 0;
  const before = (a: number, b: number) => {
    const d = (value[a] ?? 0) - (value[b] ?? 0);
    return d !== 0 ? d > 0 : (ids[a] ?? "") < (ids[b] ?? "");
  };
  return best(ids.length, limit, lost, before);
}

/** The day of a customer's last purchase in the calibration period. */
export function lastPurchaseDay(run: ClvRun, i: number): string {
  const s = run.summary;
  return formatDay((s.firstDay[i] ?? 0) + Math.round((s.tx[i] ?? 0) * UNIT_DAYS[run.unit]));
}
