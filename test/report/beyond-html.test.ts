import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Beyond, Groups } from "../../src/core/beyond.js";
import type { CustomerBook } from "../../src/core/book.js";
import { classifyAbc, NOT_RANKED } from "../../src/core/classify-abc.js";
import { groupAnalysis } from "../../src/core/groups.js";
import { POTENTIAL_ACTION_LABELS } from "../../src/core/potential-matrix.js";
import { FLAG_REASON_LABELS } from "../../src/core/profitability.js";
import { rankCustomers } from "../../src/core/rank.js";
import {
  axisScale,
  bubblePlan,
  capacityChartOptions,
  gaugeMax,
  MAX_BUBBLES,
  potentialBubbleOptions,
  timeValueChartOptions,
  whaleChartOptions,
} from "../../src/report/beyond-charts.js";
import {
  BEYOND_CHART_IDS,
  BEYOND_LIST_ROWS,
  beyondCharts,
  beyondSections,
  groupsSection,
} from "../../src/report/beyond-html.js";
import { buildHtmlReport, renderHtmlReport } from "../../src/report/html.js";
import { beyondOf, richBook } from "../fixtures/book/beyond-fixture.js";
import { type BookRow, makeBook } from "../fixtures/book/book-fixture.js";
import { noActivitiesBook, noMarginBook } from "../fixtures/book/profit-book.js";
import { dumpDom, findChromium } from "./chromium.js";
import { fixtureSummary } from "./fixture.js";
import { renderSvg } from "./svg.js";

const STUB_LIBRARY = "window.echarts = undefined; /* stand-in for echarts.min.js */";

/** The parts of an option tree the tests read, after a JSON round trip. */
interface Series {
  type: string;
  name?: string;
  data: unknown[];
  markLine?: { data: Array<{ xAxis?: number; yAxis?: number }> };
  markPoint?: { data: Array<{ name: string; coord: [number, number] }> };
  min?: number;
  max?: number;
  axisLine?: { lineStyle: { color: Array<[number, string]> } };
}
interface Options {
  series: Series[];
  xAxis: { type: string; data?: string[] };
  yAxis: { type: string };
  title?: { text: string };
}

function plain(o: unknown): Options {
  return JSON.parse(JSON.stringify(o)) as Options;
}

function chartJson(page: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "") as Record<string, unknown>;
}

