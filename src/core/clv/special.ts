/**
 * Special functions for the lifetime-value models: ln Γ, digamma ψ and numerically careful log/exp helpers.
 *
 * ln Γ(x) for x > 0 is computed three ways, each where it is accurate to about 1e-15:
 * - near its zeros (x in [0.5, 2.5]) from the Taylor series around 1 (Abramowitz & Stegun 6.1.33),
 *   ln Γ(1 + ε) = −ln(1 + ε) + ε(1 − γ) + Σ_{k≥2} (−1)^k (ζ(k) − 1) ε^k / k, which keeps full relative
 *   accuracy close to x = 1 and x = 2 where ln Γ vanishes;
 * - for x ≥ 10 from Stirling's series with the Bernoulli numbers B2 … B16 (truncation error < 2e-18);
 * - in between by the recurrence Γ(x + 1) = x Γ(x), down to [1.5, 2.5] or up from x < 0.5.
 * Negative non-integers go through the reflection formula; ln Γ is +∞ at 0, −1, −2, …
 */

/** Euler–Mascheroni constant γ. */
const EULER_GAMMA = 0.5772156649015329;
/** ½ ln(2π). */
const HALF_LN_2PI = 0.9189385332046728;

/** ζ(k) − 1 for k = 2 … 30 (computed at 40 digits). */
const ZETA_MINUS_ONE = [
  0.6449340668482264, 0.2020569031595943, 0.08232323371113819, 0.03692775514336993, 0.01734306198444914,
  0.008349277381922827, 0.00407735619794434, 0.0020083928260822143, 0.0009945751278180853,
  0.0004941886041194645, 0.0002460865533080483, 0.00012271334757848915, 6.124813505870483e-5,
  3.058823630702049e-5, 1.528225940865187e-5, 7.637197637899763e-6, 3.81729326499984e-6, 1.908212716553939e-6,
  9.539620338727962e-7, 4.769329867878064e-7, 2.38450502727733e-7, 1.1921992596531106e-7,
  5.960818905125948e-8, 2.980350351465228e-8, 1.4901554828365043e-8, 7.45071178983543e-9,
  3.725334024788457e-9, 1.862659723513049e-9, 9.313274324196682e-10,
];

/** Stirling's series for ln Γ: B_2k / (2k (2k − 1)), k = 1 … 8. */
const STIRLING = [1 / 12, -1 / 360, 1 / 1260, -1 / 1680, 1 / 1188, -691 / 360360, 1 / 156, -3617 / 122400];

/** Asymptotic series for ψ: B_2k / (2k), k = 1 … 7. */
const DIGAMMA_ASYMPTOTIC = [1 / 12, -1 / 120, 1 / 252, -1 / 240, 1 / 132, -691 / 32760, 1 / 12];

/** ln Γ(1 + ε) for |ε| ≤ 0.5, from the series around 1. */
function lnGamma1p(eps: number): number {
  let sum = 0;
  for (let k = ZETA_MINUS_ONE.length - 1; k >= 0; k--) {
    // Horner in ε over the terms (−1)^k (ζ(k) − 1) ε^k / k, k = 2 … 30.
    const n = k + 2;
    sum = sum * eps + ((n % 2 === 0 ? 1 : -1) * (ZETA_MINUS_ONE[k] ?? 0)) / n;
  }
  return -Math.log1p(eps) + eps * (1 - EULER_GAMMA) + sum * eps * eps;
}

function lnGammaStirling(x: number): number {
  const inv = 1 / x;
  const inv2 = inv * inv;
  let series = 0;
  for (let k = STIRLING.length - 1; k >= 0; k--) series = series * inv2 + (STIRLING[k] ?? 0);
  return (x - 0.5) * Math.log(x) - x + HALF_LN_2PI + series * inv;
}

/** ln |Γ(x)|: accurate to about 1e-15 (relative, absolute near the zeros x = 1, 2); +∞ at 0, −1, −2, …; NaN for NaN. */
export function lnGamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x === Number.POSITIVE_INFINITY) return Number.POSITIVE_INFINITY;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.POSITIVE_INFINITY;
    // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  }
  if (x < 0.5) return lnGamma1p(x) - Math.log(x);
  if (x <= 1.5) return lnGamma1p(x - 1);
  if (x <= 2.5) return lnGamma1p(x - 2) + Math.log1p(x - 2);
  if (x >= 10) return lnGammaStirling(x);
  // 2.5 < x < 10: Γ(x) = (x − 1)(x − 2)…(y) Γ(y) with y in (1.5, 2.5].
  let y = x;
  let product = 1;
  while (y > 2.5) {
    y -= 1;
    product *= y;
  }
  return lnGamma1p(y - 2) + Math.log1p(y - 2) + Math.log(product);
}

/** Digamma ψ(x) = d ln Γ(x) / dx: accurate to about 1e-15 absolute; NaN at 0, −1, −2, … */
export function digamma(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) {
    if (Number.isInteger(x)) return Number.NaN;
    // Reflection: ψ(1 − x) − ψ(x) = π / tan(πx).
    return digamma(1 - x) - Math.PI / Math.tan(Math.PI * x);
  }
  let shift = 0;
  let y = x;
  while (y < 10) {
    shift += 1 / y;
    y += 1;
  }
  const inv2 = 1 / (y * y);
  let series = 0;
  for (let k = DIGAMMA_ASYMPTOTIC.length - 1; k >= 0; k--)
    series = series * inv2 + (DIGAMMA_ASYMPTOTIC[k] ?? 0);
  return Math.log(y) - 0.5 / y - series * inv2 - shift;
}

/** ln(e^a + e^b) without overflow; −∞ when both are −∞. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  const m = Math.max(a, b);
  return m + Math.log1p(Math.exp(-Math.abs(a - b)));
}

/** ln Σ e^{v_i} without overflow; −∞ for no values. */
export function logSumExp(values: readonly number[]): number {
  let m = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > m) m = v;
  if (!Number.isFinite(m)) return m;
  let s = 0;
  for (const v of values) s += Math.exp(v - m);
  return m + Math.log(s);
}

/** 1 / (1 + e^u), the logistic of −u, without overflow. */
export function logisticOfMinus(u: number): number {
  if (u >= 0) {
    const e = Math.exp(-u);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(u));
}

/** (e^u − 1) / u, equal to 1 at u = 0, accurate near 0 where the quotient would cancel. */
export function exprel(u: number): number {
  if (Math.abs(u) < 1e-5) return 1 + u / 2 + (u * u) / 6;
  return Math.expm1(u) / u;
}
