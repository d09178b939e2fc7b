import { describe, expect, it } from "vitest";
import type { CustomerBook } from "../../src/core/book.js";
import { classifyAbc } from "../../src/core/classify-abc.js";
import { potentialAnalysis } from "../../src/core/potential.js";
import { rankCustomers } from "../../src/core/rank.js";
import {
  DEFAULT_STRATEGY_SETTINGS,
  makeStrategySettings,
  NOT_RANKED_LABEL,
  type Strategy,
  strategicTags,
  strategy,
  tierCutsForAbc,
} from "../../src/core/strategy.js";
import { abcOf, type BookRow, makeBook, prng } from "../fixtures/book/book-fixture.js";
import { STRATEGY_ROWS, strategyBook } from "../fixtures/book/strategy-book.js";

const byId = <T>(book: CustomerBook, column: ArrayLike<T>): Record<string, T> =>
  Object.fromEntries(book.ids.map((id, i) => [id, column[i] as T]));

const idsWhere = (book: CustomerBook, flags: ArrayLike<number>): string[] =>
  book.ids.filter((_, i) => flags[i] === 1);

describe("strategy: hand-checked fixture (test/fixtures/book/EXPECTED-strategy-coverage.md)", () => {
  const r = strategy(strategyBook);

  it("the fixture's value and previous classes are what ranking and ABC 80/95 give", () => {
    expect(STRATEGY_ROWS).toHaveLength(14);
    expect(abcOf(strategyBook.value, strategyBook.ids)).toEqual(strategyBook.abc);
    expect(abcOf(strategyBook.previousValue, strategyBook.ids)).toEqual(strategyBook.previousAbc);
    const ranking = rankCustomers(strategyBook.value, strategyBook.ids);
    expect(idsWhere(strategyBook, strategyBook.keyClient)).toEqual(
      strategyBook.ids.filter((_, i) => (ranking.share[i] ?? 0) >= 0.1),
    );
  });

  it("margin classes, computed from book.margin; breadwinners = key clients or margin A", () => {
    expect(r.marginSource).toBe("computed");
    expect(r.marginClass).toEqual(["B", "A", "A", "A", "B", "A", "B", "B", "C", "C", "C", "C", null, null]);
    expect(idsWhere(strategyBook, r.breadwinner)).toEqual(["s01", "s02", "s03", "s04", "s06"]);
  });

  it("potential classes, share of wallet (capped, NaN when unknown) and prospective", () => {
    expect(r.potentialClass).toEqual([
      "A",
      "A",
      "B",
      null,
      "B",
      "B",
      "A",
      "C",
      null,
      "A",
      "C",
      "C",
      "A",
      null,
    ]);
    const sow = byId(strategyBook, r.shareOfWallet);
    expect(sow.s01).toBe(0.5);
    expect(sow.s02).toBeCloseTo(220 / 300, 12);
    expect(sow.s03).toBe(1);
    expect(sow.s07).toBeCloseTo(0.2, 12);
    expect(sow.s10).toBeCloseTo(0.05, 12);
    expect(sow.s13).toBe(0);
    expect(sow.s12).toBe(0.5);
    for (const id of ["s04", "s09", "s14"]) expect(sow[id]).toBeNaN();
    expect(idsWhere(strategyBook, r.prospective)).toEqual(["s07", "s10", "s13"]);
  });

  it("growth and at risk, with the reasons in words", () => {
    const g = byId(strategyBook, r.growth);
    expect(g.s01).toBeCloseTo(0.6, 12);
    expect(g.s02).toBeCloseTo(-0.2, 12);
    expect(g.s09).toBeCloseTo(1.5, 12);
    expect(g.s14).toBe(-2);
    for (const id of ["s11", "s12", "s13"]) expect(g[id]).toBeNaN();
    expect(idsWhere(strategyBook, r.atRisk)).toEqual(["s05", "s08", "s14"]);
    const reasons = byId(strategyBook, r.atRiskReasons);
    expect(reasons.s05).toEqual(["value falling 40%"]);
    expect(reasons.s08).toEqual(["downgraded A → B", "value falling 80%"]);
    expect(reasons.s14).toEqual(["downgraded C → not ranked", "value gone"]);
    expect(reasons.s02).toEqual([]);
  });

  it("categories per customer: computed, known tags through synonyms, custom tags", () => {
    expect(byId(strategyBook, r.categories)).toEqual({
      s01: ["breadwinner", "famous"],
      s02: ["breadwinner", "franchise"],
      s03: ["breadwinner", "partner"],
      s04: ["breadwinner", "tag:at-risk"],
      s05: ["at-risk"],
      s06: ["breadwinner", "mentor"],
      s07: ["prospective", "innovator"],
      s08: ["at-risk"],
      s09: [],
      s10: ["prospective", "kol", "trade fair"],
      s11: ["kol"],
      s12: ["kol", "partner"],
      s13: ["prospective", "famous", "innovator"],
      s14: ["at-risk"],
    });
    expect(r.categoryTotals.map((c) => [c.category, c.custom, c.customers, c.value])).toEqual([
      ["breadwinner", false, 5, 820],
      ["prospective", false, 3, 50],
      ["at-risk", false, 3, 65],
      ["kol", false, 3, 45],
      ["famous", false, 2, 320],
      ["mentor", false, 1, 40],
      ["partner", false, 2, 150],
      ["innovator", false, 2, 30],
      ["franchise", true, 1, 220],
      ["tag:at-risk", true, 1, 100],
      ["trade fair", true, 1, 20],
    ]);
  });

  it("scores, their parts and tiers", () => {
    const expected: Record<string, [number, number, number, number, number, string]> = {
      // value score, growth part, potential part, tags, score, tier
      s01: [1, 0.06, 0.15, 0.1, 1.31, "A"],
      s02: [0.68, -0.02, 0.0703125, 0, 0.7303125, "A"],
      s03: [0.46, 0.04, 0.0234375, 0.1, 0.6234375, "A"],
      s04: [0.32, 0, 0, 0, 0.32, "A"],
      s05: [0.22, -0.04, 0.01875, 0, 0.19875, "B"],
      s06: [0.16, 0.025, 0.01171875, 0.05, 0.24671875, "A"],
      s07: [0.12, 0, 0.03515625, 0.05, 0.20515625, "A"],
      s08: [0.09, -0.08, 0.009375, 0, 0.019375, "C"],
      s09: [0.065, 0.1, 0, 0, 0.165, "B"],
      s10: [0.045, 0.1, 0.09375, 0.15, 0.38875, "A"],
      s11: [0.025, 0, 0.0046875, 0.15, 0.1796875, "B"],
      s12: [0.01, 0, 0.0046875, 0.25, 0.2646875, "A"],
      s13: [0, 0, 0.046875, 0.15, 0.196875, "B"],
      s14: [0, -0.1, 0, 0, -0.1, "C"],
    };
    strategyBook.ids.forEach((id, i) => {
      const [v, g, p, t, score, tier] = expected[id] ?? [];
      expect(r.parts.value[i], id).toBeCloseTo(v ?? Number.NaN, 12);
      expect(r.parts.growth[i], id).toBeCloseTo(g ?? Number.NaN, 12);
      expect(r.parts.potential[i], id).toBeCloseTo(p ?? Number.NaN, 12);
      expect(r.parts.tags[i], id).toBeCloseTo(t ?? Number.NaN, 12);
      expect(r.score[i], id).toBeCloseTo(score ?? Number.NaN, 12);
      expect(r.tier[i], id).toBe(tier);
    });
  });

  it("tier totals beside ABC", () => {
    expect(r.tierLabels).toEqual(["A", "B", "C"]);
    expect(r.tiers).toEqual([
      { label: "A", customers: 8, value: 880, byClass: { A: 4, B: 2, C: 2, [NOT_RANKED_LABEL]: 0 } },
      { label: "B", customers: 4, value: 95, byClass: { A: 1, B: 1, C: 1, [NOT_RANKED_LABEL]: 1 } },
      { label: "C", customers: 2, value: 5, byClass: { A: 0, B: 1, C: 0, [NOT_RANKED_LABEL]: 1 } },
    ]);
  });

  it("lists the customers whose tier differs from their class, with the reasons that moved them", () => {
    expect(r.differences.map((d) => [d.customerId, d.text])).toEqual([
      ["s10", "C by value, tier A: kol, value growing 100%"],
      ["s12", "C by value, tier A: kol, partner"],
      ["s06", "B by value, tier A: mentor"],
      ["s07", "B by value, tier A: innovator, potential 23% of the largest"],
      ["s05", "A by value, tier B: value falling 40%"],
      ["s13", "not ranked by value, tier B: famous"],
      ["s11", "C by value, tier B: kol"],
      ["s08", "B by value, tier C: value falling 80%"],
    ]);
    const s13 = r.differences.find((d) => d.customerId === "s13");
    expect(s13).toMatchObject({ abc: null, tier: "B", name: "Customer 13", reasons: ["famous"] });
    expect(s13?.score).toBeCloseTo(0.196875, 12);
    expect(r.warnings).toEqual([]);
  });

  it("takes margin classes given from elsewhere", () => {
    const marginAbc = strategyBook.ids.map((id) => (id === "s09" ? "A" : null));
    const g = strategy(strategyBook, {}, { marginAbc });
    expect(g.marginSource).toBe("input");
    expect(idsWhere(strategyBook, g.breadwinner)).toEqual(["s01", "s02", "s03", "s04", "s09"]);
  });

  it("adds customers with a low probability of being alive to at risk", () => {
    const pAlive = Float64Array.from(strategyBook.ids, (id) =>
      id === "s01" ? 0.5 : id === "s09" ? 0.3 : id === "s11" ? Number.NaN : 0.9,
    );
    const a = strategy(strategyBook, {}, { pAlive });
    expect(idsWhere(strategyBook, a.atRisk)).toEqual(["s05", "s08", "s09", "s14"]);
    expect(a.atRiskReasons[8]).toEqual(["p(alive) 0.30"]);
  });

  it("without margin, breadwinners are the key clients, and says so", () => {
    const book = makeBook(STRATEGY_ROWS.map(({ margin: _m, ...row }) => row));
    const m = strategy(book);
    expect(m.marginSource).toBe("none");
    expect(m.marginClass.every((c) => c === null)).toBe(true);
    expect(idsWhere(book, m.breadwinner)).toEqual(["s01", "s02", "s03", "s04"]);
    expect(m.warnings.map((w) => w.code)).toEqual(["NO_MARGIN"]);
  });

  it("without potential or previous window: no prospective, no growth, warnings", () => {
    const book = makeBook(STRATEGY_ROWS.map(({ potential: _p, previousValue: _v, ...row }) => row));
    const m = strategy(book);
    expect(m.prospective.every((x) => x === 0)).toBe(true);
    expect(m.parts.potential.every((x) => x === 0)).toBe(true);
    expect(m.parts.growth.every((x) => x === 0)).toBe(true);
    expect(m.warnings.map((w) => w.code)).toEqual(["NO_POTENTIAL", "NO_PREVIOUS_WINDOW"]);
    // downgrades still come from the previous classes
    expect(idsWhere(book, m.atRisk)).toEqual(["s08", "s14"]);
  });
});

