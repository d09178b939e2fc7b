import type { Beyond, Groups } from "../core/beyond.js";
import type { Migration } from "../core/migration-types.js";
import type { Summary } from "../core/summary.js";
import type { Trend } from "../core/trend.js";
import { BEYOND_CSS, beyondCharts, beyondSections, groupsSection } from "./beyond-html.js";
import { abcChartOptions, paretoChartOptions, pyramidChartOptions } from "./charts.js";
import { loadEchartsSource } from "./echarts-source.js";
import { dataSection, headerSection } from "./html-data.js";
import {
  abcSection,
  concentrationBox,
  nonPositiveSection,
  paretoSection,
  pyramidSection,
  topCustomersSection,
  warningsSection,
} from "./html-sections.js";
import { REPORT_CSS } from "./html-style.js";
import { html, jsonForScript, rawHtml } from "./html-template.js";
import { migrationCharts, migrationSection } from "./migration-html.js";
import { trendCharts, trendSection } from "./trend-html.js";

/** Options of the HTML report. */
export interface HtmlReportOptions {
  /** Heading and window title; defaults to "Customer segmentation". */
  title?: string;
  /** When the report was made, as the caller wants it shown (the report never reads the clock). */
  generatedAt?: string;
  /** The previous window against the summary's window: adds the migration and action-list sections. */
  migration?: Migration;
  /** Rolling windows ending with the summary's window: adds the trend section. */
  trend?: Trend;
  /** Potential, profitability, strategy and coverage of the book: adds their sections after the ABC analysis. */
  beyond?: Beyond;
  /** ABC within the groups of `--by COLUMN`: adds a section after the ABC classes. */
  groups?: Groups;
}

/**
 * The HTML report as one self-contained file: inline CSS, the ECharts library inlined from the installed
 * package, chart options as JSON. It loads nothing from the network, so it opens offline and can be mailed.
 */
export async function renderHtmlReport(summary: Summary, opts: HtmlReportOptions = {}): Promise<string> {
  return buildHtmlReport(summary, await loadEchartsSource(), opts);
}

/** The HTML report around a given ECharts bundle text. Pure: the same inputs give the same bytes. */
export function buildHtmlReport(
  summary: Summary,
  echartsSource: string,
  opts: HtmlReportOptions = {},
): string {
  const title = opts.title ?? "Customer segmentation";
  const charts = {
    "chart-pareto": paretoChartOptions(summary),
    "chart-pyramid": pyramidChartOptions(summary),
    "chart-abc": abcChartOptions(summary),
    ...(opts.migration === undefined ? {} : migrationCharts(opts.migration)),
    ...(opts.trend === undefined ? {} : trendCharts(opts.trend)),
    ...(opts.beyond === undefined ? {} : beyondCharts(opts.beyond)),
  };
  // Each added part brings its own leading newline, so that a report without them keeps its bytes. The
  // fragments come escaped from their own `html` templates, hence rawHtml below.
  const long =
    opts.migration !== undefined ||
    opts.trend !== undefined ||
    opts.beyond !== undefined ||
    opts.groups !== undefined;
  const extraCss =
    (opts.beyond === undefined && opts.groups === undefined ? "" : BEYOND_CSS) + (long ? CONTENTS_CSS : "");
  const groups = opts.groups === undefined ? "" : `\n${groupsSection(opts.groups)}`;
  const beyond = opts.beyond === undefined ? "" : `\n${beyondSections(opts.beyond)}`;
  // The library is code we ship, not data, but `</script` inside it would still end the element early.
  const library = echartsSource.replace(/<\/script/gi, "<\\/script");
  const sections = html`${opts.migration === undefined ? "" : migrationSection(opts.migration)}
${opts.trend === undefined ? "" : trendSection(opts.trend)}
${dataSection(summary)}
${paretoSection(summary)}
${pyramidSection(summary)}
${abcSection(summary)}${rawHtml(groups)}
${topCustomersSection(summary)}
${nonPositiveSection(summary)}${rawHtml(beyond)}
${warningsSection(summary)}`;
  // A report with more than the analysis gets a table of contents; the plain report keeps its bytes.
  const contents = long ? `\n${contentsNav(sections.value)}` : "";
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title}: ${summary.data.file}</title>
<style>${rawHtml(REPORT_CSS + extraCss)}</style>
</head>
<body>
<main>
${headerSection(summary, title, opts.generatedAt)}${rawHtml(contents)}
${concentrationBox(summary)}
${sections}
<footer>Made with Strata ${summary.strata.version}${opts.generatedAt === undefined ? "" : ` on ${opts.generatedAt}`}.</footer>
</main>
<script type="application/json" id="strata-charts">${rawHtml(jsonForScript(charts))}</script>
<script>${rawHtml(library)}</script>
<script>${rawHtml(BOOT)}</script>
</body>
</html>
`;
  return page.value;
}

const CONTENTS_CSS = `
nav.contents { margin: 16px 0 8px; padding: 8px 12px; border-left: 3px solid var(--accent); font-size: 13px; line-height: 1.9; }
nav.contents a { color: var(--accent); text-decoration: none; white-space: nowrap; }
nav.contents a:hover { text-decoration: underline; }
`;

/**
 * Links to the report's top-level sections, read from the rendered sections themselves (each `<section
 * id>` with its `<h2>`), so that a section added later is listed without touching this. The headings are
 * already escaped; only their tags are dropped.
 */
function contentsNav(sectionsHtml: string): string {
  const links: string[] = [];
  for (const m of sectionsHtml.matchAll(/<section id="([a-z0-9-]+)"[^>]*>\s*<h2[^>]*>([\s\S]*?)<\/h2>/g)) {
    const text = (m[2] ?? "").replace(/<[^>]*>/g, "").trim();
    if (text !== "") links.push(`<a href="#${m[1]}">${text}</a>`);
  }
  return `<nav class="contents" aria-label="Contents">${links.join(" · ")}</nav>`;
}

/**
 * The page script that draws every chart whose container exists, from the options in the `strata-charts` JSON
 * block; SVG so that charts print sharply. Shared by the other self-contained reports.
 */
export const BOOT = `(function () {
  var options = JSON.parse(document.getElementById("strata-charts").textContent);
  var charts = [];
  Object.keys(options).forEach(function (id) {
    var el = document.getElementById(id);
    if (!el || typeof echarts === "undefined") return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(options[id]);
    charts.push(chart);
  });
  function resize() { charts.forEach(function (c) { c.resize(); }); }
  window.addEventListener("resize", resize);
  window.addEventListener("beforeprint", resize);
})();`;
