import { beforeAll, describe, expect, it } from "vitest";
import {
  bgNbdLogLikelihood,
  bgNbdTotalLogLikelihood,
  conditionalExpectedPurchases,
  conditionalExpectedPurchasesMany,
  expectedPurchases,
  expectedPurchasesIfAlive,
  fitBgNbd,
  pAlive,
  pAliveMany,
} from "../../src/core/clv/bg-nbd.js";
import { groupRfm } from "../../src/core/clv/predict.js";
import type { BgNbdParams, Fit, RfmGroups } from "../../src/core/clv/types.js";
import { CDNOW_SUMMARY, cdnowPresent, readCdnowRfm, relative, round } from "../helpers/cdnow.js";
import { gammaSample, prng } from "../helpers/prng.js";

const SUMMARY = CDNOW_SUMMARY;
const present = cdnowPresent(SUMMARY);

/** One group per customer. */
function ungrouped(rows: readonly (readonly [number, number, number])[]): RfmGroups {
  return {
    x: Float64Array.from(rows, (r) => r[0]),
    tx: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
    weight: new Float64Array(rows.length).fill(1),
  };
}

/** One group per distinct (x, t_x, T), weighted by its customers: as the app groups them. */
const grouped = (rows: readonly (readonly [number, number, number])[]): RfmGroups =>
  groupRfm({
    x: Float64Array.from(rows, (r) => r[0]),
    tx: Float64Array.from(rows, (r) => r[1]),
    T: Float64Array.from(rows, (r) => r[2]),
  });

/** README's refit, rounded to 4 decimals: fixed parameters for the values computed with mpmath at 50 digits. */
const P0: BgNbdParams = { r: 0.2426, alpha: 4.4135, a: 0.7929, b: 2.4258 };

// ../shared/data/README.md, section 1: FHL (2005) estimates on the CDNOW sample, in weeks.
describe.skipIf(!present)(
  present
    ? "BG/NBD on CDNOW (real data, ../shared/data): the published estimates"
    : "BG/NBD on CDNOW — SKIPPED: ../shared/data/cdnow/cdnow_customers_summary.csv is absent",
  () => {
    let rows: [number, number, number][];
    let fit: Fit<BgNbdParams>;
    beforeAll(() => {
      rows = readCdnowRfm();
      fit = fitBgNbd(grouped(rows));
    });

    it("reads 2,357 customers with Σx = 2,457", () => {
      expect(rows).toHaveLength(2357);
      expect(rows.reduce((s, r) => s + r[0], 0)).toBe(2457);
    });

    it("reproduces FHL (2005): r = 0.243, α = 4.414, a = 0.793, b = 2.426, LL = −9582.4", () => {
      const { r, alpha, a, b } = fit.params;
      expect([round(r, 3), round(alpha, 3), round(a, 3), round(b, 3)]).toEqual([0.243, 4.414, 0.793, 2.426]);
      expect(round(fit.logLikelihood, 1)).toBe(-9582.4);
      // and the README's refit with scipy: 0.2426, 4.4135, 0.7929, 2.4258, −9582.43
      expect([round(r, 4), round(alpha, 4), round(a, 4), round(b, 4)]).toEqual([
        0.2426, 4.4135, 0.7929, 2.4258,
      ]);
      expect(round(fit.logLikelihood, 2)).toBe(-9582.43);
      expect(fit.customers).toBe(2357);
    });

    it("says the fit converged, two starts agreeing, with finite standard errors", () => {
      expect(fit.report.converged).toBe(true);
      expect(fit.report).toMatchObject({ starts: 5, startsRun: 2, startsAgreeing: 2 });
      for (const se of Object.values(fit.standardErrors)) {
        expect(se).toBeGreaterThan(0);
        expect(Number.isFinite(se)).toBe(true);
      }
      // The same Hessian evaluated with mpmath at 30 digits: standard errors 0.012557, 0.37822, 0.18572, 0.70535.
      expect(relative(fit.standardErrors.r, 0.012557319)).toBeLessThan(1e-3);
      expect(relative(fit.standardErrors.alpha, 0.37822141)).toBeLessThan(1e-3);
      expect(relative(fit.standardErrors.a, 0.18571914)).toBeLessThan(1e-3);
      expect(relative(fit.standardErrors.b, 0.70534573)).toBeLessThan(1e-3);
    });

    it("reaches the same optimum from every one of the 5 starts when all are run", () => {
      const all = fitBgNbd(grouped(rows), { stopWhenAgreeing: Number.POSITIVE_INFINITY });
      expect(all.report).toMatchObject({ converged: true, starts: 5, startsRun: 5, startsAgreeing: 5 });
      expect(all.logLikelihood).toBeCloseTo(fit.logLikelihood, 6);
    });

    it("expects 1.226 purchases in the next 39 weeks for x = 2, t_x = 30.43, T = 38.86 (Hardie's spreadsheet)", () => {
      expect(round(conditionalExpectedPurchases(fit.params, 39, 2, 30.43, 38.86), 3)).toBe(1.226);
    });

    it("gives the same log-likelihood grouped as customer by customer, and the same fit", () => {
      const byCustomer = rows.reduce((s, [x, tx, T]) => s + bgNbdLogLikelihood(P0, x, tx, T), 0);
      expect(bgNbdTotalLogLikelihood(P0, grouped(rows))).toBeCloseTo(byCustomer, 8);
      expect(bgNbdTotalLogLikelihood(P0, ungrouped(rows))).toBeCloseTo(byCustomer, 8);
      // 50-digit value of the total at P0
      expect(byCustomer).toBeCloseTo(-9582.425561085958, 8);
      const again = fitBgNbd(ungrouped(rows));
      for (const k of ["r", "alpha", "a", "b"] as const) {
        expect(relative(again.params[k], fit.params[k])).toBeLessThan(1e-5);
      }
    });

    it("predicts as many repeat purchases in the calibration period as there were (2,457), within 2 %", () => {
      const predicted = rows.reduce((s, r) => s + expectedPurchases(fit.params, r[2]), 0);
      expect(relative(predicted, 2457)).toBeLessThan(0.02);
    });

    it("reports an iteration limit as not converged", () => {
      const short = fitBgNbd(grouped(rows), { maxIterations: 2 });
      expect(short.report.converged).toBe(false);
      expect(short.report.message).toContain("iteration limit 2 reached");
    });
  },
);

