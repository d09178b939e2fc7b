/**
 * Maximum likelihood over log-parameters, shared by the three models: BFGS from several starts (with the
 * analytic gradient when the model has one, computed in the same pass as the value), standard errors from the
 * Hessian of −ln L in the natural parameters at the optimum, and the fit's report.
 *
 * Starts run in turn until two of them converge to the same best optimum (MinimizeOptions.stopWhenAgreeing,
 * which a caller may raise to run every start): on a million customers each start is a few hundred passes over
 * a hundred thousand groups, and the report says how many starts ran and agreed.
 */
import { hessian, hessianFromGradient, type MinimizeOptions, minimize, standardErrors } from "./optimize.js";
import type { FitReport } from "./types.js";

export interface LogFitProblem {
  /** −ln L at natural (positive) parameters. */
  negLogLik: (theta: readonly number[]) => number;
  /** −ln L and its gradient in the natural parameters, in one pass; numerical gradient when absent. */
  negLogLikAndGradient?: ((theta: readonly number[]) => [number, number[]]) | undefined;
  /** Starting points in the natural parameters. */
  starts: readonly (readonly number[])[];
  /** The parameters' names, for the report ("r", "α", …). */
  names: readonly string[];
  options?: MinimizeOptions | undefined;
}

export interface LogFit {
  theta: number[];
  standardErrors: number[];
  logLikelihood: number;
  report: FitReport;
}

/** See MinimizeOptions.ridge: 10 iterations, less than 0.001 gained in ln L, a log-parameter moved by 0.5. */
const RIDGE = { iterations: 10, decrease: 1e-3, move: 0.5 };

export function fitInLogs(problem: LogFitProblem): LogFit {
  const withGradient = problem.negLogLikAndGradient;
  // The optimiser asks for f and then the gradient at the same point: one pass computes both.
  let lastZ: readonly number[] = [];
  let last: [number, number[]] = [Number.NaN, []];
  const atLog = (z: readonly number[]): [number, number[]] => {
    if (withGradient && (z.length !== lastZ.length || z.some((v, i) => v !== lastZ[i]))) {
      const theta = z.map(Math.exp);
      const [f, g] = withGradient(theta);
      // d/dz f(e^z) = f'(θ) · θ
      last = [f, g.map((v, i) => v * (theta[i] ?? 0))];
      lastZ = [...z];
    }
    return last;
  };
  const starts = problem.starts.map((s) => s.map(Math.log));
  const options = {
    stopWhenAgreeing: 2,
    ridge: RIDGE,
    names: problem.names.map((n) => `ln ${n}`),
    ...problem.options,
  };
  const m = withGradient
    ? minimize((z) => atLog(z)[0], starts, { ...options, gradient: (z) => atLog(z)[1] })
    : minimize((z) => problem.negLogLik(z.map(Math.exp)), starts, options);
  const theta = m.x.map(Math.exp);
  // The Hessian from the analytic gradient (2n passes) when there is one, else from values (2n² + 1 passes).
  const h = withGradient
    ? hessianFromGradient((t) => withGradient(t)[1], theta)
    : hessian(problem.negLogLik, theta);
  return {
    theta,
    standardErrors: standardErrors(h),
    logLikelihood: -m.value,
    report: {
      converged: m.converged,
      message: m.message,
      iterations: m.iterations,
      gradientNorm: m.gradientNorm,
      starts: m.starts,
      startsRun: m.startsRun,
      edge: m.edge,
      startsAgreeing: m.startsAgreeing,
    },
  };
}
