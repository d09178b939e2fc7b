import { describe, expect, it } from "vitest";
import type { CustomerBook } from "../../src/core/book.js";
import { classifyAbc } from "../../src/core/classify-abc.js";
import { type Coverage, coverage, DEFAULT_COVERAGE_SETTINGS, UNRANKED } from "../../src/core/coverage.js";
import { rankCustomers } from "../../src/core/rank.js";
import { abcOf, type BookRow, makeBook, prng } from "../fixtures/book/book-fixture.js";
import { COVERAGE_ROWS, coverageBook, halfYearNoActivitiesBook } from "../fixtures/book/coverage-book.js";

const byId = <T>(book: CustomerBook, column: ArrayLike<T>): Record<string, T> =>
  Object.fromEntries(book.ids.map((id, i) => [id, column[i] as T]));

/** A class row as [customers, value, value share, planned contacts, planned hours, contacts, hours, time share]. */
const rowFigures = (c: Coverage["classes"][number]) => [
  c.label,
  c.customers,
  c.value,
  c.valueShare,
  c.plannedContacts,
  c.plannedHours,
  c.actualContacts,
  c.actualHours,
  c.timeShare,
];

describe("coverage: hand-checked fixture (test/fixtures/book/EXPECTED-strategy-coverage.md)", () => {
  const r = coverage(coverageBook);

  it("the fixture's classes are what ranking and ABC 80/95 give", () => {
    expect(COVERAGE_ROWS).toHaveLength(12);
    expect(abcOf(coverageBook.value, coverageBook.ids)).toEqual(coverageBook.abc);
  });

  it("plans each customer by its class and compares with its contacts and hours", () => {
    expect(Array.from(r.customers.plannedContacts)).toEqual([12, 12, 12, 4, 4, 4, 1, 1, 1, 1, 1, 1]);
    expect(Array.from(r.customers.plannedHours)).toEqual([24, 24, 24, 6, 6, 6, 1, 1, 1, 1, 1, 1]);
    expect(r.customers.level).toEqual(["A", "A", "A", "B", "B", "B", "C", "C", "C", "C", UNRANKED, UNRANKED]);
    expect(byId(coverageBook, r.customers.status)).toEqual({
      c01: "on-plan",
      c02: "under-served",
      c03: "on-plan",
      c04: "on-plan",
      c05: "under-served",
      c06: "under-served",
      c07: "over-served",
      c08: "over-served",
      c09: "on-plan",
      c10: "on-plan",
      c11: "on-plan", // a prospect: acquisition, never over-served
      c12: "on-plan",
    });
    expect(Array.from(r.customers.actualHours)).toEqual([34, 18, 18, 6, 6, 0, 12.5, 1.5, 1, 0, 2, 1]);
  });

  it("per class: time share against value share", () => {
    expect(r.labels).toEqual(["A", "B", "C"]);
    expect(r.classes.map(rowFigures)).toEqual([
      ["A", 3, 800, 0.8, 36, 72, 33, 70, 0.7],
      ["B", 3, 150, 0.15, 12, 18, 7, 12, 0.12],
      ["C", 4, 50, 0.05, 4, 4, 8, 15, 0.15],
      [UNRANKED, 2, -10, 0, 2, 2, 3, 3, 0.03],
    ]);
    expect(rowFigures(r.total)).toEqual(["total", 12, 990, 1, 54, 96, 51, 100, 1]);
    expect(r.classes.map((c) => c.plannedTimeShare)).toEqual([0.75, 0.1875, 4 / 96, 2 / 96]);
    expect(r.classes.map((c) => c.contactShare)).toEqual([33 / 51, 7 / 51, 8 / 51, 3 / 51]);
    expect(
      r.classes.map((c) => [c.status["under-served"], c.status["on-plan"], c.status["over-served"]]),
    ).toEqual([
      [1, 2, 0],
      [2, 1, 0],
      [0, 2, 2],
      [0, 2, 0],
    ]);
    expect(r.total.status).toEqual({ "under-served": 3, "on-plan": 7, "over-served": 2, unknown: 0 });
  });

  it("capacity: the team is one rep per account manager by default", () => {
    expect(r.capacity).toEqual({
      neededHours: 96,
      availableHours: 3300,
      reps: 3,
      repsSource: "account managers",
      hoursPerRep: 1100,
      gapHours: -3204,
      neededFte: 96 / 1100,
      availableFte: 3,
      gapFte: -3204 / 1100,
      gapPeople: -2,
    });
  });

  it("capacity with a team given as a count, as a list, and a gap of exactly two people", () => {
    const count = coverage(coverageBook, { hoursPerRep: 40, reps: 2 }).capacity;
    expect(count).toMatchObject({ availableHours: 80, gapHours: 16, gapFte: 0.4, gapPeople: 1 });
    expect(count.repsSource).toBe("settings");
    const list = coverage(coverageBook, {
      hoursPerRep: 40,
      reps: [
        { name: "Anna", hoursPerYear: 40 },
        { name: "Bert", hoursPerYear: 30 },
      ],
    }).capacity;
    expect(list).toMatchObject({ reps: 2, availableHours: 70, gapHours: 26, gapFte: 0.65, gapPeople: 1 });
    const exact = coverage(coverageBook, { hoursPerRep: 32, reps: 1 }).capacity;
    expect(exact).toMatchObject({ availableHours: 32, gapHours: 64, gapFte: 2, gapPeople: 2 });
  });

  it("per account manager: customers per class, value, planned and actual", () => {
    expect(
      r.managers.map((m) => [
        m.accountManager,
        m.customers,
        m.byClass,
        m.value,
        m.plannedContacts,
        m.plannedHours,
        m.actualContacts,
        m.actualHours,
        m.underServed,
        m.overServed,
      ]),
    ).toEqual([
      ["Anna", 4, { A: 1, B: 1, C: 1, [UNRANKED]: 1 }, 480, 18, 32, 26, 54.5, 0, 1],
      ["Bert", 4, { A: 1, B: 1, C: 2, [UNRANKED]: 0 }, 325, 18, 32, 14, 26.5, 2, 1],
      ["Cor", 3, { A: 1, B: 1, C: 1, [UNRANKED]: 0 }, 195, 17, 31, 10, 18, 1, 0],
      [null, 1, { A: 0, B: 0, C: 0, [UNRANKED]: 1 }, -10, 1, 1, 1, 1, 0, 0],
    ]);
    expect(r.managers[0]?.workloadFte).toBeCloseTo(32 / 1100, 12);
    expect(r.warnings).toEqual([]);
  });

  it("a looser tolerance: 9 of 12 and 3 of 4 contacts are on plan at 0.75", () => {
    const loose = coverage(coverageBook, { underServedTolerance: 0.75 });
    expect(coverageBook.ids.filter((_, i) => loose.customers.status[i] === "under-served")).toEqual(["c06"]);
  });

  it("plans by other classes when given (e.g. strategic tiers)", () => {
    const classes = coverageBook.ids.map((id, i) => (id === "c10" ? "A" : (coverageBook.abc[i] ?? null)));
    const t = coverage(coverageBook, {}, { classes });
    expect(t.customers.plannedHours[9]).toBe(24);
    expect(t.capacity.neededHours).toBe(119);
    expect(t.total.status["under-served"]).toBe(4);
  });

  it("a class without a service level takes the level of the class above it, with a warning", () => {
    const book = makeBook(
      COVERAGE_ROWS.map((row) => (row.id === "c10" ? { ...row, abc: "D" } : row)),
      { abcLabels: ["A", "B", "C", "D"] },
    );
    const d = coverage(book);
    expect(d.customers.plannedContacts[9]).toBe(1);
    expect(d.classes.map((c) => c.label)).toEqual(["A", "B", "C", "D", UNRANKED]);
    expect(d.warnings.map((w) => w.code)).toEqual(["NO_SERVICE_LEVEL"]);
    // D is now the last class: checked for over-service, C no longer
    expect(d.customers.status[6]).toBe("on-plan");
  });
});

