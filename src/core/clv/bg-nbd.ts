/**
 * The BG/NBD model of repeat buying (Fader, Hardie & Lee 2005, "'Counting your customers' the easy way: an
 * alternative to the Pareto/NBD model", Marketing Science 24(2), 275–284; likelihood as in Hardie's note
 * "Implementing the BG/NBD model for customer base analysis in Excel").
 *
 * Assumptions: while alive, a customer buys as a Poisson process with rate λ; after each repeat purchase the
 * customer drops out for good with probability p; λ ~ Gamma(r, α) (shape r, rate α) and p ~ Beta(a, b) across
 * customers, independently. A customer is alive at the first purchase (time 0), so one who made no repeat
 * purchase is alive by definition. Time is in the unit of the summary (days or weeks); α is in that unit.
 *
 * For one customer with x repeat purchases, the last at t_x, observed for T:
 *   L = A1 · A2 · (A3 + δ_{x>0} A4), with A1 = Γ(r + x) α^r / Γ(r), A2 = Γ(a + b) Γ(b + x) / (Γ(b) Γ(a + b + x)),
 *   A3 = (α + T)^−(r+x) and A4 = a / (b + x − 1) · (α + t_x)^−(r+x);
 * computed in logs, ln(A3 + A4) by log-sum-exp, so x in the hundreds and T near 0 stay finite.
 */

import { distinctValues } from "./distinct.js";
import { fitInLogs } from "./fit.js";
import type { MinimizeOptions } from "./optimize.js";
import { digamma, exprel, lnGamma, logAddExp, logisticOfMinus } from "./special.js";
import type { BgNbdParams, Fit, RfmGroups } from "./types.js";

/** Customers' recency and frequency, one entry per customer (or per group). */
export type RfmCustomers = Pick<RfmGroups, "x" | "tx" | "T">;

export interface BgNbdFitOptions extends MinimizeOptions {
  /** Starting points (default: a method-of-moments guess and 4 points of a grid around it). */
  starts?: readonly BgNbdParams[];
}

const toArray = (p: BgNbdParams): number[] => [p.r, p.alpha, p.a, p.b];
const toParams = (v: readonly number[]): BgNbdParams => ({
  r: v[0] ?? Number.NaN,
  alpha: v[1] ?? Number.NaN,
  a: v[2] ?? Number.NaN,
  b: v[3] ?? Number.NaN,
});

/** ln L of one customer: x repeat purchases, the last at t_x, observed for T (0 ≤ t_x ≤ T); 0 for x = 0, T = 0. */
export function bgNbdLogLikelihood(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const lnA1 = lnGamma(r + x) - lnGamma(r) + r * Math.log(alpha);
  const lnA2 = lnGamma(a + b) + lnGamma(b + x) - lnGamma(b) - lnGamma(a + b + x);
  const lnA3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return lnA1 + lnA2 + lnA3;
  const lnA4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return lnA1 + lnA2 + logAddExp(lnA3, lnA4);
}

/**
 * The data checked once, with the distinct values of x, t_x and T: ln Γ and ψ are computed once per distinct x, and
 * ln(α + t) once per distinct t_x or T (summaries count whole days, so a few hundred of each), not once per group.
 */
interface Prepared {
  data: RfmGroups;
  distinctX: Float64Array;
  xIndex: Int32Array;
  /** Distinct values of t_x and T together, and each group's index into them. */
  times: Float64Array;
  txIndex: Int32Array;
  tIndex: Int32Array;
  customers: number;
}

