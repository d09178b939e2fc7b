/**
 * Unconstrained minimisation for maximum-likelihood fits: BFGS (Nocedal & Wright, Numerical Optimization,
 * 2nd ed., algorithm 6.1) with a strong-Wolfe line search (algorithms 3.5 and 3.6), run from several
 * starting points. Models optimise over log-parameters so that R^n is the whole parameter space.
 *
 * Converged means: the gradient is small (see gradientTolerance), or no step decreases f any more while the
 * quasi-Newton model predicts a remaining decrease ½ gᵀHg within rounding of f (about 1000 ulps of |f|); the
 * second case happens with sums over many customers, whose gradient cannot be driven below their rounding noise.
 *
 * Robustness rules: a non-finite value of f (NaN, ±∞) counts as +∞, so the line search shrinks the step
 * away from it; a start where f is not finite is skipped; the result is never a NaN optimum; running out
 * of iterations or failing to decrease f otherwise is reported as converged: false, with the reason in words.
 */

export interface MinimizeOptions {
  /** BFGS iterations per start (default 500). */
  maxIterations?: number;
  /**
   * Converged when ‖∇f‖∞ ≤ gradientTolerance · max(1, min(|f(start)|, |f|)) (default 1e-8: relative, so that it does
   * not depend on the sample size of a log-likelihood).
   */
  gradientTolerance?: number;
  /**
   * Stop trying further starts once this many runs have converged to the best value found so far (within 1e-6 ·
   * max(1, |value|)); default: every start is run. Fits on a million customers use 2: each start costs a few
   * hundred passes over the data, and two starts from different corners agreeing is what the others would confirm.
   */
  stopWhenAgreeing?: number;
  /**
   * Stop a run on a ridge: when over `iterations` iterations f decreased by less than `decrease` (absolute) while
   * some coordinate moved by more than `move`. Such a run ends with converged: false and edge: true. Default: no
   * ridge check. The fits of the models use 10 iterations, 0.001 in ln L and 0.5 in a log-parameter (a factor
   * 1.65): the likelihood still creeps up as an estimate runs off to 0 or ∞ (the Pareto/NBD's s and β together,
   * when every customer leaves at the same rate), by amounts no model comparison would notice, while each
   * evaluation there gets dearer.
   */
  ridge?: { iterations: number; decrease: number; move: number };
  /** Names of the coordinates, for messages (default x1, x2, …). */
  names?: readonly string[];
}

export interface Minimum {
  x: number[];
  value: number;
  converged: boolean;
  iterations: number;
  gradientNorm: number;
  message: string;
  /** True when the best run stopped on a ridge (see MinimizeOptions.ridge): the optimum is at an edge. */
  edge: boolean;
  /** Starts given, starts run (fewer with stopWhenAgreeing), and how many ended within 1e-6 · max(1, |value|) of the best value. */
  starts: number;
  startsRun: number;
  startsAgreeing: number;
}

type Objective = (x: readonly number[]) => number;
/** The gradient at x; `fx`, f at x when the caller has it (a numerical gradient then saves one evaluation). */
type Gradient = (x: readonly number[], fx?: number) => number[];

const EPS = Number.EPSILON;
/** Sufficient decrease and curvature constants of the Wolfe conditions (the usual quasi-Newton values). */
const C1 = 1e-4;
const C2 = 0.9;
const MAX_LINE_SEARCH = 60;
/** A decrease of f below ROUNDING · |f| (about 1000 units in the last place) cannot be told from rounding. */
const ROUNDING = 1e3 * EPS;

const finiteOr = (v: number): number => (Number.isFinite(v) ? v : Number.POSITIVE_INFINITY);
const dot = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);
const normInf = (a: readonly number[]): number => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
const step = (x: readonly number[], d: readonly number[], t: number): number[] =>
  x.map((v, i) => v + t * (d[i] ?? 0));
const allFinite = (a: readonly number[]): boolean => a.every(Number.isFinite);
const fmt = (v: number): string => v.toPrecision(2);

/**
 * Central-difference gradient with the step h_i = ε^(1/3) · max(|x_i|, 1); one-sided where one side of x is not
 * finite; NaN in a coordinate where neither side is.
 */
