/**
 * The Gauss hypergeometric function 2F1(a, b; c; z) = Σ_j (a)_j (b)_j / ((c)_j j!) z^j for real arguments, as
 * the Pareto/NBD likelihood needs it (Fader & Hardie 2005, "A note on deriving the Pareto/NBD model and related
 * expressions"): 2F1(a, b; a + 1; z) with a = r + s + x, b = s + 1 or r + x, and 0 ≤ z < 1, where x (repeat
 * purchases) can be in the hundreds and z can be close to 1.
 *
 * Methods (Abramowitz & Stegun 15.1.1, 15.1.20, 15.3.4, 15.3.3; DLMF 8.17.8, 8.17.22):
 * - the power series, summed with a running scale so that terms beyond 1e300 neither overflow nor swamp the
 *   sum: the result is a logarithm and a sign. It stops when the last term and a bound on the tail (the term
 *   times ρ/(1 − ρ), ρ the larger of the next term ratio and |z|) are below the relative tolerance;
 * - Euler's transformation 2F1(a, b; c; z) = (1 − z)^(c − a − b) 2F1(c − a, c − b; c; z), used when the
 *   transformed series decays faster (its terms go like j^(c−a−b−1) z^j, the original's like j^(a+b−c−1) z^j):
 *   for the Pareto/NBD it turns 2F1(a, b; a + 1; z), whose terms first grow like (bz)^j / j! when b ~ x is
 *   large, into 2F1(1, a + 1 − b; a + 1; z), whose terms only decrease;
 * - Pfaff's transformation 2F1(a, b; c; z) = (1 − z)^(−a) 2F1(a, c − b; c; z / (z − 1)) for z < −1/2, which
 *   maps z in (−∞, −1/2) to (1/3, 1);
 * - Gauss's continued fraction for 2F1(1, d; c; z) (DLMF 8.17.22 with 8.17.8) when z > 1/2: it converges in
 *   O(1/√(1 − z)) steps where the series needs O(1/(1 − z)), which is what keeps z near 1 cheap and exact;
 * - Gauss's sum Γ(c) Γ(c − a − b) / (Γ(c − a) Γ(c − b)) at z = 1 when c − a − b > 0.
 *
 * Accuracy: about 1e-15 relative for z ≤ 0.9, and ε/(1 − z) beyond, which is how much 2F1 itself moves when z
 * or the coefficients move by one rounding (1e-12 at 1 − z = 1e-3, 1e-10 at 1 − z = 1e-6).
 *
 * Never a silent wrong number: NaN when the arguments are outside the domain (z > 1, c a non-positive integer,
 * z = 1 with c − a − b ≤ 0), when the series or the fraction has not converged within the term cap, or when
 * cancellation between terms of both signs has eaten more than half of the digits.
 */
import { lnGamma } from "./special.js";

export interface Hyp2f1Options {
  /** Relative tolerance of the truncation (default 1e-15). */
  tolerance?: number;
  /** Most terms of the series or steps of the continued fraction before giving up with NaN (default 200,000). */
  maxTerms?: number;
}

/** 2F1 as ln |value| and its sign (0 with log −∞ for an exact zero); log NaN when it cannot be computed. */
export interface SignedLog {
  log: number;
  sign: -1 | 0 | 1;
}

const DEFAULT_TOLERANCE = 1e-15;
const DEFAULT_MAX_TERMS = 200_000;
/** Past this magnitude the running terms are rescaled (and the scale moved into the logarithm). */
const RESCALE_ABOVE = 1e200;
/** Σ|terms| / |Σ terms| above this means more than half the digits cancelled: the sum is not trusted. */
const MAX_CANCELLATION = 1e7;
/** Above this z the continued fraction replaces the series for 2F1(1, d; c; z). */
const FRACTION_ABOVE = 0.5;

