import { describe, expect, it } from "vitest";
import { classifyAbc, NOT_RANKED } from "../../src/core/classify-abc.js";
import type { CustomerStatus } from "../../src/core/figures.js";
import { migrate, migrationRows, NON_POSITIVE } from "../../src/core/migrate.js";
import type {
  ClassifiedCustomers,
  Migration,
  MigrationDimension,
  MigrationMatrix,
} from "../../src/core/migration-types.js";
import { assignPyramid, NO_LAYER, PYRAMID_LAYERS } from "../../src/core/pyramid.js";
import { rankCustomers } from "../../src/core/rank.js";
import {
  CURRENT_ROWS,
  current2011,
  PREVIOUS_ROWS,
  previous2010,
  WINDOWS,
} from "../fixtures/migration/customers.js";
import { prng } from "../helpers/prng.js";

const run = (
  prev = previous2010,
  cur = current2011,
  more: { aDropShare?: number; listLimit?: number } = {},
) => migrate(prev, cur, { measure: "revenue", ...WINDOWS, ...more });

/** customers / previous value / current value per cell, as "from>to": [n, prev, cur], non-empty cells only. */
function cellsOf(m: MigrationMatrix): Record<string, [number, number, number]> {
  const out: Record<string, [number, number, number]> = {};
  for (const c of m.cells)
    if (c.customers > 0) out[`${c.from}>${c.to}`] = [c.customers, c.previousValue, c.currentValue];
  return out;
}

/** Classifies one window the way analyze does, for checking that the fixture's classes are the real ones. */
function classify(
  ids: string[],
  value: number[],
  active: number[],
  lastDayBefore: number[],
  status: (CustomerStatus | null)[],
  thresholds: number[],
): ClassifiedCustomers {
  const values = Float64Array.from(value, (v, i) => (active[i] ? v : 0));
  const ranking = rankCustomers(values, ids);
  const abc = classifyAbc(ranking, thresholds);
  const layers = assignPyramid({
    ranking,
    cuts: [1, 5, 20],
    lines: Int32Array.from(active),
    lastDayBefore: Int32Array.from(lastDayBefore),
    status,
  });
  return {
    ids,
    value: values,
    abc: Array.from(abc.classOf, (k) => (k === NOT_RANKED ? null : (abc.labels[k] ?? null))),
    pyramid: Array.from(layers, (k) => (k === NO_LAYER ? null : (PYRAMID_LAYERS[k] ?? null))),
    active: Uint8Array.from(active),
    lastDayBefore: Int32Array.from(lastDayBefore),
  };
}

