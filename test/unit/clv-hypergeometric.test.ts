import { describe, expect, it } from "vitest";
import { hyp2f1, log2F1, log2F1Signed } from "../../src/core/clv/hypergeometric.js";

const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describe("2F1: closed forms (Abramowitz & Stegun 15.1.3–15.1.8)", () => {
  // Series (|z| ≤ 1/2), Pfaff (z < −1/2) and the continued fraction (z > 1/2) all get a turn.
  const zs = [-50, -3, -0.9, -0.3, 0.1, 0.5, 0.75, 0.9, 0.999, 0.999999];

  it("2F1(1, 1; 2; z) = −ln(1 − z) / z, to the accuracy its conditioning allows (≈ ε/(1 − z) near z = 1)", () => {
    for (const z of zs) {
      const tolerance = 1e-14 + 1e-15 / (1 - Math.max(z, 0));
      expect(relative(hyp2f1(1, 1, 2, z), -Math.log1p(-z) / z)).toBeLessThan(tolerance);
    }
  });

  it("2F1(a, b; b; z) = (1 − z)^−a, also for a = r + s + x with x in the hundreds", () => {
    for (const [a, b] of [
      [0.7, 2.5],
      [2.5, 0.7],
      [501.2, 1.6],
      [1.6, 501.2],
    ] as const) {
      for (const z of zs) {
        const log = log2F1(a, b, b, z);
        expect(Math.abs(log - -a * Math.log1p(-z)) / Math.max(1, Math.abs(log))).toBeLessThan(1e-12);
      }
    }
  });

  it("2F1(½, 1; 3/2; −z²) = arctan(z)/z and 2F1(½, ½; 3/2; z²) = arcsin(z)/z", () => {
    for (const z of [0.1, 0.6, 2, 30])
      expect(relative(hyp2f1(0.5, 1, 1.5, -z * z), Math.atan(z) / z)).toBeLessThan(1e-13);
    for (const z of [0.1, 0.6, 0.99, 0.99999]) {
      expect(relative(hyp2f1(0.5, 0.5, 1.5, z * z), Math.asin(z) / z)).toBeLessThan(1e-10);
    }
  });

  it("terminating series: 2F1(−3, 2; 4; z) is a cubic, exact for any z ≤ 1", () => {
    const cubic = (z: number): number => 1 - 1.5 * z + 0.9 * z * z - 0.2 * z * z * z;
    for (const z of [-7, -0.5, 0.5, 0.99, 1])
      expect(relative(hyp2f1(-3, 2, 4, z), cubic(z))).toBeLessThan(1e-14);
    expect(hyp2f1(-3, 2, 4, 0.5)).toBeCloseTo(0.45, 14);
    expect(hyp2f1(-3, 2, 4, -7)).toBeCloseTo(124.2, 12);
  });

  it("Gauss's sum at z = 1: Γ(c)Γ(c−a−b) / (Γ(c−a)Γ(c−b))", () => {
    // 2F1(1.5, 2.5; 4.5; 1) = Γ(4.5)Γ(0.5)/(Γ(3)Γ(2)) = (105/16)·π/2.
    expect(relative(hyp2f1(1.5, 2.5, 4.5, 1), ((105 / 16) * Math.PI) / 2)).toBeLessThan(1e-14);
    // 2F1(1, 1; 3; 1) = 2; and the limit from below agrees.
    expect(hyp2f1(1, 1, 3, 1)).toBeCloseTo(2, 14);
    expect(hyp2f1(1, 1, 3, 1 - 1e-9)).toBeCloseTo(2, 6);
  });
});

describe("2F1: values computed with mpmath 1.3.0 at 50 digits (mpmath.hyp2f1)", () => {
  // [a, b, c, z, ln 2F1]: the Pareto/NBD's 2F1(a, b; a + 1; z) with a = r + s + x for x = 0, 500, 2000 and
  // b = s + 1 or r + x, z up to 1 − 1e-6; then general cases through each transformation.
  const cases: [number, number, number, number, number][] = [
    [501.159, 1.606, 502.159, 0.9, 3.6700439182803564],
    [501.159, 500.553, 502.159, 0.98, 1954.2659737263077],
    [2001.2, 1.6, 2002.2, 0.5, 1.1082370846280547],
    [2001.2, 2000.55, 2002.2, 0.999, 13812.402892108521],
    [1.159, 0.553, 2.159, 0.999999, 0.8684923951971268],
    [1.159, 1.606, 2.159, 0.999999, 9.020332283378917],
    [0.3, 0.7, 1.5, -20, -0.5816595359803246],
    [2.5, 0.55, 3.5, -0.7, -0.21844195816368484],
    [10, 20, 5, 0.3, 11.699268148546944],
    [3.25, 1.5, 0.75, 0.6, 4.544035045913936],
  ];

  it("ln 2F1 to 1e-13 (1e-10 at 1 − z = 1e-6, where 2F1 itself moves by 1e-10 when z moves by one rounding)", () => {
    for (const [a, b, c, z, expected] of cases) {
      const tolerance = z > 0.99999 ? 1e-10 : 1e-13;
      expect(Math.abs(log2F1(a, b, c, z) - expected) / Math.max(1, Math.abs(expected))).toBeLessThan(
        tolerance,
      );
    }
  });

  it("values past 1e300 stay finite in log form (2F1 ≈ 4.47e5998 at x = 2000)", () => {
    expect(Number.isFinite(log2F1(2001.2, 2000.55, 2002.2, 0.999))).toBe(true);
    expect(hyp2f1(2001.2, 2000.55, 2002.2, 0.999)).toBe(Number.POSITIVE_INFINITY);
  });
});