export function numericalGradient(f: Objective, x: readonly number[], fx: number = f(x)): number[] {
  const h0 = Math.cbrt(EPS);
  return x.map((xi, i) => {
    const h = h0 * Math.max(Math.abs(xi), 1);
    const up = [...x];
    const down = [...x];
    up[i] = xi + h;
    down[i] = xi - h;
    const hUp = (up[i] ?? xi) - xi;
    const hDown = xi - (down[i] ?? xi);
    const fUp = f(up);
    const fDown = f(down);
    if (Number.isFinite(fUp) && Number.isFinite(fDown)) return (fUp - fDown) / (hUp + hDown);
    if (Number.isFinite(fUp)) return (fUp - fx) / hUp;
    if (Number.isFinite(fDown)) return (fx - fDown) / hDown;
    return Number.NaN;
  });
}

interface Point {
  x: number[];
  f: number;
  g: number[];
}

/** A point if f and its gradient are finite there, else undefined. */
function evaluate(f: Objective, gradient: Gradient, x: number[]): Point | undefined {
  const fx = f(x);
  if (!Number.isFinite(fx)) return undefined;
  const g = gradient(x, fx);
  return allFinite(g) ? { x, f: fx, g } : undefined;
}

/** Strong-Wolfe line search along d from p (d a descent direction); undefined when no acceptable step was found. */
function lineSearch(
  f: Objective,
  gradient: Gradient,
  p: Point,
  d: readonly number[],
  initial: number,
): Point | undefined {
  const slope0 = dot(p.g, d);
  const armijo = (t: number, ft: number): boolean => ft <= p.f + C1 * t * slope0;
  let evaluations = 0;
  // f at a trial step; the gradient only for a step that passes the value tests (with a numerical gradient it
  // costs 2n values, and most rejected steps never need it).
  const at = (t: number): { t: number; f: number; x: number[] } => {
    evaluations++;
    const x = step(p.x, d, t);
    return { t, f: finiteOr(f(x)), x };
  };
  /** The trial as a point, or its value turned into +∞ when the gradient is not finite there. */
  const withGradient = (trial: { t: number; f: number; x: number[] }): Point | undefined => {
    const g = gradient(trial.x, trial.f);
    if (allFinite(g)) return { x: trial.x, f: trial.f, g };
    trial.f = Number.POSITIVE_INFINITY;
    return undefined;
  };

  // The best point found that satisfies sufficient decrease: returned when the curvature condition is never met.
  let best: Point | undefined;
  // Zoom between lo (satisfies Armijo, lowest so far) and hi (algorithm 3.6).
  const zoom = (
    lo: { t: number; f: number; slope: number },
    hi: { t: number; f: number },
  ): Point | undefined => {
    while (evaluations < MAX_LINE_SEARCH) {
      const width = hi.t - lo.t;
      if (Math.abs(width) <= EPS * Math.max(Math.abs(lo.t), 1e-300)) return best;
      // Minimiser of the quadratic through (lo.t, lo.f) with slope lo.slope and (hi.t, hi.f), kept inside the
      // middle 80 % of the interval; bisection-like when hi is not finite.
      let t = lo.t + 0.2 * width;
      if (Number.isFinite(hi.f)) {
        const denominator = 2 * (hi.f - lo.f - lo.slope * width);
        const q = denominator > 0 ? lo.t - (lo.slope * width * width) / denominator : Number.NaN;
        const a = Math.min(lo.t, hi.t) + 0.1 * Math.abs(width);
        const b = Math.max(lo.t, hi.t) - 0.1 * Math.abs(width);
        t = Number.isFinite(q) ? Math.min(Math.max(q, a), b) : lo.t + 0.5 * width;
      }
      const trial = at(t);
      const point =
        Number.isFinite(trial.f) && armijo(t, trial.f) && trial.f < lo.f ? withGradient(trial) : undefined;
      if (!point) {
        hi = trial;
        continue;
      }
      const slope = dot(point.g, d);
      if (Math.abs(slope) <= -C2 * slope0) return point;
      if (slope * (hi.t - lo.t) >= 0) hi = lo;
      lo = { t, f: trial.f, slope };
      best = point;
    }
    return best;
  };

  let previous = { t: 0, f: p.f, slope: slope0 };
  let t = initial;
  while (evaluations < MAX_LINE_SEARCH) {
    const trial = at(t);
    const point =
      Number.isFinite(trial.f) && armijo(t, trial.f) && !(previous.t > 0 && trial.f >= previous.f)
        ? withGradient(trial)
        : undefined;
    if (!point) return zoom(previous, trial);
    const slope = dot(point.g, d);
    if (Math.abs(slope) <= -C2 * slope0) return point;
    best = point;
    if (slope >= 0) return zoom({ t, f: trial.f, slope }, previous);
    previous = { t, f: trial.f, slope };
    t *= 2;
  }
  return best;
}