describe("migrate: hand-checked fixture (test/fixtures/migration/EXPECTED.md)", () => {
  const m = run();

  it("the fixture's classes are what ranking, ABC 80/95 and the pyramid give", () => {
    for (const c of [previous2010, current2011]) {
      const again = classify(
        [...c.ids],
        Array.from(c.value),
        Array.from(c.active),
        Array.from(c.lastDayBefore ?? []),
        c.pyramid.map((l) => (l === "Prospect" ? "prospect" : null)),
        [80, 95],
      );
      expect(again.abc).toEqual(c.abc);
      expect(again.pyramid).toEqual(c.pyramid);
    }
    expect(PREVIOUS_ROWS).toHaveLength(14);
    expect(CURRENT_ROWS).toHaveLength(14);
  });

  it("ABC matrix", () => {
    expect(m.abc.rows).toEqual(["A", "B", "C", NON_POSITIVE, "new"]);
    expect(m.abc.columns).toEqual(["A", "B", "C", NON_POSITIVE, "lost"]);
    expect(m.abc.cells).toHaveLength(25);
    expect(cellsOf(m.abc)).toEqual({
      "A>A": [2, 550, 420],
      "A>lost": [1, 250, 0],
      "B>A": [1, 50, 150],
      "B>C": [1, 80, 30],
      "B>lost": [1, 30, 0],
      "C>B": [1, 15, 60],
      "C>NonPositive": [1, 15, -5],
      "C>lost": [1, 10, 0],
      "NonPositive>C": [1, -15, 15],
      "new>A": [1, 0, 250],
      "new>B": [1, 0, 70],
      "new>C": [1, 0, 5],
    });
  });

  it("pyramid matrix", () => {
    expect(m.pyramid.rows).toEqual(["Top", "Big", "Medium", "Small", NON_POSITIVE, "new"]);
    expect(m.pyramid.columns).toEqual(["Top", "Big", "Medium", "Small", NON_POSITIVE, "lost"]);
    expect(cellsOf(m.pyramid)).toEqual({
      "Top>Top": [1, 400, 300],
      "Medium>lost": [1, 250, 0],
      "Small>Small": [4, 295, 360],
      "Small>NonPositive": [1, 15, -5],
      "Small>lost": [2, 40, 0],
      "NonPositive>Small": [1, -15, 15],
      "new>Medium": [1, 0, 250],
      "new>Small": [2, 0, 75],
    });
  });

  it("churn figures", () => {
    expect(m.churn).toEqual({
      retained: 7,
      new: 3,
      back: 1,
      lost: 3,
      previousActive: 10,
      currentActive: 10,
      lostValue: 290,
      newValue: 325,
      netValueRetention: 670 / 985,
      grossValueRetention: 495 / 985,
      upgrades: 3,
      downgrades: 2,
      previousValue: 985,
      currentValue: 995,
    });
  });

  it("action lists", () => {
    const brief = (items: Migration["actions"]["winBack"]) =>
      items.map((i) => [
        i.customerId,
        i.previousClass,
        i.currentClass,
        i.previousValue,
        i.currentValue,
        i.change,
      ]);
    expect(brief(m.actions.slidingBToC)).toEqual([["c04", "B", "C", 80, 30, -0.625]]);
    expect(brief(m.actions.aDropped)).toEqual([["c01", "A", "A", 400, 300, -0.25]]);
    expect(brief(m.actions.lostFromAB)).toEqual([
      ["c02", "A", "lost", 250, 0, -1],
      ["c06", "B", "lost", 30, 0, -1],
    ]);
    expect(brief(m.actions.newInAB)).toEqual([
      ["c11", "new", "A", 0, 250, null],
      ["c10", "Inactive", "B", 0, 70, null],
    ]);
    expect(brief(m.actions.winBack)).toEqual([
      ["c02", "A", "lost", 250, 0, -1],
      ["c06", "B", "lost", 30, 0, -1],
      ["c15", "C", "lost", 10, 0, -1],
      ["c12", "Inactive", "Inactive", 0, 0, null],
    ]);
    expect(m.actions.winBack.map((i) => i.lastPurchase)).toEqual([
      "2010-11-15",
      "2010-06-30",
      null,
      "2009-05-05",
    ]);
    expect(m.actions.slidingBToC[0]?.lastPurchase).toBeNull();
    expect(m.actionTotals).toEqual({ slidingBToC: 1, aDropped: 1, lostFromAB: 2, newInAB: 2, winBack: 4 });
  });

  it("names and account managers come from the current list, else the previous one", () => {
    const c15 = m.actions.winBack.find((i) => i.customerId === "c15");
    expect([c15?.name, c15?.accountManager]).toEqual(["Delta BV", "Cor"]);
    const c10 = m.actions.newInAB.find((i) => i.customerId === "c10");
    expect([c10?.name, c10?.accountManager]).toEqual(["Jumbo", "Bert"]);
  });

  it("a drop of exactly aDropShare is not 'more than'; a lower share lists it, largest drop first", () => {
    expect(
      run(previous2010, current2011, { aDropShare: 0.19 }).actions.aDropped.map((i) => i.customerId),
    ).toEqual(["c01", "c03"]);
  });

  it("listLimit cuts each list; actionTotals keeps the full counts", () => {
    const cut = run(previous2010, current2011, { listLimit: 1 });
    expect(cut.actions.winBack.map((i) => i.customerId)).toEqual(["c02"]);
    expect(cut.actions.lostFromAB).toHaveLength(1);
    expect(cut.actionTotals?.winBack).toBe(4);
    expect(run(previous2010, current2011, { listLimit: 0 }).actions.newInAB).toEqual([]);
  });

  it("migration.csv rows: one per customer active in either window, by id, with movement", () => {
    const rows = migrationRows(previous2010, current2011, "abc");
    expect(rows.map((r) => [r.customer_id, r.previous_class, r.current_class, r.change, r.movement])).toEqual(
      [
        ["c01", "A", "A", -100, "stayed"],
        ["c02", "A", "lost", -250, "lost"],
        ["c03", "A", "A", -30, "stayed"],
        ["c04", "B", "C", -50, "down"],
        ["c05", "B", "A", 100, "up"],
        ["c06", "B", "lost", -30, "lost"],
        ["c07", "C", NON_POSITIVE, -20, "down"],
        ["c08", "C", "B", 45, "up"],
        ["c09", NON_POSITIVE, "C", 30, "up"],
        ["c10", "new", "B", 70, "back"],
        ["c11", "new", "A", 250, "new"],
        ["c14", "new", "C", 5, "new"],
        ["c15", "C", "lost", -10, "lost"],
      ],
    );
    const pyramid = migrationRows(previous2010, current2011, "pyramid");
    expect(
      pyramid.map((r) => `${r.customer_id}:${r.previous_class}>${r.current_class}:${r.movement}`),
    ).toEqual([
      "c01:Top>Top:stayed",
      "c02:Medium>lost:lost",
      "c03:Small>Small:stayed",
      "c04:Small>Small:stayed",
      "c05:Small>Small:stayed",
      "c06:Small>lost:lost",
      "c07:Small>NonPositive:down",
      "c08:Small>Small:stayed",
      "c09:NonPositive>Small:up",
      "c10:new>Small:back",
      "c11:new>Medium:new",
      "c14:new>Small:new",
      "c15:Small>lost:lost",
    ]);
  });

  it("does not depend on the order in which the inputs list customers", () => {
    const reverse = (c: ClassifiedCustomers): ClassifiedCustomers => {
      const order = c.ids.map((_, i) => c.ids.length - 1 - i);
      return {
        ids: order.map((i) => c.ids[i] ?? ""),
        value: Float64Array.from(order, (i) => c.value[i] ?? 0),
        abc: order.map((i) => c.abc[i] ?? null),
        pyramid: order.map((i) => c.pyramid[i] ?? null),
        active: Uint8Array.from(order, (i) => c.active[i] ?? 0),
      };
    };
    const a = run();
    const b = run(reverse(previous2010), reverse(current2011));
    expect(b.abc).toEqual(a.abc);
    expect(b.pyramid).toEqual(a.pyramid);
    expect(b.churn).toEqual(a.churn);
    expect(b.actions.lostFromAB.map((i) => i.customerId)).toEqual(["c02", "c06"]);
  });
});

