import { describe, expect, it } from "vitest";
import { classifyAbc } from "../../src/core/classify-abc.js";
import { compareIds } from "../../src/core/compare-ids.js";
import { concentration } from "../../src/core/concentration.js";
import { addMonths, formatDay, parseIsoDay } from "../../src/core/dates.js";
import {
  makePolicy,
  parseHorizon,
  parseThresholds,
  previousWindow,
  windowFor,
} from "../../src/core/policy.js";
import { assignPyramid, PYRAMID_LAYERS, ranksWithin } from "../../src/core/pyramid.js";
import { customersToReach, rankCustomers } from "../../src/core/rank.js";

const day = (s: string) => parseIsoDay(s) ?? Number.NaN;
const rank = (values: number[], ids = values.map((_, i) => `c${String(i).padStart(3, "0")}`)) =>
  rankCustomers(Float64Array.from(values), ids);

describe("ranking", () => {
  it("orders by value descending, ties by id in byte order, and leaves value ≤ 0 unranked", () => {
    const r = rank([5, 10, 0, 10, -3], ["e", "b", "z", "a", "y"]);
    expect(Array.from(r.order)).toEqual([3, 1, 0]);
    expect(Array.from(r.rankOf)).toEqual([3, 2, 0, 1, 0]);
    expect(r.total).toBe(25);
  });

  it("sums money exactly: 0.7 + 0.2 reaches 90% of 1.0 (in binary floating point it falls short)", () => {
    expect(0.7 + 0.2 >= 0.9).toBe(false);
    const r = rank([0.1, 0.2, 0.7]);
    expect(r.total).toBe(1);
    expect(customersToReach(r, 90)).toBe(2);
  });

  it("compares ids by code point (UTF-8 byte order), not by UTF-16 unit", () => {
    const astral = "\u{1F600}";
    const high = "\uFF21";
    expect(compareIds(astral, high)).toBeGreaterThan(0);
    expect(astral < high).toBe(true); // JavaScript's own order differs
    expect(compareIds("a", "b")).toBeLessThan(0);
    expect(compareIds("ab", "a")).toBeGreaterThan(0);
  });
});

describe("ABC", () => {
  it("puts the customer that crosses a threshold in the class below it", () => {
    const r = rank([50, 30, 15, 5]);
    const abc = classifyAbc(r, [80, 95]);
    // cum: 50, 80 (reaches 80 exactly → A), 95 (reaches 95 → B), 100 → C
    expect(Array.from(abc.classOf)).toEqual([0, 0, 1, 2]);
    expect(abc.classes.map((c) => c.customers)).toEqual([2, 1, 1]);
  });

  it("supports any number of classes, and a final 100 names the last class", () => {
    const r = rank([40, 20, 20, 10, 5, 5]);
    const abc = classifyAbc(r, [50, 80, 100]);
    expect(abc.labels).toEqual(["A", "B", "C"]);
    const five = classifyAbc(r, [40, 60, 80, 90]);
    expect(five.labels).toEqual(["A", "B", "C", "D", "E"]);
    expect(Array.from(five.classOf)).toEqual([0, 1, 2, 3, 4, 4]);
  });

  it("handles no active customer and one customer", () => {
    expect(classifyAbc(rank([]), [80, 95]).classes.every((c) => c.customers === 0)).toBe(true);
    expect(Array.from(classifyAbc(rank([7]), [80, 95]).classOf)).toEqual([0]);
  });
});

