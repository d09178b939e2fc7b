import { describe, expect, it } from "vitest";
import type { CustomerBook } from "../../src/core/book.js";
import { NOT_RANKED } from "../../src/core/classify-abc.js";
import { StrataError } from "../../src/core/errors.js";
import { toUnits } from "../../src/core/money-units.js";
import {
  DEFAULT_POTENTIAL_SETTINGS,
  type PotentialResult,
  potentialAnalysis,
  type WalletItem,
} from "../../src/core/potential.js";
import { POTENTIAL_ACTIONS, type PotentialMatrix } from "../../src/core/potential-matrix.js";
import { strategy } from "../../src/core/strategy.js";
import { abcOf, makeBook, prng, randomBook } from "../fixtures/book/book-fixture.js";
import { POTENTIAL_ROWS, potentialBook } from "../fixtures/book/potential-book.js";

const ids = (items: readonly WalletItem[]) => items.map((x) => x.id);
const byId = (book: CustomerBook, id: string) => book.ids.indexOf(id);

/** "row×column": [action, customers, value, revenue, potential] for every cell. */
function cellsOf(m: PotentialMatrix): Record<string, [string, number, number, number, number]> {
  return Object.fromEntries(
    m.cells.map((c) => [
      `${c.valueClass}×${c.potentialClass}`,
      [c.action, c.customers, c.value, c.revenue, c.potential],
    ]),
  );
}

