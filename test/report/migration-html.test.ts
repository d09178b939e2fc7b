import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ClassifiedCustomers } from "../../src/core/migration-types.js";
import { buildHtmlReport, renderHtmlReport } from "../../src/report/html.js";
import { MAX_ACTION_ROWS } from "../../src/report/migration-actions-html.js";
import { migrationHeatmapOptions, migrationSankeyOptions } from "../../src/report/migration-charts.js";
import { matrixTable, migrationSection } from "../../src/report/migration-html.js";
import { trendChartOptions } from "../../src/report/trend-charts.js";
import { current2011, previous2010 } from "../fixtures/migration/customers.js";
import { dumpDom, findChromium } from "./chromium.js";
import { fixtureSummary } from "./fixture.js";
import { fixtureMigration, fixtureTrend } from "./migration-fixture.js";

const STUB_LIBRARY = "window.echarts = undefined; /* stand-in for echarts.min.js */";

function chartJson(page: string): Record<string, unknown> {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "") as Record<string, unknown>;
}

/** The cells of the first table of a class in a page, as text per row (tags stripped). */
function tableRows(page: string, className: string): string[][] {
  const table = new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`).exec(page)?.[1] ?? "";
  return [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((r) =>
    [...(r[1] ?? "").matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
      (c[1] ?? "")
        .replace(/<[^>]+>/g, " ")
        .replace(/\s+/g, " ")
        .trim(),
    ),
  );
}

/** A copy of a window's customers with one name and one account manager replaced. */
function renamed(
  c: ClassifiedCustomers,
  id: string,
  name: string,
  manager: string | null,
): ClassifiedCustomers {
  const k = c.ids.indexOf(id);
  return {
    ...c,
    name: (c.name ?? []).map((n, i) => (i === k ? name : n)),
    accountManager: (c.accountManager ?? []).map((a, i) => (i === k ? manager : a)),
  };
}

describe("report.html with a migration and a trend", () => {
  const s = fixtureSummary();
  const m = fixtureMigration();
  const trend = fixtureTrend();
  const page = buildHtmlReport(s, STUB_LIBRARY, { migration: m, trend });

  it("adds the migration, action-list and trend sections and keeps the analysis sections", () => {
    for (const id of [
      "migration",
      "migration-abc",
      "migration-pyramid",
      "migration-actions",
      "trend",
      "data",
      "pareto",
      "pyramid",
      "abc",
      "top-customers",
    ]) {
      expect(page).toMatch(new RegExp(`<section id="${id}"`));
    }
    expect(page).toContain("<h2>Migration by revenue: before → now</h2>");
    expect(page).toContain("Before: 2010-01-01 to 2010-12-31; now: 2011-01-01 to 2011-12-31");
    expect(page.match(/<script\b/g)).toHaveLength(3);
  });

  it("closes every element it opens", () => {
    const body = page.slice(page.indexOf("<body>"), page.indexOf('<script type="application/json"'));
    for (const tag of ["div", "section", "table", "tr", "h2", "h3", "p"]) {
      const opened = body.match(new RegExp(`<${tag}[\\s>]`, "g"))?.length ?? 0;
      const closed = body.match(new RegExp(`</${tag}>`, "g"))?.length ?? 0;
      expect(closed, tag).toBe(opened);
    }
  });

  it("embeds the heat-map, Sankey and trend options under the ids of their containers", () => {
    const charts = chartJson(page);
    const expected = {
      "chart-migration-abc-matrix": migrationHeatmapOptions(m.abc),
      "chart-migration-abc-flow": migrationSankeyOptions(m.abc, m),
      "chart-migration-pyramid-matrix": migrationHeatmapOptions(m.pyramid),
      "chart-migration-pyramid-flow": migrationSankeyOptions(m.pyramid, m),
      "chart-trend": trendChartOptions(trend),
    };
    for (const [id, options] of Object.entries(expected)) {
      expect(page).toContain(`<div id="${id}" class="chart`);
      expect(charts[id]).toEqual(JSON.parse(JSON.stringify(options)));
    }
    expect(Object.keys(charts)).toHaveLength(8);
  });

  it("leaves the sections out when not given", () => {
    const plain = buildHtmlReport(s, STUB_LIBRARY);
    for (const id of ["migration", "migration-abc", "migration-actions", "trend"])
      expect(plain).not.toContain(`id="${id}"`);
    expect(Object.keys(chartJson(plain))).toEqual(["chart-pareto", "chart-pyramid", "chart-abc"]);
    const onlyTrend = buildHtmlReport(s, STUB_LIBRARY, { trend });
    expect(onlyTrend).toContain('<section id="trend">');
    expect(onlyTrend).not.toContain('id="migration"');
  });

  it("shows the churn figures worked out by hand", () => {
    const facts = tableRows(page.slice(page.indexOf('<section id="migration">')), "facts");
    expect(facts).toEqual([
      ["Active before / now", "10 / 10", ""],
      ["Retained", "7", "bought in both windows"],
      ["New", "3", "did not buy before; 1 of them had bought earlier (back)"],
      ["Lost", "3", "bought before, not now"],
      ["Total revenue before / now", "985.00 / 995.00", "every customer active in the window"],
      ["Value lost with lost customers", "290.00", "their value before"],
      ["Value from new customers", "325.00", "their value now"],
      [
        "Net value retention",
        "68.0%",
        "value now of customers active in both / value before of all customers active before",
      ],
      [
        "Gross value retention",
        "50.3%",
        "as net, each customer&#39;s value now capped at their value before",
      ],
      ["Upgrades / downgrades (ABC)", "3 / 2", "retained customers who changed class"],
    ]);
  });

  it("holds the ABC matrix as a table with totals, the same figures as the heat-map", () => {
    expect(tableRows(matrixTable(m.abc).value, "matrix")).toEqual([
      ["before \\ now", "A", "B", "C", "Value ≤ 0", "Lost", "Total"],
      ["A", "2 420.00", "·", "·", "·", "1 250.00", "3"],
      ["B", "1 150.00", "·", "1 30.00", "·", "1 30.00", "3"],
      ["C", "·", "1 60.00", "·", "1 -5.00", "1 10.00", "3"],
      ["Value ≤ 0", "·", "·", "1 15.00", "·", "·", "1"],
      ["New", "1 250.00", "1 70.00", "1 5.00", "·", "·", "3"],
      ["Total", "4", "2", "3", "1", "3", "13"],
    ]);
    // The pyramid's Big layer has no customer in either window but keeps its row and column.
    const pyramid = tableRows(matrixTable(m.pyramid).value, "matrix");
    expect(pyramid[0]).toEqual([
      "before \\ now",
      "Top",
      "Big",
      "Medium",
      "Small",
      "Value ≤ 0",
      "Lost",
      "Total",
    ]);
    expect(pyramid[2]).toEqual(["Big", "·", "·", "·", "·", "·", "·", "0"]);
    expect(pyramid.at(-1)).toEqual(["Total", "1", "0", "1", "7", "1", "3", "13"]);
  });

  it("lists who to call, with the account manager, in the order of the core", () => {
    const section = page.slice(page.indexOf('<section id="migration-actions"'));
    expect(section).toContain('<h3>B customers that fell to C <span class="count">1</span></h3>');
    expect(section).toContain(
      '<h3>Win back: inactive customers by past value <span class="count">4</span></h3>',
    );
    const rows = tableRows(section.slice(section.indexOf('id="actions-winBack"')), "actions");
    expect(rows).toEqual([
      [
        "Customer",
        "Name",
        "Account manager",
        "Before",
        "Now",
        "Value before",
        "Value now",
        "Change",
        "Last purchase",
      ],
      ["c02", "Brouwer", "Anna", "A", "Lost", "250.00", "0.00", "-100.0%", "2010-11-15"],
      ["c06", "Fokker", "Bert", "B", "Lost", "30.00", "0.00", "-100.0%", "2010-06-30"],
      ["c15", "Delta BV", "Cor", "C", "Lost", "10.00", "0.00", "-100.0%", ""],
      ["c12", "Lips", "Cor", "Inactive", "Inactive", "0.00", "0.00", "", "2009-05-05"],
    ]);
    const fresh = tableRows(section.slice(section.indexOf('id="actions-newInAB"')), "actions");
    expect(fresh.slice(1).map((r) => r.slice(0, 5))).toEqual([
      ["c11", "Kuipers", "Cor", "New", "A"],
      ["c10", "Jumbo", "Bert", "Inactive", "B"],
    ]);
  });

  it("says None for an empty list, drops the manager column without managers, and counts what it cuts", () => {
    const noManagers = (c: ClassifiedCustomers): ClassifiedCustomers => ({
      ...c,
      accountManager: c.ids.map(() => null),
    });
    const bare = fixtureMigration({ previous: noManagers(previous2010), current: noManagers(current2011) });
    const html = migrationSection(bare).value;
    expect(html).not.toContain("Account manager");
    expect(html).toContain('<th class="name">Name</th><th class="">Before</th>');
    const cut = migrationSection(fixtureMigration({ listLimit: 1 })).value;
    expect(cut).toContain("… and 3 more: migration.json lists the first 1, migration.csv every customer");
    // Without actionTotals (optional in the type) the count is the list's length.
    const { actionTotals: _totals, ...rest } = m;
    const withoutTotals = { ...rest, actions: { ...m.actions, slidingBToC: [] } };
    expect(migrationSection(withoutTotals).value).toMatch(
      /id="actions-slidingBToC">\s*<h3>B customers that fell to C <span class="count">0<\/span><\/h3>\s*<p class="muted">[^<]*<\/p>\s*<p class="none">None.<\/p>/,
    );
  });

  it(`shows at most ${MAX_ACTION_ROWS} customers per list`, () => {
    const many = Array.from({ length: MAX_ACTION_ROWS + 5 }, (_, k) => ({
      ...(m.actions.winBack[0] ?? m.actions.lostFromAB[0]!),
      customerId: `w${String(k).padStart(3, "0")}`,
    }));
    const big = {
      ...m,
      actions: { ...m.actions, winBack: many },
      actionTotals: { ...m.actionTotals!, winBack: 60 },
    };
    const html = migrationSection(big).value;
    const rows = tableRows(html.slice(html.indexOf('id="actions-winBack"')), "actions");
    expect(rows).toHaveLength(1 + MAX_ACTION_ROWS);
    expect(html).toContain(`… and ${60 - MAX_ACTION_ROWS} more: migration.json lists the first 25,`);
  });

  it("escapes customer names and managers in the lists and the chart labels", () => {
    const hostile = fixtureMigration({
      current: renamed(current2011, "c04", "<img src=x onerror=alert(1)>", '"Bob" & <Co>'),
    });
    const p = buildHtmlReport(s, STUB_LIBRARY, { migration: hostile });
    expect(p).not.toContain("<img src=x");
    expect(p).toContain("&lt;img src=x onerror=alert(1)&gt;");
    expect(p).toContain("&quot;Bob&quot; &amp; &lt;Co&gt;");
    expect(p.match(/<\/script>/g)).toHaveLength(3);
  });

  it("is the same for the same input", async () => {
    expect(buildHtmlReport(s, STUB_LIBRARY, { migration: m, trend })).toBe(page);
    await expect(migrationSection(m).value).toMatchFileSnapshot("__snapshots__/migration-section.html.snap");
  });
});