describe("pyramid", () => {
  it("cuts at ceil(1%), ceil(5%), ceil(20%) of active customers", () => {
    expect([ranksWithin(1, 250), ranksWithin(5, 250), ranksWithin(20, 250)]).toEqual([3, 13, 50]);
    expect(ranksWithin(1, 100)).toBe(1);
    const values = Array.from({ length: 250 }, (_, i) => 1000 - i);
    const r = rank(values);
    const layers = assignPyramid({
      ranking: r,
      cuts: [1, 5, 20],
      lines: new Int32Array(250).fill(1),
      lastDayBefore: new Int32Array(250).fill(-1),
    });
    const count = (name: string) => Array.from(layers).filter((l) => PYRAMID_LAYERS[l] === name).length;
    expect([count("Top"), count("Big"), count("Medium"), count("Small")]).toEqual([3, 10, 37, 200]);
  });

  it("places inactive, prospects and suspects below; purchases win over the list", () => {
    const r = rank([10, 0, 0, 0, 0]);
    const layers = assignPyramid({
      ranking: r,
      cuts: [1, 5, 20],
      lines: Int32Array.from([1, 0, 0, 0, 0]),
      lastDayBefore: Int32Array.from([-1, 100, -1, -1, 100]),
      status: ["prospect", null, "prospect", "suspect", "suspect"],
    });
    expect(Array.from(layers, (l) => PYRAMID_LAYERS[l])).toEqual([
      "Top",
      "Inactive",
      "Prospect",
      "Suspect",
      "Inactive",
    ]);
  });

  it("limits Inactive to a lookback", () => {
    const layers = assignPyramid({
      ranking: rank([0, 0]),
      cuts: [1, 5, 20],
      lines: new Int32Array(2),
      lastDayBefore: Int32Array.from([50, 150]),
      inactiveSince: 100,
    });
    expect(Array.from(layers, (l) => PYRAMID_LAYERS[l] ?? null)).toEqual([null, "Inactive"]);
  });
});

describe("concentration", () => {
  it("is 0 Gini and 1/N HHI for equal customers", () => {
    const c = concentration(rank([5, 5, 5, 5]), 0.1, 0.2);
    expect(c.gini).toBeCloseTo(0, 12);
    expect(c.hhi).toBeCloseTo(0.25, 12);
    expect(c.keyClients).toHaveLength(4);
    expect(c.monopolyClients).toHaveLength(4);
  });

  it("approaches Gini 1 when one customer holds nearly everything", () => {
    const c = concentration(rank([1_000_000, 0.01, 0.01, 0.01]), 0.1, 0.2);
    expect(c.gini).toBeGreaterThan(0.74);
    expect(c.monopolyClients.map((m) => m.index)).toEqual([0]);
  });
});

describe("policy and dates", () => {
  it("makes the half-open window of domain.md", () => {
    const w = windowFor(day("2011-12-09"), parseHorizon("12m"));
    expect(formatDay(w.after + 1)).toBe("2010-12-10");
    const p = previousWindow(w, parseHorizon("12m"));
    expect([formatDay(p.after + 1), formatDay(p.asOf)]).toEqual(["2009-12-10", "2010-12-09"]);
  });

  it("clamps month ends and understands weeks and days", () => {
    expect(formatDay(addMonths(day("2012-02-29"), -12))).toBe("2011-02-28");
    expect(formatDay(addMonths(day("2024-03-31"), -1))).toBe("2024-02-29");
    expect(parseHorizon("52w")).toEqual({ count: 52, unit: "week" });
    expect(parseHorizon("90d")).toEqual({ count: 90, unit: "day" });
    expect(parseHorizon("1y")).toEqual({ count: 12, unit: "month" });
  });

  it("rejects decreasing thresholds and nonsense with a message that says what to type", () => {
    expect(() => makePolicy({ abcThresholds: parseThresholds("95,80") })).toThrow(/must increase.*80,95/);
    expect(() => parseThresholds("80,abc")).toThrow(/--abc expects/);
    expect(() => parseHorizon("twelve")).toThrow(/--horizon expects/);
    expect(parseIsoDay("2011-02-30")).toBeUndefined();
    expect(() => makePolicy({ keyClientShare: 1.5 })).toThrow(
      /keyClientShare: a share above 0 and at most 1; got 1.5/,
    );
    expect(() => makePolicy({ keyClientShare: 0.3 })).toThrow(
      /monopoly-client share \(0.2\) must not be below/,
    );
    expect(() => makePolicy({ horizon: { count: 0, unit: "month" } })).toThrow(/horizon/);
    expect(() => makePolicy({ abcThresholds: [] })).toThrow(/abcThresholds/);
    expect(makePolicy({}).abcThresholds).toEqual([80, 95]);
  });
});
