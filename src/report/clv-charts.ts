/**
 * The charts of the `strata clv` report as ECharts options, built from the run alone: the cumulative
 * calibration/holdout tracking, mean holdout purchases per calibration frequency, CLV by tenths of customers,
 * and customers by p(alive).
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption } from "echarts";
import type { ClvRun } from "../app/clv.js";
import type { ClvValidation } from "../core/clv/predict.js";
import { CHART_COLORS, CHART_FONT } from "./charts.js";
import { calibrationPeriod } from "./clv-view.js";
import { formatPercent, roundTo } from "./format.js";

/** The ids of the chart containers; the validation charts exist only with a holdout. */
export const CLV_CHART_IDS = {
  tracking: "chart-clv-tracking",
  frequency: "chart-clv-frequency",
  deciles: "chart-clv-deciles",
  pAlive: "chart-clv-palive",
} as const;

/** Series colours: what happened in ink, BG/NBD in the report's blue, Pareto/NBD in amber. */
const SERIES = { actual: "#1d2733", bgNbd: CHART_COLORS.value, paretoNbd: "#d9a03f" } as const;

/** The options of every chart by container id. */
export function clvCharts(run: ClvRun): Record<string, EChartsOption> {
  const v = run.result.validation;
  return {
    ...(v === null
      ? {}
      : {
          [CLV_CHART_IDS.tracking]: trackingChartOptions(run, v),
          [CLV_CHART_IDS.frequency]: frequencyChartOptions(v),
        }),
    [CLV_CHART_IDS.deciles]: decileChartOptions(run),
    [CLV_CHART_IDS.pAlive]: pAliveChartOptions(run),
  };
}

const line = (
  name: string,
  color: string,
  data: number[][],
  type: "solid" | "dashed" | "dotted",
): LineSeriesOption => ({
  type: "line",
  name,
  data,
  showSymbol: false,
  lineStyle: { width: type === "solid" ? 2.5 : 2, color, type },
  itemStyle: { color },
});

/**
 * The classic calibration/holdout tracking chart: cumulative repeat purchases at the end of each period,
 * actual against BG/NBD and Pareto/NBD, with a vertical line at the end of the calibration.
 */
export function trackingChartOptions(run: ClvRun, v: ClvValidation): EChartsOption {
  const t = v.tracking;
  const at = (ys: readonly number[]) => ys.map((y, k) => [k + 1, roundTo(y, 2)]);
  const actual: LineSeriesOption = {
    ...line("Actual", SERIES.actual, at(t.actual), "solid"),
    markLine: {
      silent: true,
      symbol: "none",
      lineStyle: { color: CHART_COLORS.mark, type: "dashed", width: 1.5 },
      label: {
        formatter: `calibration end ${run.calibrationEnd}`,
        position: "end",
        color: CHART_COLORS.mark,
      },
      data: [{ xAxis: t.calibrationPeriods }],
    },
  };
  const series: LineSeriesOption[] = [actual, line("BG/NBD", SERIES.bgNbd, at(t.bgNbd), "dashed")];
  if (t.paretoNbd !== null) series.push(line("Pareto/NBD", SERIES.paretoNbd, at(t.paretoNbd), "dotted"));
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: series.map((s) => s.name as string) },
    tooltip: { trigger: "axis" },
    grid: { left: 72, right: 32, top: 64, bottom: 56 },
    xAxis: {
      type: "value",
      min: 0,
      max: t.actual.length,
      // The last period rarely falls on a tick: its label would sit on top of the last tick's.
      axisLabel: { showMaxLabel: false },
      name: `${run.unit}s since ${calibrationPeriod(run).from}`,
      nameLocation: "middle",
      nameGap: 30,
    },
    yAxis: { type: "value", min: 0, name: "cumulative repeat purchases" },
    series,
  };
}

