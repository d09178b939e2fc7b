/**
 * Customer lifetime value (issue 5; domain.md "Customer lifetime value"): the shared types of the models.
 * Times are in the unit the summary was made in (days or weeks); money in the data's currency.
 */

/**
 * The repeat-purchase summary the models are fitted on, grouped: one entry per distinct (x, t_x, T) with
 * the number of customers that share it. x = repeat purchases (distinct purchase days − 1), t_x = time of
 * the last purchase since the first, T = time from the first purchase to the calibration end (t_x ≤ T).
 */
export interface RfmGroups {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Customers with these figures (≥ 1). */
  weight: Float64Array;
}

/** Spend data for the Gamma-Gamma model: repeaters only (x ≥ 1), grouped by (x, mean repeat value). */
export interface SpendGroups {
  x: Float64Array;
  /** Mean value of the repeat purchases (> 0). */
  mean: Float64Array;
  weight: Float64Array;
}

/** How a fit ended: never silent about non-convergence. */
export interface FitReport {
  converged: boolean;
  /** Why it stopped, in words ("gradient below 1e-6 after 38 iterations", "iteration limit 500 reached"). */
  message: string;
  iterations: number;
  /** Norm of the gradient of the negative log-likelihood (in the log parameters) at the optimum. */
  gradientNorm: number;
  /**
   * Starting points given, run (the fit stops once two agree on the best optimum), and how many of those run reached
   * the best optimum (within 1e-6 of its value).
   */
  starts: number;
  startsRun: number;
  /**
   * The likelihood kept rising, by amounts too small to matter, as some estimates ran off towards 0 or infinity:
   * the maximum is at the edge of the parameter space (converged is false; the message names the estimates).
   */
  edge: boolean;
  startsAgreeing: number;
}

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface ParetoNbdParams {
  r: number;
  alpha: number;
  s: number;
  beta: number;
}

export interface GammaGammaParams {
  p: number;
  q: number;
  gamma: number;
}

/** A fitted model: parameters, their standard errors (NaN when the Hessian is not invertible), the fit. */
export interface Fit<P> {
  params: P;
  standardErrors: P;
  logLikelihood: number;
  /** Customers the model was fitted on (the sum of the weights). */
  customers: number;
  report: FitReport;
}
