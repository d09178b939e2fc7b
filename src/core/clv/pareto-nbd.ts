/**
 * The Pareto/NBD model of repeat buying (Schmittlein, Morrison & Colombo 1987, "Counting your customers: who
 * are they and what will they do next?"), in the form of Fader & Hardie (2005), "A note on deriving the
 * Pareto/NBD model and related expressions".
 *
 * Assumptions: while alive, a customer buys as a Poisson process with rate λ; the customer's lifetime is
 * exponential with rate μ; λ ~ gamma(r, α) and μ ~ gamma(s, β) across customers, independently. Data per customer:
 * x repeat purchases, the last at t_x, observed for T (same time unit as 1/α and 1/β).
 *
 * Likelihood (the note's section on the likelihood function):
 *   L = Γ(r + x) α^r β^s / Γ(r) · [ (α + T)^−(r+x) (β + T)^−s + s ∫_{t_x}^{T} (α + τ)^−(r+x) (β + τ)^−(s+1) dτ ].
 * The integral is G(t_x) − G(T) with G(t) = (M + t)^−a 2F1(a, b; a + 1; z(t)) / a, a = r + s + x, where the note
 * takes M = α, b = s + 1 when α ≥ β and M = β, b = r + x when β > α, so that z(t) = |α − β| / (M + t) is in [0, 1).
 * Euler's transformation turns this into G(t) = (M + t)^−(a+1−b) (m + t)^−(b−1) 2F1(1, a + 1 − b; a + 1; z(t)) / a
 * with m = min(α, β): a product of powers and a hypergeometric function ≥ 1 whose series terms only decrease
 * (2F1 of the note's form grows like (bz)^j / j! first, past 1e300 for x in the hundreds). Everything is in logarithms: G(t_x) − G(T) as G(t_x) (1 − e^(ln G(T) − ln G(t_x)))
 * with the exponent difference formed from log1p((T − t_x)/(· + t_x)), so it neither overflows at x = 500 nor
 * cancels when t_x is close to T.
 * P(alive) is the first bracketed term over the bracket; the conditional expectation and E[X(t)] are the note's.
 */

import { fitInLogs } from "./fit.js";
import { log2F1 } from "./hypergeometric.js";
import { exprel, lnGamma, logAddExp, logisticOfMinus } from "./special.js";
import type { Fit, ParetoNbdParams, RfmGroups } from "./types.js";

/** See logDied: 1 − z below this (β/α beyond about 10^7 in the model's time unit) is not computed. */
const MIN_ONE_MINUS_Z = 1e-7;

const positive = (v: number): boolean => Number.isFinite(v) && v > 0;

function validParams(p: ParetoNbdParams): boolean {
  return positive(p.r) && positive(p.alpha) && positive(p.s) && positive(p.beta);
}

function validCustomer(x: number, tx: number, T: number): boolean {
  return Number.isFinite(x) && x >= 0 && Number.isFinite(tx) && tx >= 0 && positive(T) && tx <= T;
}

/**
 * ln of the bracket's first part times β^s, (α + T)^−(r+x) (β/(β + T))^s: alive at T. The β^s of the
 * likelihood's constant is taken into both parts, so that s ln β and −s ln(β + T) never cancel in floating
 * point (with s and β large, as when the optimiser explores "nobody dies", they would lose every digit).
 */
function logAlive(p: ParetoNbdParams, x: number, T: number): number {
  return -(p.r + x) * Math.log(p.alpha + T) - p.s * Math.log1p(T / p.beta);
}

/**
 * ln of the bracket's second part times β^s, s β^s (G(t_x) − G(T)): died in (t_x, T]; −∞ when t_x = T.
 * Valid input assumed.
 */