describe("BG/NBD formulas against values computed at 50 digits (mpmath, with the hypergeometric function)", () => {
  it("log-likelihood of single customers, extreme ones included", () => {
    const cases: [number, number, number, number][] = [
      [0, 0, 0.01, -0.0005490553435609351],
      [500, 38, 38, 726.7618514484157],
      [2, 30.43, 38.86, -9.459681082320499],
      [1, 0.01, 0.01, -2.903821575757052],
      [500, 0.5, 38, 1798.5737715746945],
    ];
    for (const [x, tx, T, expected] of cases) {
      expect(relative(bgNbdLogLikelihood(P0, x, tx, T), expected)).toBeLessThan(1e-12);
    }
  });

  it("conditional and unconditional expectations, probability alive", () => {
    const cases: [number, number, number, number, number][] = [
      [39, 2, 30.43, 38.86, 1.225911199899223],
      [39, 500, 38, 38, 348.989785012699],
      [39, 0, 0, 0.01, 1.193231627717178],
      [1e4, 3, 5, 30, 3.7014285043601185],
      [10, 0, 0, 5, 0.22568277770089218],
    ];
    for (const [t, x, tx, T, expected] of cases) {
      expect(relative(conditionalExpectedPurchases(P0, t, x, tx, T), expected)).toBeLessThan(1e-12);
    }
    expect(relative(expectedPurchases(P0, 39), 1.1950518784095006)).toBeLessThan(1e-12);
    expect(relative(expectedPurchases(P0, 78), 1.8580217586441488)).toBeLessThan(1e-12);
    expect(relative(expectedPurchases(P0, 520), 4.968829022060339)).toBeLessThan(1e-12);
    expect(relative(pAlive(P0, 2, 30.43, 38.86), 0.7266079973001562)).toBeLessThan(1e-14);
    expect(relative(pAlive(P0, 500, 38, 38), 0.9984212057416421)).toBeLessThan(1e-14);
    expect(relative(pAlive(P0, 500, 10, 38), 2.0890233546900526e-232)).toBeLessThan(1e-11);
  });

  it("splits the conditional expectation into P(alive) × purchases if alive, the latter the same for every t_x", () => {
    for (const [t, x, T] of [
      [39, 2, 38.86],
      [39, 500, 38],
      [52, 7, 20],
      [1e4, 3, 30],
    ] as const) {
      const ifAlive = expectedPurchasesIfAlive(P0, t, x, T);
      for (const tx of [0.5, T / 3, T]) {
        const whole = conditionalExpectedPurchases(P0, t, x, tx, T);
        // P(alive) of x = 500 with t_x = 0.5 underflows to 0: both sides are then exactly 0.
        expect(Math.abs(whole - ifAlive * pAlive(P0, x, tx, T))).toBeLessThanOrEqual(1e-14 * whole);
      }
    }
    // A customer alive at T who bought twice in 38.86 weeks: more than the 1.226 expected of one who may be gone.
    expect(expectedPurchasesIfAlive(P0, 39, 2, 38.86)).toBeCloseTo(
      1.225911199899223 / 0.7266079973001562,
      12,
    );
    expect(expectedPurchasesIfAlive(P0, 0, 2, 38.86)).toBe(0);
    expect(expectedPurchasesIfAlive(P0, -1, 2, 38.86)).toBeNaN();
  });

  it("has no singularity at a = 1 (the formula's (a − 1) denominator) nor for a + b < 1", () => {
    // limit a → 1 at 50 digits; and a = 0.3, b = 0.2, a = 2.5, b = 3
    expect(
      relative(conditionalExpectedPurchases({ ...P0, a: 1 }, 39, 2, 30.43, 38.86), 1.1019769949291331),
    ).toBeLessThan(1e-13);
    const nearOne = conditionalExpectedPurchases({ ...P0, a: 1 + 1e-9 }, 39, 2, 30.43, 38.86);
    expect(relative(nearOne, 1.1019769949291331)).toBeLessThan(1e-8);
    const smallAB = { r: 0.2426, alpha: 4.4135, a: 0.3, b: 0.2 };
    expect(relative(conditionalExpectedPurchases(smallAB, 39, 0, 0, 38.86), 0.171179709044541)).toBeLessThan(
      1e-13,
    );
    const largeA = { r: 0.2426, alpha: 4.4135, a: 2.5, b: 3 };
    expect(relative(conditionalExpectedPurchases(largeA, 39, 7, 20, 38.86), 0.2002197681960245)).toBeLessThan(
      1e-13,
    );
  });
});