describe("coverage: a half-year window without activities", () => {
  const r = coverage(halfYearNoActivitiesBook);

  it("still plans, over the window, and the capacity per year", () => {
    expect(Array.from(r.customers.plannedContacts)).toEqual([6, 6, 6, 2, 2, 2, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
    expect(r.total.plannedContacts).toBe(27);
    expect(r.total.plannedHours).toBe(48);
    expect(r.capacity.neededHours).toBe(96);
    expect(r.managers.reduce((s, m) => s + m.plannedHours, 0)).toBe(48);
  });

  it("reports actual figures and status as unknown, not zero", () => {
    expect(r.hasActivities).toBe(false);
    expect(r.customers.status.every((s) => s === "unknown")).toBe(true);
    expect(Array.from(r.customers.actualContacts).every(Number.isNaN)).toBe(true);
    expect(Array.from(r.customers.actualHours).every(Number.isNaN)).toBe(true);
    for (const c of [...r.classes, r.total]) {
      expect([c.actualContacts, c.actualHours, c.timeShare, c.contactShare]).toEqual([
        null,
        null,
        null,
        null,
      ]);
    }
    expect(r.total.status.unknown).toBe(12);
    for (const m of r.managers) expect([m.actualContacts, m.actualHours]).toEqual([null, null]);
    expect(r.warnings.map((w) => w.code)).toEqual(["NO_ACTIVITIES"]);
  });
});

describe("coverage: settings", () => {
  it("merges levels over the defaults and rejects what makes no sense, with BAD_OPTION", () => {
    const r = coverage(coverageBook, { levels: { A: { contactsPerYear: 6, hoursPerContact: 2 } } });
    expect(r.settings.levels.B).toEqual(DEFAULT_COVERAGE_SETTINGS.levels.B);
    expect(r.capacity.neededHours).toBe(96 - 36);
    const bad = [
      { levels: { A: { contactsPerYear: -1, hoursPerContact: 2 } } },
      { unrankedLevel: { contactsPerYear: 1, hoursPerContact: Number.NaN } },
      { underServedTolerance: 0 },
      { hoursPerRep: 0 },
      { reps: -1 },
      { reps: [{ name: "Anna", hoursPerYear: -5 }] },
    ];
    for (const settings of bad) {
      expect(() => coverage(coverageBook, settings), JSON.stringify(settings)).toThrow(
        expect.objectContaining({ code: "BAD_OPTION" }),
      );
    }
    expect(() => coverage({ ...coverageBook, windowYears: 0 })).toThrow(
      expect.objectContaining({ code: "BAD_OPTION" }),
    );
  });
});

// ---------------------------------------------------------------------------------------------------------

const THRESHOLDS: readonly (readonly number[])[] = [[80, 95], [50, 80, 100], [80], [70, 90, 97]];
const MANAGERS = ["Anna", "Bert", "Cor", "Dirk", null];

/** A random book of 0…40 customers with account managers, activities (or none) and a window of ¼ … 2 years. */
function randomCoverageBook(rng: () => number): CustomerBook {
  const n = Math.floor(rng() * 41);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rng() * xs.length)] as T;
  const thresholds = pick(THRESHOLDS);
  const hasActivities = rng() < 0.7;
  const noHours = rng() < 0.1;
  const rows: BookRow[] = [];
  for (let i = 0; i < n; i++) {
    const u = rng();
    const revenue = u < 0.1 ? 0 : u < 0.18 ? -Math.floor(rng() * 500) : Math.floor(rng() * 500_000) / 100;
    const contacts = hasActivities && rng() < 0.7 ? Math.floor(rng() * 20) : 0;
    const hours = contacts > 0 && !noHours ? Math.floor(rng() * 4 * contacts * 4) / 4 : 0;
    rows.push({ id: `k${i}`, revenue, abc: null, accountManager: pick(MANAGERS), contacts, hours });
  }
  const ids = rows.map((r) => r.id);
  const value = Float64Array.from(rows, (r) => r.revenue);
  const abc = abcOf(value, ids, thresholds);
  const labels = classifyAbc(rankCustomers(value, ids), thresholds).labels;
  return makeBook(
    rows.map((r, i) => ({ ...r, abc: abc[i] ?? null })),
    { abcLabels: labels, hasActivities, windowYears: pick([0.25, 0.5, 1, 2]) },
  );
}