function prepare(data: RfmGroups): Prepared {
  const n = data.x.length;
  if (data.tx.length !== n || data.T.length !== n || data.weight.length !== n) {
    throw new Error(
      `BG/NBD: x, tx, T and weight have different lengths (${n}, ${data.tx.length}, ${data.T.length}, ${data.weight.length})`,
    );
  }
  const xs = distinctValues();
  const times = distinctValues();
  const xIndex = new Int32Array(n);
  const txIndex = new Int32Array(n);
  const tIndex = new Int32Array(n);
  let customers = 0;
  for (let i = 0; i < n; i++) {
    const x = data.x[i] ?? Number.NaN;
    const tx = data.tx[i] ?? Number.NaN;
    const T = data.T[i] ?? Number.NaN;
    const w = data.weight[i] ?? Number.NaN;
    if (
      !(
        Number.isInteger(x) &&
        x >= 0 &&
        tx >= 0 &&
        tx <= T &&
        Number.isFinite(T) &&
        w >= 0 &&
        (T > 0 || x === 0)
      )
    ) {
      throw new Error(
        `BG/NBD: entry ${i} is not a valid summary (x = ${x}, t_x = ${tx}, T = ${T}, weight = ${w})`,
      );
    }
    xIndex[i] = xs.of(x);
    txIndex[i] = times.of(tx);
    tIndex[i] = times.of(T);
    customers += w;
  }
  return {
    data,
    distinctX: Float64Array.from(xs.values),
    xIndex,
    times: Float64Array.from(times.values),
    txIndex,
    tIndex,
    customers,
  };
}

/** Σ w ln L and, when asked, its gradient in (r, α, a, b). */
function totalLogLikelihood(
  params: BgNbdParams,
  prepared: Prepared,
  withGradient: boolean,
): [number, number[]] {
  const { r, alpha, a, b } = params;
  const { data, distinctX, xIndex, times, txIndex, tIndex } = prepared;
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  const constant = -lnGamma(r) + r * lnAlpha + lnGamma(a + b) - lnGamma(b);
  const perX = distinctX.map((x) => constant + lnGamma(r + x) + lnGamma(b + x) - lnGamma(a + b + x));
  // ln A4 = ln a − ln(b + x − 1) − (r + x) ln(α + t_x): the first two terms per distinct x.
  const lnA4x = distinctX.map((x) => lnA - Math.log(b + x - 1));
  // ln(α + t) and 1 / (α + t) per distinct time.
  const lnAt = times.map((t) => Math.log(alpha + t));
  const invAt = times.map((t) => 1 / (alpha + t));
  // Per distinct x: ∂/∂r, ∂/∂a and ∂/∂b of ln A1 + ln A2 (the parts that do not depend on t_x and T).
  const psiAB = withGradient ? digamma(a + b) : 0;
  const psiR = withGradient ? digamma(r) : 0;
  const psiB = withGradient ? digamma(b) : 0;
  const dR = distinctX.map((x) => (withGradient ? digamma(r + x) - psiR + lnAlpha : 0));
  const dA = distinctX.map((x) => (withGradient ? psiAB - digamma(a + b + x) : 0));
  const dB = distinctX.map((x, k) => (withGradient ? (dA[k] ?? 0) + digamma(b + x) - psiB : 0));
  const invB = distinctX.map((x) => 1 / (b + x - 1));
  const weight = data.weight;
  const rOverAlpha = r / alpha;
  let total = 0;
  let gr = 0;
  let galpha = 0;
  let ga = 0;
  let gb = 0;
  for (let i = 0; i < xIndex.length; i++) {
    const w = weight[i] ?? 0;
    if (w === 0) continue;
    const k = xIndex[i] ?? 0;
    const x = distinctX[k] ?? 0;
    const jT = tIndex[i] ?? 0;
    const lnAT = lnAt[jT] ?? 0;
    const lnA3 = -(r + x) * lnAT;
    if (x === 0) {
      total += w * ((perX[k] ?? 0) + lnA3);
      if (withGradient) {
        gr += w * ((dR[k] ?? 0) - lnAT);
        galpha += w * (rOverAlpha - r * (invAt[jT] ?? 0));
      }
      continue;
    }
    const jTx = txIndex[i] ?? 0;
    const lnATx = lnAt[jTx] ?? 0;
    const lnA4 = (lnA4x[k] ?? 0) - (r + x) * lnATx;
    // ln(A3 + A4) = max + ln(1 + e^−|ln A3 − ln A4|): log-sum-exp, with e shared by the shares below.
    const e = Math.exp(-Math.abs(lnA3 - lnA4));
    total += w * ((perX[k] ?? 0) + Math.max(lnA3, lnA4) + Math.log1p(e));
    if (withGradient) {
      // Shares of A3 and A4 in A3 + A4: ln(A3 + A4) differentiates to their weighted derivatives.
      const big = 1 / (1 + e);
      const small = e * big;
      const w3 = lnA3 >= lnA4 ? big : small;
      const w4 = lnA3 >= lnA4 ? small : big;
      gr += w * ((dR[k] ?? 0) - w3 * lnAT - w4 * lnATx);
      galpha += w * (rOverAlpha - (r + x) * (w3 * (invAt[jT] ?? 0) + w4 * (invAt[jTx] ?? 0)));
      ga += w * ((dA[k] ?? 0) + w4 / a);
      gb += w * ((dB[k] ?? 0) - w4 * (invB[k] ?? 0));
    }
  }
  return [total, [gr, galpha, ga, gb]];
}

