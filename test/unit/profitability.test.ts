import { describe, expect, it } from "vitest";
import type { Attention } from "../../src/core/attention.js";
import type { CustomerBook } from "../../src/core/book.js";
import { NOT_RANKED } from "../../src/core/classify-abc.js";
import { StrataError } from "../../src/core/errors.js";
import { toUnits } from "../../src/core/money-units.js";
import {
  DEFAULT_PROFITABILITY_SETTINGS,
  type MarginFigures,
  type ProfitabilityResult,
  profitability,
} from "../../src/core/profitability.js";
import { abcOf, makeBook, prng, randomBook } from "../fixtures/book/book-fixture.js";
import {
  noActivitiesBook,
  noMarginBook,
  PROFIT_ROWS,
  profitBook,
  REVENUE_ABC,
} from "../fixtures/book/profit-book.js";

function marginOf(r: ProfitabilityResult): MarginFigures {
  if (r.margin.kind !== "margin") throw new Error("expected margin figures");
  return r.margin;
}
function measured(a: Attention): Extract<Attention, { measured: true }> {
  if (!a.measured) throw new Error("expected measured attention");
  return a;
}
const perId = <T>(book: CustomerBook, xs: ArrayLike<T>) =>
  Object.fromEntries(book.ids.map((id, i) => [id, xs[i]]));
const labelOf = (labels: readonly string[], k: number) => (k === NOT_RANKED ? null : (labels[k] ?? "?"));