interface Run {
  point: Point;
  converged: boolean;
  /** Stopped on a ridge towards the edge of the space. */
  edge?: boolean;
  iterations: number;
  message: string;
}

function bfgs(
  f: Objective,
  gradient: Gradient,
  start: Point,
  maxIterations: number,
  tolerance: number,
  ridge?: MinimizeOptions["ridge"],
  names?: readonly string[],
): Run {
  const n = start.x.length;
  const identity = (): number[][] =>
    Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => +(i === j)));
  let h = identity();
  let fresh = true;
  let p = start;
  const history: Point[] = [];
  for (let iteration = 0; ; iteration++) {
    const done = (converged: boolean, message: string): Run => ({
      point: p,
      converged,
      iterations: iteration,
      message,
    });
    history.push(p);
    const before = ridge ? history[iteration - ridge.iterations] : undefined;
    if (ridge && before && before.f - p.f < ridge.decrease && normInf(step(p.x, before.x, -1)) > ridge.move) {
      const moved = p.x
        .map((v, i) => [i, v - (before.x[i] ?? v)] as const)
        .filter(([, d]) => Math.abs(d) > ridge.move)
        .map(([i, d]) => `${names?.[i] ?? `x${i + 1}`} ${d > 0 ? "up" : "down"} by ${fmt(Math.abs(d))}`);
      return {
        ...done(
          false,
          `f fell by less than ${fmt(ridge.decrease)} over the last ${ridge.iterations} iterations while the estimates kept moving (${moved.join(", ")}): the optimum lies at the edge of the parameter space, stopped after ${iteration} iterations`,
        ),
        edge: true,
      };
    }
    // Relative to the smaller of |f| at the start and now, so that f running off to −∞ does not loosen it.
    const limit = tolerance * Math.max(1, Math.min(Math.abs(start.f), Math.abs(p.f)));
    const gNorm = normInf(p.g);
    const gradientAbove = `gradient ${fmt(gNorm)} above ${fmt(limit)}`;
    if (gNorm <= limit)
      return done(true, `gradient ${fmt(gNorm)} below ${fmt(limit)} after ${iteration} iterations`);
    if (iteration >= maxIterations)
      return done(false, `iteration limit ${maxIterations} reached (${gradientAbove})`);
    let d = h.map((row) => -dot(row, p.g));
    if (!(dot(d, p.g) < 0)) {
      h = identity();
      fresh = true;
      d = p.g.map((v) => -v);
    }
    // A first step of length at most 1 in every coordinate: the gradient's scale says nothing about distance yet.
    const initial = fresh ? Math.min(1, 1 / normInf(d)) : 1;
    const next = lineSearch(f, gradient, p, d, initial);
    if (!next || !(next.f < p.f) || normInf(step(next.x, p.x, -1)) <= EPS * Math.max(1, normInf(p.x))) {
      if (!fresh) {
        // No step decreases f, and the quasi-Newton model says the minimum is lower by only ½ gᵀHg: when that is
        // within rounding of f, the gradient left over is rounding noise of a long sum, not distance to the optimum.
        const hg = h.map((row) => dot(row, p.g));
        const predicted = 0.5 * dot(p.g, hg);
        if (predicted <= ROUNDING * Math.max(1, Math.abs(p.f))) {
          return done(
            true,
            `f cannot decrease further after ${iteration} iterations: the predicted decrease ${fmt(predicted)} is within rounding of f (gradient ${fmt(gNorm)})`,
          );
        }
        // Forget the curvature estimate and try steepest descent once before giving up.
        h = identity();
        fresh = true;
        continue;
      }
      return done(
        false,
        `the line search could not decrease f after ${iteration} iterations (${gradientAbove})`,
      );
    }
    const s = next.x.map((v, i) => v - (p.x[i] ?? 0));
    const y = next.g.map((v, i) => v - (p.g[i] ?? 0));
    const sy = dot(s, y);
    if (sy > EPS * Math.sqrt(dot(s, s) * dot(y, y))) {
      if (fresh) {
        // Scale the identity to the curvature seen along the first step (Nocedal & Wright, eq. 6.20).
        const scale = sy / dot(y, y);
        h = h.map((row) => row.map((v) => v * scale));
      }
      // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ, written out with Hy.
      const rho = 1 / sy;
      const hy = h.map((row) => dot(row, y));
      const yhy = dot(y, hy);
      h = h.map((row, i) =>
        row.map(
          (v, j) =>
            v -
            rho * ((hy[i] ?? 0) * (s[j] ?? 0) + (s[i] ?? 0) * (hy[j] ?? 0)) +
            (rho * rho * yhy + rho) * (s[i] ?? 0) * (s[j] ?? 0),
        ),
      );
      fresh = false;
    }
    p = next;
  }
}