/** Σ weight · ln L over the groups: the log-likelihood of the whole customer base. */
export function bgNbdTotalLogLikelihood(params: BgNbdParams, data: RfmGroups): number {
  return totalLogLikelihood(params, prepare(data), false)[0];
}

/** A method-of-moments guess (E[λ] = r / α ≈ purchases per unit of time, ignoring drop-out) and 4 starts around it. */
function defaultStarts(prepared: Prepared): BgNbdParams[] {
  const { data } = prepared;
  let purchases = 0;
  let time = 0;
  for (let i = 0; i < data.x.length; i++) {
    purchases += (data.weight[i] ?? 0) * (data.x[i] ?? 0);
    time += (data.weight[i] ?? 0) * (data.T[i] ?? 0);
  }
  const rate = purchases > 0 && time > 0 ? purchases / time : 1;
  // Half of the 2 × 2 × 2 grid r ∈ {0.25, 2.5}, a ∈ {0.5, 3}, b ∈ {1, 6}: each level of each parameter twice.
  const grid = [
    [0.25, 0.5, 1],
    [0.25, 3, 6],
    [2.5, 0.5, 6],
    [2.5, 3, 1],
  ];
  return [
    { r: 1, alpha: 1 / rate, a: 1, b: 1 },
    ...grid.map(([r = 1, a = 1, b = 1]) => ({ r, alpha: r / rate, a, b })),
  ];
}

/**
 * Fits the BG/NBD model by maximum likelihood on grouped summaries: BFGS over the log-parameters with the analytic
 * gradient, from several starts. Standard errors from the numerical Hessian of −ln L in (r, α, a, b) at the optimum.
 */
export function fitBgNbd(data: RfmGroups, opts: BgNbdFitOptions = {}): Fit<BgNbdParams> {
  const prepared = prepare(data);
  if (!(prepared.customers > 0)) throw new Error("BG/NBD: no customers to fit on (the weights add up to 0)");
  const { starts: given, ...options } = opts;
  const fit = fitInLogs({
    negLogLik: (v) => -totalLogLikelihood(toParams(v), prepared, false)[0],
    negLogLikAndGradient: (v) => {
      const [ll, g] = totalLogLikelihood(toParams(v), prepared, true);
      return [-ll, g.map((x) => -x)];
    },
    names: ["r", "α", "a", "b"],
    starts: (given ?? defaultStarts(prepared)).map(toArray),
    options,
  });
  return {
    params: toParams(fit.theta),
    standardErrors: toParams(fit.standardErrors),
    logLikelihood: fit.logLikelihood,
    customers: prepared.customers,
    report: fit.report,
  };
}

/**
 * P(alive at T | x, t_x, T) = 1 / (1 + δ_{x>0} · a / (b + x − 1) · ((α + T) / (α + t_x))^(r+x)) (FHL 2005, eq. 11);
 * 1 when x = 0: the model lets customers drop out only right after a repeat purchase.
 */
