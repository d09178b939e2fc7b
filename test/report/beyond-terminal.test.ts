import { describe, expect, it } from "vitest";
import type { Beyond, Groups } from "../../src/core/beyond.js";
import type { CustomerBook } from "../../src/core/book.js";
import { FLAG_REASON_LABELS } from "../../src/core/profitability.js";
import {
  capacityVerdict,
  renderActivitiesReading,
  renderBeyondBrief,
  renderCoverageTerminal,
  renderGroupsTerminal,
  renderPotentialTerminal,
  renderProfitTerminal,
  renderStrategyTerminal,
} from "../../src/report/beyond-terminal.js";
import { formatMoney, formatPercent } from "../../src/report/format.js";
import { beyondOf, richBook } from "../fixtures/book/beyond-fixture.js";
import { makeBook } from "../fixtures/book/book-fixture.js";
import { halfYearNoActivitiesBook } from "../fixtures/book/coverage-book.js";
import { noActivitiesBook, noMarginBook, profitBook } from "../fixtures/book/profit-book.js";

const ESC = "\u001b";
const rich = beyondOf(richBook);

/** Every renderer of a Beyond, to check what holds for all of them. */
const RENDERERS: Array<[string, (b: Beyond, o?: { color?: boolean }) => string]> = [
  ["potential", renderPotentialTerminal],
  ["profit", renderProfitTerminal],
  ["strategy", renderStrategyTerminal],
  ["coverage", renderCoverageTerminal],
  ["brief", renderBeyondBrief],
  ["activities", (b, o) => renderActivitiesReading(b.activities, b.reps, o)],
];

/** The line of the output that holds `text` (the first one). */
function lineWith(out: string, text: string): string {
  return out.split("\n").find((l) => l.includes(text)) ?? "";
}

const indices = (book: CustomerBook) => book.ids.map((_, i) => i);