describe("2F1: transformations agree with each other", () => {
  it("Euler: 2F1(a, b; c; z) = (1 − z)^(c−a−b) 2F1(c − a, c − b; c; z)", () => {
    for (const [a, b, c] of [
      [0.8, 1.3, 2.9],
      [5.5, 0.4, 7.1],
      [1.16, 500.55, 501.16],
    ] as const) {
      for (const z of [0.2, 0.45, 0.7, 0.95]) {
        const lhs = log2F1(a, b, c, z);
        const rhs = (c - a - b) * Math.log1p(-z) + log2F1(c - a, c - b, c, z);
        expect(Math.abs(lhs - rhs) / Math.max(1, Math.abs(lhs))).toBeLessThan(1e-12);
      }
    }
  });

  it("Pfaff: 2F1(a, b; c; z) = (1 − z)^−a 2F1(a, c − b; c; z/(z − 1)), across z = −1/2", () => {
    for (const [a, b, c] of [
      [0.8, 1.3, 2.9],
      [2.5, 0.55, 3.5],
    ] as const) {
      for (const z of [-0.3, -0.49, -0.51, -0.9, -5]) {
        const lhs = log2F1(a, b, c, z);
        const rhs = -a * Math.log1p(-z) + log2F1(a, c - b, c, z / (z - 1));
        expect(Math.abs(lhs - rhs)).toBeLessThan(1e-13);
      }
    }
  });

  it("series and continued fraction agree around z = 1/2, where one hands over to the other", () => {
    for (const [d, c] of [
      [0.553, 1.159],
      [500.553, 501.159],
      [1.606, 501.159],
    ] as const) {
      const below = log2F1(1, d, c, 0.5);
      const above = log2F1(1, d, c, 0.5 + 1e-12);
      expect(Math.abs(above - below)).toBeLessThan(1e-10);
    }
  });

  it("is increasing in z on [0, 1) for the Pareto/NBD's parameters, x from 0 to 2000", () => {
    for (const x of [0, 1, 10, 500, 2000]) {
      const a = 0.55 + 0.61 + x;
      for (const b of [0.61 + 1, 0.55 + x]) {
        let previous = Number.NEGATIVE_INFINITY;
        for (const z of [0, 0.1, 0.3, 0.5, 0.6, 0.9, 0.99, 0.9999, 0.999999]) {
          const v = log2F1(a, b, a + 1, z);
          expect(Number.isFinite(v)).toBe(true);
          expect(v).toBeGreaterThanOrEqual(previous);
          previous = v;
        }
      }
    }
  });
});

describe("2F1: never a silent wrong number", () => {
  it("NaN outside the domain: z > 1, c = 0, −1, −2, …, z = 1 with c − a − b ≤ 0, non-finite arguments", () => {
    expect(hyp2f1(1, 1, 2, 1.01)).toBeNaN();
    expect(hyp2f1(1, 1, 0, 0.5)).toBeNaN();
    expect(hyp2f1(1, 1, -2, 0.5)).toBeNaN();
    expect(hyp2f1(1, 1, 2, 1)).toBeNaN();
    expect(hyp2f1(Number.NaN, 1, 2, 0.5)).toBeNaN();
    expect(hyp2f1(1, 1, 2, Number.NEGATIVE_INFINITY)).toBeNaN();
  });

  it("NaN when the series or the fraction has not converged within the term cap", () => {
    expect(hyp2f1(1.3, 0.7, 2.9, 0.4, { maxTerms: 5 })).toBeNaN();
    expect(hyp2f1(1, 1, 2, 0.9, { maxTerms: 5 })).toBeNaN();
    expect(hyp2f1(1, 1, 2, 0.9, { maxTerms: 500 })).toBeCloseTo(-Math.log(0.1) / 0.9, 13);
  });

  it("NaN when terms of both signs cancel away the digits: 2F1(50, 50; 1; −0.45) ≈ 4.0e-10 from terms near 1e18", () => {
    expect(hyp2f1(50, 50, 1, -0.45)).toBeNaN();
  });

  it("log2F1 is NaN for a negative value, log2F1Signed gives its sign", () => {
    // 2F1(2, 2; 1; z) = (1 + z)/(1 − z)³, negative for z < −1.
    expect(log2F1(2, 2, 1, -2)).toBeNaN();
    const signed = log2F1Signed(2, 2, 1, -2);
    expect(signed.sign).toBe(-1);
    expect(Math.exp(signed.log)).toBeCloseTo(1 / 27, 14);
  });
});