const NOT_COMPUTABLE: SignedLog = { log: Number.NaN, sign: 1 };
const ONE: SignedLog = { log: 0, sign: 1 };
const isNonPositiveInteger = (v: number): boolean => v <= 0 && Number.isInteger(v);
/** u = 1 up to the rounding of a difference such as (a + 1) − a: the error of taking it as 1 is of that order. */
const isOne = (u: number, scale: number): boolean =>
  Math.abs(u - 1) <= 8 * Number.EPSILON * Math.max(1, scale);

/** 2F1(a, b; c; z) for real a, b, c and z ≤ 1; NaN outside the domain or when it does not converge. */
export function hyp2f1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const { log, sign } = log2F1Signed(a, b, c, z, options);
  return sign * Math.exp(log);
}

/** ln 2F1(a, b; c; z) where 2F1 is positive (always so for a, b, c > 0 and 0 ≤ z < 1); NaN otherwise. */
export function log2F1(a: number, b: number, c: number, z: number, options: Hyp2f1Options = {}): number {
  const { log, sign } = log2F1Signed(a, b, c, z, options);
  return sign === 1 ? log : Number.NaN;
}

/** ln |2F1(a, b; c; z)| and its sign, for real a, b, c (c not 0, −1, −2, …) and z ≤ 1. */
export function log2F1Signed(
  a: number,
  b: number,
  c: number,
  z: number,
  options: Hyp2f1Options = {},
): SignedLog {
  const tol = options.tolerance ?? DEFAULT_TOLERANCE;
  const maxTerms = options.maxTerms ?? DEFAULT_MAX_TERMS;
  const finite = Number.isFinite(a) && Number.isFinite(b) && Number.isFinite(c) && Number.isFinite(z);
  if (!finite || isNonPositiveInteger(c) || z > 1) return NOT_COMPUTABLE;
  if (a === 0 || b === 0 || z === 0) return ONE;
  if (z === 1) return gaussSum(a, b, c);
  if (z < -FRACTION_ABOVE) {
    // Pfaff: choose the form whose series terminates or keeps positive parameters where it can.
    const zeta = z / (z - 1);
    const prefer = isNonPositiveInteger(c - b) || (!isNonPositiveInteger(c - a) && c - b >= c - a);
    const [p, q] = prefer ? [a, b] : [b, a];
    return shift(log2F1Signed(p, c - q, c, zeta, options), -p * Math.log1p(-z));
  }
  const euler = (c - a - b) * Math.log1p(-z);
  if (z > FRACTION_ABOVE && c > 1) {
    const scale = Math.max(Math.abs(a), Math.abs(b), c);
    if (isOne(a, scale)) return gaussFraction(b, c, z, tol, maxTerms);
    if (isOne(b, scale)) return gaussFraction(a, c, z, tol, maxTerms);
    if (isOne(c - a, scale)) return shift(gaussFraction(c - b, c, z, tol, maxTerms), euler);
    if (isOne(c - b, scale)) return shift(gaussFraction(c - a, c, z, tol, maxTerms), euler);
  }
  const terminates = isNonPositiveInteger(a) || isNonPositiveInteger(b);
  const eulerTerminates = isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b);
  if (!terminates && (eulerTerminates || a + b - c > 0)) {
    return shift(powerSeries(c - a, c - b, c, z, tol, maxTerms), euler);
  }
  return powerSeries(a, b, c, z, tol, maxTerms);
}

function shift(value: SignedLog, by: number): SignedLog {
  return value.sign === 0 ? value : { log: value.log + by, sign: value.sign };
}

/** Sign of Γ(v) for v not 0, −1, −2, …: positive for v > 0, alternating on (−1, 0), (−2, −1), … */
function gammaSign(v: number): 1 | -1 {
  return v > 0 || Math.abs(Math.floor(v)) % 2 === 0 ? 1 : -1;
}