describe("BG/NBD invariants", () => {
  const PARAMS: BgNbdParams[] = [
    P0,
    { r: 0.01, alpha: 0.001, a: 0.05, b: 0.05 },
    { r: 50, alpha: 500, a: 20, b: 200 },
    { r: 1, alpha: 1, a: 1, b: 1 },
  ];
  const EXTREMES: [number, number, number][] = [
    [500, 38, 38],
    [500, 0.02, 38],
    [0, 0, 38],
    [0, 0, 0.01],
    [1, 0.01, 0.01],
    [3, 0, 0.01],
    [1, 1e-9, 1e4],
    [100, 5e3, 1e4],
  ];

  it("stays finite at extreme customers; P(alive) in [0, 1], 1 when x = 0; expectations ≥ 0 and increasing in t", () => {
    for (const params of PARAMS) {
      for (const [x, tx, T] of EXTREMES) {
        expect(Number.isFinite(bgNbdLogLikelihood(params, x, tx, T))).toBe(true);
        const alive = pAlive(params, x, tx, T);
        expect(alive).toBeGreaterThanOrEqual(0);
        expect(alive).toBeLessThanOrEqual(1);
        if (x === 0) expect(alive).toBe(1);
        let previous = 0;
        for (const t of [0, 1e-6, 0.1, 1, 10, 39, 100, 520, 5000]) {
          const e = conditionalExpectedPurchases(params, t, x, tx, T);
          expect(Number.isFinite(e)).toBe(true);
          expect(e).toBeGreaterThanOrEqual(previous);
          previous = e;
        }
      }
    }
  });

  it("expects nothing in no time, and the posterior rate (r + x) / (α + T) · P(alive) over a short one", () => {
    expect(conditionalExpectedPurchases(P0, 0, 2, 30, 38)).toBe(0);
    expect(expectedPurchases(P0, 0)).toBe(0);
    const t = 1e-6;
    expect(conditionalExpectedPurchases(P0, t, 2, 30, 38) / t).toBeCloseTo(
      ((P0.r + 2) / (P0.alpha + 38)) * pAlive(P0, 2, 30, 38),
      6,
    );
    expect(expectedPurchases(P0, t) / t).toBeCloseTo(P0.r / P0.alpha, 6);
    expect(conditionalExpectedPurchases(P0, -1, 2, 30, 38)).toBeNaN();
  });

  it("is additive: a weight of 2 counts the customer twice, groups add up", () => {
    const one: RfmGroups = {
      x: Float64Array.of(3),
      tx: Float64Array.of(20),
      T: Float64Array.of(35),
      weight: Float64Array.of(2),
    };
    const twice = ungrouped([
      [3, 20, 35],
      [3, 20, 35],
    ]);
    expect(bgNbdTotalLogLikelihood(P0, one)).toBeCloseTo(bgNbdTotalLogLikelihood(P0, twice), 12);
    expect(bgNbdTotalLogLikelihood(P0, one)).toBeCloseTo(2 * bgNbdLogLikelihood(P0, 3, 20, 35), 12);
    const mixed = ungrouped([
      [0, 0, 30],
      [7, 29, 30],
      [1, 2, 3],
    ]);
    expect(bgNbdTotalLogLikelihood(P0, mixed)).toBeCloseTo(
      bgNbdLogLikelihood(P0, 0, 0, 30) + bgNbdLogLikelihood(P0, 7, 29, 30) + bgNbdLogLikelihood(P0, 1, 2, 3),
      12,
    );
  });

  it("computes many customers at once exactly as one by one", () => {
    const customers = ungrouped(EXTREMES);
    const alive = pAliveMany(P0, customers);
    const expected = conditionalExpectedPurchasesMany(P0, 39, customers);
    EXTREMES.forEach(([x, tx, T], i) => {
      expect(alive[i]).toBe(pAlive(P0, x, tx, T));
      expect(expected[i]).toBe(conditionalExpectedPurchases(P0, 39, x, tx, T));
    });
  });

  it("rejects summaries that are not one: t_x after T, a fractional x, arrays of different lengths", () => {
    expect(() => bgNbdTotalLogLikelihood(P0, ungrouped([[1, 40, 30]]))).toThrow(
      /entry 0 is not a valid summary/,
    );
    expect(() => bgNbdTotalLogLikelihood(P0, ungrouped([[1.5, 4, 30]]))).toThrow(/x = 1.5/);
    expect(() => fitBgNbd({ ...ungrouped([[1, 4, 30]]), T: new Float64Array(0) })).toThrow(
      /different lengths/,
    );
    expect(() => fitBgNbd({ ...ungrouped([[1, 4, 30]]), weight: Float64Array.of(0) })).toThrow(
      /no customers/,
    );
  });
});