function logDied(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  if (tx === T) return Number.NEGATIVE_INFINITY;
  const { r, alpha, s, beta } = p;
  const a = r + s + x;
  const alphaLarger = alpha >= beta;
  const big = alphaLarger ? alpha : beta;
  const small = alphaLarger ? beta : alpha;
  // Powers of (M + t) and (m + t) after Euler's transformation; the first is also the 2F1's numerator parameter.
  const bigPower = alphaLarger ? r + x : s + 1;
  const smallPower = alphaLarger ? s : r + x - 1;
  const gap = big - small;
  // 1 − z(t) = (m + t) / (M + t), smallest at t_x. Below MIN_ONE_MINUS_Z, z itself keeps too few digits of its
  // distance to 1 and 2F1 moves by ε / (1 − z): not computable, so NaN rather than a wrong number (the optimiser
  // turns away, and a fit that wants to go there ends at the edge, said in its report). It happens only as β or
  // α runs off to infinity, e.g. when every customer leaves at the same rate (s and β growing together).
  if (gap !== 0 && (small + tx) / (big + tx) < MIN_ONE_MINUS_Z) return Number.NaN;
  const fAtTx = gap === 0 ? 0 : log2F1(1, bigPower, a + 1, gap / (big + tx));
  const fAtT = gap === 0 ? 0 : log2F1(1, bigPower, a + 1, gap / (big + T));
  // β^s folded in: the (β + t_x) power carries s, written as −s ln(1 + t_x/β) instead of s ln β − s ln(β + t_x).
  const betaTerm = alphaLarger ? -s * Math.log1p(tx / small) : -s * Math.log1p(tx / big) - Math.log(big + tx);
  const otherTerm = alphaLarger ? -bigPower * Math.log(big + tx) : -smallPower * Math.log(small + tx);
  const logGtx = betaTerm + otherTerm - Math.log(a) + fAtTx;
  const span = T - tx;
  const logRatio =
    -bigPower * Math.log1p(span / (big + tx)) - smallPower * Math.log1p(span / (small + tx)) + fAtT - fAtTx;
  if (Number.isNaN(logRatio)) return Number.NaN;
  return logRatio < 0 ? Math.log(s) + logGtx + Math.log(-Math.expm1(logRatio)) : Number.NEGATIVE_INFINITY;
}

/** The bracket's two parts in logs, NaN for invalid parameters or data. */
function logParts(p: ParetoNbdParams, x: number, tx: number, T: number): { alive: number; died: number } {
  if (!validParams(p) || !validCustomer(x, tx, T)) return { alive: Number.NaN, died: Number.NaN };
  return { alive: logAlive(p, x, T), died: logDied(p, x, tx, T) };
}

/** ln L(r, α, s, β | x, t_x, T) of one customer; NaN for invalid parameters or data (t_x > T, T ≤ 0, …). */
export function paretoNbdLogLikelihood(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = logParts(p, x, tx, T);
  return lnGamma(p.r + x) - lnGamma(p.r) + p.r * Math.log(p.alpha) + logAddExp(alive, died);
}

/** Per-customer (or per-group) log-likelihoods, unweighted. */
export function paretoNbdLogLikelihoods(
  p: ParetoNbdParams,
  data: Pick<RfmGroups, "x" | "tx" | "T">,
): Float64Array {
  const out = new Float64Array(data.x.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = paretoNbdLogLikelihood(
      p,
      data.x[i] ?? Number.NaN,
      data.tx[i] ?? Number.NaN,
      data.T[i] ?? Number.NaN,
    );
  }
  return out;
}

/** Σ weight · ln L over the groups: the log-likelihood of all customers. NaN when any group's is NaN. */
export function paretoNbdTotalLogLikelihood(p: ParetoNbdParams, data: RfmGroups): number {
  if (!validParams(p)) return Number.NaN;
  // The terms that do not depend on the customer, and ln Γ(r + x) once per distinct x.
  const constant = -lnGamma(p.r) + p.r * Math.log(p.alpha);
  const lnGammaRx = new Map<number, number>();
  let total = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i] ?? 0;
    if (w === 0) continue;
    const x = data.x[i] ?? Number.NaN;
    let g = lnGammaRx.get(x);
    if (g === undefined) {
      g = lnGamma(p.r + x);
      lnGammaRx.set(x, g);
    }
    const tx = data.tx[i] ?? Number.NaN;
    const T = data.T[i] ?? Number.NaN;
    if (!validCustomer(x, tx, T)) return Number.NaN;
    total += w * (g + constant + logAddExp(logAlive(p, x, T), logDied(p, x, tx, T)));
  }
  return total;
}

/** P(alive at T | x, t_x, T), in [0, 1]; 1 when t_x = T. */
export function pAlive(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const { alive, died } = logParts(p, x, tx, T);
  return logisticOfMinus(died - alive);
}

/** (1 − (1 + t/h)^−k) / k, its limit ln(1 + t/h) at k = 0. */
function powerDecay(k: number, t: number, h: number): number {
  const l = Math.log1p(t / h);
  return l * exprel(-k * l);
}

/**
 * Expected purchases in (T, T + t] of a customer with x purchases, the last at t_x, observed for T (the note's
 * conditional expectation):
 * (r + x)(β + T) / ((α + T)(s − 1)) · [1 − ((β + T)/(β + T + t))^(s−1)] · P(alive); its limit at s = 1.
 */