describe("strategy: settings", () => {
  it("a tag weight set through a synonym; kol 0 moves s11 back to C and s12 to B", () => {
    const r = strategy(strategyBook, { tagWeights: { "opinion leader": 0 } });
    expect(r.settings.tagWeights).toMatchObject({ kol: 0, partner: 0.1 });
    expect(r.score[10]).toBeCloseTo(0.0296875, 12);
    expect(r.differences.map((d) => d.text)).toEqual([
      "B by value, tier A: mentor",
      "C by value, tier A: value growing 100%, potential 63% of the largest",
      "B by value, tier A: innovator, potential 23% of the largest",
      "A by value, tier B: value falling 40%",
      "not ranked by value, tier B: famous",
      "C by value, tier B: partner",
      "B by value, tier C: value falling 80%",
    ]);
  });

  it("value alone: tiers are the ABC classes, categories do not change", () => {
    const zero = { kol: 0, famous: 0, mentor: 0, partner: 0, innovator: 0 };
    const r = strategy(strategyBook, { weights: { growth: 0, potential: 0 }, tagWeights: zero });
    expect(r.tier).toEqual(strategyBook.abc.map((c) => c ?? "C"));
    expect(r.differences).toEqual([]);
    const d = strategy(strategyBook);
    expect(r.categories).toEqual(d.categories);
  });

  it("tier cuts that reproduce ABC thresholds", () => {
    expect(tierCutsForAbc([80, 95])).toEqual([0.2, 0.05]);
    expect(tierCutsForAbc([50, 80, 100])).toEqual([0.5, 0.2]);
    expect(DEFAULT_STRATEGY_SETTINGS.tierCuts).toEqual(tierCutsForAbc([80, 95]));
  });

  it("tags: synonyms after lower-casing and joining spaces, dashes and underscores; custom tags once", () => {
    const s = makeStrategySettings({ tagSynonyms: { Thought_Leader: "kol" } });
    expect(strategicTags(["Opinion_Leader", "pilot", "innovator", "x", "x", " "], s.tagSynonyms)).toEqual({
      known: ["kol", "innovator"],
      custom: ["x"],
    });
    expect(strategicTags(["thought-leader"], s.tagSynonyms).known).toEqual(["kol"]);
  });

  it("rejects settings that make no sense, with BAD_OPTION", () => {
    const bad = [
      { tierCuts: [0.05, 0.2] },
      { tierCuts: [] },
      { weights: { value: Number.NaN } },
      { tagWeights: { kol: Number.POSITIVE_INFINITY } },
      { potentialThresholds: [95, 80] },
      { marginThresholds: [0] },
      { lowShareOfWallet: -0.1 },
      { highPotentialClasses: 1.5 },
      { tagSynonyms: { vip: "royalty" as "kol" } },
    ];
    for (const settings of bad) {
      expect(() => strategy(strategyBook, settings), JSON.stringify(settings)).toThrow(
        expect.objectContaining({ code: "BAD_OPTION" }),
      );
    }
  });
});