describe("migrate: edge cases", () => {
  const empty: ClassifiedCustomers = {
    ids: [],
    value: new Float64Array(0),
    abc: [],
    pyramid: [],
    active: new Uint8Array(0),
  };

  it("no customers: empty cells, retention 0 (no base), no actions", () => {
    const m = run(empty, empty);
    expect(m.abc.rows).toEqual([NON_POSITIVE, "new"]);
    expect(m.abc.cells.every((c) => c.customers === 0)).toBe(true);
    expect(m.churn.netValueRetention).toBe(0);
    expect(m.actions.winBack).toEqual([]);
  });

  it("classOrder fixes the classes, including empty and custom ones; unknown labels follow", () => {
    const m = migrate(previous2010, current2011, {
      measure: "margin",
      ...WINDOWS,
      classOrder: { abc: ["A", "B", "C", "D"], pyramid: ["Top", "Medium", "Small"] },
    });
    expect(m.abc.rows).toEqual(["A", "B", "C", "D", NON_POSITIVE, "new"]);
    expect(m.pyramid.columns).toEqual(["Top", "Medium", "Small", NON_POSITIVE, "lost"]);
    expect(m.measure).toBe("margin");
  });

  it("keeps an ABC class that is empty in both windows, so A and B keep their places", () => {
    // 50/80/100: x alone passes 80%, so B is empty and y is C in both windows
    const w = (vx: number, vy: number) =>
      classify(["x", "y"], [vx, vy], [1, 1], [-1, -1], [null, null], [50, 80, 100]);
    const prev = w(90, 10);
    expect(prev.abc).toEqual(["A", "C"]);
    const m = run(prev, { ...w(90, 10), active: Uint8Array.from([1, 0]) });
    expect(m.abc.rows).toEqual(["A", "B", "C", NON_POSITIVE, "new"]);
    expect(m.actions.lostFromAB).toEqual([]);
    expect(m.actions.winBack.map((i) => i.customerId)).toEqual(["y"]);
  });

  it("sums money exactly: 0.1 + 0.2 is 0.3", () => {
    const one = (ids: string[], v: number[]): ClassifiedCustomers => ({
      ids,
      value: Float64Array.from(v),
      abc: v.map(() => "A"),
      pyramid: v.map(() => "Top"),
      active: Uint8Array.from(v.map(() => 1)),
    });
    const m = run(one(["x", "y"], [0.1, 0.2]), one([], []));
    expect(m.churn.lostValue).toBe(0.3);
    expect(0.1 + 0.2).not.toBe(0.3);
  });

  it("refuses an input that lists a customer twice, or columns of the wrong length", () => {
    const twice: ClassifiedCustomers = {
      ...empty,
      ids: ["a", "a"],
      value: new Float64Array(2),
      abc: [null, null],
      pyramid: [null, null],
      active: new Uint8Array(2),
    };
    expect(() => run(twice, empty)).toThrow(/appears twice in the previous window/);
    expect(() => run(empty, { ...empty, ids: ["a"] })).toThrow(/current window has 1 ids but 0 entries/);
  });
});

