/**
 * The Gamma-Gamma model of spend per transaction (Fader, Hardie & Lee 2005, "RFM and CLV: using iso-value curves
 * for customer base analysis", JMR 42(4), 415–430; Fader & Hardie 2013, "The Gamma-Gamma model of monetary
 * value", note 025 on brucehardie.com), and the discounted customer lifetime value built on it.
 *
 * Assumptions: a customer's transaction values z_1 … z_x are i.i.d. Gamma(p, ν) (shape p, rate ν), so their mean
 * z̄ is Gamma(px, νx); ν ~ Gamma(q, γ) across customers; spend is independent of the purchase process. The fit
 * uses repeaters only (x ≥ 1 repeat purchases, z̄ their mean value). The density of z̄ given x, ν integrated out:
 *   f(z̄ | x) = Γ(px + q) / (Γ(px) Γ(q)) · γ^q · x^{px} · z̄^{px−1} / (γ + x z̄)^{px+q}.
 */

import { StrataError } from "../errors.js";
import { conditionalExpectedPurchases } from "./bg-nbd.js";
import { distinctValues } from "./distinct.js";
import { fitInLogs } from "./fit.js";
import type { MinimizeOptions } from "./optimize.js";
import { digamma, lnGamma } from "./special.js";
import type { BgNbdParams, Fit, GammaGammaParams, SpendGroups } from "./types.js";

export interface GammaGammaFitOptions extends MinimizeOptions {
  /** Starting points (default: a 3 × 2 grid in p and q, γ matching the observed mean spend). */
  starts?: readonly GammaGammaParams[];
}

const toParams = (v: readonly number[]): GammaGammaParams => ({
  p: v[0] ?? Number.NaN,
  q: v[1] ?? Number.NaN,
  gamma: v[2] ?? Number.NaN,
});

/** ln f(z̄ | x): the log-density of the mean value `mean` of x repeat purchases (x ≥ 1, mean > 0). */
export function gammaGammaLogLikelihood(params: GammaGammaParams, x: number, mean: number): number {
  const { p, q, gamma } = params;
  const px = p * x;
  return (
    lnGamma(px + q) -
    lnGamma(px) -
    lnGamma(q) +
    q * Math.log(gamma) +
    px * Math.log(x) +
    (px - 1) * Math.log(mean) -
    (px + q) * Math.log(gamma + x * mean)
  );
}

/**
 * The data checked once, with what does not depend on the parameters: the distinct frequencies (so that ln Γ and
 * ψ are computed once per distinct x, a few hundred, not once per group), ln z̄, the spend x z̄ and its log.
 */
interface Prepared {
  data: SpendGroups;
  customers: number;
  distinctX: Float64Array;
  xIndex: Int32Array;
  lnMean: Float64Array;
  spend: Float64Array;
  lnSpend: Float64Array;
}

function prepare(data: SpendGroups): Prepared {
  const n = data.x.length;
  if (data.mean.length !== n || data.weight.length !== n) {
    throw new Error(
      `Gamma-Gamma: x, mean and weight have different lengths (${n}, ${data.mean.length}, ${data.weight.length})`,
    );
  }
  let customers = 0;
  const xs = distinctValues();
  const xIndex = new Int32Array(n);
  const lnMean = new Float64Array(n);
  const spend = new Float64Array(n);
  const lnSpend = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = data.x[i] ?? Number.NaN;
    const mean = data.mean[i] ?? Number.NaN;
    const w = data.weight[i] ?? Number.NaN;
    if (!(Number.isInteger(x) && x >= 1 && mean > 0 && Number.isFinite(mean) && w >= 0)) {
      throw new Error(
        `Gamma-Gamma: entry ${i} is not a repeater with a positive mean value (x = ${x}, mean = ${mean}, weight = ${w})`,
      );
    }
    xIndex[i] = xs.of(x);
    lnMean[i] = Math.log(mean);
    spend[i] = x * mean;
    lnSpend[i] = Math.log(x * mean);
    customers += w;
  }
  return { data, customers, distinctX: Float64Array.from(xs.values), xIndex, lnMean, spend, lnSpend };
}