describe("potentialAnalysis: hand-checked fixture (test/fixtures/book/potential-EXPECTED.md)", () => {
  const r = potentialAnalysis(potentialBook);

  it("the fixture's value classes are what ranking and ABC 80/95 give", () => {
    expect(POTENTIAL_ROWS).toHaveLength(15);
    expect(abcOf(potentialBook.value, potentialBook.ids)).toEqual(potentialBook.abc);
  });

  it("counts customers by what is known of their potential", () => {
    expect(r.hasPotential).toBe(true);
    expect(r.counts).toEqual({
      customers: 15,
      withPotential: 12,
      potentialUnknown: 2,
      potentialNotPositive: 1,
      capped: 2,
    });
  });

  it("share of wallet = max(revenue, 0) / potential, capped at 1, NaN without potential", () => {
    const expected: Record<string, number> = {
      p01: 300 / 1200,
      p02: 1,
      p03: 1,
      p04: Number.NaN,
      p05: 60 / 900,
      p06: 50 / 350,
      p07: 1,
      p08: 0.4,
      p09: 0.02,
      p10: 0.075,
      p11: 0.5,
      p12: 0,
      p13: 0,
      p14: Number.NaN,
      p15: Number.NaN,
    };
    expect(Object.fromEntries(potentialBook.ids.map((id, i) => [id, r.shareOfWallet[i]]))).toEqual(expected);
  });

  it("potential classes by the ABC rule on potential (80/95), ties by id", () => {
    const cls = Object.fromEntries(
      potentialBook.ids.map((id, i) => {
        const k = r.potentialClassOf[i] ?? NOT_RANKED;
        return [id, k === NOT_RANKED ? null : r.potentialLabels[k]];
      }),
    );
    expect(cls).toEqual({
      p01: "A",
      p02: "B",
      p03: "C",
      p04: null,
      p05: "A",
      p06: "B",
      p07: "C",
      p08: "C",
      p09: "A",
      p10: "B",
      p11: "C",
      p12: "A",
      p13: "C",
      p14: null,
      p15: null,
    });
    expect(r.totalPotential).toBe(5000);
    expect(r.potentialClasses.map((c) => [c.label, c.customers, c.value, c.valueShare])).toEqual([
      ["A", 4, 4000, 0.8],
      ["B", 3, 750, 0.15],
      ["C", 5, 250, 0.05],
    ]);
  });

  it("the 3×3 matrix: an action, customers, value, revenue and potential per cell", () => {
    expect(r.matrix.rows).toEqual(["A", "B", "C"]);
    expect(r.matrix.columns).toEqual(["A", "B", "C"]);
    expect(cellsOf(r.matrix)).toEqual({
      "A×A": ["defend", 1, 300, 300, 1200],
      "A×B": ["retain", 1, 250, 250, 200],
      "A×C": ["maintain", 1, 150, 150, 120],
      "B×A": ["grow", 1, 60, 60, 900],
      "B×B": ["strengthen", 1, 50, 50, 350],
      "B×C": ["secure", 2, 50, 50, 80],
      "C×A": ["develop", 1, 20, 20, 1000],
      "C×B": ["qualify", 1, 15, 15, 200],
      "C×C": ["serveEfficiently", 1, 5, 5, 10],
    });
    expect(new Set(r.matrix.cells.map((c) => c.action))).toEqual(new Set(POTENTIAL_ACTIONS));
  });

  it("customers outside the matrix, by why", () => {
    expect(r.matrix.outside).toEqual({
      notRanked: { customers: 2, value: -10, revenue: -10, potential: 940 },
      noPotential: { customers: 1, value: 100, revenue: 100, potential: 0 },
      neither: { customers: 2, value: 0, revenue: 0, potential: 0 },
    });
  });

  it("prospective: potential A, share of wallet below 0.5, largest gap first", () => {
    expect(r.prospective.map((x) => [x.id, x.gap])).toEqual([
      ["p09", 980],
      ["p01", 900],
      ["p12", 900],
      ["p05", 840],
    ]);
    const p12 = r.prospective[2];
    expect(p12).toEqual({
      index: byId(potentialBook, "p12"),
      id: "p12",
      name: "Zenith",
      valueClass: null,
      potentialClass: "A",
      revenue: 0,
      value: 0,
      potential: 900,
      shareOfWallet: 0,
      gap: 900,
    });
  });

  it("prospective with more high-potential classes, and the share-of-wallet boundary", () => {
    expect(ids(potentialAnalysis(potentialBook, { highPotentialClasses: 2 }).prospective)).toEqual([
      "p09",
      "p01",
      "p12",
      "p05",
      "p06",
      "p10",
    ]);
    const all = potentialAnalysis(potentialBook, { highPotentialClasses: 3 }).prospective;
    expect(all.map((x) => [x.id, x.gap])).toEqual([
      ["p09", 980],
      ["p01", 900],
      ["p12", 900],
      ["p05", 840],
      ["p06", 300],
      ["p10", 185],
      ["p13", 40],
      ["p08", 30],
    ]);
    const wider = potentialAnalysis(potentialBook, { highPotentialClasses: 3, lowShareOfWallet: 0.51 });
    expect(ids(wider.prospective).slice(-2)).toEqual(["p08", "p11"]);
  });

  it("potentialThresholds overrides the ABC split on potential", () => {
    const r2 = potentialAnalysis(potentialBook, { potentialThresholds: [50, 80, 100] });
    expect(r2.potentialClasses.map((c) => [c.label, c.customers, c.value])).toEqual([
      ["A", 3, 3100],
      ["B", 1, 900],
      ["C", 8, 1000],
    ]);
    expect(ids(r2.prospective)).toEqual(["p09", "p01", "p05"]);
  });

  it("competitors: value A with share of wallet below 0.5; more classes on request", () => {
    expect(r.competitors.map((x) => [x.id, x.valueClass, x.gap])).toEqual([["p01", "A", 900]]);
    const r2 = potentialAnalysis(potentialBook, { highValueClasses: 2 });
    expect(r2.competitors.map((x) => [x.id, x.gap])).toEqual([
      ["p01", 900],
      ["p05", 840],
      ["p06", 300],
      ["p08", 30],
    ]);
  });

  it("two classes: a 2×2 matrix named from the high and low tiers", () => {
    const book = makeBook(
      POTENTIAL_ROWS.map((row, i) => ({
        ...row,
        abc: abcOf(potentialBook.value, potentialBook.ids, [80])[i] ?? null,
      })),
      { abcLabels: ["A", "B"], hasActivities: false },
    );
    const r2 = potentialAnalysis(book, { potentialThresholds: [80] });
    expect(cellsOf(r2.matrix)).toEqual({
      "A×A": ["defend", 1, 300, 300, 1200],
      "A×B": ["maintain", 2, 400, 400, 320],
      "B×A": ["develop", 2, 80, 80, 1900],
      "B×B": ["serveEfficiently", 5, 120, 120, 640],
    });
    expect(r2.matrix.outside.notRanked.customers).toBe(2);
  });

  it("a book without any potential: no classes, everyone outside, empty lists", () => {
    const book = makeBook(
      POTENTIAL_ROWS.map(({ potential: _p, ...row }) => row),
      { hasActivities: false },
    );
    const r2 = potentialAnalysis(book);
    expect(r2.hasPotential).toBe(false);
    expect(r2.counts.potentialUnknown).toBe(15);
    expect(r2.matrix.cells.every((c) => c.customers === 0)).toBe(true);
    expect(r2.matrix.outside.noPotential.customers + r2.matrix.outside.neither.customers).toBe(15);
    expect([r2.prospective, r2.competitors]).toEqual([[], []]);
    expect(r2.potentialClasses.map((c) => c.customers)).toEqual([0, 0, 0]);
  });

  it("defaults are documented and bad settings are user errors", () => {
    expect(DEFAULT_POTENTIAL_SETTINGS).toEqual({
      potentialThresholds: [80, 95],
      highPotentialClasses: 1,
      highValueClasses: 1,
      lowShareOfWallet: 0.5,
    });
    for (const bad of [
      { potentialThresholds: [95, 80] },
      { potentialThresholds: [] },
      { highPotentialClasses: 0 },
      { highValueClasses: 1.5 },
      { lowShareOfWallet: 1.2 },
    ]) {
      expect(() => potentialAnalysis(potentialBook, bad)).toThrow(StrataError);
    }
  });

  it("a class that is not among the book's labels is a programming error, not silently unranked", () => {
    const book = { ...potentialBook, abc: potentialBook.abc.map((c, i) => (i === 0 ? "Z" : c)) };
    expect(() => potentialAnalysis(book)).toThrow(/class 'Z' of p01/);
  });
});

