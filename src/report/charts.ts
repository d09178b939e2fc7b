import type { BarSeriesOption, EChartsOption } from "echarts";
import { ACTIVE_LAYERS, type PyramidLayer } from "../core/pyramid.js";
import type { Summary } from "../core/summary.js";
import { formatCount, formatMoney, formatPercent, roundTo } from "./format.js";

/** Colours per pyramid layer: blues from dark (Top) to light (Small), muted tones below the pyramid. */
export const PYRAMID_COLORS: Record<PyramidLayer, string> = {
  Top: "#17324d",
  Big: "#2b5783",
  Medium: "#4a83b7",
  Small: "#93bbe0",
  NonPositive: "#b5473a",
  Inactive: "#8c8c8c",
  Prospect: "#d9a03f",
  Suspect: "#d8cba4",
};

/** Series colours shared by the charts: customers in grey, value in the report's blue. */
export const CHART_COLORS = { value: "#2b5783", customers: "#a9b4c0", reference: "#9aa5b1", mark: "#b5473a" };

/** The report's font stack, for every chart. */
export const CHART_FONT = {
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif",
};

/** Percent with 2 decimals as a plain number: enough for a chart, and stable in snapshots. */
function pct(share: number): number {
  return roundTo(share * 100, 2);
}

/**
 * Pareto (Lorenz) curve: x = % of active customers ranked by value, y = cumulative % of value, with the
 * diagonal of equal shares and the point where 80% of the value is reached marked.
 */
export function paretoChartOptions(summary: Summary): EChartsOption {
  const c = summary.concentration;
  const x80 = pct(c.customersFor80Share);
  const hasCustomers = c.activeCustomers > 0;
  const label80 = `80% of value from\n${formatCount(c.customersFor80)} ${c.customersFor80 === 1 ? "customer" : "customers"} (${formatPercent(c.customersFor80Share)})`;
  // The curve lies below 80% left of the point and above it to the right: put the label where it is free.
  const labelLeft = x80 > 50;
  return {
    animation: false,
    textStyle: CHART_FONT,
    grid: { left: 64, right: 32, top: 40, bottom: 56 },
    legend: { top: 0, data: ["Cumulative value", "Equal shares"] },
    tooltip: { trigger: "axis" },
    xAxis: {
      type: "value",
      min: 0,
      max: 100,
      name: "% of customers, ranked by value",
      nameLocation: "middle",
      nameGap: 32,
      axisLabel: { formatter: "{value}%" },
    },
    yAxis: {
      type: "value",
      min: 0,
      max: 100,
      name: "cumulative % of value",
      nameLocation: "middle",
      nameGap: 44,
      axisLabel: { formatter: "{value}%" },
    },
    series: [
      {
        type: "line",
        name: "Cumulative value",
        data: summary.curve.map(([x, y]) => [pct(x), pct(y)]),
        showSymbol: false,
        lineStyle: { width: 2.5, color: CHART_COLORS.value },
        itemStyle: { color: CHART_COLORS.value },
        areaStyle: { color: CHART_COLORS.value, opacity: 0.08 },
        ...(hasCustomers
          ? {
              markPoint: {
                symbol: "circle",
                symbolSize: 9,
                itemStyle: { color: CHART_COLORS.mark },
                label: {
                  show: true,
                  position: labelLeft ? "left" : "right",
                  offset: labelLeft ? [-36, -20] : [8, 20],
                  align: labelLeft ? "right" : "left",
                  formatter: label80,
                  color: "#333",
                  fontWeight: "bold",
                  lineHeight: 16,
                },
                data: [{ name: "80% of value", coord: [x80, 80] }],
              },
              markLine: {
                silent: true,
                symbol: "none",
                label: { show: false },
                lineStyle: { type: "dashed", color: CHART_COLORS.mark, width: 1 },
                data: [
                  [{ coord: [x80, 0] }, { coord: [x80, 80] }],
                  [{ coord: [0, 80] }, { coord: [x80, 80] }],
                ],
              },
            }
          : {}),
      },
      {
        type: "line",
        name: "Equal shares",
        data: [
          [0, 0],
          [100, 100],
        ],
        silent: true,
        showSymbol: false,
        lineStyle: { type: "dashed", width: 1, color: CHART_COLORS.reference },
        itemStyle: { color: CHART_COLORS.reference },
        tooltip: { show: false },
      },
    ],
  };
}