const chromium = findChromium();

// Skipped only on a machine without Chromium outside CI; CI installs it (.ci/run), so there it must run.
describe.skipIf(chromium === undefined && !process.env.CI)(
  chromium === undefined
    ? "migration and trend in Chromium (offline) — SKIPPED: no chromium on PATH (apt-get install chromium)"
    : "migration and trend in Chromium (offline)",
  () => {
    it("draws the heat-maps, the Sankey flows and the trend as SVG from the file alone", async () => {
      const dir = await mkdtemp(join(tmpdir(), "strata-html-"));
      try {
        const file = join(dir, "report.html");
        await writeFile(
          file,
          await renderHtmlReport(fixtureSummary(), { migration: fixtureMigration(), trend: fixtureTrend() }),
        );
        const dom = await dumpDom(chromium ?? "chromium", file, join(dir, "profile"));
        for (const id of [
          "chart-pareto",
          "chart-migration-abc-matrix",
          "chart-migration-abc-flow",
          "chart-migration-pyramid-matrix",
          "chart-migration-pyramid-flow",
          "chart-trend",
        ]) {
          expect(dom).toMatch(new RegExp(`id="${id}"[^>]*>\\s*<div[^>]*>\\s*<svg`));
        }
        // Sankey node labels (A: 3 before, A: 4 now), a heat-map cell's value, the trend's legend.
        for (const text of [">A: 3<", ">A: 4<", ">Lost: 3<", ">420<", ">Class A<", ">Gini<"])
          expect(dom).toContain(text);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