/** The text of an HTML fragment: tags dropped, entities of the escaper undone, spaces folded. */
function text(fragment: string): string {
  return fragment
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

/** The cells of the first table of a class (exact class attribute) inside an element of an id, as text per row. */
function tableRows(page: string, sectionId: string, className: string): string[][] {
  const from = page.indexOf(`id="${sectionId}"`);
  expect(from).toBeGreaterThanOrEqual(0);
  const table =
    new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`).exec(page.slice(from))?.[1] ?? "";
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1] ?? "")),
  );
}

/** One section of a fragment, from its opening tag to the next section. */
function section(fragment: string, id: string): string {
  const from = fragment.indexOf(`<section id="${id}"`);
  expect(from, `section ${id}`).toBeGreaterThanOrEqual(0);
  const next = fragment.indexOf("<section ", from + 1);
  return fragment.slice(from, next < 0 ? undefined : next);
}

/** Customer ids in the rows of the table that follows a list heading (its start). */
function listIds(fragment: string, heading: string): string[] {
  const from = fragment.indexOf(`<h3>${heading}`);
  expect(from, heading).toBeGreaterThanOrEqual(0);
  const table = /<table class="customers">([\s\S]*?)<\/table>/.exec(fragment.slice(from))?.[1] ?? "";
  return [...table.matchAll(/<td class="id">([^<]*)<\/td>/g)].map((m) => m[1] ?? "");
}

const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** Class labels per customer (null: not ranked) of ABC 80/95 on an amount, straight from the core's rule. */
function classesOn(values: Float64Array, ids: readonly string[]): (string | null)[] {
  const abc = classifyAbc(rankCustomers(values, ids), [80, 95]);
  return Array.from(abc.classOf, (k) => (k === NOT_RANKED ? null : (abc.labels[k] ?? null)));
}

/** ABC 80/95 within the groups of a column, as `--by` runs it. */
function groupsOf(book: CustomerBook, column: string, values: readonly (string | null)[]): Groups {
  return groupAnalysis({ column, ...book, group: values, thresholds: [80, 95] });
}

/** A copy of a book with some names and account managers replaced. */
function renamed(
  book: CustomerBook,
  names: Record<string, string>,
  managers: Record<string, string> = {},
): CustomerBook {
  return {
    ...book,
    name: book.ids.map((id, i) => names[id] ?? book.name[i] ?? null),
    accountManager: book.ids.map((id, i) => managers[id] ?? book.accountManager[i] ?? null),
  };
}

describe("beyond sections of the rich book", () => {
  const b = beyondOf();
  const book = richBook;
  const fragment = beyondSections(b);

  it("leads with links to each section, and has every section once", () => {
    expect(fragment.startsWith('<nav class="sections"')).toBe(true);
    for (const id of ["potential", "profitability", "strategy", "coverage", "activities"]) {
      expect(fragment).toContain(`<a href="#${id}">`);
      expect(fragment.match(new RegExp(`<section id="${id}"`, "g"))).toHaveLength(1);
    }
  });

  it("counts potentials and fills the matrix with the customers and value of each cell", () => {
    const pot = section(fragment, "potential");
    const known = Array.from(book.potential).filter((p) => Number.isFinite(p) && p > 0);
    expect(text(pot)).toContain(
      `11 customers: ${known.length} with a potential (${money(known.reduce((a, x) => a + x, 0))} in total), 1 unknown`,
    );
    // cells worked out from the classes on value and on potential, by the core's ABC rule
    const potentialClass = classesOn(book.potential, book.ids);
    const rows = tableRows(pot, "potential", "matrix pmatrix");
    expect(rows[0]).toEqual(["value \\ potential", "A", "B", "C"]);
    const actions = [
      ["defend", "retain", "maintain"],
      ["grow", "strengthen", "secure"],
      ["develop", "qualify", "serveEfficiently"],
    ] as const;
    ["A", "B", "C"].forEach((vc, r) => {
      expect(rows[r + 1]?.[0]).toBe(vc);
      ["A", "B", "C"].forEach((pc, c) => {
        const members = book.ids.flatMap((_, i) =>
          book.abc[i] === vc && potentialClass[i] === pc ? [i] : [],
        );
        const value = members.reduce((a, i) => a + (book.value[i] ?? 0), 0);
        const label = POTENTIAL_ACTION_LABELS[actions[r]?.[c] ?? "defend"];
        const count = `${members.length} ${members.length === 1 ? "customer" : "customers"}`;
        expect(rows[r + 1]?.[c + 1]).toBe(`${label} ${count} ${money(value)}`);
      });
    });
    // by hand: K01 (52k, potential 60k) and K02 (31k, 90k) are A and A: defend, 83,000
    expect(rows[1]?.[1]).toBe("defend 2 customers 83,000.00");
  });

  it("lists the prospective customers, largest gap first, and the competitors", () => {
    const pot = section(fragment, "potential");
    const potentialClass = classesOn(book.potential, book.ids);
    const sow = (i: number) => Math.min(1, Math.max(0, book.revenue[i] ?? 0) / (book.potential[i] ?? 1));
    const gap = (i: number) => (book.potential[i] ?? 0) - Math.max(0, book.revenue[i] ?? 0);
    const prospective = book.ids
      .flatMap((_, i) => (potentialClass[i] === "A" && sow(i) < 0.5 ? [i] : []))
      .sort((x, y) => gap(y) - gap(x))
      .map((i) => book.ids[i]);
    expect(prospective).toEqual(["K04", "K02", "K07"]);
    expect(listIds(pot, "Prospective: high potential")).toEqual(prospective);
    const competitors = book.ids.filter((_, i) => book.abc[i] === "A" && sow(i) < 0.5);
    expect(listIds(pot, "Competitors: high value")).toEqual(competitors);
    // K04: revenue 9,000 of 70,000 potential
    expect(text(pot)).toContain("K04 Dogwood, Ltd B A 9,000.00 70,000.00 12.9% 61,000.00");
  });

  it("says how many customers the bubble chart leaves out and where the quadrant lines are", () => {
    const pot = text(section(fragment, "potential"));
    const drawn = book.ids.filter(
      (_, i) => (book.value[i] ?? 0) > 0 && Number.isFinite(book.potential[i] ?? Number.NaN),
    );
    expect(pot).toContain(`${drawn.length} customers are drawn; ${11 - drawn.length} customers are left out`);
    expect(pot).toContain("(2 with value 0 or less, 1 without potential)");
    expect(pot).toContain("potential 40,000.00, value 18,000.00");
  });

  it("crosses revenue classes with margin classes and lists the flagged customers with their reasons", () => {
    const prof = section(fragment, "profitability");
    const rev = classesOn(book.revenue, book.ids);
    const mar = classesOn(book.margin, book.ids);
    const rows = tableRows(prof, "profitability", "matrix cross");
    expect(rows[0]).toEqual(["revenue \\ margin", "A", "B", "C", "margin ≤ 0", "Total"]);
    const cell = (r: string | null, m: string | null) =>
      book.ids.filter((_, i) => rev[i] === r && mar[i] === m).length;
    const shown = (n: number) => (n === 0 ? "·" : String(n));
    [..."ABC", null].forEach((r, k) => {
      const counts = [..."ABC", null].map((m) => cell(r, m));
      expect(rows[k + 1]).toEqual([
        r ?? "revenue ≤ 0",
        ...counts.map(shown),
        String(counts.reduce((a, x) => a + x, 0)),
      ]);
    });
    // K01 bills 52,000 at a 1,500 margin (2.9% < the 5% floor); K06 is B with a loss
    expect(listIds(prof, "Flagged: big billing")).toEqual(["K01", "K06"]);
    expect(text(prof)).toContain(
      `K01 Alder & Sons A B 52,000.00 1,500.00 2.9% ${FLAG_REASON_LABELS.belowMarginFloor}`,
    );
  });

  it("explains the whale curve's peak and end in words", () => {
    const prof = text(section(fragment, "profitability"));
    // margins of customers with sales, most profitable first; the peak is the highest running sum
    const margins = book.ids
      .flatMap((_, i) =>
        (book.revenue[i] ?? 0) !== 0 || (book.margin[i] ?? 0) !== 0 ? [book.margin[i] ?? 0] : [],
      )
      .sort((x, y) => y - x);
    let run = 0;
    let peak = 0;
    let at = 0;
    margins.forEach((m, k) => {
      run += m;
      if (run > peak) [peak, at] = [run, k + 1];
    });
    expect([at, peak, run]).toEqual([8, 22_750, 22_330]);
    expect(prof).toContain(
      `the ${at} most profitable customers earn ${money(peak)} (${((peak / run) * 100).toFixed(1)}% of the total margin)`,
    );
    expect(prof).toContain(`The 2 loss-making customers then take ${money(peak - run)} of it back`);
    expect(prof).toContain(`down to the total margin of ${money(run)}`);
  });

  it("shows attention against income per class and the problem clients", () => {
    const prof = section(fragment, "profitability");
    const rows = tableRows(prof, "profitability", "classes");
    const hours = (label: string | null) =>
      book.ids.reduce((a, _, i) => a + (book.abc[i] === label ? (book.hours[i] ?? 0) : 0), 0);
    const total = Array.from(book.hours).reduce((a, x) => a + x, 0);
    expect(rows[1]?.slice(0, 4)).toEqual([
      "A",
      "3",
      hours("A").toFixed(1),
      `${((hours("A") / total) * 100).toFixed(1)}%`,
    ]);
    expect(rows.at(-1)?.[0]).toBe("not ranked");
    expect(text(prof)).toContain("VIP 3 · regular 6 · problem 1 · not profiled (prospects and suspects) 1");
    expect(listIds(prof, "Problem clients")).toEqual(["K08"]);
  });

  it("totals the categories, crosses tiers with classes, and gives the reasons of the differences", () => {
    const st = section(fragment, "strategy");
    const kol = book.ids.filter((_, i) => book.tags[i]?.includes("kol"));
    const kolValue = kol.reduce((a, id) => a + (book.value[book.ids.indexOf(id)] ?? 0), 0);
    expect(text(st)).toContain(
      `Opinion leader (KOL) reference others follow ${kol.length} ${money(kolValue)}`,
    );
    const tiers = tableRows(st, "strategy", "classes");
    expect(tiers[0]).toEqual(["Tier", "ABC A", "ABC B", "ABC C", "not ranked", "Customers", "Value"]);
    for (const t of b.strategy.tiers) {
      const row = tiers.find((r) => r[0] === t.label);
      const sum = [..."ABC", "not ranked"].reduce((a, c) => a + (t.byClass[c] ?? 0), 0);
      expect(Number(row?.[5])).toBe(sum);
    }
    expect(listIds(st, "Tier differs from the ABC class")).toEqual(["K04", "K07", "K10"]);
    expect(text(st)).toContain(
      'K07 Ginkgo "Quoted" C A 0.257 C by value, tier A: famous, potential 44% of the largest',
    );
    // at risk, largest value before first: K03 (25,000), K09 (2,000), K11 (500)
    expect(listIds(st, "At risk")).toEqual(["K03", "K09", "K11"]);
    expect(text(st)).toContain("K03 Cedar BV A A 25,000.00 18,000.00 value falling 28%");
  });

  it("plans contacts per class from the service levels and sets them against the activities", () => {
    const cov = section(fragment, "coverage");
    const rows = tableRows(cov, "coverage", "classes");
    expect(rows[0]).toEqual([
      "Class",
      "Customers",
      "% value",
      "Contacts plan / actual",
      "Hours plan / actual",
      "% time plan / actual",
      "Under-served",
      "Over-served",
    ]);
    const count = (c: string | null) => book.abc.filter((x) => x === c).length;
    const contacts = (c: string | null) =>
      book.ids.reduce((a, _, i) => a + (book.abc[i] === c ? (book.contacts[i] ?? 0) : 0), 0);
    // levels A 12 × 2 h, B 4 × 1.5 h, C 1 × 1 h over a one-year window
    expect(rows[1]?.slice(0, 5)).toEqual([
      "A",
      String(count("A")),
      "80.8%",
      `${(12 * count("A")).toFixed(1)} / ${contacts("A")}`,
      `${(24 * count("A")).toFixed(1)} / 34.0`,
    ]);
    expect(rows[2]?.[3]).toBe(`${(4 * count("B")).toFixed(1)} / ${contacts("B")}`);
    expect(listIds(cov, "Under-served")).toEqual(["K02", "K03", "K04", "K06"]);
    // K10 is a prospect: time on it is acquisition, never over-service
    expect(listIds(cov, "Over-served")).toEqual(["K08"]);
  });

  it("states the capacity in words: hours needed, hours available, people to spare", () => {
    const cov = text(section(fragment, "coverage"));
    const needed = 3 * 12 * 2 + 3 * 4 * 1.5 + 3 * 1 * 1 + 2 * 1 * 1;
    const managers = new Set(book.accountManager.filter((m) => m !== null)).size;
    expect(needed).toBe(95);
    expect(cov).toContain(`The service levels need ${needed} hours a year`);
    expect(cov).toContain(
      `The team has ${managers} reps (one per account manager in the customer list) with 3,300 hours`,
    );
    // 3,205 hours to spare are 2.9 people: 2 whole people could go
    expect(cov).toContain(
      `It has ${(managers * 1100 - needed).toLocaleString("en-US")} hours to spare: 2 people could be freed`,
    );
    expect(cov).toContain("Capacity: 2 people to spare");
    expect(cov).toContain("Anna 4 2 0 1 1 72,100.00 50 0.05 12 25.0 1 0");
  });

  it("shows what the activities file gave: used, outside the window, rejected with examples, unknown ids", () => {
    const act = section(fragment, "activities");
    const a = b.activities;
    expect(a).not.toBeNull();
    expect(a!.used + a!.beforeWindow + a!.afterAsOf + a!.rowsRejected).toBe(a!.rowsRead);
    const t = text(act);
    for (const [label, n] of [
      ["Lines read", a!.rowsRead],
      ["Used (in the window, with a customer)", a!.used],
      ["Before the window", a!.beforeWindow],
      ["After the as-of date", a!.afterAsOf],
      ["Rejected", a!.rowsRejected],
    ] as const)
      expect(t).toContain(`${label} ${n}`);
    expect(act).toContain("<strong>hours is negative</strong>: 2 lines");
    expect(act).toContain("line 7, column <code>hours</code>: <code>'-2'</code>");
    expect(t).toContain("1 3 activities, 4.5 hours: left out");
    expect(act).toContain("Customer ids not found: <code>X99</code>");
    expect(t).toContain("call 18 0.25 18");
  });

  it("embeds only charts whose container is in the sections", () => {
    const charts = beyondCharts(b);
    expect(Object.keys(charts).sort()).toEqual(Object.values(BEYOND_CHART_IDS).sort());
    for (const id of Object.keys(charts)) expect(fragment).toContain(`id="${id}"`);
  });
});

describe("beyond charts", () => {
  const b = beyondOf();
  const book = richBook;

  it("are plain data, and ECharts draws them", () => {
    for (const [id, o] of Object.entries(beyondCharts(b))) {
      expect(JSON.parse(JSON.stringify(o)), id).toEqual(o);
      expect(renderSvg(o, 900, 460)).toContain("<svg");
    }
  });

  it("bubbles: quadrant lines where potential class A and value class A end", () => {
    const o = plain(potentialBubbleOptions(b));
    const potentialClass = classesOn(book.potential, book.ids);
    const minOf = (xs: Float64Array, cls: (string | null)[]) =>
      Math.min(...Array.from(xs).filter((_, i) => cls[i] === "A"));
    const px = minOf(book.potential, potentialClass);
    const vy = minOf(book.value, classesOn(book.value, book.ids));
    expect([px, vy]).toEqual([40_000, 18_000]);
    const lines = o.series.find((s) => s.name === "class boundaries")?.markLine?.data ?? [];
    expect(lines.map((l) => l.xAxis ?? null)).toEqual([px, null]);
    expect(lines.map((l) => l.yAxis ?? null)).toEqual([null, vy]);
    expect(renderSvg(potentialBubbleOptions(b), 900, 460)).toContain("potential A from 40k");
  });

  it("bubbles: one series per action, one point per drawn customer at [potential, value]", () => {
    const o = plain(potentialBubbleOptions(b));
    const scatter = o.series.filter((s) => s.name !== "class boundaries");
    expect(scatter.map((s) => s.name)).toEqual([
      "defend",
      "retain",
      "grow",
      "strengthen",
      "secure",
      "develop",
      "serve efficiently",
    ]);
    const points = scatter.flatMap((s) => s.data as Array<{ value: [number, number]; symbolSize: number }>);
    expect(points).toHaveLength(8);
    const develop = scatter.find((s) => s.name === "develop")?.data as Array<{ value: [number, number] }>;
    expect(develop.map((d) => d.value)).toEqual([[40_000, 2_500]]); // K07
    // the spread here is below 100: linear axes from 0
    expect([o.xAxis.type, o.yAxis.type]).toEqual(["value", "value"]);
    const sizes = points.map((p) => p.symbolSize);
    expect(Math.max(...sizes)).toBe(42);
    expect(Math.min(...sizes)).toBeGreaterThanOrEqual(5);
  });

  it("bubbles: a big, spread book is capped at the largest customers on log axes, and the section says so", () => {
    const rows: BookRow[] = Array.from({ length: 2500 }, (_, k) => ({
      id: `B${String(k).padStart(4, "0")}`,
      // from 10 to 10 × 1.005^2499 ≈ 2.7M: the 2,000 largest spread over four orders of magnitude
      revenue: Math.round(10 * 1.005 ** k * 100) / 100,
      abc: null,
      potential: Math.round(30 * 1.005 ** k * 100) / 100,
    }));
    const values = Float64Array.from(rows, (r) => r.revenue);
    const abc = classesOn(
      values,
      rows.map((r) => r.id),
    );
    const big = makeBook(
      rows.map((r, i) => ({ ...r, abc: abc[i] ?? null })),
      { hasActivities: false },
    );
    const bb = beyondOf(big);
    const plan = bubblePlan(bb);
    expect(plan.plotted).toHaveLength(MAX_BUBBLES);
    expect(plan.cut).toBe(2500 - MAX_BUBBLES);
    expect(Math.min(...plan.plotted)).toBe(2500 - MAX_BUBBLES); // the largest customers are the last rows
    const o = plain(potentialBubbleOptions(bb));
    expect([o.xAxis.type, o.yAxis.type]).toEqual(["log", "log"]);
    expect(text(beyondSections(bb))).toContain(
      "and 500 smaller customers beyond the 2,000 largest by potential + value",
    );
    expect(axisScale([1, 99])).toBe("value");
    expect(axisScale([1, 100, 0, -5, Number.NaN])).toBe("log");
  });

  it("whale curve: ends at the total margin, with the peak marked where the core puts it", () => {
    const mf = b.profitability.margin;
    if (mf.kind !== "margin") throw new Error("the rich book has margins");
    const w = mf.whale;
    const total = book.ids.reduce((a, _, i) => a + (book.margin[i] ?? 0), 0);
    const o = plain(whaleChartOptions(w));
    const line = o.series[0];
    expect((line?.data as Array<[number, number]> | undefined)?.at(-1)).toEqual([w.order.length, total]);
    expect(line?.data[0]).toEqual([0, 0]);
    const peak = line?.markPoint?.data.find((p) => p.name === "peak");
    expect(peak?.coord).toEqual([w.peak.customers, w.peak.margin]);
    expect(line?.markPoint?.data.find((p) => p.name === "end")?.coord).toEqual([w.order.length, total]);
    expect(line?.markLine?.data).toEqual([{ name: "total margin", yAxis: total }]);
  });

  it("whale curve: a long curve is thinned but keeps its peak and its end", () => {
    const n = 5000;
    const margin = Float64Array.from({ length: n }, (_, k) => (k < 3000 ? 10 : -1));
    const ids = Array.from({ length: n }, (_, k) => `W${String(k).padStart(5, "0")}`);
    const rows: BookRow[] = ids.map((id, k) => ({ id, revenue: 100, margin: margin[k] ?? 0, abc: "A" }));
    const bb = beyondOf(makeBook(rows, { hasActivities: false }));
    if (bb.profitability.margin.kind !== "margin") throw new Error("margins given");
    const o = plain(whaleChartOptions(bb.profitability.margin.whale));
    const data = o.series[0]?.data as Array<[number, number]>;
    expect(data.length).toBeLessThanOrEqual(1002);
    expect(data).toContainEqual([3000, 30_000]);
    expect(data.at(-1)).toEqual([n, 30_000 - 2000]);
  });

  it("time against value: per class the value share beside the actual and planned time shares", () => {
    const o = plain(timeValueChartOptions(b.coverage));
    expect(o.xAxis.data).toEqual(["A", "B", "C", "unranked"]);
    const positive = Array.from(book.value).reduce((a, v) => a + Math.max(0, v), 0);
    const share = (c: string | null) =>
      Math.round(
        (book.ids.reduce((a, _, i) => a + (book.abc[i] === c ? Math.max(0, book.value[i] ?? 0) : 0), 0) /
          positive) *
          1000,
      ) / 10;
    expect(o.series.map((s) => s.name)).toEqual([
      "share of value",
      "share of actual time",
      "share of planned time",
    ]);
    expect(o.series[0]?.data).toEqual([share("A"), share("B"), share("C"), 0]);
    // planned hours 72, 18, 3, 2 of 95
    expect(o.series[2]?.data).toEqual([75.8, 18.9, 3.2, 2.1]);
    const without = plain(timeValueChartOptions(beyondOf(noActivitiesBook).coverage));
    expect(without.series.map((s) => s.name)).toEqual(["share of value", "share of planned time"]);
  });

  it("capacity: a gauge to 1.2 × the larger figure, pointer at the hours needed, green up to the hours available", () => {
    const o = plain(capacityChartOptions(b.coverage.capacity));
    const g = o.series[0];
    expect(g?.max).toBe(4000); // 3,300 × 1.2 = 3,960, rounded up
    expect((g?.data[0] as { value: number } | undefined)?.value).toBe(95);
    expect(g?.axisLine?.lineStyle.color).toEqual([
      [0.825, "#6a9f6a"],
      [1, "#b5473a"],
    ]);
    expect(o.title?.text).toBe("2 people to spare");
    expect([gaugeMax(3960), gaugeMax(114), gaugeMax(0), gaugeMax(1.2)]).toEqual([4000, 150, 1, 1.5]);
    const short = plain(
      capacityChartOptions({ ...b.coverage.capacity, gapHours: 1200, gapFte: 1.09, gapPeople: 2 }),
    );
    expect(short.title?.text).toBe("Short by 2 people");
  });
});

describe("beyond sections without potential, margin or activities", () => {
  it("says how to map a potential column and draws no bubbles", () => {
    const book = { ...richBook, potential: new Float64Array(richBook.ids.length).fill(Number.NaN) };
    const b = beyondOf(book);
    const f = beyondSections(b);
    const pot = section(f, "potential");
    expect(pot).toContain("no potential column was found in the customer list");
    expect(pot).toContain('<code class="opt">--customers-map potential=&lt;column&gt;</code>');
    expect(pot).not.toContain("<table");
    expect(f).not.toContain(BEYOND_CHART_IDS.bubbles);
    expect(Object.keys(beyondCharts(b))).not.toContain(BEYOND_CHART_IDS.bubbles);
  });

  it("shows the no-margin message instead of margin classes and the whale curve", () => {
    const b = beyondOf(noMarginBook);
    if (b.profitability.margin.kind !== "noMargin") throw new Error("no margin expected");
    const prof = section(beyondSections(b), "profitability");
    expect(prof).toContain(b.profitability.margin.message);
    expect(prof).not.toContain("Whale curve");
    expect(prof).not.toContain("matrix cross");
    expect(Object.keys(beyondCharts(b))).not.toContain(BEYOND_CHART_IDS.whale);
  });

  it("says actual attention is unknown without activities, and lists no one as under- or over-served", () => {
    const b = beyondOf(noActivitiesBook);
    const f = beyondSections(b);
    const cov = section(f, "coverage");
    expect(text(cov)).toContain("Actual contacts and hours are unknown: no activities file was given");
    expect(cov).toContain('<code class="opt">--activities FILE</code>');
    expect(cov).not.toContain("Under-served");
    expect(tableRows(cov, "coverage", "classes")[0]).toEqual([
      "Class",
      "Customers",
      "% value",
      "Contacts planned",
      "Hours planned",
      "% time planned",
    ]);
    expect(section(f, "profitability")).toContain(
      'no activities file was given (<code class="opt">--activities FILE</code>)',
    );
    expect(f).not.toContain('id="activities"');
    expect(f).not.toContain('href="#activities"');
  });
});

describe("groups section", () => {
  const g = groupsOf(richBook, "account_manager", richBook.accountManager);
  const f = groupsSection(g);

  it("has a row per group with its customers, value, share, classes and top customer", () => {
    const rows = tableRows(f, "groups", "groups");
    expect(rows[0]).toEqual([
      "account_manager",
      "Customers",
      "Ranked",
      "Value",
      "% value",
      "A",
      "B",
      "C",
      "Top customer",
    ]);
    const anna = richBook.ids.flatMap((_, i) => (richBook.accountManager[i] === "Anna" ? [i] : []));
    const annaValue = anna.reduce((a, i) => a + Math.max(0, richBook.value[i] ?? 0), 0);
    expect(anna.map((i) => richBook.ids[i])).toEqual(["K01", "K03", "K07", "K11"]);
    expect(rows[1]?.slice(0, 5)).toEqual(["Anna", "4", "3", money(annaValue), "58.0%"]);
    expect(rows[1]?.[8]).toBe(
      `K01 Alder & Sons ${money(52_000)}, ${((52_000 / annaValue) * 100).toFixed(1)}% of the group`,
    );
    expect(rows.at(-1)?.[0]).toBe("none");
    expect(rows).toHaveLength(1 + 4);
  });

  it("counts the customers whose class in their group differs from their class overall", () => {
    // each manager's book classified on its own: K04 and K06 (B overall) are A in Cor's, K08 (C) alone in none
    const inGroup = new Map<string, string | null>();
    for (const m of new Set(richBook.accountManager)) {
      const idx = richBook.ids.flatMap((_, i) => (richBook.accountManager[i] === m ? [i] : []));
      const cls = classesOn(
        Float64Array.from(idx, (i) => richBook.value[i] ?? 0),
        idx.map((i) => richBook.ids[i] ?? ""),
      );
      idx.forEach((i, k) => {
        inGroup.set(richBook.ids[i] ?? "", cls[k] ?? null);
      });
    }
    const differ = richBook.ids.filter((id, i) => inGroup.get(id) !== richBook.abc[i]);
    expect(differ).toEqual(["K04", "K06", "K08"]);
    expect(g.differ).toBe(differ.length);
    expect(text(f)).toContain(
      `${differ.length} customers have a different class within their group than in the whole book (of 11 customers in 4 groups)`,
    );
  });
});

describe("report.html with beyond and groups", () => {
  const s = fixtureSummary();
  const b = beyondOf();
  const g = groupsOf(richBook, "account_manager", richBook.accountManager);
  const page = buildHtmlReport(s, STUB_LIBRARY, { beyond: b, groups: g });

  it("opens with a table of contents linking every section with its heading; the plain report has none", () => {
    const nav = /<nav class="contents"[^>]*>(.*?)<\/nav>/.exec(page)?.[1] ?? "";
    const sectionIds = [...page.matchAll(/<section id="([a-z0-9-]+)"[^>]*>\s*<h2/g)].map((m) => m[1]);
    expect(sectionIds.length).toBeGreaterThan(8);
    expect([...nav.matchAll(/href="#([a-z0-9-]+)"/g)].map((m) => m[1])).toEqual(sectionIds);
    expect(nav).toContain(">Potential and share of wallet</a>");
    expect(buildHtmlReport(s, STUB_LIBRARY)).not.toContain('class="contents"');
  });

  it("puts groups after the ABC classes and the beyond sections after the analysis, before the warnings", () => {
    const at = (marker: string) => {
      const k = page.indexOf(marker);
      expect(k, marker).toBeGreaterThan(0);
      return k;
    };
    const order = [
      '<section id="abc">',
      '<section id="groups">',
      '<section id="top-customers">',
      '<nav class="sections"',
      '<section id="potential">',
      '<section id="profitability"',
      '<section id="strategy"',
      '<section id="coverage"',
      '<section id="activities">',
      '<section id="warnings">',
    ].map(at);
    expect(order).toEqual([...order].sort((x, y) => x - y));
    expect(page).toContain("nav.sections {");
  });

  it("embeds the beyond charts beside the analysis charts", () => {
    const charts = chartJson(page);
    expect(Object.keys(charts)).toEqual([
      "chart-pareto",
      "chart-pyramid",
      "chart-abc",
      ...Object.keys(beyondCharts(b)),
    ]);
    expect(charts).toEqual(JSON.parse(JSON.stringify({ ...charts, ...beyondCharts(b) })));
  });

  it("is unchanged when neither is given", () => {
    const before = buildHtmlReport(s, STUB_LIBRARY, { title: "T" });
    expect(before).not.toContain("nav.sections");
    expect(before).not.toContain('id="groups"');
    expect(buildHtmlReport(s, STUB_LIBRARY, { title: "T", beyond: undefined as never })).toBe(before);
  });

  it("escapes hostile names, managers, groups and file contents everywhere, charts included", () => {
    const hostileBook = renamed(
      richBook,
      { K01: "<script>alert(1)</script>", K02: '"><img src=x onerror=alert(2)>', K08: "</script><!--" },
      { K02: '"Bob" & <Co>' },
    );
    const hb = beyondOf(hostileBook);
    const acts = hb.activities;
    if (acts === null) throw new Error("activities expected");
    const hostileActs = {
      ...acts,
      file: "<i>visits</i>.csv",
      mapping: { customer_id: "<b>klant</b>" },
      rejects: [
        {
          reason: "<u>bad</u>",
          count: 1,
          examples: [{ line: 3, column: "<c>", value: "</script><script>alert(3)" }],
        },
      ],
      unmatchedSample: ["<img src=y onerror=alert(4)>"],
      reps: [{ rep: "<rep>", contacts: 1, hours: 1 }],
    };
    const hg = groupsOf(hostileBook, "<region>", hostileBook.accountManager);
    const p = buildHtmlReport(s, STUB_LIBRARY, { beyond: { ...hb, activities: hostileActs }, groups: hg });
    const body = p.slice(p.indexOf("<body>"));
    for (const raw of [
      "<script>alert",
      "<img src=",
      "<i>visits",
      "<b>klant",
      "<u>bad",
      "<c>",
      "<rep>",
      "<region>",
      "<Co>",
      "<!--",
    ])
      expect(body, raw).not.toContain(raw);
    expect(p.match(/<\/script>/g)).toHaveLength(3);
    expect(body).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(body).toContain("&quot;Bob&quot; &amp; &lt;Co&gt;");
    expect(body).toContain("<code>&lt;img src=y onerror=alert(4)&gt;</code>");
    // tooltips are HTML in ECharts: the names in them are escaped too
    const bubbles = JSON.stringify(chartJson(p)[BEYOND_CHART_IDS.bubbles]);
    expect(bubbles).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(bubbles).not.toContain("<script>");
    expect(bubbles).not.toContain("<img");
  });

  it(`cuts long lists at their limits and says how many more there are`, () => {
    expect(BEYOND_LIST_ROWS.prospective).toBe(20);
    const rows: BookRow[] = Array.from({ length: 60 }, (_, k) => ({
      id: `P${String(k).padStart(2, "0")}`,
      revenue: 10,
      abc: "A",
      potential: 10_000 - k,
    }));
    const f = beyondSections(beyondOf(makeBook(rows, { hasActivities: false })));
    const ids = listIds(f, "Prospective: high potential");
    expect(ids).toHaveLength(20);
    expect(text(f)).toContain("Prospective: high potential, low share of wallet (");
    expect(f).toContain("… and ");
  });
});

const chromium = findChromium();

// Skipped only on a machine without Chromium outside CI; CI installs it (.ci/run), so there it must run.
describe.skipIf(chromium === undefined && !process.env.CI)(
  chromium === undefined
    ? "beyond sections in Chromium (offline) — SKIPPED: no chromium on PATH (apt-get install chromium)"
    : "beyond sections in Chromium (offline)",
  () => {
    it("draws the bubbles, the whale curve, time against value and the capacity gauge from the file alone", async () => {
      const dir = await mkdtemp(join(tmpdir(), "strata-beyond-"));
      try {
        const file = join(dir, "report.html");
        const b: Beyond = beyondOf();
        const groups = groupsOf(richBook, "account_manager", richBook.accountManager);
        await writeFile(file, await renderHtmlReport(fixtureSummary(), { beyond: b, groups }));
        const dom = await dumpDom(chromium ?? "chromium", file, join(dir, "profile"));
        for (const id of ["chart-pareto", ...Object.values(BEYOND_CHART_IDS)]) {
          expect(dom).toMatch(new RegExp(`id="${id}"[^>]*>\\s*<div[^>]*>\\s*<svg`));
        }
        for (const label of [
          ">potential A from 40k<",
          ">value A from 18k<",
          ">peak: 8 customers<",
          ">share of actual time<",
          ">2 people to spare<",
          ">95 h needed<",
        ])
          expect(dom).toContain(label);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