/** Mean holdout purchases per customer by calibration repeat purchases x (0 … 7+): actual bars, model lines. */
export function frequencyChartOptions(v: ClvValidation): EChartsOption {
  const rows = v.byFrequency;
  const modelLine = (name: string, color: string, data: number[]): LineSeriesOption => ({
    type: "line",
    name,
    data,
    symbol: "circle",
    symbolSize: 7,
    lineStyle: { width: 2, color },
    itemStyle: { color },
  });
  const series: Array<BarSeriesOption | LineSeriesOption> = [
    {
      type: "bar",
      name: "Actual",
      data: rows.map((r) => roundTo(r.actual, 3)),
      barMaxWidth: 36,
      itemStyle: { color: CHART_COLORS.customers },
    },
    modelLine(
      "BG/NBD",
      SERIES.bgNbd,
      rows.map((r) => roundTo(r.bgNbd, 3)),
    ),
  ];
  if (v.predictedParetoNbd !== null)
    series.push(
      modelLine(
        "Pareto/NBD",
        SERIES.paretoNbd,
        rows.map((r) => roundTo(r.paretoNbd ?? 0, 3)),
      ),
    );
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: series.map((s) => s.name as string) },
    tooltip: { trigger: "axis" },
    grid: { left: 64, right: 24, top: 56, bottom: 56 },
    xAxis: {
      type: "category",
      data: rows.map((r) => r.x),
      name: "repeat purchases in the calibration period (x)",
      nameLocation: "middle",
      nameGap: 30,
    },
    yAxis: { type: "value", min: 0, name: "mean holdout purchases" },
    series,
  };
}

/** Customers ranked by CLV cut into ten equal groups: the CLV of each, labelled with its share of the total. */
export function decileChartOptions(run: ClvRun): EChartsOption {
  const clv = run.result.predictions.clv;
  // The values alone, highest first: a typed sort, no comparator over a million customers.
  const ranked = Float64Array.from(clv).sort().reverse();
  const n = ranked.length;
  const total = clv.reduce((s, x) => s + x, 0);
  const size = Math.min(n, 10);
  const groups = Array.from({ length: size }, (_, k) =>
    ranked.subarray(Math.floor((k * n) / size), Math.floor(((k + 1) * n) / size)).reduce((s, v) => s + v, 0),
  );
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 64, right: 24, top: 56, bottom: 56 },
    xAxis: {
      type: "category",
      data: groups.map((_, k) => `${k + 1}`),
      name: "tenth of customers, highest CLV first",
      nameLocation: "middle",
      nameGap: 30,
    },
    yAxis: { type: "value", min: 0, name: "CLV" },
    series: [
      {
        type: "bar",
        name: "CLV",
        barMaxWidth: 40,
        itemStyle: { color: CHART_COLORS.value },
        label: { show: true, position: "top", fontSize: 11 },
        data: groups.map((g) => ({
          value: roundTo(g, 2),
          label: { formatter: total > 0 ? formatPercent(g / total, 0) : "" },
        })),
      },
    ],
  };
}

/** Customers and their CLV by p(alive) in steps of 10 %. */
export function pAliveChartOptions(run: ClvRun): EChartsOption {
  const pr = run.result.predictions;
  const customers = new Array<number>(10).fill(0);
  const clv = new Array<number>(10).fill(0);
  pr.pAlive.forEach((p, i) => {
    const k = Math.min(9, Math.max(0, Math.floor(p * 10)));
    customers[k] = (customers[k] ?? 0) + 1;
    clv[k] = (clv[k] ?? 0) + (pr.clv[i] ?? 0);
  });
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: ["Customers", "CLV"] },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 64, right: 64, top: 56, bottom: 56 },
    xAxis: {
      type: "category",
      data: customers.map((_, k) => `${k * 10}–${(k + 1) * 10}`),
      axisLabel: { interval: 0, fontSize: 11 },
      name: "p(alive), %",
      nameLocation: "middle",
      nameGap: 30,
    },
    yAxis: [
      { type: "value", min: 0, name: "customers" },
      { type: "value", min: 0, name: "CLV", position: "right", splitLine: { show: false } },
    ],
    series: [
      {
        type: "bar",
        name: "Customers",
        data: customers,
        barMaxWidth: 28,
        itemStyle: { color: CHART_COLORS.customers },
      },
      {
        type: "bar",
        name: "CLV",
        yAxisIndex: 1,
        data: clv.map((c) => roundTo(c, 2)),
        barMaxWidth: 28,
        itemStyle: { color: CHART_COLORS.value },
      },
    ],
  };
}
