import { describe, expect, it } from "vitest";
import type { Beyond, GroupAnalysis, Groups } from "../../src/core/beyond.js";
import type { CustomerBook } from "../../src/core/book.js";
import { FLAG_REASONS } from "../../src/core/profitability.js";
import {
  bookOrder,
  capacityJson,
  coverageCsv,
  groupsCsv,
  potentialCsv,
  profitabilityCsv,
  strategyCsv,
} from "../../src/report/beyond-csv.js";
import { beyondOf, richBook } from "../fixtures/book/beyond-fixture.js";
import { makeBook } from "../fixtures/book/book-fixture.js";
import { coverageBook, halfYearNoActivitiesBook } from "../fixtures/book/coverage-book.js";
import { potentialBook } from "../fixtures/book/potential-book.js";
import { noActivitiesBook, noMarginBook, profitBook } from "../fixtures/book/profit-book.js";
import { strategyBook } from "../fixtures/book/strategy-book.js";

/** A strict RFC 4180 reader: quoted fields may hold commas, doubled quotes and line breaks; CRLF ends records. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] ?? "";
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

/** The records as objects keyed by the header, with the header itself. */
function table(text: string): { header: string[]; rows: Record<string, string>[] } {
  const [header = [], ...body] = parseCsv(text);
  for (const r of body) expect(r).toHaveLength(header.length);
  return { header, rows: body.map((r) => Object.fromEntries(header.map((h, k) => [h, r[k] ?? ""]))) };
}

function byId(rows: readonly Record<string, string>[]): Map<string, Record<string, string>> {
  return new Map(rows.map((r) => [r.customer_id ?? "", r]));
}

const rich = beyondOf(richBook);
const BOOKS: Array<[string, CustomerBook]> = [
  ["rich", richBook],
  ["potential", potentialBook],
  ["profit", profitBook],
  ["no margin", noMarginBook],
  ["no activities", noActivitiesBook],
  ["strategy", strategyBook],
  ["coverage", coverageBook],
  ["half year, no activities", halfYearNoActivitiesBook],
];

const WRITERS: Array<[string, (b: Beyond) => string, string[]]> = [
  [
    "potential",
    potentialCsv,
    [
      "customer_id",
      "value_class",
      "potential",
      "potential_class",
      "share_of_wallet",
      "cell",
      "name",
      "revenue",
      "gap",
    ],
  ],
  [
    "profitability",
    profitabilityCsv,
    [
      "customer_id",
      "revenue_class",
      "margin_class",
      "margin_pct",
      "attention_hours",
      "profile",
      "name",
      "revenue",
      "margin",
      "flagged",
    ],
  ],
  [
    "strategy",
    strategyCsv,
    [
      "customer_id",
      "categories",
      "score",
      "strategic_tier",
      "abc",
      "name",
      "tier_differs",
      "reasons",
      "at_risk_reasons",
    ],
  ],
  [
    "coverage",
    coverageCsv,
    [
      "customer_id",
      "class",
      "planned_contacts",
      "actual_contacts",
      "status",
      "name",
      "account_manager",
      "planned_hours",
      "actual_hours",
    ],
  ],
];

