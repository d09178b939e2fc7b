import { describe, expect, it } from "vitest";
import {
  decimalText,
  formatCount,
  formatFixed,
  formatMoney,
  formatNumber,
  formatPercent,
  formatPercentPoints,
  formatPlain,
  roundTo,
} from "../../src/report/format.js";

describe("format", () => {
  it("uses English separators whatever the locale", () => {
    expect(formatCount(4372)).toBe("4,372");
    expect(formatCount(1234567)).toBe("1,234,567");
    expect(formatMoney(8911407.9)).toBe("8,911,407.90");
    expect(formatNumber(-1234.567, 1)).toBe("-1,234.6");
  });

  it("never prints a negative zero", () => {
    expect(formatMoney(-0.001)).toBe("0.00");
    expect(formatMoney(-0)).toBe("0.00");
    expect(formatPercent(-0.00001)).toBe("0.0%");
    expect(formatPlain(-1e-13, 4)).toBe("0");
    expect(Object.is(roundTo(-0.00001, 2), 0)).toBe(true);
  });

  it("formats shares and percentages", () => {
    expect(formatPercent(0.8034)).toBe("80.3%");
    expect(formatPercent(1)).toBe("100.0%");
    expect(formatPercent(0.12345, 2)).toBe("12.35%");
    expect(formatPercentPoints(80)).toBe("80%");
    expect(formatPercentPoints(99.5)).toBe("99.5%");
    expect(formatFixed(0.43333, 3)).toBe("0.433");
    expect(formatFixed(0.151, 4)).toBe("0.1510");
  });

  it("writes plain numbers without float noise or exponents", () => {
    expect(formatPlain(0.1 + 0.2, 4)).toBe("0.3");
    expect(formatPlain(0.1 + 0.2 - 0.3, 4)).toBe("0");
    expect(formatPlain(1200.3000000000002, 4)).toBe("1200.3");
    expect(formatPlain(1234567.891234, 4)).toBe("1234567.8912");
    expect(formatPlain(1 / 3, 6)).toBe("0.333333");
    expect(formatPlain(0.000001, 6)).toBe("0.000001");
    expect(formatPlain(0.0000004, 6)).toBe("0");
    expect(formatPlain(42, 0)).toBe("42");
    expect(formatPlain(Number.NaN, 4)).toBe("NaN");
  });
});

describe("decimalText", () => {
  it("writes what String(roundTo(x, d)) writes, for every kind of number", () => {
    const special = [
      0, -0, 1, -1, 0.5, -0.5, 1.005, 2.675, 1e-7, -1e-7, 123456789.123456, 5e-5, -5e-5, 1e20, 3,
    ];
    let seed = 12345;
    const next = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    const random = Array.from({ length: 2000 }, () => (next() - 0.5) * 10 ** Math.floor(next() * 12 - 4));
    for (const x of [...special, ...random]) {
      for (const d of [0, 1, 2, 4, 6]) expect(decimalText(x, d)).toBe(String(roundTo(x, d)));
    }
    expect(decimalText(-0.00001, 4)).toBe("0");
    expect(decimalText(12.5, 4)).toBe("12.5");
  });
});