describe("profitability: hand-checked fixture (test/fixtures/book/profit-EXPECTED.md)", () => {
  const r = profitability(profitBook);
  const m = marginOf(r);

  it("the fixture's classes are what ranking and ABC 80/95 give", () => {
    expect(PROFIT_ROWS).toHaveLength(14);
    expect(abcOf(profitBook.margin, profitBook.ids)).toEqual(profitBook.abc);
    expect(abcOf(profitBook.revenue, profitBook.ids)).toEqual(profitBook.ids.map((id) => REVENUE_ABC[id]));
  });

  it("revenue classes and margin classes side by side", () => {
    expect(r.revenueClassOf.length).toBe(14);
    expect(Array.from(r.revenueClassOf, (k) => labelOf(r.revenueLabels, k))).toEqual(
      profitBook.ids.map((id) => REVENUE_ABC[id]),
    );
    expect(r.revenueClasses.map((c) => [c.label, c.customers, c.value, c.valueShare])).toEqual([
      ["A", 4, 8000, 0.8],
      ["B", 3, 1600, 0.16],
      ["C", 4, 400, 0.04],
    ]);
    expect(Array.from(m.marginClassOf, (k) => labelOf(m.marginLabels, k))).toEqual(profitBook.abc);
    expect(m.marginClasses.map((c) => [c.label, c.customers, c.value, c.valueShare])).toEqual([
      ["A", 2, 800, 0.8],
      ["B", 3, 150, 0.15],
      ["C", 3, 50, 0.05],
    ]);
    expect([m.notProfitable, m.marginUnknown]).toEqual([6, 0]);
  });

  it("margin % = margin / revenue, NaN when revenue ≤ 0", () => {
    expect(perId(profitBook, m.marginPercent)).toEqual({
      q01: 500 / 3000,
      q02: 0.008,
      q03: -0.08,
      q04: 0.3,
      q05: 0.01875,
      q06: 0.16,
      q07: 0.05,
      q08: 0.2,
      q09: 0.3,
      q10: -50 / 60,
      q11: 0,
      q12: Number.NaN,
      q13: Number.NaN,
      q14: Number.NaN,
    });
  });

  it("flags big billing with profit near zero, each with its reasons, highest revenue first", () => {
    expect(
      m.flagged.map((f) => [f.id, f.revenueClass, f.marginClass, f.revenue, f.margin, f.reasons]),
    ).toEqual([
      ["q02", "A", "C", 2500, 20, ["lowMarginClass", "belowMarginFloor"]],
      ["q03", "A", null, 1500, -120, ["noProfit", "belowMarginFloor"]],
      ["q05", "B", "C", 800, 15, ["belowMarginFloor"]],
    ]);
    expect(m.flagged[2]?.marginPercent).toBe(0.01875);
  });

  it("the floor and the classes it applies to are settings", () => {
    const higher = marginOf(profitability(profitBook, { marginFloor: 0.06 }));
    expect(higher.flagged.map((f) => f.id)).toEqual(["q02", "q03", "q05", "q07"]);
    const aOnly = marginOf(profitability(profitBook, { floorRevenueClasses: 1 }));
    expect(aOnly.flagged.map((f) => f.id)).toEqual(["q02", "q03"]);
  });

  it("the whale curve rises to 125% at the 8th customer and ends at exactly 100%", () => {
    const w = m.whale;
    expect(Array.from(w.order, (i) => profitBook.ids[i])).toEqual([
      "q01",
      "q04",
      "q06",
      "q08",
      "q09",
      "q02",
      "q05",
      "q07",
      "q11",
      "q13",
      "q10",
      "q03",
    ]);
    expect(Array.from(w.cumMargin)).toEqual([500, 800, 880, 920, 950, 970, 985, 1000, 1000, 970, 920, 800]);
    expect(Array.from(w.cumShare ?? [])).toEqual([
      0.625, 1, 1.1, 1.15, 1.1875, 1.2125, 1.23125, 1.25, 1.25, 1.2125, 1.15, 1,
    ]);
    expect(w.totalMargin).toBe(800);
    expect(w.peak).toEqual({ customers: 8, margin: 1000, share: 1.25 });
    expect([w.profitable, w.breakEven, w.lossMaking, w.leftOff]).toEqual([8, 1, 3, 2]);
  });

  it("attention vs income per customer and per class", () => {
    const a = measured(r.attention);
    expect([a.totalHours, a.attendedCustomers]).toEqual([200, 12]);
    expect(a.meanHours).toBeCloseTo(200 / 12, 12);
    expect(perId(profitBook, a.timeShare)).toEqual({
      q01: 0.2,
      q02: 0.15,
      q03: 0.1,
      q04: 0.1,
      q05: 0.05,
      q06: 0.05,
      q07: 0.025,
      q08: 0.025,
      q09: 0,
      q10: 0.125,
      q11: 0.025,
      q12: 0.05,
      q13: 0.1,
      q14: 0,
    });
    expect(Array.from(a.valueShare)).toEqual([
      0.5, 0.02, 0, 0.3, 0.015, 0.08, 0.015, 0.04, 0.03, 0, 0, 0, 0, 0,
    ]);
    expect(a.classes.map((c) => [c.label, c.customers, c.hours, c.timeShare, c.value, c.valueShare])).toEqual(
      [
        ["A", 2, 60, 0.3, 800, 0.8],
        ["B", 3, 15, 0.075, 150, 0.15],
        ["C", 3, 45, 0.225, 50, 0.05],
        [null, 6, 80, 0.4, -200, 0],
      ],
    );
    const index = a.classes.map((c) => c.attentionIndex);
    expect(index[0]).toBeCloseTo(0.375, 12);
    expect(index[1]).toBeCloseTo(0.5, 12);
    expect(index[2]).toBeCloseTo(4.5, 12);
    expect(index[3]).toBeNull();
  });

  it("profiles: VIP = A, problem = C or unranked with much attention, prospects not profiled", () => {
    expect(r.profiles.rule).toBe("valueAndAttention");
    expect(perId(profitBook, r.profiles.profile)).toEqual({
      q01: "vip",
      q02: "problem",
      q03: "problem",
      q04: "vip",
      q05: "regular",
      q06: "regular",
      q07: "regular",
      q08: "regular",
      q09: "regular",
      q10: "problem",
      q11: "regular",
      q12: null,
      q13: "problem",
      q14: "regular",
    });
    expect(r.profiles.counts).toEqual({ vip: 2, regular: 7, problem: 4 });
    expect(r.profiles.notClients).toBe(1);
  });

  it("the attention factor and the hours floor are settings", () => {
    const problems = (settings: Parameters<typeof profitability>[1]) => {
      const p = profitability(profitBook, settings).profiles.profile;
      return profitBook.ids.filter((_, i) => p[i] === "problem");
    };
    expect(problems({ attentionFactor: 8 })).toEqual(["q03", "q10", "q13"]);
    expect(problems({ problemMinHoursRatio: 0 })).toEqual(["q02", "q03", "q05", "q10", "q11", "q13"]);
  });

  it("no margin in the data: a clear no-margin result, the rest still computed", () => {
    const r2 = profitability(noMarginBook);
    expect(r2.margin.kind).toBe("noMargin");
    expect(r2.margin).toEqual({ kind: "noMargin", message: expect.stringMatching(/no cost or margin/) });
    expect(r2.revenueClasses.map((c) => c.customers)).toEqual([4, 3, 4]);
    expect(measured(r2.attention).totalHours).toBe(200);
    expect(r2.profiles.counts).toEqual({ vip: 4, regular: 7, problem: 2 });
    expect(profitBook.ids.filter((_, i) => r2.profiles.profile[i] === "problem")).toEqual(["q10", "q13"]);
  });

  it("no activities: attention not measured, profiles from the value class only", () => {
    const r2 = profitability(noActivitiesBook);
    expect(r2.attention).toEqual({
      measured: false,
      reason: "noActivities",
      valueShare: expect.any(Float64Array),
    });
    expect(r2.profiles.rule).toBe("valueOnly");
    expect(r2.profiles.counts).toEqual({ vip: 2, regular: 11, problem: 0 });
    expect(r2.profiles.profile[11]).toBeNull();
    const zeroHours = makeBook(
      PROFIT_ROWS.map((row) => ({ ...row, hours: 0 })),
      { hasActivities: true },
    );
    const r3 = profitability(zeroHours);
    expect(r3.attention.measured ? "measured" : r3.attention.reason).toBe("noHours");
    expect(r3.profiles.counts).toEqual({ vip: 2, regular: 11, problem: 0 });
  });

  it("defaults are documented and bad settings are user errors", () => {
    expect(DEFAULT_PROFITABILITY_SETTINGS).toEqual({
      revenueThresholds: [80, 95],
      marginThresholds: [80, 95],
      marginFloor: 0.05,
      floorRevenueClasses: 2,
      attentionFactor: 2,
      problemMinHoursRatio: 1,
    });
    for (const bad of [
      { marginThresholds: [80, 80] },
      { revenueThresholds: [0] },
      { marginFloor: Number.NaN },
      { floorRevenueClasses: 0 },
      { attentionFactor: -1 },
    ]) {
      expect(() => profitability(profitBook, bad)).toThrow(StrataError);
    }
  });
});

