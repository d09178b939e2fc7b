import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { abcChartOptions, paretoChartOptions, pyramidChartOptions } from "../../src/report/charts.js";
import { buildHtmlReport, renderHtmlReport } from "../../src/report/html.js";
import { escapeHtml, html, jsonForScript } from "../../src/report/html-template.js";
import { dumpDom, findChromium } from "./chromium.js";
import { fixtureSummary } from "./fixture.js";

const STUB_LIBRARY = "window.echarts = undefined; /* stand-in for echarts.min.js */";

/** Ways a page can load something from elsewhere; none may appear outside the inlined library. */
const EXTERNAL = [
  /<script\b[^>]*\bsrc\s*=/i,
  /<link\b/i,
  /@import/i,
  /url\(\s*["']?\s*(https?:)?\/\//i,
  /\b(src|href|action|srcset|poster|data)\s*=\s*["']?\s*(https?:)?\/\//i,
  /<(iframe|img|object|embed|video|audio|source)\b/i,
];

/** The page without the body of the inlined library, whose code legitimately mentions URLs. */
function withoutLibrary(page: string, library: string): string {
  const at = page.indexOf(library);
  expect(at).toBeGreaterThan(0);
  return page.slice(0, at) + page.slice(at + library.length);
}

function chartJson(page: string): unknown {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "");
}

describe("html template", () => {
  it("escapes interpolated text but not nested fragments", () => {
    const name = `<b onclick="x">&'`;
    expect(html`<td>${name}</td>`.value).toBe("<td>&lt;b onclick=&quot;x&quot;&gt;&amp;&#39;</td>");
    expect(html`<tr>${[html`<td>${"<"}</td>`, null, undefined, false, 0]}</tr>`.value).toBe(
      "<tr><td>&lt;</td>0</tr>",
    );
    expect(escapeHtml("a & b")).toBe("a &amp; b");
  });

  it("serialises JSON that cannot close a script element", () => {
    const text = jsonForScript({ x: "</script><!-- & \u2028" });
    expect(text).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(text)).toEqual({ x: "</script><!-- & \u2028" });
  });
});

describe("buildHtmlReport", () => {
  const s = fixtureSummary();
  const page = buildHtmlReport(s, STUB_LIBRARY, { title: "Q4 <review>", generatedAt: "2024-05-01 10:00" });

  it("is one document with the library, the chart data and the boot script inline", () => {
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page.match(/<script\b/g)).toHaveLength(3);
    expect(page.match(/<\/script>/g)).toHaveLength(3);
    expect(page).toContain(STUB_LIBRARY);
    expect(page).toContain("<style>");
    expect(page).toContain("Content-Security-Policy");
  });

  it("loads nothing from elsewhere", () => {
    const rest = withoutLibrary(page, STUB_LIBRARY);
    for (const pattern of EXTERNAL) expect(rest).not.toMatch(pattern);
    expect(rest).not.toMatch(/https?:\/\//);
  });

  it("escapes every piece of user text", () => {
    expect(page).not.toContain("<script>alert");
    expect(page).toContain("Acme &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ltd");
    expect(page).toContain("Beta, Bros &amp; &quot;Sons&quot;");
    expect(page).toContain("<code>'&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;'</code>");
    expect(page).toContain("<title>Q4 &lt;review&gt;: sales.csv</title>");
  });

  it("shows the header, the concentration warning with the monopoly client, and the sections", () => {
    expect(page).toContain("2010-12-10 to 2011-12-09 (12 months), as of 2011-12-09 (latest invoice date)");
    expect(page).toContain("customers ranked by <strong>margin</strong> (default for this data)");
    expect(page).toMatch(
      /<section class="box risk" id="concentration-risk">\s*<h2>Dependency risk: one customer makes ≥ 20% of the margin<\/h2>/,
    );
    expect(page).toContain('<span class="tag">MONOPOLY</span>');
    for (const id of ["data", "pareto", "pyramid", "abc", "top-customers", "non-positive", "warnings"]) {
      expect(page).toContain(`<section id="${id}">`);
    }
    for (const chart of ["chart-pareto", "chart-pyramid", "chart-abc"])
      expect(page).toContain(`id="${chart}"`);
  });

  it("contains the data summary with rejects, the ABC, pyramid and top-customer tables", () => {
    expect(page).toContain("line 7, column <code>InvoiceDate</code>: <code>'31/02/2011'</code>");
    expect(page).toContain("<strong>bad date</strong>: 6 lines");
    expect(page).toMatch(
      /<table class="classes">[\s\S]*<td class="">\s*<strong>A<\/strong><\/td><td class="num">80%<\/td><td class="num">7<\/td><td class="num">58.3%<\/td><td class="num">850.00<\/td><td class="num">85.0%<\/td>/,
    );
    expect(page).toMatch(
      /<tfoot><tr><td class="">Total<\/td><td class="num"><\/td><td class="num">12<\/td><td class="num">100.0%<\/td><td class="num">1,000.00<\/td>/,
    );
    expect(page).toMatch(
      /<table class="layers">[\s\S]*Value ≤ 0<\/td><td class="num">2<\/td><td class="num"><\/td><td class="num">10.0%<\/td><td class="num">-25.50<\/td>/,
    );
    expect(page).toMatch(/<td class="num">10<\/td><td class="id">C10<\/td><td class="name">Kappa<\/td>/);
    expect(page).toContain("<h2>Top 10 customers by margin</h2>");
    expect(page).toContain(
      '<td class="id">C13</td><td class="name">Nu returns</td><td class="num">-25.50</td>',
    );
    expect(page).toContain("<li>Only 12 active customers: one customer moves the shares a lot.</li>");
  });

  it("embeds the chart options as JSON that survives hostile labels", () => {
    const hostile = fixtureSummary();
    hostile.pyramid.layers[0]!.label = "</script><script>alert(1)</script>";
    hostile.abc.classes[0]!.label = "<!--";
    const p = buildHtmlReport(hostile, STUB_LIBRARY);
    expect(p.match(/<\/script>/g)).toHaveLength(3);
    expect(chartJson(p)).toEqual(
      JSON.parse(
        JSON.stringify({
          "chart-pareto": paretoChartOptions(hostile),
          "chart-pyramid": pyramidChartOptions(hostile),
          "chart-abc": abcChartOptions(hostile),
        }),
      ),
    );
  });

  it("says when there is no key client, and leaves out empty sections", () => {
    const calm = fixtureSummary();
    calm.concentration.keyClients = [];
    calm.concentration.monopolyClients = [];
    calm.nonPositive = { customers: 0, value: 0, list: [] };
    calm.warnings = [];
    calm.customerList = null;
    const p = buildHtmlReport(calm, STUB_LIBRARY);
    expect(p).toContain('<section class="box ok" id="concentration-risk"><h2>No key clients</h2>');
    expect(p).not.toContain('id="non-positive"');
    expect(p).not.toContain('id="warnings"');
    expect(p).not.toContain("Customer list");
    expect(p).not.toContain("Generated");
  });

  it("is the same for the same input", () => {
    expect(buildHtmlReport(s, STUB_LIBRARY, { generatedAt: "x" })).toBe(
      buildHtmlReport(s, STUB_LIBRARY, { generatedAt: "x" }),
    );
  });
});

describe("renderHtmlReport", () => {
  it("inlines the installed ECharts bundle and still loads nothing from elsewhere", async () => {
    const page = await renderHtmlReport(fixtureSummary());
    expect(page.length).toBeGreaterThan(500_000);
    expect(page).toMatch(/echarts/);
    expect(page.match(/<script\b/gi)).toHaveLength(3);
    expect(page.match(/<\/script/gi)).toHaveLength(3);
    const library = /<script>([\s\S]*?)<\/script>/.exec(page.slice(page.indexOf("</script>") + 9))?.[1] ?? "";
    expect(library.length).toBeGreaterThan(500_000);
    const rest = withoutLibrary(page, library);
    for (const pattern of EXTERNAL) expect(rest).not.toMatch(pattern);
  });
});

const chromium = findChromium();

// Skipped only on a machine without Chromium outside CI; CI installs it (.ci/run), so there it must run.
describe.skipIf(chromium === undefined && !process.env.CI)(
  chromium === undefined
    ? "in Chromium (offline) — SKIPPED: no chromium on PATH (apt-get install chromium)"
    : "in Chromium (offline)",
  () => {
    it("draws the three charts as SVG from the file alone", async () => {
      const dir = await mkdtemp(join(tmpdir(), "strata-html-"));
      try {
        const file = join(dir, "report.html");
        await writeFile(file, await renderHtmlReport(fixtureSummary()));
        const stdout = await dumpDom(chromium ?? "chromium", file, join(dir, "profile"));
        for (const id of ["chart-pareto", "chart-pyramid", "chart-abc"]) {
          expect(stdout).toMatch(new RegExp(`id="${id}"[^>]*>\\s*<div[^>]*>\\s*<svg`));
        }
        expect(stdout).toContain("Top: 1 · 30.0% of value");
        expect(stdout).toContain("30.0% of value");
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