/**
 * Minimises f over R^n from each start (BFGS with a strong-Wolfe line search; the gradient analytic when given,
 * else central differences with a step scaled to |x|); returns the best, never a NaN optimum; reports
 * non-convergence. When f is not finite at any start, returns the first start with value +∞ and converged: false.
 */
export function minimize(
  f: Objective,
  starts: readonly (readonly number[])[],
  opts: MinimizeOptions & { gradient?: Gradient } = {},
): Minimum {
  const maxIterations = opts.maxIterations ?? 500;
  const tolerance = opts.gradientTolerance ?? 1e-8;
  const gradient: Gradient = opts.gradient ?? ((x, fx) => numericalGradient(f, x, fx));
  const enough = opts.stopWhenAgreeing ?? Number.POSITIVE_INFINITY;
  const runs: Run[] = [];
  const agree = (r: Run, value: number): boolean =>
    Math.abs(r.point.f - value) <= 1e-6 * Math.max(1, Math.abs(value));
  let best: Run | undefined;
  let tried = 0;
  for (const s of starts) {
    tried++;
    const start = evaluate(f, gradient, [...s]);
    if (!start) continue;
    const run = bfgs(f, gradient, start, maxIterations, tolerance, opts.ridge, opts.names);
    runs.push(run);
    if (!best || run.point.f < best.point.f) best = run;
    const value = best.point.f;
    // Runs that stopped on the same ridge agree as much as converged ones: further starts would end there too.
    if (runs.filter((r) => (r.converged || r.edge) && agree(r, value)).length >= enough) break;
  }
  if (!best) {
    return {
      x: [...(starts[0] ?? [])],
      value: Number.POSITIVE_INFINITY,
      converged: false,
      iterations: 0,
      gradientNorm: Number.NaN,
      message: `f or its gradient is not finite at any of the ${starts.length} starting points`,
      starts: starts.length,
      startsRun: tried,
      startsAgreeing: 0,
      edge: false,
    };
  }
  const value = best.point.f;
  const agreeing = runs.filter((r) => agree(r, value)).length;
  const skipped = tried - runs.length;
  return {
    x: best.point.x,
    value,
    converged: best.converged,
    iterations: best.iterations,
    gradientNorm: normInf(best.point.g),
    message: skipped > 0 ? `${best.message}; ${skipped} start(s) skipped: f not finite there` : best.message,
    starts: starts.length,
    startsRun: tried,
    startsAgreeing: agreeing,
    edge: best.edge === true,
  };
}

/**
 * Hessian of f at x by central differences, with the step h_i = ε^(1/4) · |x_i| (ε^(1/4) when x_i = 0): relative
 * to each coordinate, so a positive parameter stays positive. NaN entries where f is not finite nearby.
 */