/** The invariants every result must satisfy, checked against independent computations. */
function checkInvariants(book: CustomerBook, r: ProfitabilityResult): void {
  const n = book.ids.length;
  const hasMargin = Array.from(book.margin).some(Number.isFinite);
  expect(r.margin.kind).toBe(hasMargin ? "margin" : "noMargin");
  if (r.margin.kind === "margin") {
    const m = r.margin;
    const w = m.whale;
    const units = Array.from(w.order, (i) => toUnits(book.margin[i] ?? 0));
    // every known-margin customer with any money is on the curve, once; the rest are counted
    let expectOn = 0;
    let exactTotal = 0;
    for (let i = 0; i < n; i++) {
      const x = book.margin[i] ?? Number.NaN;
      if (!Number.isFinite(x)) continue;
      exactTotal += toUnits(x);
      if (toUnits(x) !== 0 || toUnits(book.revenue[i] ?? 0) !== 0) expectOn++;
    }
    expect(w.order.length).toBe(expectOn);
    expect(new Set(w.order).size).toBe(expectOn);
    expect(w.order.length + w.leftOff + m.marginUnknown).toBe(n);
    expect(w.profitable + w.breakEven + w.lossMaking).toBe(w.order.length);
    // sorted by margin descending; the curve ends exactly at the total margin
    for (let j = 1; j < units.length; j++) expect(units[j - 1]).toBeGreaterThanOrEqual(units[j] ?? 0);
    expect(toUnits(w.totalMargin)).toBe(exactTotal);
    if (w.order.length > 0) expect(toUnits(w.cumMargin[w.order.length - 1] ?? 0)).toBe(exactTotal);
    if (exactTotal > 0) expect(w.cumShare?.[w.order.length - 1]).toBe(1);
    else expect(w.cumShare).toBeNull();
    // the peak is the highest point, reached after the profitable customers; monotone up to it, down after
    expect(w.peak.customers).toBe(w.profitable);
    const cum = Array.from(w.cumMargin, toUnits);
    for (const c of cum) expect(c).toBeLessThanOrEqual(toUnits(w.peak.margin));
    for (let j = 1; j < cum.length; j++) {
      if (j < w.peak.customers) expect(cum[j]).toBeGreaterThanOrEqual(cum[j - 1] ?? 0);
      else expect(cum[j]).toBeLessThanOrEqual(cum[j - 1] ?? 0);
    }
    if (exactTotal > 0) expect(w.peak.share ?? 0).toBeGreaterThanOrEqual(1);
    // flagged customers are exactly those the rule names
    const lowest = m.marginLabels.length - 1;
    for (let i = 0; i < n; i++) {
      const rc = r.revenueClassOf[i] ?? NOT_RANKED;
      const mc = m.marginClassOf[i] ?? NOT_RANKED;
      const known = Number.isFinite(book.margin[i] ?? Number.NaN);
      const want =
        known &&
        rc !== NOT_RANKED &&
        ((rc === 0 && ((lowest > 0 && mc === lowest) || mc === NOT_RANKED)) ||
          (rc < r.settings.floorRevenueClasses &&
            (book.margin[i] ?? 0) / (book.revenue[i] ?? 1) < r.settings.marginFloor));
      expect(m.flagged.some((f) => f.index === i)).toBe(want);
    }
  }
  // attention: shares sum to 1, classes partition the customers and the hours
  const a = r.attention;
  let hours = 0;
  for (const h of book.hours) hours += h;
  expect(a.measured).toBe(book.hasActivities && hours > 0);
  if (a.measured) {
    expect(a.timeShare.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 9);
    expect(a.classes.reduce((s, c) => s + c.customers, 0)).toBe(n);
    expect(a.classes.reduce((s, c) => s + c.hours, 0)).toBeCloseTo(hours, 6);
    expect(a.classes.reduce((s, c) => s + c.timeShare, 0)).toBeCloseTo(1, 9);
    const ranked = a.classes.slice(0, -1).reduce((s, c) => s + c.valueShare, 0);
    expect(ranked === 0 || Math.abs(ranked - 1) < 1e-9).toBe(true);
  }
  // profiles: VIP exactly the top class; problems only in the bottom class or unranked, only when measured
  const p = r.profiles;
  expect(p.counts.vip + p.counts.regular + p.counts.problem + p.notClients).toBe(n);
  for (let i = 0; i < n; i++) {
    const cls = book.abc[i] ?? null;
    const prof = p.profile[i];
    expect(prof === "vip").toBe(cls !== null && cls === book.abcLabels[0]);
    if (prof === "problem") {
      expect(a.measured).toBe(true);
      expect(cls === null || cls === book.abcLabels[book.abcLabels.length - 1]).toBe(true);
      expect(book.hours[i]).toBeGreaterThan(0);
    }
    if (prof === null)
      expect(cls === null && ["prospect", "suspect"].includes(book.status[i] ?? "")).toBe(true);
  }
}