describe("every beyond CSV", () => {
  for (const [file, write, header] of WRITERS) {
    it(`${file}.csv: the header in order, one record per customer of every book, CRLF`, () => {
      for (const [, book] of BOOKS) {
        const text = write(beyondOf(book));
        expect(text.startsWith(`${header.join(",")}\r\n`)).toBe(true);
        expect(text.endsWith("\r\n")).toBe(true);
        expect(text.replace(/\r\n/g, "")).not.toMatch(/\n/);
        const t = table(text);
        expect(t.header).toEqual(header);
        expect(t.rows).toHaveLength(book.ids.length);
        expect(new Set(t.rows.map((r) => r.customer_id))).toEqual(new Set(book.ids));
        expect(text).not.toMatch(/NaN|Infinity|undefined|null/);
      }
    });
  }

  it("lists customers best value first: ranked by value, then the others by value, ties by id", () => {
    const ids = table(potentialCsv(rich)).rows.map((r) => r.customer_id);
    expect(ids).toEqual(["K01", "K02", "K03", "K04", "K05", "K06", "K07", "K08", "K09", "K10", "K11"]);
    // ties and a shuffled book: the order does not depend on the book's order
    const book = makeBook([
      { id: "b", revenue: 5, abc: "A" },
      { id: "z", revenue: -3, abc: null },
      { id: "y", revenue: 0, abc: null },
      { id: "a", revenue: 5, abc: "A" },
      { id: "c", revenue: 9, abc: "A" },
      { id: "x", revenue: 0, abc: null },
    ]);
    expect(bookOrder(book).map((i) => book.ids[i])).toEqual(["c", "a", "b", "x", "y", "z"]);
  });

  it("quotes names with commas, quotes and line breaks so they read back whole", () => {
    for (const [, write] of WRITERS) {
      const rows = byId(table(write(rich)).rows);
      for (const [i, id] of richBook.ids.entries()) expect(rows.get(id)?.name).toBe(richBook.name[i]);
    }
    const text = potentialCsv(rich);
    expect(text).toContain('"Dogwood, Ltd"');
    expect(text).toContain('"Ginkgo ""Quoted"""');
    expect(text).toContain("Birch <Holding>");
  });

  it("writes data as it is, like customers.csv (no formula guard), and keeps line breaks inside quotes", () => {
    const book = makeBook(
      [
        { id: "=1+1", name: '=HYPERLINK("http://x")', revenue: 10, abc: "A", potential: 20 },
        { id: "-2", name: "+cmd|' /C calc'!A0", revenue: 5, abc: "B", accountManager: "@sum" },
        { id: "n3", name: "Two\r\nlines", revenue: 1, abc: "C" },
      ],
      { hasActivities: false },
    );
    const b = beyondOf(book);
    for (const [, write] of WRITERS) {
      const rows = byId(table(write(b)).rows);
      expect(rows.get("=1+1")?.name).toBe('=HYPERLINK("http://x")');
      expect(rows.get("-2")?.name).toBe("+cmd|' /C calc'!A0");
      expect(rows.get("n3")?.name).toBe("Two\r\nlines");
    }
    expect(byId(table(coverageCsv(b)).rows).get("-2")?.account_manager).toBe("@sum");
  });
});

describe("potentialCsv", () => {
  const rows = byId(table(potentialCsv(rich)).rows);

  it("share of wallet = revenue / potential and gap = potential − revenue, computed here", () => {
    // K01 52,000 of 60,000; K04 9,000 of 70,000; K07 2,500 of 40,000
    for (const [id, revenue, potential] of [
      ["K01", 52_000, 60_000],
      ["K04", 9_000, 70_000],
      ["K07", 2_500, 40_000],
    ] as const) {
      const r = rows.get(id);
      expect(Number(r?.share_of_wallet)).toBeCloseTo(revenue / potential, 4);
      expect(r?.share_of_wallet).toMatch(/^0\.\d{1,4}$/);
      expect(Number(r?.gap)).toBe(potential - revenue);
      expect(Number(r?.potential)).toBe(potential);
    }
    // a negative revenue counts as 0: K11 −400 of 3,000 buys nothing from us
    expect(rows.get("K11")).toMatchObject({ share_of_wallet: "0", gap: "3000", revenue: "-400" });
  });

  it("leaves unknown potential, its class, share, gap and cell empty", () => {
    expect(rows.get("K08")).toMatchObject({
      value_class: "C",
      potential: "",
      potential_class: "",
      share_of_wallet: "",
      cell: "",
      gap: "",
    });
  });

  it("names the matrix cell of value class × potential class; empty when not ranked on value", () => {
    // K04: B by value (9,000), A by potential (70,000 is the 2nd largest: 90,000 + 70,000 < 80% of 322,200)
    expect(rows.get("K04")).toMatchObject({ value_class: "B", potential_class: "A", cell: "grow" });
    expect(rows.get("K07")).toMatchObject({ value_class: "C", potential_class: "A", cell: "develop" });
    expect(rows.get("K01")).toMatchObject({ value_class: "A", potential_class: "A", cell: "defend" });
    expect(rows.get("K09")).toMatchObject({
      value_class: "C",
      potential_class: "C",
      cell: "serveEfficiently",
    });
    expect(rows.get("K10")).toMatchObject({ value_class: "", potential_class: "B", cell: "" });
  });

  it("no potential at all: every potential column empty", () => {
    for (const r of table(potentialCsv(beyondOf(profitBook))).rows) {
      expect([r.potential, r.potential_class, r.share_of_wallet, r.cell, r.gap]).toEqual([
        "",
        "",
        "",
        "",
        "",
      ]);
    }
  });

  it("a potential of 0 is written, but it has no share, class or gap", () => {
    const p15 = byId(table(potentialCsv(beyondOf(potentialBook))).rows).get("p15");
    expect(p15).toMatchObject({ potential: "0", potential_class: "", share_of_wallet: "", gap: "" });
    // capped: p02 buys 250 of a potential of 200
    const p02 = byId(table(potentialCsv(beyondOf(potentialBook))).rows).get("p02");
    expect(p02).toMatchObject({ share_of_wallet: "1", gap: "-50" });
  });
});