describe("every beyond renderer", () => {
  for (const [name, render] of RENDERERS) {
    it(`${name}: ends in one newline, no colour codes unless asked, colour when asked`, () => {
      for (const book of [richBook, noMarginBook, noActivitiesBook, profitBook, halfYearNoActivitiesBook]) {
        const out = render(beyondOf(book));
        expect(out.endsWith("\n")).toBe(true);
        expect(out.endsWith("\n\n")).toBe(false);
        expect(out).not.toContain(ESC);
        expect(out).not.toMatch(/NaN|undefined|Infinity|\[object/);
        for (const line of out.split("\n")) expect(line).toBe(line.trimEnd());
      }
      expect(render(rich, { color: true })).toContain(`${ESC}[1m`);
    });
  }

  it("long and odd names neither break a table row nor reach the terminal raw", () => {
    const odd = `Evil${ESC}[31m Red\nNext line\t${"x".repeat(80)}`;
    const book = makeBook([
      {
        id: "E1",
        name: odd,
        revenue: 1000,
        margin: 10,
        abc: "A",
        potential: 9000,
        accountManager: odd,
        hours: 1,
        contacts: 1,
      },
      { id: "E2", name: "Plain", revenue: 10, margin: 5, abc: "B", potential: 100, hours: 50, contacts: 30 },
      {
        id: "E3",
        name: "Small",
        revenue: 1,
        margin: 0.5,
        abc: "C",
        previousValue: 500,
        previousAbc: "A",
        hours: 40,
        contacts: 20,
      },
    ]);
    const b = beyondOf(book);
    for (const [, render] of RENDERERS) {
      const out = render(b);
      expect(out).not.toContain(ESC);
      expect(out).not.toContain("\t");
      for (const line of out.split("\n").filter((l) => l.includes("Evil"))) {
        expect(line).toContain("Evil\\x1b[31m Red\\nNext");
        expect(line).toContain("…");
        expect(line).not.toContain("x".repeat(40));
      }
    }
    // in the prospective and competitors lists, E1's name stays on its row: no line without the id
    const rows = renderPotentialTerminal(b)
      .split("\n")
      .filter((l) => l.includes("E1 ") || l.includes("Next"));
    expect(rows).toHaveLength(2);
    for (const l of rows) expect(l).toMatch(/^ {2}E1 {2,}Evil/);
  });
});

describe("renderPotentialTerminal", () => {
  const out = renderPotentialTerminal(rich);
  const book = richBook;
  const known = indices(book).filter((i) => Number.isFinite(book.potential[i]));

  it("opens with what it means and the counts", () => {
    const lines = out.split("\n");
    expect(lines[0]).toBe("Potential and share of wallet");
    expect(lines[1]).toMatch(/^ {2}What each customer could buy/);
    expect(lineWith(out, "Customers with a potential")).toContain(`${known.length} of ${book.ids.length}`);
    expect(lineWith(out, "Potential unknown")).toMatch(/ 1$/);
    const total = known.reduce((s, i) => s + (book.potential[i] ?? 0), 0);
    expect(lineWith(out, "Total potential")).toContain(formatMoney(total));
  });

  it("the 3×3 matrix: value class rows, potential class columns, action with customers and value", () => {
    const header = lineWith(out, "Value \\ potential");
    expect(header).toMatch(/Value \\ potential\s+A\s+B\s+C$/);
    // K07 is C by value (2,500) and A by potential (40,000): the only "develop" customer
    expect(lineWith(out, "develop")).toMatch(
      /^ {2}C\s+develop: 1, 2,500\.00\s+qualify: -\s+serve efficiently: 1, 1,000\.00$/,
    );
    // K01 and K02 are A by value and by potential
    expect(lineWith(out, "defend")).toContain(`defend: 2, ${formatMoney(52_000 + 31_000)}`);
    expect(out).toContain("Outside the matrix: 2 customers not ranked on value with a potential");
  });

  it("prospective customers: potential class A, share of wallet below 50%, largest gap first", () => {
    // potential class A: the largest potentials up to 80% of the total (K02, K04, K01, K07);
    // of those, below 50% of wallet: K04 9/70, K02 31/90, K07 2.5/40 (K01 buys 52 of 60)
    const prospects: Array<[string, number, number]> = [
      ["K04", 9_000, 70_000],
      ["K02", 31_000, 90_000],
      ["K07", 2_500, 40_000],
    ];
    const gaps = prospects.map(([, r, p]) => p - r);
    expect(gaps).toEqual([...gaps].sort((a, b) => b - a));
    expect(lineWith(out, "Prospective customers")).toBe("Prospective customers: 3");
    const rows = out.split("\n").filter((l) => /^ {2}K0[247] /.test(l));
    expect(rows.slice(0, 3).map((l) => l.trim().slice(0, 3))).toEqual(["K04", "K02", "K07"]);
    for (const [id, revenue, potential] of prospects) {
      const line = lineWith(out, `${id} `);
      expect(line).toContain(formatPercent(revenue / potential));
      expect(line).toContain(formatMoney(potential - revenue));
    }
    // competitors: A by value below 50% of wallet: K02 only
    expect(out).toContain("Where competitors sit: 1");
  });

  it("no potential column: one clear line with how to map it, no matrix", () => {
    const none = renderPotentialTerminal(beyondOf(profitBook));
    expect(none).toContain("the customer list has no potential column");
    expect(none).toContain("--customers-map potential=<column>");
    expect(none).not.toContain("Value \\ potential");
    const zero = makeBook([
      { id: "z1", revenue: 10, abc: "A", potential: 0 },
      { id: "z2", revenue: 5, abc: "B" },
    ]);
    expect(renderPotentialTerminal(beyondOf(zero))).toContain(
      "no customer has a potential above 0 (1 customer with 0 or less)",
    );
  });
});

describe("renderProfitTerminal", () => {
  const out = renderProfitTerminal(rich);

  it("revenue classes beside margin classes, counted", () => {
    expect(lineWith(out, "Revenue \\ margin")).toMatch(/A\s+B\s+C\s+not ranked\s+total$/);
    // A on revenue: K01 (margin B), K02 and K03 (margin A)
    expect(out.split("\n").find((l) => /^ {2}A\s/.test(l))).toMatch(/^ {2}A\s+2\s+1\s+·\s+·\s+3$/);
  });

  it("flagged customers with the reasons in words", () => {
    expect(out).toContain("Big billing, thin margin: 2");
    const k01 = lineWith(out, "K01 ");
    expect(k01).toContain(formatPercent(1_500 / 52_000));
    expect(k01).toContain(FLAG_REASON_LABELS.belowMarginFloor);
    expect(lineWith(out, "K06 ")).toContain(formatPercent(-300 / 4_000));
  });

  it("whale curve: peak, total margin and what is lost after the peak, computed here", () => {
    // on the curve: every customer with revenue or margin; K10 (0, 0) is left off
    const on = indices(richBook).filter((i) => richBook.revenue[i] !== 0 || richBook.margin[i] !== 0);
    const margins = on.map((i) => richBook.margin[i] ?? 0).sort((a, b) => b - a);
    let acc = 0;
    let peak = 0;
    let peakAt = 0;
    margins.forEach((m, k) => {
      acc += m;
      if (acc > peak) [peak, peakAt] = [acc, k + 1];
    });
    expect(out).toContain(
      `Peak: the most profitable ${peakAt} customers earn ${formatMoney(peak)}, ${formatPercent(peak / acc)} of the total margin.`,
    );
    expect(out).toContain(`Total margin: ${formatMoney(acc)} from ${on.length} customers`);
    expect(out).toContain(
      `Lost after the peak: ${formatMoney(peak - acc)} by the ${on.length - peakAt} customers`,
    );
  });

  it("attention against income per class, and the problem clients", () => {
    const total = richBook.hours.reduce((s, h) => s + h, 0);
    const aHours = [0, 1, 2].reduce((s, i) => s + (richBook.hours[i] ?? 0), 0);
    expect(out.split("\n").find((l) => /^ {2}A\s+3\s/.test(l) && l.includes("%"))).toContain(
      formatPercent(aHours / total),
    );
    expect(out).toContain("VIP 3, regular 6, problem 1; 1 prospect or suspect not profiled.");
    expect(lineWith(out, "K08 ")).toContain("Hazel Farm");
  });

  it("no margin: the message, and attention still measured", () => {
    const nm = renderProfitTerminal(beyondOf(noMarginBook));
    expect(nm).toContain("The data has no cost or margin");
    expect(nm).not.toContain("Whale curve");
    expect(nm).not.toContain("Big billing");
    expect(nm).toContain("Attention against income");
  });

  it("no activities: attention not measured, nobody called a problem", () => {
    const na = renderProfitTerminal(beyondOf(noActivitiesBook));
    expect(na).toContain("Not measured: no activities were given (give them with --activities FILE).");
    expect(na).toContain("nobody is called a problem client");
    expect(na).not.toContain("Problem clients:");
  });
});

describe("renderStrategyTerminal", () => {
  const out = renderStrategyTerminal(rich);

  it("category totals", () => {
    // breadwinners: key clients (≥ 10% of revenue: K01, K02, K03) or A on margin (K02 … K05)
    expect(lineWith(out, "breadwinner")).toMatch(
      new RegExp(
        `breadwinner\\s+5\\s+${formatMoney(52_000 + 31_000 + 18_000 + 9_000 + 6_000).replace(/\./g, "\\.")}$`,
      ),
    );
    expect(lineWith(out, "kol")).toMatch(/kol\s+2\s/);
  });

  it("tiers beside ABC, the differences with their reasons, and the customers at risk", () => {
    expect(lineWith(out, "Tier \\ class")).toMatch(/A\s+B\s+C\s+not ranked\s+Customers\s+Value$/);
    expect(out).toContain("Tier differs from class: 3");
    expect(lineWith(out, "K04 ")).toContain("B by value, tier A: kol");
    expect(out).toContain("At risk: 3");
    // K03 fell from 25,000 to 18,000
    const k03 = lineWith(out, "K03 ");
    expect(k03).toContain(`value falling ${Math.round((1 - 18_000 / 25_000) * 100)}%`);
    expect(k03).toContain(formatMoney(25_000));
  });
});

describe("renderCoverageTerminal", () => {
  const out = renderCoverageTerminal(rich);

  it("per class planned against actual, time share against value share", () => {
    const a = out.split("\n").find((l) => /^ {2}A\s/.test(l)) ?? "";
    // A: 3 customers × 12 contacts, 3 × 24 h planned; 18 contacts and 34 h done
    expect(a).toMatch(/^ {2}A\s+3\s+36\s+18\s+72\s+34\s/);
    // value share: A's 101,000 of the 125,000 of positive value (K11's −400 is left out)
    const positive = Array.from(richBook.value).reduce((s, v) => s + Math.max(0, v), 0);
    expect(a).toContain(formatPercent(101_000 / positive));
  });

  it("under-served A/B and over-served lists, computed here", () => {
    const planned: Record<string, number> = { A: 12, B: 4 };
    const under = indices(richBook).filter((i) => {
      const p = planned[richBook.abc[i] ?? ""];
      return p !== undefined && (richBook.contacts[i] ?? 0) < 0.8 * p;
    });
    expect(out).toContain(`Under-served: ${under.length}`);
    for (const i of under) expect(lineWith(out, `${richBook.ids[i]} `)).toContain(richBook.name[i] ?? "?");
    // K08 (C, 4 contacts against 1); K10 has 2 contacts but is a prospect: acquisition, not over-service.
    expect(out).toContain("Over-served: 1");
    const over = out.slice(out.indexOf("Over-served"));
    expect(over).toContain("K08");
    expect(over).not.toContain("K10");
  });

  it("capacity in hours and in people, in words, and the account managers", () => {
    const needed = 3 * 12 * 2 + 3 * 4 * 1.5 + 3 * 1 + 2 * 1;
    const spare = (3 * 1_100 - needed) / 1_100;
    expect(lineWith(out, "Hours the plan needs")).toMatch(new RegExp(`\\s${needed}\\s`));
    expect(out).toContain(`The team has ${spare.toFixed(1)} FTE to spare`);
    expect(lineWith(out, "Hours the team has")).toContain(
      "3 reps, one per account manager in the customer list",
    );
    expect(lineWith(out, "Account manager")).toMatch(/A\s+B\s+C\s+unranked/);
    expect(lineWith(out, "(none)")).toMatch(/\(none\)\s+1\s/);
  });

  it("without activities: says actuals are unknown and how to give them; no lists", () => {
    const na = renderCoverageTerminal(beyondOf(halfYearNoActivitiesBook));
    expect(na).toContain("Actual contacts and hours are unknown");
    expect(na).toContain("--activities FILE");
    expect(na).not.toContain("Under-served:");
    expect(na).toContain("the window (0.50 years)");
  });
});

describe("capacityVerdict", () => {
  it("people to add, FTE to spare, or exact", () => {
    expect(capacityVerdict(2, 1.3, 1_430)).toBe(
      "The plan needs 2 more people (1.3 FTE, 1,430 hours a year).",
    );
    expect(capacityVerdict(1, 0.2, 220)).toBe("The plan needs 1 more person (0.2 FTE, 220 hours a year).");
    expect(capacityVerdict(0, -0.4, -440)).toBe("The team has 0.4 FTE to spare (440 hours a year).");
    expect(capacityVerdict(0, 0, 0)).toBe("The team has exactly the hours the plan needs.");
  });
});

describe("renderActivitiesReading", () => {
  const a = rich.activities;

  it("read, used, outside the window, rejected with line examples, kinds, unmatched ids, reps", () => {
    const out = renderActivitiesReading(a, rich.reps);
    expect(out.split("\n")[0]).toBe("Activities: visits.csv (dates YYYY-MM-DD)");
    expect(lineWith(out, "Lines read")).toMatch(/43$/);
    expect(lineWith(out, "Outside the window")).toMatch(/3\s+2 before it, 1 after the as-of date$/);
    expect(out).toContain("Rejected, hours is negative: 2 lines");
    expect(out).toContain("line 7, column hours: '-2'");
    expect(lineWith(out, "  call ")).toMatch(/call\s+18\s+18\s+0\.25$/);
    expect(out).toContain(
      "1 customer id neither invoiced nor in the customer list, kept out: 3 activities, 4.5 hours (X99)",
    );
    expect(lineWith(out, "(none)")).toMatch(/\(none\)\s+6\s+7\.5$/);
    expect(out).toContain(
      "Team: 3 reps, 3,300 selling hours a year, one per account manager in the customer list",
    );
  });

  it("none given, and a reps file with rejects", () => {
    const out = renderActivitiesReading(null, {
      source: "file",
      file: "team.csv",
      reps: 2,
      hours: 1_800,
      rowsRead: 3,
      rejects: [
        { reason: "hours not a number", count: 1, examples: [{ line: 4, column: "hours", value: "lots" }] },
      ],
    });
    expect(out).toContain("none given");
    expect(out).toContain("--activities FILE");
    expect(out).toContain("Team: 2 reps, 1,800 selling hours a year, from team.csv");
    expect(out).toContain("Rejected, hours not a number: 1 row");
    expect(out).toContain("line 4, column hours: 'lots'");
  });
});

describe("renderBeyondBrief", () => {
  it("6 to 10 lines: the headline of each area and the command that shows it", () => {
    for (const book of [richBook, noMarginBook, noActivitiesBook, halfYearNoActivitiesBook]) {
      const lines = renderBeyondBrief(beyondOf(book)).trimEnd().split("\n");
      expect(lines.length).toBeGreaterThanOrEqual(6);
      expect(lines.length).toBeLessThanOrEqual(10);
    }
    const out = renderBeyondBrief(rich);
    // untapped potential of the prospective customers: their gaps
    const gap = 70_000 - 9_000 + (90_000 - 31_000) + (40_000 - 2_500);
    expect(out).toContain(
      `Potential: 3 prospective customers hold ${formatMoney(gap)} of untapped potential`,
    );
    expect(out).toContain("strata potential");
    expect(out).toContain("Profit: 2 big customers with a thin margin");
    expect(out).toContain("4 customers under-served, 1 over-served");
    expect(out).toContain("Capacity: the team has 2.9 FTE to spare");
  });

  it("says what is missing: no potential, no margin, no activities", () => {
    const out = renderBeyondBrief(beyondOf(noActivitiesBook));
    expect(out).toContain("Potential: none in the customer list (--customers-map potential=<column>)");
    expect(out).toContain("no activities given");
    expect(renderBeyondBrief(beyondOf(noMarginBook))).toContain("Profit: no cost or margin in the data");
  });
});

describe("renderGroupsTerminal", () => {
  const groups: Groups = {
    column: "region",
    groups: [
      {
        group: "North",
        customers: 3,
        ranked: 2,
        value: 83_000,
        valueShare: 83_000 / 124_000,
        classes: [
          { label: "A", upTo: 80, customers: 2, customersShare: 1, value: 83_000, valueShare: 1 },
          { label: "B", upTo: 95, customers: 0, customersShare: 0, value: 0, valueShare: 0 },
          { label: "C", upTo: 100, customers: 0, customersShare: 0, value: 0, valueShare: 0 },
        ],
        top: [{ customerId: "K01", name: "Alder & Sons", value: 52_000, share: 52_000 / 83_000 }],
      },
      {
        group: null,
        customers: 8,
        ranked: 7,
        value: 41_000,
        valueShare: 41_000 / 124_000,
        classes: [
          { label: "A", upTo: 80, customers: 3, customersShare: 3 / 7, value: 33_000, valueShare: 0.8 },
          { label: "B", upTo: 95, customers: 2, customersShare: 2 / 7, value: 6_000, valueShare: 0.15 },
          { label: "C", upTo: 100, customers: 2, customersShare: 2 / 7, value: 2_000, valueShare: 0.05 },
        ],
        top: [],
      },
    ],
    group: [],
    groupAbc: [],
    groupRank: new Int32Array(0),
    groupShare: new Float64Array(0),
    differ: 4,
  };

  it("per group: customers, ranked, value and share, customers per class, top customer", () => {
    const out = renderGroupsTerminal(groups);
    expect(out.split("\n")[0]).toBe("Groups by region");
    expect(lineWith(out, "Group ")).toMatch(
      /Group\s+Customers\s+Ranked\s+Value\s+% value\s+A\s+B\s+C\s+Top customer/,
    );
    expect(lineWith(out, "North")).toMatch(
      new RegExp(
        `North\\s+3\\s+2\\s+83,000\\.00\\s+${formatPercent(83 / 124).replace(".", "\\.")}\\s+2\\s+0\\s+0\\s+K01 Alder & Sons \\(${formatPercent(52 / 83).replace(".", "\\.")}\\)$`,
      ),
    );
    expect(lineWith(out, "(none)")).toMatch(/\(none\)\s+8\s+7\s+41,000\.00\s+\S+%\s+3\s+2\s+2$/);
    expect(out).toContain("4 customers have a different class within their group than overall.");
    expect(out).not.toContain(ESC);
  });
});