export function conditionalExpectedPurchases(
  p: ParetoNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  if (!(t >= 0) || !Number.isFinite(t)) return Number.NaN;
  const rate = ((p.r + x) * (p.beta + T)) / (p.alpha + T);
  return rate * powerDecay(p.s - 1, t, p.beta + T) * pAlive(p, x, tx, T);
}

/** Expected purchases in (0, t] of a new customer (the note's E[X(t)]): rβ / (α(s − 1)) · [1 − (β/(β + t))^(s−1)]. */
export function expectedPurchases(p: ParetoNbdParams, t: number): number {
  if (!validParams(p) || !(t >= 0) || !Number.isFinite(t)) return Number.NaN;
  return ((p.r * p.beta) / p.alpha) * powerDecay(p.s - 1, t, p.beta);
}

/** pAlive over arrays of customers. */
export function pAliveMany(
  p: ParetoNbdParams,
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++)
    out[i] = pAlive(p, x[i] ?? Number.NaN, tx[i] ?? Number.NaN, T[i] ?? Number.NaN);
  return out;
}

/** conditionalExpectedPurchases over arrays of customers, for one horizon t. */
export function conditionalExpectedPurchasesMany(
  p: ParetoNbdParams,
  t: number,
  x: Float64Array,
  tx: Float64Array,
  T: Float64Array,
): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < out.length; i++) {
    out[i] = conditionalExpectedPurchases(p, t, x[i] ?? Number.NaN, tx[i] ?? Number.NaN, T[i] ?? Number.NaN);
  }
  return out;
}

export interface FitParetoNbdOptions {
  /** Starting points (default: four, scaled to the data's purchase rate and observation time). */
  starts?: readonly ParetoNbdParams[];
  /** BFGS iterations per start (default: the optimiser's). */
  maxIterations?: number;
  /** Relative gradient tolerance of the optimiser, in the log parameters (default: the optimiser's). */
  gradientTolerance?: number;
  /** Stop once this many starts agree on the best optimum (default 2; +∞ runs every start). */
  stopWhenAgreeing?: number;
}

const PARAM_NAMES = ["r", "alpha", "s", "beta"] as const;
const toArray = (p: ParetoNbdParams): number[] => PARAM_NAMES.map((k) => p[k]);
const fromArray = (v: readonly number[]): ParetoNbdParams => ({
  r: v[0] ?? Number.NaN,
  alpha: v[1] ?? Number.NaN,
  s: v[2] ?? Number.NaN,
  beta: v[3] ?? Number.NaN,
});

/** Starts around r/α = repeat purchases per unit of observed time and β/s = mean observation time. */
function defaultStarts(data: RfmGroups): ParetoNbdParams[] {
  let customers = 0;
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < data.x.length; i++) {
    const w = data.weight[i] ?? 0;
    customers += w;
    purchases += w * (data.x[i] ?? 0);
    time += w * (data.T[i] ?? 0);
  }
  const rate = Math.max(purchases, 0.1 * customers) / Math.max(time, Number.MIN_VALUE);
  const meanT = time / Math.max(customers, 1);
  return [0.5, 1, 2]
    .map((shape) => ({ r: shape, alpha: shape / rate, s: shape, beta: shape * meanT }))
    .concat([{ r: 0.5, alpha: 0.5 / rate, s: 2, beta: meanT / 2 }]);
}

/**
 * Maximum-likelihood fit of the Pareto/NBD on grouped (x, t_x, T) data, over the log parameters from several
 * starts; standard errors from the Hessian of −ln L in the natural parameters (NaN when it is not invertible).
 */
export function fitParetoNbd(data: RfmGroups, opts: FitParetoNbdOptions = {}): Fit<ParetoNbdParams> {
  const fit = fitInLogs({
    negLogLik: (v) => -paretoNbdTotalLogLikelihood(fromArray(v), data),
    names: ["r", "α", "s", "β"],
    starts: (opts.starts ?? defaultStarts(data)).map(toArray),
    options: {
      ...(opts.maxIterations === undefined ? {} : { maxIterations: opts.maxIterations }),
      ...(opts.gradientTolerance === undefined ? {} : { gradientTolerance: opts.gradientTolerance }),
      ...(opts.stopWhenAgreeing === undefined ? {} : { stopWhenAgreeing: opts.stopWhenAgreeing }),
    },
  });
  let customers = 0;
  for (let i = 0; i < data.weight.length; i++) customers += data.weight[i] ?? 0;
  return {
    params: fromArray(fit.theta),
    standardErrors: fromArray(fit.standardErrors),
    logLikelihood: fit.logLikelihood,
    customers,
    report: fit.report,
  };
}