/** Gauss's sum: 2F1(a, b; c; 1) = Γ(c) Γ(c − a − b) / (Γ(c − a) Γ(c − b)) when c − a − b > 0. */
function gaussSum(a: number, b: number, c: number): SignedLog {
  const excess = c - a - b;
  if (!(excess > 0)) return NOT_COMPUTABLE;
  if (isNonPositiveInteger(c - a) || isNonPositiveInteger(c - b))
    return { log: Number.NEGATIVE_INFINITY, sign: 0 };
  const log = lnGamma(c) + lnGamma(excess) - lnGamma(c - a) - lnGamma(c - b);
  return { log, sign: (gammaSign(c) * gammaSign(c - a) * gammaSign(c - b)) as 1 | -1 };
}

/** The power series for |z| < 1, in log form with a running scale. */
function powerSeries(a: number, b: number, c: number, z: number, tol: number, maxTerms: number): SignedLog {
  let term = 1;
  let sum = 1;
  let absSum = 1;
  let scale = 0;
  for (let j = 0; j < maxTerms; j++) {
    term *= (((a + j) * (b + j)) / ((c + j) * (j + 1))) * z;
    sum += term;
    absSum += Math.abs(term);
    const big = Math.max(Math.abs(term), Math.abs(sum));
    if (big > RESCALE_ABOVE) {
      term /= big;
      sum /= big;
      absSum /= big;
      scale += Math.log(big);
    }
    const nextRatio = Math.abs((((a + j + 1) * (b + j + 1)) / ((c + j + 1) * (j + 2))) * z);
    const rho = Math.max(nextRatio, Math.abs(z));
    const tail = term === 0 ? 0 : (Math.abs(term) * rho) / (1 - rho);
    if (rho < 1 && tail <= tol * Math.abs(sum)) return finish(sum, absSum, scale);
  }
  return NOT_COMPUTABLE;
}

function finish(sum: number, absSum: number, scale: number): SignedLog {
  if (sum === 0) return absSum === 0 ? { log: Number.NEGATIVE_INFINITY, sign: 0 } : NOT_COMPUTABLE;
  if (absSum > MAX_CANCELLATION * Math.abs(sum)) return NOT_COMPUTABLE;
  return { log: Math.log(Math.abs(sum)) + scale, sign: sum > 0 ? 1 : -1 };
}

/**
 * 2F1(1, d; c; z) for c > 1 and z < 1 by Gauss's continued fraction, evaluated with the modified Lentz method:
 * with p = c − 1 and q = d − c + 1, 2F1(p + q, 1; p + 1; z) = 1 / (1 + e1 / (1 + e2 / (1 + …))) where
 * e_2m = m (q − m) z / ((p + 2m − 1)(p + 2m)) and e_2m+1 = −(p + m)(p + q + m) z / ((p + 2m)(p + 2m + 1))
 * (DLMF 8.17.22 for the incomplete beta function B_z(p, q), divided by its prefactor z^p (1 − z)^q / p, 8.17.8).
 */
function gaussFraction(d: number, c: number, z: number, tol: number, maxTerms: number): SignedLog {
  const p = c - 1;
  const q = d - c + 1;
  const tiny = 1e-300;
  let f = 1;
  let cc = 1;
  let dd = 0;
  for (let j = 1; j <= maxTerms; j++) {
    const m = j >> 1;
    const e =
      j % 2 === 0
        ? (m * (q - m) * z) / ((p + 2 * m - 1) * (p + 2 * m))
        : (-(p + m) * (p + q + m) * z) / ((p + 2 * m) * (p + 2 * m + 1));
    dd = 1 + e * dd;
    if (Math.abs(dd) < tiny) dd = tiny;
    cc = 1 + e / cc;
    if (Math.abs(cc) < tiny) cc = tiny;
    dd = 1 / dd;
    const delta = cc * dd;
    f *= delta;
    if (Math.abs(delta - 1) <= tol) {
      if (!Number.isFinite(f) || f === 0) return NOT_COMPUTABLE;
      return { log: -Math.log(Math.abs(f)), sign: f > 0 ? 1 : -1 };
    }
  }
  return NOT_COMPUTABLE;
}
