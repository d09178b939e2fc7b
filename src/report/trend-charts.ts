import type { BarSeriesOption, EChartsOption, LineSeriesOption } from "echarts";
import type { Trend } from "../core/trend.js";
import { CHART_COLORS, CHART_FONT } from "./charts.js";
import { roundTo } from "./format.js";
import { classColor } from "./migration-labels.js";

/** Colours of the trend's lines: concentration in red, Gini in amber, value in the report's blue. */
const TREND_COLORS = { for80: CHART_COLORS.mark, gini: "#d9a03f", value: CHART_COLORS.value } as const;

/** The series name of an ABC class in the trend chart. */
export function trendClassSeries(label: string): string {
  return `Class ${label}`;
}

/**
 * The rolling windows in two panels sharing the windows' last days as x axis. Above: customers per ABC class
 * as stacked bars with the customers that make 80% of value as a line (left axis, customers) and the Gini
 * coefficient as a line on a second axis (right, 0…1). Below: the total value per window.
 */
export function trendChartOptions(trend: Trend): EChartsOption {
  const points = trend.points;
  const days = points.map((p) => p.lastDay);
  const labels = points[0]?.classes.map((c) => c.label) ?? [];
  const bars: BarSeriesOption[] = labels.map((label, k) => ({
    type: "bar",
    name: trendClassSeries(label),
    stack: "classes",
    xAxisIndex: 0,
    yAxisIndex: 0,
    barMaxWidth: 40,
    itemStyle: { color: classColor("abc", label, k) },
    data: points.map((p) => p.classes.find((c) => c.label === label)?.customers ?? 0),
  }));
  const line = (name: string, color: string, data: number[], axis: number): LineSeriesOption => ({
    type: "line",
    name,
    xAxisIndex: axis === 2 ? 1 : 0,
    yAxisIndex: axis,
    data,
    symbolSize: 6,
    lineStyle: { width: 2, color },
    itemStyle: { color },
  });
  const total = `Total ${trend.measure}`;
  const series: Array<BarSeriesOption | LineSeriesOption> = [
    ...bars,
    line(
      "Customers for 80%",
      TREND_COLORS.for80,
      points.map((p) => p.customersFor80),
      0,
    ),
    line(
      "Gini",
      TREND_COLORS.gini,
      points.map((p) => roundTo(p.gini, 3)),
      1,
    ),
    {
      ...line(
        total,
        TREND_COLORS.value,
        points.map((p) => roundTo(p.totalValue, 2)),
        2,
      ),
      areaStyle: { color: TREND_COLORS.value, opacity: 0.08 },
    },
  ];
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: [...labels.map(trendClassSeries), "Customers for 80%", "Gini", total] },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    axisPointer: { link: [{ xAxisIndex: "all" }] },
    grid: [
      { left: 72, right: 56, top: 44, height: "52%" },
      { left: 72, right: 56, bottom: 44, height: "22%" },
    ],
    xAxis: [
      { type: "category", gridIndex: 0, data: days, axisLabel: { show: false } },
      {
        type: "category",
        gridIndex: 1,
        data: days,
        name: "window ending",
        nameLocation: "middle",
        nameGap: 24,
      },
    ],
    yAxis: [
      { type: "value", gridIndex: 0, name: "customers", min: 0 },
      {
        type: "value",
        gridIndex: 0,
        name: "Gini",
        min: 0,
        max: 1,
        position: "right",
        splitLine: { show: false },
      },
      { type: "value", gridIndex: 1, name: total, min: 0 },
    ],
    series,
  };
}