describe("profitabilityCsv", () => {
  const rows = byId(table(profitabilityCsv(rich)).rows);

  it("margin % = margin / revenue to 4 decimals, computed here", () => {
    for (const [id, margin, revenue] of [
      ["K01", 1_500, 52_000],
      ["K06", -300, 4_000],
      ["K07", 900, 2_500],
    ] as const) {
      const r = rows.get(id);
      expect(Number(r?.margin_pct)).toBeCloseTo(margin / revenue, 4);
      expect(Number(r?.margin)).toBe(margin);
    }
    expect(rows.get("K01")?.margin_pct).toBe("0.0288");
    // revenue 0: no margin %
    expect(rows.get("K10")?.margin_pct).toBe("");
  });

  it("flags with FLAG_REASONS keys: K01 (A, 2.9%) and K06 (B, −7.5%) are below the 5% floor", () => {
    expect(rows.get("K01")?.flagged).toBe("belowMarginFloor");
    expect(rows.get("K06")?.flagged).toBe("belowMarginFloor");
    const flagged = [...rows.values()].filter((r) => r.flagged !== "");
    expect(flagged.map((r) => r.customer_id)).toEqual(["K01", "K06"]);
    const several = table(profitabilityCsv(beyondOf(profitBook))).rows.find((r) => r.customer_id === "q03");
    expect(several?.flagged).toBe("noProfit;belowMarginFloor");
    for (const key of (several?.flagged ?? "").split(";")) expect(FLAG_REASONS).toContain(key);
  });

  it("attention hours from the activities; empty when none were given", () => {
    expect(rows.get("K05")?.attention_hours).toBe("20");
    expect(rows.get("K09")?.attention_hours).toBe("0.25");
    expect(rows.get("K08")).toMatchObject({ profile: "problem", revenue_class: "C", margin_class: "C" });
    expect(rows.get("K10")?.profile).toBe("");
    for (const r of table(profitabilityCsv(beyondOf(noActivitiesBook))).rows)
      expect(r.attention_hours).toBe("");
  });

  it("no margin in the data: margin class, margin %, margin and flagged empty; revenue class kept", () => {
    const nm = byId(table(profitabilityCsv(beyondOf(noMarginBook))).rows);
    expect(nm.get("q01")).toMatchObject({
      revenue_class: "A",
      margin_class: "",
      margin_pct: "",
      margin: "",
      flagged: "",
      revenue: "3000",
    });
  });
});

describe("strategyCsv", () => {
  const rows = byId(table(strategyCsv(rich)).rows);

  it("categories joined with ';', score to 4 decimals, tier beside ABC", () => {
    expect(rows.get("K02")).toMatchObject({
      categories: "breadwinner;prospective;partner",
      strategic_tier: "A",
      abc: "A",
      tier_differs: "no",
      reasons: "",
    });
    for (const r of rows.values()) expect(r.score).toMatch(/^-?\d+(\.\d{1,4})?$/);
    expect(Number(rows.get("K01")?.score)).toBeCloseTo(rich.strategy.score[0] ?? Number.NaN, 4);
  });

  it("tier_differs and the reasons ('; ') for the customers whose tier is not their class", () => {
    expect(rows.get("K04")).toMatchObject({
      abc: "B",
      strategic_tier: "A",
      tier_differs: "yes",
      reasons: "kol",
    });
    expect(rows.get("K07")?.reasons).toBe("famous; potential 44% of the largest");
    expect(rows.get("K10")).toMatchObject({ abc: "", strategic_tier: "B", tier_differs: "yes" });
    expect([...rows.values()].filter((r) => r.tier_differs === "yes")).toHaveLength(3);
  });

  it("at-risk reasons joined with '; '", () => {
    // K03 fell from 25,000 to 18,000: 28%
    expect(rows.get("K03")?.at_risk_reasons).toBe("value falling 28%");
    expect(rows.get("K11")?.at_risk_reasons).toBe("downgraded C → not ranked; value gone");
    expect(rows.get("K01")?.at_risk_reasons).toBe("");
  });
});