export function hessian(f: Objective, x: readonly number[]): number[][] {
  const n = x.length;
  const h0 = EPS ** 0.25;
  const h = x.map((v) => h0 * (v === 0 ? 1 : Math.abs(v)));
  /** f at x + si·h_i e_i + sj·h_j e_j (NaN when not finite). */
  const at = (i: number, si: number, j = i, sj = 0): number => {
    const y = [...x];
    y[i] = (y[i] ?? 0) + si * (h[i] ?? 0);
    y[j] = (y[j] ?? 0) + sj * (h[j] ?? 0);
    const v = f(y);
    return Number.isFinite(v) ? v : Number.NaN;
  };
  const f0 = at(0, 0);
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    const hi = h[i] ?? 0;
    const row = out[i] ?? [];
    row[i] = (at(i, 1) - 2 * f0 + at(i, -1)) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const v =
        (at(i, 1, j, 1) - at(i, 1, j, -1) - at(i, -1, j, 1) + at(i, -1, j, -1)) / (4 * hi * (h[j] ?? 0));
      row[j] = v;
      const other = out[j];
      if (other) other[i] = v;
    }
  }
  return out;
}

/**
 * Hessian from an analytic gradient by central differences of it, column j = (g(x + h_j e_j) − g(x − h_j e_j)) / 2h_j
 * with h_j = ε^(1/3) · |x_j| (ε^(1/3) when x_j = 0): 2n gradient evaluations instead of the 2n² + 1 values of
 * `hessian`, and one order of differencing less. Not symmetrised (standardErrors averages H and Hᵀ); NaN entries
 * where the gradient is not finite nearby.
 */
export function hessianFromGradient(gradient: Gradient, x: readonly number[]): number[][] {
  const n = x.length;
  const h0 = Math.cbrt(EPS);
  const out = Array.from({ length: n }, () => new Array<number>(n).fill(Number.NaN));
  for (let j = 0; j < n; j++) {
    const xj = x[j] ?? 0;
    const hj = h0 * (xj === 0 ? 1 : Math.abs(xj));
    const up = [...x];
    const down = [...x];
    up[j] = xj + hj;
    down[j] = xj - hj;
    const gUp = gradient(up);
    const gDown = gradient(down);
    const width = (up[j] ?? xj) - (down[j] ?? xj);
    for (let i = 0; i < n; i++) {
      const v = ((gUp[i] ?? Number.NaN) - (gDown[i] ?? Number.NaN)) / width;
      const row = out[i];
      if (row) row[j] = Number.isFinite(v) ? v : Number.NaN;
    }
  }
  return out;
}

/**
 * Standard errors from the Hessian of a negative log-likelihood at its minimum: sqrt(diag(H⁻¹)), by Cholesky.
 * All NaN when H (symmetrised) is not positive definite or not finite.
 */
export function standardErrors(negLogLikHessian: number[][]): number[] {
  const n = negLogLikHessian.length;
  const a = (i: number, j: number): number =>
    ((negLogLikHessian[i]?.[j] ?? Number.NaN) + (negLogLikHessian[j]?.[i] ?? Number.NaN)) / 2;
  const nan = new Array<number>(n).fill(Number.NaN);
  // H = L Lᵀ.
  const l = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let j = 0; j < n; j++) {
    const lj = l[j] ?? [];
    let diagonal = a(j, j);
    for (let k = 0; k < j; k++) diagonal -= (lj[k] ?? 0) ** 2;
    if (!(diagonal > 0) || !Number.isFinite(diagonal)) return nan;
    const ljj = Math.sqrt(diagonal);
    lj[j] = ljj;
    for (let i = j + 1; i < n; i++) {
      const li = l[i] ?? [];
      let v = a(i, j);
      for (let k = 0; k < j; k++) v -= (li[k] ?? 0) * (lj[k] ?? 0);
      li[j] = v / ljj;
    }
  }
  // H⁻¹ = L⁻ᵀ L⁻¹, so diag(H⁻¹)_i = Σ_k (L⁻¹)_{ki}²: solve L m = e_i column by column.
  const variance = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const m = new Array<number>(n).fill(0);
    for (let k = i; k < n; k++) {
      let v = k === i ? 1 : 0;
      const lk = l[k] ?? [];
      for (let j = i; j < k; j++) v -= (lk[j] ?? 0) * (m[j] ?? 0);
      m[k] = v / (lk[k] ?? Number.NaN);
    }
    variance[i] = m.reduce((s, v) => s + v * v, 0);
  }
  return variance.map((v) => (Number.isFinite(v) && v > 0 ? Math.sqrt(v) : Number.NaN));
}
