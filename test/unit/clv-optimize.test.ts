import { describe, expect, it } from "vitest";
import {
  hessian,
  hessianFromGradient,
  minimize,
  numericalGradient,
  standardErrors,
} from "../../src/core/clv/optimize.js";
import {
  digamma,
  exprel,
  lnGamma,
  logAddExp,
  logisticOfMinus,
  logSumExp,
} from "../../src/core/clv/special.js";

const at = (x: readonly number[], i: number): number => x[i] ?? Number.NaN;
const rosenbrock = (x: readonly number[]): number =>
  100 * (at(x, 1) - at(x, 0) ** 2) ** 2 + (1 - at(x, 0)) ** 2;
const rosenbrockGradient = (x: readonly number[]): number[] => [
  -400 * at(x, 0) * (at(x, 1) - at(x, 0) ** 2) - 2 * (1 - at(x, 0)),
  200 * (at(x, 1) - at(x, 0) ** 2),
];
const STARTS = [
  [-1.2, 1],
  [0, 0],
  [2, 2],
  [-3, -4],
  [10, -10],
];

describe("minimize", () => {
  it("finds Rosenbrock's minimum (1, 1) from every start, with the analytic gradient", () => {
    const m = minimize(rosenbrock, STARTS, { gradient: rosenbrockGradient });
    expect(m.converged).toBe(true);
    expect(m.message).toMatch(/^gradient .* below .* after \d+ iterations$/);
    expect(m.x[0]).toBeCloseTo(1, 9);
    expect(m.x[1]).toBeCloseTo(1, 9);
    expect(m.value).toBeLessThan(1e-18);
    expect(m.gradientNorm).toBeLessThanOrEqual(1e-8);
    expect(m).toMatchObject({ starts: 5, startsAgreeing: 5 });
  });

  it("stops trying starts once enough of them agree on the best value, and says how many ran", () => {
    const m = minimize(rosenbrock, STARTS, { gradient: rosenbrockGradient, stopWhenAgreeing: 2 });
    expect(m).toMatchObject({ converged: true, starts: 5, startsRun: 2, startsAgreeing: 2 });
    expect(m.x[0]).toBeCloseTo(1, 9);
    // Two local minima: the first start finds the worse one, so agreement needs the better one twice.
    const f = (x: readonly number[]) => (at(x, 0) ** 2 - 1) ** 2 + 0.1 * at(x, 0);
    const g = (x: readonly number[]) => [4 * at(x, 0) * (at(x, 0) ** 2 - 1) + 0.1];
    const two = minimize(f, [[2], [-2], [1.5], [-1.5], [-3]], { gradient: g, stopWhenAgreeing: 2 });
    expect(two.x[0]).toBeLessThan(0);
    expect(two.startsRun).toBe(4);
    expect(two.startsAgreeing).toBe(2);
  });

  it("stops on a ridge rising towards infinity when asked, naming the coordinate, instead of creeping along it", () => {
    // inf f = 0 as x1 → ∞: no minimum; the gradient shrinks like e^−x1.
    const f = (x: readonly number[]) => Math.exp(-at(x, 0)) + (at(x, 1) - 1) ** 2;
    const g = (x: readonly number[]) => [-Math.exp(-at(x, 0)), 2 * (at(x, 1) - 1)];
    const ridge = { iterations: 10, decrease: 1e-3, move: 0.5 };
    const m = minimize(f, [[0, 0]], { gradient: g, ridge, names: ["ln s", "ln β"] });
    expect(m).toMatchObject({ converged: false, edge: true });
    expect(m.message).toMatch(/over the last 10 iterations while the estimates kept moving \(ln s up by/);
    expect(m.message).not.toContain("ln β");
    expect(m.x[0]).toBeGreaterThan(3);
    expect(m.value).toBeLessThan(0.05);
    // Without the check it goes on until the gradient is below the tolerance, far out.
    const plain = minimize(f, [[0, 0]], { gradient: g });
    expect(plain.edge).toBe(false);
    expect(plain.x[0]).toBeGreaterThan(m.x[0] ?? 0);
  });

  it("computes the gradient only at steps whose value passes the line search's tests", () => {
    let values = 0;
    let gradients = 0;
    const m = minimize(
      (x) => {
        values++;
        return rosenbrock(x);
      },
      [[-1.2, 1]],
      {
        gradient: (x) => {
          gradients++;
          return rosenbrockGradient(x);
        },
      },
    );
    expect(m.converged).toBe(true);
    expect(gradients).toBeLessThan(values);
  });

  it("finds it with central differences when no gradient is given", () => {
    const m = minimize(rosenbrock, STARTS);
    expect(m.converged).toBe(true);
    expect(m.x[0]).toBeCloseTo(1, 6);
    expect(m.x[1]).toBeCloseTo(1, 6);
    expect(m.startsAgreeing).toBe(5);
  });

  it("minimises in more dimensions: a badly scaled quadratic with its minimum at (1, −2, 3, 1e3)", () => {
    const centre = [1, -2, 3, 1e3];
    const scale = [1, 100, 1e-2, 1e-4];
    const f = (x: readonly number[]) => x.reduce((s, v, i) => s + at(scale, i) * (v - at(centre, i)) ** 2, 0);
    const m = minimize(f, [[0, 0, 0, 0]]);
    expect(m.converged).toBe(true);
    m.x.forEach((v, i) => {
      expect(v).toBeCloseTo(at(centre, i), 3);
    });
  });

  it("steps back from NaN and infinite regions: they count as +∞", () => {
    // Defined for x0 < 2 only; the minimum (1.9, −1) is close to the edge, and the first steps cross it.
    const edge = (x: readonly number[]) =>
      at(x, 0) < 2 ? (at(x, 0) - 1.9) ** 2 + (at(x, 1) + 1) ** 2 : Number.NaN;
    const m = minimize(edge, [
      [-30, 40],
      [1.99, 5],
    ]);
    expect(m.converged).toBe(true);
    expect(m.x[0]).toBeCloseTo(1.9, 6);
    expect(m.x[1]).toBeCloseTo(-1, 6);
    // x − ln x: NaN for x < 0, −ln 0 = +∞ at 0, minimum 1 at x = 1, from far away.
    const barrier = (x: readonly number[]) => at(x, 0) - Math.log(at(x, 0));
    const b = minimize(barrier, [[50], [1e-9]]);
    expect(b.converged).toBe(true);
    expect(b.x[0]).toBeCloseTo(1, 6);
    expect(b.value).toBeCloseTo(1, 12);
  });

  it("skips starts where f is not finite, and says so", () => {
    const m = minimize((x) => (at(x, 0) > 0 ? (at(x, 0) - 3) ** 2 : Number.NaN), [[-1], [1], [-5]]);
    expect(m.converged).toBe(true);
    expect(m.x[0]).toBeCloseTo(3, 8);
    expect(m.starts).toBe(3);
    expect(m.startsAgreeing).toBe(1);
    expect(m.message).toContain("2 start(s) skipped: f not finite there");
  });

  it("never returns a NaN optimum: f finite nowhere gives +∞ and converged: false", () => {
    const m = minimize(
      () => Number.NaN,
      [
        [1, 2],
        [3, 4],
      ],
    );
    expect(m).toMatchObject({
      x: [1, 2],
      value: Number.POSITIVE_INFINITY,
      converged: false,
      startsAgreeing: 0,
    });
    expect(m.message).toBe("f or its gradient is not finite at any of the 2 starting points");
  });

  it("reports an iteration limit as converged: false", () => {
    const m = minimize(rosenbrock, [[-1.2, 1]], { gradient: rosenbrockGradient, maxIterations: 3 });
    expect(m.converged).toBe(false);
    expect(m.iterations).toBe(3);
    expect(m.message).toMatch(/^iteration limit 3 reached \(gradient .* above .*\)$/);
    expect(Number.isFinite(m.value)).toBe(true);
    expect(m.value).toBeLessThan(rosenbrock([-1.2, 1]));
  });

  it("reports a function unbounded below as converged: false, with finite numbers", () => {
    const m = minimize((x) => at(x, 0) + at(x, 1) ** 2, [[0, 1]], { maxIterations: 50 });
    expect(m.converged).toBe(false);
    expect(Number.isFinite(m.value)).toBe(true);
    expect(m.x.every(Number.isFinite)).toBe(true);
  });

  it("reports a line search that cannot decrease f (a gradient that points the wrong way) as converged: false", () => {
    const m = minimize((x) => at(x, 0) ** 2, [[1]], { gradient: (x) => [-2 * at(x, 0)] });
    expect(m.converged).toBe(false);
    expect(m.message).toMatch(/^the line search could not decrease f/);
    expect(m.x).toEqual([1]);
  });
});

describe("numericalGradient", () => {
  it("is a central difference, one-sided where one side is not finite", () => {
    const g = numericalGradient((x) => Math.exp(at(x, 0)) + 3 * at(x, 1) ** 2, [0.5, -2]);
    expect(g[0]).toBeCloseTo(Math.exp(0.5), 9);
    expect(g[1]).toBeCloseTo(-12, 8);
    const oneSided = numericalGradient((x) => (at(x, 0) > 1 ? Number.NaN : at(x, 0) ** 2), [1]);
    expect(oneSided[0]).toBeCloseTo(2, 4); // first order: the error is about h = 6e-6
    expect(numericalGradient(() => Number.NaN, [1])).toEqual([Number.NaN]);
  });
});

describe("hessian and standardErrors", () => {
  it("differentiate a quadratic exactly enough, and invert it", () => {
    const A = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const f = (x: readonly number[]) =>
      0.5 * A.reduce((s, row, i) => s + row.reduce((t, v, j) => t + at(x, i) * v * at(x, j), 0), 0) +
      at(x, 0);
    const h = hessian(f, [0.3, -2, 5]);
    h.forEach((row, i) => {
      row.forEach((v, j) => {
        expect(v).toBeCloseTo(A[i]?.[j] ?? Number.NaN, 5);
      });
    });
    // The inverse of A by hand (cofactors / det, det = 21.29): diagonal 5.96, 7.75, 11 over 21.29.
    const se = standardErrors(A);
    expect(se[0]).toBeCloseTo(Math.sqrt(5.96 / 21.29), 12);
    expect(se[1]).toBeCloseTo(Math.sqrt(7.75 / 21.29), 12);
    expect(se[2]).toBeCloseTo(Math.sqrt(11 / 21.29), 12);
  });

  it("give Rosenbrock's curvature at (1, 1) and its inverse", () => {
    const h = hessian(rosenbrock, [1, 1]);
    expect(h[0]?.[0]).toBeCloseTo(802, 4);
    expect(h[0]?.[1]).toBeCloseTo(-400, 4);
    expect(h[1]?.[1]).toBeCloseTo(200, 4);
    // inverse [[0.5, 1], [1, 2.005]]
    const se = standardErrors(h);
    expect(se[0]).toBeCloseTo(Math.sqrt(0.5), 5);
    expect(se[1]).toBeCloseTo(Math.sqrt(2.005), 5);
  });

  it("from the gradient: the same curvature with 2n gradient evaluations", () => {
    let calls = 0;
    const h = hessianFromGradient(
      (x) => {
        calls++;
        return rosenbrockGradient(x);
      },
      [1, 1],
    );
    expect(calls).toBe(4);
    expect(h[0]?.[0]).toBeCloseTo(802, 5);
    expect(h[0]?.[1]).toBeCloseTo(-400, 5);
    expect(h[1]?.[0]).toBeCloseTo(-400, 5);
    expect(h[1]?.[1]).toBeCloseTo(200, 5);
    expect(standardErrors(hessianFromGradient(() => [Number.NaN, 1], [1, 1]))).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });

  it("steps relative to |x|, so positive parameters stay positive", () => {
    const seen: number[] = [];
    hessian(
      (x) => {
        seen.push(at(x, 0));
        return -Math.log(at(x, 0));
      },
      [1e-6],
    );
    expect(Math.min(...seen)).toBeGreaterThan(0);
  });

  it("give NaN when the Hessian is not positive definite or not finite", () => {
    expect(
      standardErrors([
        [1, 2],
        [2, 1],
      ]),
    ).toEqual([Number.NaN, Number.NaN]);
    expect(
      standardErrors([
        [1, 0],
        [0, 0],
      ]),
    ).toEqual([Number.NaN, Number.NaN]);
    expect(standardErrors([[Number.NaN]])).toEqual([Number.NaN]);
    expect(standardErrors(hessian(() => Number.NaN, [1, 1]))).toEqual([Number.NaN, Number.NaN]);
  });
});

describe("special functions", () => {
  it("ln Γ matches values computed at 50 digits (mpmath, at the double nearest each x), to 1e-15 relative, near its zeros too", () => {
    const cases: [number, number][] = [
      [1e-10, 23.025850929882736],
      [0.2426, 1.3197854750907922],
      [0.5, 0.5723649429247001],
      [1, 0],
      [1.0001, -5.771334222047127e-5],
      [1.5, -0.12078223763524522],
      [1.9999, -4.227520877215346e-5],
      [2, 0],
      [2.0001, 4.2281658112919945e-5],
      [3.7, 1.428072326665388],
      [9.99, 12.779315214350193],
      [10.01, 12.824350262448247],
      [500.2, 2606.3586119494353],
      [1e6, 12815504.569147611],
      [-2.5, -0.056243716497674054],
    ];
    for (const [x, expected] of cases) {
      expect(Math.abs(lnGamma(x) - expected)).toBeLessThanOrEqual(
        2e-15 * Math.max(Math.abs(expected), 1e-300),
      );
    }
    expect(lnGamma(0)).toBe(Number.POSITIVE_INFINITY);
    expect(lnGamma(-3)).toBe(Number.POSITIVE_INFINITY);
    // The recurrence ln Γ(x + 1) = ln Γ(x) + ln x across the method boundaries (0.5, 1.5, 2.5, 10).
    for (const x of [0.3, 0.5, 1.4, 1.5, 2.4, 2.5, 8.9, 9.5, 9.99, 10, 33.3]) {
      expect(lnGamma(x + 1)).toBeCloseTo(lnGamma(x) + Math.log(x), 13);
    }
  });

  it("ψ matches 50-digit values and is the derivative of ln Γ", () => {
    expect(digamma(1)).toBeCloseTo(-0.5772156649015329, 14);
    expect(digamma(0.5)).toBeCloseTo(-1.9635100260214235, 14);
    expect(digamma(2.4258)).toBeCloseTo(0.6661062155253097, 14);
    expect(digamma(500.2)).toBeCloseTo(6.214008085216889, 14);
    expect(digamma(-2.5)).toBeCloseTo(1.103156640645243, 13);
    for (const x of [0.3, 1.7, 4.4, 30]) {
      const h = 1e-5;
      expect(digamma(x)).toBeCloseTo((lnGamma(x + h) - lnGamma(x - h)) / (2 * h), 8);
    }
  });

  it("log-sum-exp and friends neither overflow nor lose small terms", () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(-1000, Number.NEGATIVE_INFINITY)).toBe(-1000);
    expect(logAddExp(0, -40)).toBeCloseTo(Math.exp(-40), 30);
    expect(logSumExp([800, 800, 800])).toBeCloseTo(800 + Math.log(3), 12);
    expect(logSumExp([])).toBe(Number.NEGATIVE_INFINITY);
    expect(logisticOfMinus(1000)).toBe(0);
    expect(logisticOfMinus(-1000)).toBe(1);
    expect(logisticOfMinus(0)).toBe(0.5);
    expect(exprel(0)).toBe(1);
    expect(exprel(1e-8)).toBeCloseTo(1 + 5e-9, 15);
    expect(exprel(1)).toBeCloseTo(Math.E - 1, 15);
  });
});