/** Σ w ln f and, when asked, its gradient in (p, q, γ). One logarithm per group and evaluation. */
function totalLogLikelihood(
  params: GammaGammaParams,
  prepared: Prepared,
  withGradient: boolean,
): [number, number[]] {
  const { p, q, gamma } = params;
  const { data, distinctX, xIndex, lnMean, spend, lnSpend } = prepared;
  const lnG = Math.log(gamma);
  const psiQ = withGradient ? digamma(q) : 0;
  // Per distinct x: the terms of ln f that depend on x alone, and ψ(px + q), ψ(px) for the gradient.
  const constant = -lnGamma(q) + q * lnG;
  const ofX = distinctX.map((x) => lnGamma(p * x + q) - lnGamma(p * x) + p * x * Math.log(x) + constant);
  const psiPQ = withGradient ? distinctX.map((x) => digamma(p * x + q)) : distinctX;
  const psiDiff = withGradient ? distinctX.map((x, k) => (psiPQ[k] ?? 0) - digamma(p * x)) : distinctX;
  const weight = data.weight;
  let total = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < xIndex.length; i++) {
    const w = weight[i] ?? 0;
    if (w === 0) continue;
    const k = xIndex[i] ?? 0;
    const px = p * (distinctX[k] ?? 0);
    const s = spend[i] ?? 0;
    const lnGS = Math.log(gamma + s);
    total += w * ((ofX[k] ?? 0) + (px - 1) * (lnMean[i] ?? 0) - (px + q) * lnGS);
    if (withGradient) {
      // ln x + ln z̄ − ln(γ + x z̄) = ln(x z̄) − ln(γ + x z̄), and ln γ − ln(γ + x z̄).
      gp += w * (distinctX[k] ?? 0) * ((psiDiff[k] ?? 0) - (lnGS - (lnSpend[i] ?? 0)));
      gq += w * ((psiPQ[k] ?? 0) - psiQ - (lnGS - lnG));
      gg += w * (q / gamma - (px + q) / (gamma + s));
    }
  }
  return [total, [gp, gq, gg]];
}

/** Σ weight · ln f(mean | x) over the groups. */
export function gammaGammaTotalLogLikelihood(params: GammaGammaParams, data: SpendGroups): number {
  return totalLogLikelihood(params, prepare(data), false)[0];
}

function defaultStarts(data: SpendGroups): GammaGammaParams[] {
  let sum = 0;
  let customers = 0;
  for (let i = 0; i < data.x.length; i++) {
    sum += (data.weight[i] ?? 0) * (data.mean[i] ?? 0);
    customers += data.weight[i] ?? 0;
  }
  const mean = sum / customers;
  // E[z̄] = p γ / (q − 1): each start matches the observed mean.
  const starts: GammaGammaParams[] = [];
  for (const p of [0.5, 2, 8]) for (const q of [1.5, 4]) starts.push({ p, q, gamma: (mean * (q - 1)) / p });
  return starts;
}

/**
 * Fits the Gamma-Gamma model by maximum likelihood on the repeaters' mean values (full density of z̄ given x):
 * BFGS over the log-parameters with the analytic gradient, from several starts; standard errors from the numerical
 * Hessian of −ln L in (p, q, γ).
 */
export function fitGammaGamma(data: SpendGroups, opts: GammaGammaFitOptions = {}): Fit<GammaGammaParams> {
  const prepared = prepare(data);
  const customers = prepared.customers;
  if (!(customers > 0)) throw new Error("Gamma-Gamma: no repeaters to fit on (the weights add up to 0)");
  const { starts: given, ...options } = opts;
  const fit = fitInLogs({
    negLogLik: (v) => -totalLogLikelihood(toParams(v), prepared, false)[0],
    negLogLikAndGradient: (v) => {
      const [ll, g] = totalLogLikelihood(toParams(v), prepared, true);
      return [-ll, g.map((x) => -x)];
    },
    names: ["p", "q", "γ"],
    starts: (given ?? defaultStarts(data)).map((s) => [s.p, s.q, s.gamma]),
    options,
  });
  return {
    params: toParams(fit.theta),
    standardErrors: toParams(fit.standardErrors),
    logLikelihood: fit.logLikelihood,
    customers,
    report: fit.report,
  };
}