describe("coverage: invariants on 200 seeded random books", () => {
  const books = Array.from({ length: 200 }, (_, k) => randomCoverageBook(prng(k + 1)));
  const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

  it("shares sum to 1, planned hours add up over classes, managers and the year", () => {
    for (const book of books) {
      const r = coverage(book);
      const n = book.ids.length;
      expect(sum(r.classes.map((c) => c.customers))).toBe(n);
      expect(sum(r.managers.map((m) => m.customers))).toBe(n);
      expect(sum(r.managers.map((m) => m.plannedHours))).toBeCloseTo(r.total.plannedHours, 9);
      expect(sum(r.classes.map((c) => c.plannedHours))).toBeCloseTo(r.total.plannedHours, 9);
      expect(r.capacity.neededHours * book.windowYears).toBeCloseTo(r.total.plannedHours, 9);
      expect(sum(r.managers.map((m) => m.plannedHoursPerYear))).toBeCloseTo(r.capacity.neededHours, 9);
      if (book.value.some((v) => v > 0)) expect(sum(r.classes.map((c) => c.valueShare))).toBeCloseTo(1, 12);
      if ((r.total.actualHours ?? 0) > 0) {
        expect(sum(r.classes.map((c) => c.timeShare ?? Number.NaN))).toBeCloseTo(1, 12);
        expect(sum(r.managers.map((m) => m.actualHours ?? Number.NaN))).toBeCloseTo(
          r.total.actualHours ?? 0,
          9,
        );
      } else {
        for (const c of r.classes) expect(c.timeShare).toBeNull();
      }
    }
  });

  it("capacity: gap = needed − available, people = the gap in FTE rounded up", () => {
    for (const [k, book] of books.entries()) {
      const settings = k % 2 === 0 ? {} : { reps: k % 7, hoursPerRep: 1 + (k % 13) * 10 };
      const c = coverage(book, settings).capacity;
      expect(c.gapHours).toBe(c.neededHours - c.availableHours);
      expect(c.gapFte).toBeCloseTo(c.gapHours / c.hoursPerRep, 12);
      expect(c.gapPeople).toBeGreaterThanOrEqual(c.gapFte - 1e-9);
      expect(c.gapPeople - 1).toBeLessThan(c.gapFte);
      expect(Number.isInteger(c.gapPeople)).toBe(true);
    }
  });

  it("status: known only with activities; under-served only where checked, over-served only at the bottom", () => {
    for (const book of books) {
      const r = coverage(book);
      const last = book.abcLabels[book.abcLabels.length - 1];
      expect(sum(Object.values(r.total.status))).toBe(book.ids.length);
      book.ids.forEach((_, i) => {
        const st = r.customers.status[i];
        const c = book.abc[i] ?? null;
        if (!book.hasActivities) {
          expect(st).toBe("unknown");
          expect(r.customers.actualHours[i]).toBeNaN();
          return;
        }
        expect(st).not.toBe("unknown");
        if (st === "under-served") {
          expect(c !== null && c !== last).toBe(true);
          expect(book.contacts[i]).toBeLessThan((r.customers.plannedContacts[i] ?? 0) * 0.8);
        }
        if (st === "over-served") {
          expect(c === null || c === last).toBe(true);
          expect(["prospect", "suspect"]).not.toContain(book.status[i]);
        }
      });
    }
  });
});