export function pAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const { r, alpha, a, b } = params;
  const logOdds = Math.log(a) - Math.log(b + x - 1) + (r + x) * Math.log1p((T - tx) / (alpha + tx));
  return logisticOfMinus(logOdds);
}

/**
 * S = Σ_{n≥1} c · (A)_n (a)_{n−1} zⁿ / ((c)_n n!) = Σ_{n≥1} (A)_n (a)_{n−1} zⁿ / ((c + 1)_{n−1} n!), c = a + b + x − 1:
 * (2F1(A, a − 1; c; z) − 1) · c / (a − 1), the factor a − 1 taken out so that a = 1 is no special case and c
 * cancelled so that c ≤ 0 is none either. Converges geometrically for 0 ≤ z < 1.
 */
function hypergeometricTail(A: number, a: number, c: number, z: number): number {
  let term = A * z;
  let sum = term;
  for (let n = 1; n < 10_000_000 && term !== 0; n++) {
    term *= ((A + n) * (a + n - 1) * z) / ((c + n) * (n + 1));
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) && n > Math.abs(A)) break;
  }
  return sum;
}

/**
 * E[Y(t) | x, t_x, T]: expected repeat purchases in (T, T + t] of a customer with this history (FHL 2005, eq. 10),
 * in purchases; t in the model's time unit. It is P(alive) × expectedPurchasesIfAlive(t, x, T): t_x enters
 * through P(alive) only.
 */
export function conditionalExpectedPurchases(
  params: BgNbdParams,
  t: number,
  x: number,
  tx: number,
  T: number,
): number {
  const ifAlive = expectedPurchasesIfAlive(params, t, x, T);
  return ifAlive === 0 ? 0 : ifAlive * pAlive(params, x, tx, T);
}

/**
 * Expected repeat purchases in (T, T + t] of a customer with x repeat purchases observed for T, given that the
 * customer is alive at T: E[Y(t) | x, t_x, T] / P(alive), which does not depend on t_x, so it is computed once
 * per distinct (x, T) for many customers.
 *
 * Written with Euler's transformation 2F1(r+x, b+x; c; z) = (1−z)^(a−1−r−x) 2F1(a+b−1−r, a−1; c; z), where
 * c = a + b + x − 1 and z = t / (α + T + t), so that for large x nothing overflows, then with the series expanded:
 *   E = c · L · (1 − e^{−(a−1)L}) / ((a−1)L) − e^{−(a−1)L} · S,  L = ln(1 + t / (α + T)),
 * S the tail series above. Accurate for t / (α + T) up to about 1e5. NaN for a t that is negative or not finite.
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  if (!(t >= 0 && Number.isFinite(t))) return Number.NaN;
  if (t === 0) return 0;
  const { r, alpha, a, b } = params;
  const c = a + b + x - 1;
  const L = Math.log1p(t / (alpha + T));
  const z = t / (alpha + T + t);
  const s = hypergeometricTail(a + b - 1 - r, a, c, z);
  const expected = c * L * exprel(-(a - 1) * L) - Math.exp(-(a - 1) * L) * s;
  return Math.max(0, expected);
}

/** E[X(t)]: expected repeat purchases of a new customer in (0, t] after the first purchase (FHL 2005, eq. 9). */
export function expectedPurchases(params: BgNbdParams, t: number): number {
  return conditionalExpectedPurchases(params, t, 0, 0, 0);
}

/** pAlive for many customers. */
export function pAliveMany(params: BgNbdParams, customers: RfmCustomers): Float64Array {
  return customers.x.map((x, i) =>
    pAlive(params, x, customers.tx[i] ?? Number.NaN, customers.T[i] ?? Number.NaN),
  );
}

/** conditionalExpectedPurchases over the same t for many customers. */
export function conditionalExpectedPurchasesMany(
  params: BgNbdParams,
  t: number,
  customers: RfmCustomers,
): Float64Array {
  return customers.x.map((x, i) =>
    conditionalExpectedPurchases(params, t, x, customers.tx[i] ?? Number.NaN, customers.T[i] ?? Number.NaN),
  );
}