/**
 * Jay Curry's pyramid drawn as a pyramid: the active layers Top … Small as a funnel with Top at the apex
 * (every layer the same height, whatever its size: the shape is the model, the labels carry the numbers),
 * and the layers below the pyramid (value ≤ 0, inactive, prospects, suspects) as bars underneath.
 */
export function pyramidChartOptions(summary: Summary): EChartsOption {
  const layers = summary.pyramid.layers;
  const activeLayers = layers.filter((l) => ACTIVE_LAYERS.includes(l.layer));
  const below = layers.filter((l) => !ACTIVE_LAYERS.includes(l.layer));
  const steps = activeLayers.length;
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "item" },
    title: [
      {
        text: "Below the pyramid (customers)",
        left: 0,
        top: "69%",
        textStyle: { fontSize: 13, ...CHART_FONT },
      },
    ],
    grid: { left: 90, right: 56, top: "76%", bottom: 8 },
    xAxis: { type: "value", show: false },
    yAxis: {
      type: "category",
      inverse: true,
      data: below.map((l) => l.label),
      axisTick: { show: false },
      axisLine: { show: false },
    },
    series: [
      {
        type: "funnel",
        name: "Customer pyramid",
        // 'ascending' stacks from the bottom up and narrows to a point after the last item: a pyramid.
        sort: "ascending",
        left: "2%",
        width: "40%",
        top: 8,
        height: "60%",
        min: 0,
        max: steps,
        minSize: "0%",
        maxSize: "100%",
        gap: 2,
        label: { show: true, position: "right", color: "#222", fontSize: 12 },
        labelLine: { show: true, length: 24, lineStyle: { color: "#bbb" } },
        itemStyle: { borderColor: "#fff", borderWidth: 1 },
        // Widths 1 (Top) … steps (Small): fixed, so the order never depends on the data.
        data: activeLayers.map((l, k) => ({
          name: l.label,
          value: k + 1,
          itemStyle: { color: PYRAMID_COLORS[l.layer] },
          label: {
            formatter: `${l.label}: ${formatCount(l.customers)} · ${formatPercent(l.valueShare)} of value`,
          },
          tooltip: {
            formatter: `${l.label}<br/>${formatCount(l.customers)} customers (${formatPercent(l.customersShareOfActive ?? 0)} of active)<br/>value ${formatMoney(l.value)} (${formatPercent(l.valueShare)})`,
          },
        })),
      },
      {
        type: "bar",
        name: "Below the pyramid",
        barMaxWidth: 16,
        label: { show: true, position: "right", formatter: "{c}" },
        data: below.map((l) => ({
          value: l.customers,
          itemStyle: { color: PYRAMID_COLORS[l.layer] },
          tooltip: {
            formatter: `${l.label}: ${formatCount(l.customers)} customers, value ${formatMoney(l.value)}`,
          },
        })),
      },
    ],
  };
}

/** ABC classes as bars: share of customers beside share of value, per class. */
export function abcChartOptions(summary: Summary): EChartsOption {
  const classes = summary.abc.classes;
  const bar = (name: string, color: string, shares: number[]): BarSeriesOption => ({
    type: "bar",
    name,
    // One decimal, as in the table beside the chart.
    data: shares.map((x) => roundTo(x * 100, 1)),
    itemStyle: { color },
    barMaxWidth: 56,
    label: { show: true, position: "top", formatter: "{c}%", fontSize: 11 },
  });
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: ["% of customers", "% of value"] },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    xAxis: { type: "category", data: classes.map((c) => c.label) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: [
      bar(
        "% of customers",
        CHART_COLORS.customers,
        classes.map((c) => c.customersShare),
      ),
      bar(
        "% of value",
        CHART_COLORS.value,
        classes.map((c) => c.valueShare),
      ),
    ],
  };
}