describe("profitability: invariants on 200 seeded random books", () => {
  it("whale curve ends at the total and peaks after the profitable customers; shares sum to 1", () => {
    const seen = { margin: 0, noMargin: 0, peakAbove: 0, measured: 0, problem: 0, flagged: 0 };
    for (let seed = 1; seed <= 200; seed++) {
      const { book, thresholds } = randomBook(prng(seed));
      const r = profitability(book, seed % 2 === 0 ? { revenueThresholds: thresholds } : {});
      checkInvariants(book, r);
      seen[r.margin.kind]++;
      if (r.margin.kind === "margin") {
        if ((r.margin.whale.peak.share ?? 0) > 1) seen.peakAbove++;
        if (r.margin.flagged.length > 0) seen.flagged++;
      }
      if (r.attention.measured) seen.measured++;
      if (r.profiles.counts.problem > 0) seen.problem++;
    }
    // the random books do reach every branch
    expect(seen.margin).toBeGreaterThan(100);
    expect(seen.noMargin).toBeGreaterThan(20);
    expect(seen.peakAbove).toBeGreaterThan(50);
    expect(seen.measured).toBeGreaterThan(80);
    expect(seen.problem).toBeGreaterThan(30);
    expect(seen.flagged).toBeGreaterThan(30);
  });
});
