/**
 * The migration section of report.html: churn figures, then per dimension (ABC classes, pyramid layers) the
 * matrix as a heat-map beside the same matrix as a Sankey flow, with an HTML table of it for printing and
 * screen readers, then the action lists.
 */
import type { EChartsOption } from "echarts";
import {
  MIGRATION_DIMENSIONS,
  type Migration,
  type MigrationDimension,
  type MigrationMatrix,
} from "../core/migration-types.js";
import { formatCount, formatMoney, formatPercent } from "./format.js";
import { factsTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";
import { actionListsSection } from "./migration-actions-html.js";
import {
  cellValue,
  heatColor,
  heatInk,
  heatLevel,
  maxCell,
  migrationHeatmapOptions,
  migrationSankeyOptions,
} from "./migration-charts.js";
import { classLabel, DIMENSION_TITLES } from "./migration-labels.js";

/** The ids of a dimension's two chart containers. */
export function migrationChartIds(dimension: MigrationDimension): { matrix: string; flow: string } {
  return { matrix: `chart-migration-${dimension}-matrix`, flow: `chart-migration-${dimension}-flow` };
}

/** The options of the migration charts by container id: heat-map and Sankey for both dimensions. */
export function migrationCharts(m: Migration): Record<string, EChartsOption> {
  const out: Record<string, EChartsOption> = {};
  for (const d of MIGRATION_DIMENSIONS) {
    const ids = migrationChartIds(d);
    out[ids.matrix] = migrationHeatmapOptions(m[d]);
    out[ids.flow] = migrationSankeyOptions(m[d], m);
  }
  return out;
}

function kpi(label: string, figure: string, note: string): SafeHtml {
  return html`<div class="kpi"><div class="label">${label}</div><div class="figure">${figure}</div><div class="note">${note}</div></div>`;
}

/** Churn and value retention between the two windows. */
export function churnBox(m: Migration): SafeHtml {
  const c = m.churn;
  const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
  return html`<div class="kpis">
${kpi("Retained", formatCount(c.retained), `of ${plural(c.previousActive, "customer", "customers")} before`)}
${kpi("New", formatCount(c.new), `${formatCount(c.back)} of them back from inactive`)}
${kpi("Lost", formatCount(c.lost), `${formatMoney(c.lostValue)} of ${m.measure} before`)}
${kpi("Net value retention", formatPercent(c.netValueRetention), "retained customers now / all before")}
${kpi("Gross value retention", formatPercent(c.grossValueRetention), "the same, no customer above before")}
</div>
${factsTable([
  ["Active before / now", `${formatCount(c.previousActive)} / ${formatCount(c.currentActive)}`],
  ["Retained", formatCount(c.retained), "bought in both windows"],
  ["New", formatCount(c.new), `did not buy before; ${formatCount(c.back)} of them had bought earlier (back)`],
  ["Lost", formatCount(c.lost), "bought before, not now"],
  ...(c.previousValue === undefined || c.currentValue === undefined
    ? []
    : [
        [
          `Total ${m.measure} before / now`,
          `${formatMoney(c.previousValue)} / ${formatMoney(c.currentValue)}`,
          "every customer active in the window",
        ] as const,
      ]),
  ["Value lost with lost customers", formatMoney(c.lostValue), "their value before"],
  ["Value from new customers", formatMoney(c.newValue), "their value now"],
  [
    "Net value retention",
    formatPercent(c.netValueRetention),
    "value now of customers active in both / value before of all customers active before",
  ],
  [
    "Gross value retention",
    formatPercent(c.grossValueRetention),
    "as net, each customer's value now capped at their value before",
  ],
  [
    "Upgrades / downgrades (ABC)",
    `${formatCount(c.upgrades)} / ${formatCount(c.downgrades)}`,
    "retained customers who changed class",
  ],
])}`;
}

/** The matrix as a table with totals: customers per cell, their value underneath, shaded like the heat-map. */
export function matrixTable(m: MigrationMatrix): SafeHtml {
  const max = maxCell(m);
  const cell = (r: string, k: string) => m.cells.find((c) => c.from === r && c.to === k);
  const rowTotal = (r: string) => m.cells.reduce((a, c) => a + (c.from === r ? c.customers : 0), 0);
  const colTotal = (k: string) => m.cells.reduce((a, c) => a + (c.to === k ? c.customers : 0), 0);
  const total = m.cells.reduce((a, c) => a + c.customers, 0);
  return html`<div class="scroll"><table class="matrix">
<caption>Customers from each class before (rows) to each class now (columns); under the count, their value now (for Lost: their value before).</caption>
<thead><tr><th scope="col">before \\ now</th>${m.columns.map((k) => html`<th scope="col" class="num">${classLabel(k)}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
<tbody>${m.rows.map(
    (r) =>
      html`<tr><th scope="row">${classLabel(r)}</th>${m.columns.map((k) => {
        const c = cell(r, k);
        if (c === undefined || c.customers === 0) return html`<td class="num empty">·</td>`;
        const level = heatLevel(c.customers, max);
        return html`<td class="num" style="background:${heatColor(level)};color:${heatInk(level)}">${formatCount(c.customers)}<span class="v">${formatMoney(cellValue(c))}</span></td>`;
      })}<td class="num">${formatCount(rowTotal(r))}</td></tr>\n`,
  )}</tbody>
<tfoot><tr><td class="label">Total</td>${m.columns.map((k) => html`<td class="num">${formatCount(colTotal(k))}</td>`)}<td class="num">${formatCount(total)}</td></tr></tfoot>
</table></div>`;
}

function dimensionSection(m: Migration, d: MigrationDimension): SafeHtml {
  const ids = migrationChartIds(d);
  return html`<section id="migration-${d}">
<h2>${DIMENSION_TITLES[d]}: before → now</h2>
<div class="two even"><div id="${ids.matrix}" class="chart matrix" role="img" aria-label="${DIMENSION_TITLES[d]}: migration matrix as a heat-map; the table below holds the same figures"></div><div id="${ids.flow}" class="chart matrix" role="img" aria-label="${DIMENSION_TITLES[d]}: customers flowing from before to now"></div></div>
${matrixTable(m[d])}
</section>`;
}

/** The whole migration part of the report: churn box, both dimensions, action lists. */
export function migrationSection(m: Migration): SafeHtml {
  return html`<section id="migration">
<h2>Migration by ${m.measure}: before → now</h2>
<p class="muted">Before: ${m.previous.firstDay} to ${m.previous.lastDay}; now: ${m.current.firstDay} to ${m.current.lastDay}; both windows classified with the same policy. Rows are the class before (New: did not buy then, including customers back from inactive), columns the class now (Lost: did not buy now).</p>
${churnBox(m)}
</section>
${MIGRATION_DIMENSIONS.map((d) => dimensionSection(m, d))}
${actionListsSection(m)}`;
}