// ---------------------------------------------------------------------------------------------------------

const THRESHOLDS: readonly (readonly number[])[] = [[80, 95], [50, 80, 100], [80], [70, 90, 97]];
const TAG_POOL = [
  "kol",
  "reference",
  "famous",
  "mentor",
  "partner",
  "pilot",
  "innovator",
  "vip",
  "at-risk",
  "",
];

/** A random book of 0…40 customers: ties, zero and negative values, NaN and 0 potentials and previous values. */
function randomStrategyBook(rng: () => number): { book: CustomerBook; thresholds: readonly number[] } {
  const n = Math.floor(rng() * 41);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const money = (max: number) => (rng() < 0.2 ? pick([10, 25, 100]) : Math.floor(rng() * max * 100) / 100);
  const thresholds = pick(THRESHOLDS);
  const noMargin = rng() < 0.2;
  const rows: BookRow[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng();
    const revenue = u < 0.1 ? 0 : u < 0.18 ? -money(500) : money(5_000);
    const p = rng();
    const q = rng();
    rows.push({
      id: `r${String(Math.floor(rng() * 1e5)).padStart(5, "0")}-${i}`,
      revenue,
      abc: null,
      margin: noMargin ? Number.NaN : rng() < 0.2 ? -money(100) : Math.round(revenue * rng() * 40) / 100,
      previousValue: q < 0.2 ? Number.NaN : q < 0.3 ? 0 : q < 0.35 ? -money(100) : money(5_000),
      potential: p < 0.3 ? Number.NaN : p < 0.35 ? 0 : money(20_000),
      tags: TAG_POOL.filter(() => rng() < 0.12),
    });
  }
  const ids = rows.map((r) => r.id);
  const value = Float64Array.from(rows, (r) => r.revenue);
  const previous = Float64Array.from(rows, (r) => r.previousValue ?? Number.NaN);
  const abc = abcOf(value, ids, thresholds);
  const prevAbc = abcOf(previous, ids, thresholds);
  const ranking = rankCustomers(value, ids);
  const labels = classifyAbc(ranking, thresholds).labels;
  const book = makeBook(
    rows.map((r, i) => ({
      ...r,
      abc: abc[i] ?? null,
      previousAbc: prevAbc[i] ?? null,
      keyClient: (ranking.share[i] ?? 0) >= 0.1,
    })),
    { abcLabels: labels },
  );
  return { book, thresholds };
}