/**
 * E[M | x, z̄]: the expected mean value of a customer's future transactions, in money (FHL 2005 "RFM and CLV", eq. 4):
 * p (γ + x z̄) / (p x + q − 1), a weighted average of the population mean p γ / (q − 1) and the observed mean z̄.
 * For x = 0 the population mean (z̄ is ignored). +∞ when the expectation does not exist (q + p x ≤ 1).
 */
export function expectedMeanValue(params: GammaGammaParams, x: number, mean: number): number {
  const { p, q, gamma } = params;
  const spend = x === 0 ? 0 : x * mean;
  const denominator = p * x + q - 1;
  return denominator > 0 ? (p * (gamma + spend)) / denominator : Number.POSITIVE_INFINITY;
}

export interface ClvOptions {
  /** Periods in the horizon (whole number ≥ 0), e.g. 12. */
  periods: number;
  /** Length of one period in the model's time unit, e.g. 52 / 12 when the model counts weeks and periods are months. */
  periodLength: number;
  /** Periods in a year, to turn the yearly discount rate into a per-period one, e.g. 12. */
  periodsPerYear: number;
  /** Yearly discount rate, 0.1 for 10 % (default 0: no discounting). */
  yearlyDiscountRate?: number;
  /** Share of the value kept as profit (default 1: the CLV is in revenue). */
  margin?: number;
}

function fail(setting: string, value: number, accepted: string): never {
  throw new StrataError("BAD_OPTION", `The lifetime value's ${setting} is ${value}; expected ${accepted}.`, {
    setting,
    value,
  });
}

/**
 * Discounted value over a horizon of K = periods periods of length Δ = periodLength:
 *   CLV = margin · value · Σ_{k=1..K} (N(kΔ) − N((k−1)Δ)) / (1 + d)^k,  d = (1 + D)^(1 / periodsPerYear) − 1,
 * where N(t) is the expected cumulative number of purchases in the next t, value the expected value of one
 * purchase and D the yearly discount rate: the purchases of period k are discounted from the end of period k.
 * In money, as `value`.
 */
export function discountedValue(
  cumulativePurchases: (t: number) => number,
  value: number,
  opts: ClvOptions,
): number {
  const { periods, periodLength, periodsPerYear } = opts;
  const rate = opts.yearlyDiscountRate ?? 0;
  const margin = opts.margin ?? 1;
  if (!(Number.isInteger(periods) && periods >= 0)) fail("number of periods", periods, "a whole number ≥ 0");
  if (!(periodLength > 0 && Number.isFinite(periodLength)))
    fail("period length", periodLength, "a number > 0");
  if (!(periodsPerYear > 0 && Number.isFinite(periodsPerYear)))
    fail("periods per year", periodsPerYear, "a number > 0");
  if (!(rate > -1 && Number.isFinite(rate)))
    fail("yearly discount rate", rate, "a number > −1 (0.1 for 10 %)");
  if (!Number.isFinite(margin)) fail("margin", margin, "a finite number (0.3 for 30 %)");
  const perPeriod = (1 + rate) ** (1 / periodsPerYear) - 1;
  let sum = 0;
  let before = 0;
  for (let k = 1; k <= periods; k++) {
    const now = cumulativePurchases(k * periodLength);
    sum += (now - before) / (1 + perPeriod) ** k;
    before = now;
  }
  // No purchases expected (or no periods): nothing, even when the value per purchase is unbounded.
  return sum === 0 ? 0 : margin * value * sum;
}

/** One customer's history: x repeat purchases, the last at t_x, age T (model time unit), mean repeat value. */
export interface ClvCustomer {
  x: number;
  tx: number;
  T: number;
  /** Mean value of the repeat purchases; ignored when x = 0. */
  mean: number;
}

/**
 * Discounted CLV of one customer over the horizon in `opts`, in money: discountedValue with N(t) the BG/NBD
 * conditional expectation E[Y(t) | x, t_x, T] and the value E[M | x, z̄] of the Gamma-Gamma model.
 */
export function clv(
  bgNbd: BgNbdParams,
  gammaGamma: GammaGammaParams,
  customer: ClvCustomer,
  opts: ClvOptions,
): number {
  const { x, tx, T, mean } = customer;
  return discountedValue(
    (t) => conditionalExpectedPurchases(bgNbd, t, x, tx, T),
    expectedMeanValue(gammaGamma, x, mean),
    opts,
  );
}