/** The invariants every result must satisfy, checked against independent computations. */
function checkInvariants(book: CustomerBook, r: PotentialResult): void {
  const n = book.ids.length;
  const { counts, matrix, settings } = r;
  expect(counts.withPotential + counts.potentialUnknown + counts.potentialNotPositive).toBe(n);
  let capped = 0;
  for (let i = 0; i < n; i++) {
    const s = r.shareOfWallet[i] ?? Number.NaN;
    const ranked = (r.potentialClassOf[i] ?? NOT_RANKED) !== NOT_RANKED;
    expect(Number.isNaN(s)).toBe(!ranked);
    if (ranked) {
      expect(s).toBeGreaterThanOrEqual(0);
      expect(s).toBeLessThanOrEqual(1);
      if (toUnits(book.revenue[i] ?? 0) > toUnits(book.potential[i] ?? 0)) capped++;
    }
  }
  expect(counts.capped).toBe(capped);
  // cells + outside partition the customers, and their money sums to the book's
  const groups = [
    ...matrix.cells,
    matrix.outside.notRanked,
    matrix.outside.noPotential,
    matrix.outside.neither,
  ];
  expect(groups.reduce((s, g) => s + g.customers, 0)).toBe(n);
  const sum = (xs: Iterable<number>) => {
    let u = 0;
    for (const x of xs) u += toUnits(x);
    return u;
  };
  expect(sum(groups.map((g) => g.value))).toBe(sum(book.value));
  expect(sum(groups.map((g) => g.revenue))).toBe(sum(book.revenue));
  expect(sum(groups.map((g) => g.potential))).toBe(toUnits(r.totalPotential));
  expect(matrix.cells).toHaveLength(book.abcLabels.length * r.potentialLabels.length);
  // each cell holds exactly the customers with that value class and potential class
  for (const c of matrix.cells) {
    let k = 0;
    for (let i = 0; i < n; i++) {
      const pk = r.potentialClassOf[i] ?? NOT_RANKED;
      if (book.abc[i] === c.valueClass && pk !== NOT_RANKED && r.potentialLabels[pk] === c.potentialClass)
        k++;
    }
    expect(c.customers).toBe(k);
  }
  // the lists hold exactly the qualifying customers, largest gap first
  const low = (i: number) => (r.shareOfWallet[i] ?? 1) < settings.lowShareOfWallet;
  const highP = (i: number) => (r.potentialClassOf[i] ?? NOT_RANKED) < settings.highPotentialClasses;
  const highV = (i: number) => {
    const k = book.abcLabels.indexOf(book.abc[i] ?? "");
    return k >= 0 && k < settings.highValueClasses;
  };
  const all = Array.from({ length: n }, (_, i) => i);
  for (const [list, wanted] of [
    [r.prospective, all.filter((i) => low(i) && highP(i))],
    [r.competitors, all.filter((i) => low(i) && highV(i))],
  ] as const) {
    expect(list.map((x) => x.index).sort((a, b) => a - b)).toEqual(wanted);
    for (let j = 1; j < list.length; j++) {
      expect(toUnits(list[j - 1]?.gap ?? 0)).toBeGreaterThanOrEqual(toUnits(list[j]?.gap ?? 0));
    }
    for (const x of list) expect(x.gap).toBeGreaterThan(0);
  }
}