function randomWindow(rng: () => number, pool: string[], thresholds: number[]): ClassifiedCustomers {
  const ids = pool.filter(() => rng() < 0.85);
  // shuffle, so the two windows list customers in different orders
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [ids[i], ids[j]] = [ids[j] ?? "", ids[i] ?? ""];
  }
  const active = ids.map(() => (rng() < 0.6 ? 1 : 0));
  const value = ids.map(() => (rng() < 0.12 ? -Math.floor(rng() * 5000) : Math.floor(rng() * 100_000)) / 100);
  const lastDayBefore = ids.map(() => (rng() < 0.5 ? -1 : 14_000 + Math.floor(rng() * 300)));
  const status = ids.map((): CustomerStatus | null =>
    rng() < 0.1 ? "prospect" : rng() < 0.1 ? "suspect" : null,
  );
  return classify(ids, value, active, lastDayBefore, status, thresholds);
}

/** Customers and exact value (in cents) per class among the active customers of one window. */
function classSizes(c: ClassifiedCustomers, dimension: MigrationDimension): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (let i = 0; i < c.ids.length; i++) {
    if (!c.active[i]) continue;
    const label = (dimension === "abc" ? c.abc[i] : c.pyramid[i]) ?? NON_POSITIVE;
    const [n, cents] = out.get(label) ?? [0, 0];
    out.set(label, [n + 1, cents + Math.round((c.value[i] ?? 0) * 100)]);
  }
  return out;
}

function checkMatrix(m: MigrationMatrix, prev: ClassifiedCustomers, cur: ClassifiedCustomers): void {
  const cell = (r: string, c: string) => m.cells.find((x) => x.from === r && x.to === c);
  expect(m.cells).toHaveLength(m.rows.length * m.columns.length);
  expect(m.cells.map((c) => `${c.from}>${c.to}`)).toEqual(
    m.rows.flatMap((r) => m.columns.map((c) => `${r}>${c}`)),
  );
  const cents = (x: number) => Math.round(x * 100);
  // row sums: the previous class sizes and values; `new`: active now, not then
  const prevSizes = classSizes(prev, m.dimension);
  const curSizes = classSizes(cur, m.dimension);
  for (const r of m.rows.slice(0, -1)) {
    const cells = m.columns.map((c) => cell(r, c));
    expect(cells.reduce((s, x) => s + (x?.customers ?? 0), 0)).toBe(prevSizes.get(r)?.[0] ?? 0);
    expect(cells.reduce((s, x) => s + cents(x?.previousValue ?? 0), 0)).toBe(prevSizes.get(r)?.[1] ?? 0);
  }
  for (const c of m.columns.slice(0, -1)) {
    const cells = m.rows.map((r) => cell(r, c));
    expect(cells.reduce((s, x) => s + (x?.customers ?? 0), 0)).toBe(curSizes.get(c)?.[0] ?? 0);
    expect(cells.reduce((s, x) => s + cents(x?.currentValue ?? 0), 0)).toBe(curSizes.get(c)?.[1] ?? 0);
  }
  // every class found is a row and a column
  for (const label of [...prevSizes.keys(), ...curSizes.keys()]) {
    expect(m.rows).toContain(label);
    expect(m.columns).toContain(label);
  }
  // the new × lost corner is always empty; a `lost` cell has no current value, a `new` cell no previous value
  expect(cell("new", "lost")?.customers).toBe(0);
  for (const x of m.cells) {
    if (x.to === "lost") expect(x.currentValue).toBe(0);
    if (x.from === "new") expect(x.previousValue).toBe(0);
  }
}