describe("coverageCsv", () => {
  it("planned from the service level, actual from the activities, status", () => {
    const rows = byId(table(coverageCsv(rich)).rows);
    // A: 12 contacts a year × 2 h; K02 had 6 of 12: under-served (below 80%)
    expect(rows.get("K02")).toMatchObject({
      class: "A",
      planned_contacts: "12",
      actual_contacts: "6",
      status: "under-served",
      account_manager: "Bert",
      planned_hours: "24",
      actual_hours: "9",
    });
    expect(rows.get("K08")).toMatchObject({ class: "C", status: "over-served", account_manager: "" });
    expect(rows.get("K11")).toMatchObject({ class: "unranked", planned_contacts: "1" });
  });

  it("without activities the actuals are empty and the status unknown; the plan follows the window", () => {
    const rows = byId(table(coverageCsv(beyondOf(halfYearNoActivitiesBook))).rows);
    // half a year of A: 6 contacts × 2 h
    expect(rows.get("c01")).toMatchObject({
      planned_contacts: "6",
      planned_hours: "12",
      actual_contacts: "",
      actual_hours: "",
      status: "unknown",
    });
  });
});

describe("capacityJson", () => {
  it("camelCase, the keys in order, the class rows and their total, 2-space indent and a final newline", () => {
    const text = capacityJson(rich);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.split("\n")[1]).toBe('  "windowYears": 1,');
    const data = JSON.parse(text);
    expect(Object.keys(data)).toEqual([
      "windowYears",
      "hasActivities",
      "capacity",
      "reps",
      "classes",
      "total",
      "managers",
      "activities",
    ]);
    // needed: 3 A × 12 × 2 h + 3 B × 4 × 1.5 h + 3 C × 1 h + 2 unranked × 1 h = 95 h
    expect(data.capacity).toMatchObject({ neededHours: 95, availableHours: 3300, reps: 3, gapHours: -3205 });
    expect(data.classes.map((c: { label: string }) => c.label)).toEqual(["A", "B", "C", "unranked"]);
    expect(data.total).toMatchObject({ customers: 11, plannedContacts: 53, actualContacts: 38 });
    expect(data.managers.map((m: { accountManager: string | null }) => m.accountManager)).toEqual([
      "Anna",
      "Bert",
      "Cor",
      null,
    ]);
    expect(data.activities.unmatchedSample).toEqual(["X99"]);
    expect(data.reps.source).toBe("account managers");
  });

  it("without activities: activities null, actual figures null", () => {
    const data = JSON.parse(capacityJson(beyondOf(halfYearNoActivitiesBook)));
    expect(data.hasActivities).toBe(false);
    expect(data.activities).toBeNull();
    expect(data.windowYears).toBe(0.5);
    expect(data.classes[0]).toMatchObject({ actualContacts: null, actualHours: null, timeShare: null });
  });
});