describe("potentialAnalysis: invariants on 200 seeded random books", () => {
  it("shares in [0, 1], cells + outside partition the book, sums match, lists are exact", () => {
    let withCells = 0;
    let withLists = 0;
    for (let seed = 1; seed <= 200; seed++) {
      const { book, thresholds } = randomBook(prng(seed));
      const settings = seed % 3 === 0 ? { potentialThresholds: thresholds, highPotentialClasses: 2 } : {};
      const r = potentialAnalysis(book, settings);
      checkInvariants(book, r);
      if (r.matrix.cells.some((c) => c.customers > 0)) withCells++;
      if (r.prospective.length > 0 && r.competitors.length > 0) withLists++;
    }
    // the random books do exercise the matrix and both lists
    expect(withCells).toBeGreaterThan(150);
    expect(withLists).toBeGreaterThan(50);
  });
});

describe("potentialAnalysis: a window shorter than a year", () => {
  it("compares the revenue per year with the yearly potential", () => {
    // Half a year: 300 in the window is 600 a year; potential 1 000 a year → share 0.6, gap 400 a year.
    const book = makeBook(
      [
        { id: "h1", revenue: 300, abc: "A", potential: 1000 },
        { id: "h2", revenue: 100, abc: "B", potential: 150 },
      ],
      { windowYears: 0.5, hasActivities: false },
    );
    const r = potentialAnalysis(book);
    expect(Array.from(r.shareOfWallet)).toEqual([0.6, 1]);
    expect(r.counts.capped).toBe(1); // 200 a year against 150
    const s = strategy(book);
    expect(Array.from(s.shareOfWallet)).toEqual([0.6, 1]);
    // Potential classes: 1 000 and 150 of 1 150 → h1 holds 87% → A alone.
    const wallet = potentialAnalysis(book, { lowShareOfWallet: 0.7 }).prospective;
    expect(wallet.map((x) => [x.id, x.revenue, x.gap])).toEqual([["h1", 300, 400]]);
  });
});