describe("migrate: invariants on 200 seeded random cases", () => {
  const THRESHOLDS = [[80, 95], [50, 80, 100], [70], [60, 90, 97, 99]];
  it("every customer active in either window is in exactly one cell; rows, columns and values add up", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const rng = prng(seed);
      const size = Math.floor(rng() * 40);
      const pool = Array.from({ length: size }, (_, i) => (i % 7 === 3 ? `é${i}` : `k${i}`));
      const thresholds = THRESHOLDS[seed % THRESHOLDS.length] ?? [80, 95];
      const prev = randomWindow(rng, pool, thresholds);
      const cur = randomWindow(rng, pool, thresholds);
      const m = migrate(prev, cur, { measure: "revenue", ...WINDOWS, listLimit: 1000 });
      const activeIn = (c: ClassifiedCustomers) => new Set(c.ids.filter((_, i) => c.active[i] === 1));
      const wasActive = activeIn(prev);
      const isActive = activeIn(cur);
      const either = new Set([...wasActive, ...isActive]);

      for (const dimension of ["abc", "pyramid"] as const) {
        const matrix = m[dimension];
        checkMatrix(matrix, prev, cur);
        expect(matrix.cells.reduce((s, c) => s + c.customers, 0)).toBe(either.size);
        // exactly one cell per customer: the rows of migration.csv, counted per cell, are the matrix
        const rows = migrationRows(prev, cur, dimension);
        expect(new Set(rows.map((r) => r.customer_id))).toEqual(either);
        expect(rows).toHaveLength(either.size);
        const counted = new Map<string, number>();
        for (const r of rows) {
          const key = `${r.previous_class}>${r.current_class}`;
          counted.set(key, (counted.get(key) ?? 0) + 1);
        }
        for (const c of matrix.cells) expect(counted.get(`${c.from}>${c.to}`) ?? 0).toBe(c.customers);
        for (const r of rows) {
          expect(r.movement === "new" || r.movement === "back").toBe(r.previous_class === "new");
          expect(r.movement === "lost").toBe(r.current_class === "lost");
        }
      }

      const c = m.churn;
      expect(c.previousActive).toBe(wasActive.size);
      expect(c.currentActive).toBe(isActive.size);
      expect(c.retained + c.lost).toBe(c.previousActive);
      expect(c.retained + c.new).toBe(c.currentActive);
      expect(c.back).toBeLessThanOrEqual(c.new);
      expect(c.upgrades + c.downgrades).toBeLessThanOrEqual(c.retained);
      const rows = migrationRows(prev, cur, "abc");
      expect(c.upgrades).toBe(rows.filter((r) => r.movement === "up").length);
      expect(c.downgrades).toBe(rows.filter((r) => r.movement === "down").length);
      expect(c.back).toBe(rows.filter((r) => r.movement === "back").length);
      const sumCents = (xs: number[]) => xs.reduce((s, x) => s + Math.round(x * 100), 0);
      const abcCells = m.abc.cells;
      expect(Math.round(c.lostValue * 100)).toBe(
        sumCents(abcCells.filter((x) => x.to === "lost").map((x) => x.previousValue)),
      );
      expect(Math.round(c.newValue * 100)).toBe(
        sumCents(abcCells.filter((x) => x.from === "new").map((x) => x.currentValue)),
      );
      expect(Math.round((c.previousValue ?? 0) * 100)).toBe(sumCents(abcCells.map((x) => x.previousValue)));
      expect(Math.round((c.currentValue ?? 0) * 100)).toBe(sumCents(abcCells.map((x) => x.currentValue)));
      const retainedNow = sumCents(
        abcCells.filter((x) => x.from !== "new" && x.to !== "lost").map((x) => x.currentValue),
      );
      if ((c.previousValue ?? 0) > 0) {
        expect(c.netValueRetention).toBeCloseTo(retainedNow / 100 / (c.previousValue ?? 1), 12);
        expect(c.grossValueRetention).toBeLessThanOrEqual(c.netValueRetention + 1e-12);
      } else expect(c.netValueRetention).toBe(0);

      // action lists: membership rules, no duplicates, sorted
      const a = m.actions;
      for (const i of a.lostFromAB) expect(["A", "B"]).toContain(i.previousClass);
      for (const i of a.newInAB) expect(["A", "B"]).toContain(i.currentClass);
      for (const i of a.slidingBToC) expect(i.previousClass).toBe("B");
      for (const i of a.aDropped) expect(i.currentValue).toBeLessThan(i.previousValue * 0.8);
      for (const i of a.winBack) expect(isActive.has(i.customerId)).toBe(false);
      for (let k = 1; k < a.winBack.length; k++)
        expect(a.winBack[k - 1]?.previousValue ?? 0).toBeGreaterThanOrEqual(a.winBack[k]?.previousValue ?? 0);
      expect(a.lostFromAB.length).toBe(
        m.abc.cells
          .filter((x) => (x.from === "A" || x.from === "B") && x.to === "lost")
          .reduce((s, x) => s + x.customers, 0),
      );
      expect(a.newInAB.length).toBe(
        m.abc.cells
          .filter((x) => x.from === "new" && (x.to === "A" || x.to === "B"))
          .reduce((s, x) => s + x.customers, 0),
      );
    }
  });
});