/** The rich book grouped by account manager, worked out by hand (ABC 80/95 within each group). */
function managerGroups(): Groups {
  const group: GroupAnalysis[] = [
    analysis("Anna", 4, 3, 72_500, { A: 2, B: 0, C: 1 }, ["K01", "Alder & Sons", 52_000]),
    analysis("Bert", 3, 3, 38_000, { A: 1, B: 1, C: 1 }, ["K02", "Birch <Holding>", 31_000]),
    analysis("Cor", 3, 2, 13_000, { A: 2, B: 0, C: 0 }, ["K04", "Dogwood, Ltd", 9_000]),
    analysis(null, 1, 1, 1_500, { A: 1, B: 0, C: 0 }, ["K08", "Hazel Farm", 1_500]),
  ];
  // K01 … K11 in book order
  const of: Array<[string | null, string | null, number, number]> = [
    ["Anna", "A", 1, 52_000 / 72_500],
    ["Bert", "A", 1, 31_000 / 38_000],
    ["Anna", "A", 2, 18_000 / 72_500],
    ["Cor", "A", 1, 9_000 / 13_000],
    ["Bert", "B", 2, 6_000 / 38_000],
    ["Cor", "A", 2, 4_000 / 13_000],
    ["Anna", "C", 3, 2_500 / 72_500],
    [null, "A", 1, 1],
    ["Bert", "C", 3, 1_000 / 38_000],
    ["Cor", null, 0, 0],
    ["Anna", null, 0, 0],
  ];
  return {
    column: "account_manager",
    groups: group,
    group: of.map((x) => x[0]),
    groupAbc: of.map((x) => x[1]),
    groupRank: Int32Array.from(of, (x) => x[2]),
    groupShare: Float64Array.from(of, (x) => x[3]),
    // K04 and K06 are B overall, A within Cor's book; K08 is C overall, A alone
    differ: 3,
  };
}

function analysis(
  name: string | null,
  customers: number,
  ranked: number,
  value: number,
  classes: Record<string, number>,
  top: [string, string, number],
): GroupAnalysis {
  const total = 125_000;
  return {
    group: name,
    customers,
    ranked,
    value,
    valueShare: value / total,
    classes: Object.entries(classes).map(([label, n], k) => ({
      label,
      upTo: [80, 95, 100][k] ?? 100,
      customers: n,
      customersShare: n / ranked,
      value: 0,
      valueShare: 0,
    })),
    top: [{ customerId: top[0], name: top[1], value: top[2], share: top[2] / value }],
  };
}

describe("groupsCsv", () => {
  const text = groupsCsv(managerGroups(), richBook);
  const t = table(text);

  it("the header in order, one record per customer, group by group, by rank within it", () => {
    expect(t.header).toEqual([
      "customer_id",
      "group",
      "group_abc",
      "group_rank",
      "group_share",
      "abc",
      "name",
    ]);
    expect(t.rows.map((r) => r.customer_id)).toEqual([
      "K01",
      "K03",
      "K07",
      "K11",
      "K02",
      "K05",
      "K09",
      "K04",
      "K06",
      "K10",
      "K08",
    ]);
  });

  it("group, class and rank within it beside the overall class; empty when not ranked or no group", () => {
    const rows = byId(t.rows);
    expect(rows.get("K06")).toMatchObject({ group: "Cor", group_abc: "A", group_rank: "2", abc: "B" });
    expect(Number(rows.get("K06")?.group_share)).toBeCloseTo(4_000 / 13_000, 6);
    expect(rows.get("K10")).toMatchObject({ group: "Cor", group_abc: "", group_rank: "", group_share: "" });
    expect(rows.get("K08")).toMatchObject({ group: "", group_abc: "A", group_rank: "1", group_share: "1" });
    expect(rows.get("K04")?.name).toBe("Dogwood, Ltd");
  });
});

describe("golden files of the rich book", () => {
  // Reviewed by hand: see the checks above, which compute the key figures independently. The JSON is kept
  // as .snap so that the formatter leaves it byte for byte as written.
  it("potential.csv, profitability.csv, strategy.csv, coverage.csv, groups.csv, capacity.json", async () => {
    const dir = "../fixtures/golden/beyond";
    await expect(potentialCsv(rich)).toMatchFileSnapshot(`${dir}/potential.csv`);
    await expect(profitabilityCsv(rich)).toMatchFileSnapshot(`${dir}/profitability.csv`);
    await expect(strategyCsv(rich)).toMatchFileSnapshot(`${dir}/strategy.csv`);
    await expect(coverageCsv(rich)).toMatchFileSnapshot(`${dir}/coverage.csv`);
    await expect(groupsCsv(managerGroups(), richBook)).toMatchFileSnapshot(`${dir}/groups.csv`);
    await expect(capacityJson(rich)).toMatchFileSnapshot(`${dir}/capacity.json.snap`);
  });
});
