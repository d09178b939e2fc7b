/** The warnings `strata clv` gives about its fits: nothing for a converged fit, one per fit that is not. */
import { describe, expect, it } from "vitest";
import { fitWarnings } from "../../src/app/clv.js";
import type { Fit, FitReport } from "../../src/core/clv/types.js";

const fitWith = (report: Partial<FitReport>): Fit<{ r: number }> => ({
  params: { r: 1 },
  standardErrors: { r: 0.1 },
  logLikelihood: -10,
  customers: 5,
  report: {
    converged: true,
    message: "gradient 1e-9 below 1e-8 after 12 iterations",
    iterations: 12,
    gradientNorm: 1e-9,
    starts: 5,
    startsRun: 2,
    startsAgreeing: 2,
    edge: false,
    ...report,
  },
});

describe("fitWarnings", () => {
  it("says nothing about converged fits and fits not made", () => {
    expect(fitWarnings({ bgNbd: fitWith({}) as never, paretoNbd: null, gammaGamma: null })).toEqual([]);
  });

  it("tells a fit at the edge of its parameter space from one that did not converge", () => {
    const edge = fitWith({
      converged: false,
      edge: true,
      message: "f fell by less than 0.0010 … (ln s up by 4.0, ln β up by 4.0)",
    });
    const stuck = fitWith({
      converged: false,
      message: "iteration limit 500 reached (gradient 3 above 1e-4)",
    });
    const w = fitWarnings({
      bgNbd: stuck as never,
      paretoNbd: edge as never,
      gammaGamma: fitWith({}) as never,
    });
    expect(w.map((x) => x.code)).toEqual(["fit_not_converged", "fit_at_edge"]);
    expect(w[0]?.message).toBe(
      "The BG/NBD fit did not converge: iteration limit 500 reached (gradient 3 above 1e-4). Its parameters and predictions are the best found, not a maximum.",
    );
    expect(w[1]?.message).toMatch(
      /^The Pareto\/NBD fit ends at the edge of its parameter space: f fell by .*ln β up by 4\.0\)\. The likelihood hardly changes/,
    );
  });
});