describe("BG/NBD recovers known parameters from 20,000 simulated customers", () => {
  const truth: BgNbdParams = { r: 0.4, alpha: 5, a: 0.8, b: 3 };
  let data: RfmGroups;
  let fit: Fit<BgNbdParams>;
  beforeAll(() => {
    // The model's story: λ ~ Gamma(r, α), p ~ Beta(a, b); Poisson purchases, drop-out after each repeat purchase.
    const rng = prng(20_050_501);
    const rows: [number, number, number][] = [];
    for (let i = 0; i < 20_000; i++) {
      const T = 20 + 20 * rng();
      const lambda = gammaSample(rng, truth.r) / truth.alpha;
      const g = gammaSample(rng, truth.a);
      const p = g / (g + gammaSample(rng, truth.b));
      let t = 0;
      let x = 0;
      let tx = 0;
      for (;;) {
        t += -Math.log(1 - rng()) / lambda;
        if (t > T) break;
        x++;
        tx = t;
        if (rng() < p) break;
      }
      rows.push([x, tx, T]);
    }
    data = ungrouped(rows);
    fit = fitBgNbd(data);
  });

  it("converges, and every estimate is within 3 standard errors of the truth", () => {
    expect(fit.report.converged).toBe(true);
    for (const k of ["r", "alpha", "a", "b"] as const) {
      expect(Math.abs(fit.params[k] - truth[k])).toBeLessThan(3 * fit.standardErrors[k]);
      expect(fit.standardErrors[k]).toBeLessThan(0.3 * truth[k]);
    }
  });

  it("predicts the simulated repeat purchases: Σ E[X(T)] with the true parameters within 2 % of Σx", () => {
    let observed = 0;
    let predicted = 0;
    for (let i = 0; i < data.x.length; i++) {
      observed += data.x[i] ?? 0;
      predicted += expectedPurchases(truth, data.T[i] ?? 0);
    }
    expect(relative(predicted, observed)).toBeLessThan(0.02);
  });
});
