import type { EChartsOption } from "echarts";
import type { Trend, TrendPoint } from "../core/trend.js";
import { formatCount, formatFixed, formatMoney, formatPercent } from "./format.js";
import { type Column, htmlTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";
import { trendChartOptions } from "./trend-charts.js";

/** The id of the trend chart's container. */
export const TREND_CHART_ID = "chart-trend";

/** The options of the trend chart by container id. */
export function trendCharts(trend: Trend): Record<string, EChartsOption> {
  return { [TREND_CHART_ID]: trendChartOptions(trend) };
}

/** The trend over rolling windows: chart and table, oldest window first. */
export function trendSection(trend: Trend): SafeHtml {
  const points = trend.points;
  const first = points[0];
  const last = points.at(-1);
  const labels = first?.classes.map((c) => c.label) ?? [];
  const cols: Column<TrendPoint>[] = [
    { header: "Window", className: "nowrap", cell: (p) => `${p.firstDay} … ${p.lastDay}` },
    { header: "Active", num: true, cell: (p) => formatCount(p.activeCustomers) },
    { header: `Total ${trend.measure}`, num: true, cell: (p) => formatMoney(p.totalValue) },
    ...labels.map(
      (l): Column<TrendPoint> => ({
        header: `${l} customers`,
        num: true,
        cell: (p) => formatCount(p.classes.find((c) => c.label === l)?.customers ?? 0),
      }),
    ),
    {
      header: "For 80%",
      num: true,
      cell: (p) => `${formatCount(p.customersFor80)} (${formatPercent(p.customersFor80Share)})`,
    },
    { header: "Gini", num: true, cell: (p) => formatFixed(p.gini, 3) },
  ];
  return html`<section id="trend">
<h2>Trend by ${trend.measure}: ${formatCount(points.length)} rolling ${points.length === 1 ? "window" : "windows"}</h2>
${
  first === undefined || last === undefined
    ? html`<p class="muted">No window.</p>`
    : html`<p class="muted">Windows of the same length, from ${first.firstDay} … ${first.lastDay} to ${last.firstDay} … ${last.lastDay}, each classified with the same policy. Above: customers per ABC class, the customers that make 80% of the value, and the Gini coefficient (right axis); below: the total ${trend.measure}.</p>
<div id="${TREND_CHART_ID}" class="chart tall" role="img" aria-label="Trend chart; the table below holds the same figures"></div>
${htmlTable("trend", cols, points)}`
}
</section>`;
}