describe("strategy: invariants on 200 seeded random books", () => {
  const cases = Array.from({ length: 200 }, (_, k) => randomStrategyBook(prng(k + 1)));

  it("every customer has one tier; tier and category totals add up; scores are finite and sum their parts", () => {
    for (const { book } of cases) {
      const r = strategy(book);
      const n = book.ids.length;
      expect(r.tier).toHaveLength(n);
      for (const t of r.tier) expect(r.tierLabels).toContain(t);
      expect(r.tiers.reduce((s, t) => s + t.customers, 0)).toBe(n);
      for (const t of r.tiers) expect(Object.values(t.byClass).reduce((s, x) => s + x, 0)).toBe(t.customers);
      expect(r.categoryTotals.reduce((s, c) => s + c.customers, 0)).toBe(
        r.categories.reduce((s, c) => s + c.length, 0),
      );
      for (let i = 0; i < n; i++) {
        const sc = r.score[i] ?? Number.NaN;
        expect(Number.isFinite(sc)).toBe(true);
        const sum =
          (r.parts.value[i] ?? 0) +
          (r.parts.growth[i] ?? 0) +
          (r.parts.potential[i] ?? 0) +
          (r.parts.tags[i] ?? 0);
        expect(sc).toBeCloseTo(sum, 12);
      }
    }
  });

  it("the categories follow their definitions", () => {
    for (const { book } of cases) {
      const r = strategy(book);
      book.ids.forEach((_, i) => {
        const cats = r.categories[i] ?? [];
        expect(r.breadwinner[i] === 1).toBe(book.keyClient[i] === 1 || r.marginClass[i] === "A");
        if (r.prospective[i]) {
          expect(r.potentialClass[i]).toBe("A");
          expect(r.shareOfWallet[i]).toBeLessThan(0.5);
        }
        const sow = r.shareOfWallet[i] ?? 0;
        if (!Number.isNaN(sow)) expect(sow >= 0 && sow <= 1).toBe(true);
        expect(r.atRisk[i] === 1).toBe((r.atRiskReasons[i] ?? []).length > 0);
        expect(cats.includes("at-risk")).toBe(r.atRisk[i] === 1);
        expect(cats.includes("breadwinner")).toBe(r.breadwinner[i] === 1);
        expect(cats.includes("prospective")).toBe(r.prospective[i] === 1);
        expect(new Set(cats).size).toBe(cats.length);
        for (const c of cats) expect(c).not.toBe("");
      });
    }
  });

  it("prospective customers and shares of wallet are those of potential.ts", () => {
    for (const { book } of cases) {
      const r = strategy(book);
      const p = potentialAnalysis(book);
      expect(idsWhere(book, r.prospective).sort()).toEqual(p.prospective.map((x) => x.id).sort());
      expect(Array.from(r.shareOfWallet)).toEqual(Array.from(p.shareOfWallet));
    }
  });

  it("differences are exactly the customers whose tier is not their class (not ranked = last), with reasons", () => {
    for (const { book } of cases) {
      const r = strategy(book);
      const last = book.abcLabels.length - 1;
      const expected = book.ids.filter((_, i) => {
        const c = book.abc[i] ?? null;
        const k = c === null ? last : book.abcLabels.indexOf(c);
        return r.tierLabels.indexOf(r.tier[i] ?? "") !== k;
      });
      expect(r.differences.map((d) => d.customerId).sort()).toEqual([...expected].sort());
      for (const d of r.differences) {
        expect(d.reasons.length).toBeGreaterThan(0);
        expect(d.text).toBe(`${d.abc ?? NOT_RANKED_LABEL} by value, tier ${d.tier}: ${d.reasons.join(", ")}`);
      }
    }
  });

  it("value alone with the ABC thresholds' cuts gives back the ABC class of every customer", () => {
    const zero = { kol: 0, famous: 0, mentor: 0, partner: 0, innovator: 0 };
    for (const { book, thresholds } of cases) {
      const r = strategy(book, {
        weights: { value: 1, growth: 0, potential: 0 },
        tagWeights: zero,
        tierCuts: tierCutsForAbc(thresholds),
      });
      const last = book.abcLabels[book.abcLabels.length - 1];
      expect(r.tier).toEqual(book.abc.map((c) => c ?? last));
      expect(r.differences).toEqual([]);
    }
  });

  it("a heavier tag never lowers a tier; the same book gives the same result", () => {
    for (const { book } of cases.slice(0, 50)) {
      const base = strategy(book);
      const heavy = strategy(book, { tagWeights: { kol: 0.6 } });
      book.ids.forEach((_, i) => {
        expect(heavy.tier[i]! <= base.tier[i]!).toBe(true);
      });
      const again: Strategy = strategy(book);
      expect(again).toEqual(base);
    }
  });
});
