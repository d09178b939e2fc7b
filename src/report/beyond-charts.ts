/**
 * Chart options of the beyond-billing sections, as plain JSON (no functions: labels and tooltips are
 * formatted here, once, into strings): the value × potential bubble chart, the whale curve, time share
 * against value share per class, and the capacity gauge.
 */
import type { BarSeriesOption, EChartsOption, LineSeriesOption, ScatterSeriesOption } from "echarts";
import type { Beyond } from "../core/beyond.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import type { Capacity, Coverage } from "../core/coverage-types.js";
import {
  POTENTIAL_ACTION_LABELS,
  POTENTIAL_ACTIONS,
  type PotentialAction,
} from "../core/potential-matrix.js";
import type { WhaleCurve } from "../core/whale-curve.js";
import { CHART_COLORS, CHART_FONT } from "./charts.js";
import { formatCompact, formatCount, formatMoney, formatPercent, roundTo } from "./format.js";
import { escapeHtml } from "./html-template.js";

/** At most this many customers are drawn in the bubble chart: beyond it the chart is a blot and the file heavy. */
export const MAX_BUBBLES = 2000;

/** Bubble diameters in pixels: the smallest customer stays visible, the largest does not hide its neighbours. */
export const BUBBLE_SIZE = { min: 5, max: 42 } as const;

/**
 * An axis switches to a log scale when its largest plotted amount is at least this many times its smallest.
 * Values are Pareto-skewed: at a spread of 100 on a linear axis, the smallest 80% of the customers fall
 * in the first few percent of the axis, one clump in the corner. Below it a linear axis is kept, because
 * distances then read as money, which is what a sales director expects.
 */
export const LOG_SPREAD = 100;

/** One colour per cell action, in three families by value tier: blues (high), greens (mid), ambers (low). */
export const ACTION_COLORS: Record<PotentialAction, string> = {
  defend: "#17324d",
  retain: "#2b5783",
  maintain: "#7fa7cf",
  grow: "#2e7d4f",
  strengthen: "#5fae7c",
  secure: "#a8d5b5",
  develop: "#d9822b",
  qualify: "#e8b04a",
  serveEfficiently: "#b0b8c1",
};

/** Colours of the coverage and whale charts. */
export const BEYOND_COLORS = {
  value: CHART_COLORS.value,
  actualTime: "#d9822b",
  plannedTime: "#a9b4c0",
  margin: "#2e7d4f",
  loss: CHART_COLORS.mark,
  enough: "#6a9f6a",
  short: "#b5473a",
} as const;

/** Which customers the bubble chart draws, and why the others are not on it. */
export interface BubblePlan {
  /** Book indices drawn: the largest by potential + value first, at most MAX_BUBBLES. */
  plotted: number[];
  /** Customers that could be drawn but were cut by MAX_BUBBLES. */
  cut: number;
  /** Not drawn because their value is ≤ 0 (a log axis cannot show it, and they have no value class). */
  valueNotPositive: number;
  /** Ranked on value, not drawn because their potential is unknown or ≤ 0. */
  noPotential: number;
}

/** True when the customer has a value > 0 and a potential class: a point of the bubble chart. */
function plottable(b: Beyond, i: number): boolean {
  const v = b.book.value[i] ?? Number.NaN;
  return (
    b.book.abc[i] !== null &&
    Number.isFinite(v) &&
    v > 0 &&
    (b.potential.potentialClassOf[i] ?? NOT_RANKED) !== NOT_RANKED
  );
}

/** The customers of the bubble chart and the counts of those left off. */
export function bubblePlan(b: Beyond): BubblePlan {
  const n = b.book.ids.length;
  const candidates: number[] = [];
  let valueNotPositive = 0;
  let noPotential = 0;
  for (let i = 0; i < n; i++) {
    if (plottable(b, i)) candidates.push(i);
    else if (b.book.abc[i] === null || !((b.book.value[i] ?? 0) > 0)) valueNotPositive++;
    else noPotential++;
  }
  const size = (i: number) => (b.book.potential[i] ?? 0) + (b.book.value[i] ?? 0);
  candidates.sort((x, y) => size(y) - size(x) || x - y);
  return {
    plotted: candidates.slice(0, MAX_BUBBLES),
    cut: Math.max(0, candidates.length - MAX_BUBBLES),
    valueNotPositive,
    noPotential,
  };
}

/** Where potential class A ends: the smallest potential in it; null when nobody has a potential. */
export function potentialBoundary(b: Beyond): number | null {
  let min = Number.POSITIVE_INFINITY;
  b.potential.potentialClassOf.forEach((k, i) => {
    if (k === 0) min = Math.min(min, b.book.potential[i] ?? Number.POSITIVE_INFINITY);
  });
  return Number.isFinite(min) ? min : null;
}

/** Where value class A ends: the smallest value in the book's first ABC class; null when nobody is ranked. */
export function valueBoundary(b: Beyond): number | null {
  const top = b.book.abcLabels[0];
  let min = Number.POSITIVE_INFINITY;
  b.book.abc.forEach((label, i) => {
    if (label !== null && label === top) min = Math.min(min, b.book.value[i] ?? Number.POSITIVE_INFINITY);
  });
  return Number.isFinite(min) ? min : null;
}

/** "log" when the positive amounts spread over LOG_SPREAD or more, else a linear "value" axis. */
export function axisScale(amounts: readonly number[]): "log" | "value" {
  const positive = amounts.filter((x) => Number.isFinite(x) && x > 0);
  if (positive.length === 0) return "value";
  return Math.max(...positive) >= LOG_SPREAD * Math.min(...positive) ? "log" : "value";
}

function bubbleTooltip(b: Beyond, i: number, cell: string): string {
  const name = b.book.name[i];
  const head = `<strong>${escapeHtml(b.book.ids[i] ?? "")}</strong>${name === null || name === undefined ? "" : ` ${escapeHtml(name)}`}`;
  return [
    head,
    `value ${formatMoney(b.book.value[i] ?? 0)}`,
    `potential ${formatMoney(b.book.potential[i] ?? 0)}`,
    `share of wallet ${formatPercent(b.potential.shareOfWallet[i] ?? 0)}`,
    cell,
  ].join("<br/>");
}

type MarkLineData = NonNullable<NonNullable<ScatterSeriesOption["markLine"]>["data"]>;
type MarkPointData = NonNullable<NonNullable<LineSeriesOption["markPoint"]>["data"]>;

/** One customer in the bubble chart: [potential, value], its diameter, and its tooltip. */
interface Bubble {
  value: [number, number];
  symbolSize: number;
  tooltip: { formatter: string };
}

/**
 * Value against potential, one bubble per customer (area ∝ revenue), coloured by the action of its cell of
 * the potential matrix, with dashed lines where potential class A and value class A begin: right of the
 * vertical line is high potential, above the horizontal line high value. Customers with value ≤ 0 or
 * without potential are not drawn (bubblePlan counts them).
 */
export function potentialBubbleOptions(b: Beyond): EChartsOption {
  const plan = bubblePlan(b);
  const m = b.potential.matrix;
  const rowOf = new Map(m.rows.map((r, k) => [r, k]));
  const maxRevenue = plan.plotted.reduce((a, i) => Math.max(a, b.book.revenue[i] ?? 0), 0);
  const byAction = new Map<PotentialAction, Bubble[]>();
  for (const i of plan.plotted) {
    const r = rowOf.get(b.book.abc[i] ?? "") ?? 0;
    const c = b.potential.potentialClassOf[i] ?? 0;
    const cell = m.cells[r * m.columns.length + c];
    if (cell === undefined) continue;
    const revenue = Math.max(0, b.book.revenue[i] ?? 0);
    const size =
      BUBBLE_SIZE.min + (BUBBLE_SIZE.max - BUBBLE_SIZE.min) * Math.sqrt(revenue / (maxRevenue || 1));
    const list = byAction.get(cell.action) ?? [];
    list.push({
      value: [b.book.potential[i] ?? 0, b.book.value[i] ?? 0],
      symbolSize: roundTo(size, 1),
      tooltip: {
        formatter: bubbleTooltip(
          b,
          i,
          `${cell.valueClass} on value, ${cell.potentialClass} on potential: ${POTENTIAL_ACTION_LABELS[cell.action]}`,
        ),
      },
    });
    byAction.set(cell.action, list);
  }
  const actions = POTENTIAL_ACTIONS.filter((a) => byAction.has(a));
  const xScale = axisScale(plan.plotted.map((i) => b.book.potential[i] ?? 0));
  const yScale = axisScale(plan.plotted.map((i) => b.book.value[i] ?? 0));
  const px = potentialBoundary(b);
  const vy = valueBoundary(b);
  const lines: MarkLineData = [];
  if (px !== null && plan.plotted.length > 0)
    lines.push({
      name: "potential class A",
      xAxis: px,
      label: { formatter: `potential A from ${formatCompact(px)}`, position: "end" },
    });
  if (vy !== null && plan.plotted.length > 0)
    lines.push({
      name: "value class A",
      yAxis: vy,
      label: { formatter: `value A from ${formatCompact(vy)}`, position: "insideEndTop" },
    });
  const axis = (scale: "log" | "value", name: string, gap: number) => ({
    type: scale,
    name: scale === "log" ? `${name} (log scale)` : name,
    nameLocation: "middle" as const,
    nameGap: gap,
    ...(scale === "value" ? { min: 0 } : {}),
    splitLine: { lineStyle: { color: "#eef0f3" } },
    axisLabel: { hideOverlap: true },
  });
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "item" },
    legend: { top: 0, data: actions.map((a) => POTENTIAL_ACTION_LABELS[a]) },
    grid: { left: 84, right: 40, top: 56, bottom: 52 },
    xAxis: axis(xScale, "potential a year", 32),
    yAxis: axis(yScale, "value in the window", 66),
    series: [
      ...actions.map(
        (a): ScatterSeriesOption => ({
          type: "scatter",
          name: POTENTIAL_ACTION_LABELS[a],
          data: byAction.get(a) ?? [],
          itemStyle: { color: ACTION_COLORS[a], opacity: 0.78, borderColor: "#fff", borderWidth: 0.6 },
          emphasis: { focus: "series" },
        }),
      ),
      {
        type: "scatter",
        name: "class boundaries",
        data: [],
        silent: true,
        tooltip: { show: false },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dashed", color: "#5d6b7a", width: 1 },
          label: { color: "#5d6b7a", fontSize: 11 },
          data: lines,
        },
      },
    ],
  };
}

/** Book positions kept on a long curve: every step-th, plus the peak and the end, so a 100k book stays light. */
const MAX_CURVE_POINTS = 1000;

/**
 * The whale curve: customers ranked by margin (most profitable first) on x, cumulative margin on y. The
 * peak (the profit of the profitable customers) and the end (the total margin, after the loss makers) are
 * marked, with a line at the total margin: the height between the two is what the loss makers cost.
 */
export function whaleChartOptions(w: WhaleCurve): EChartsOption {
  const n = w.order.length;
  const step = Math.max(1, Math.ceil(n / MAX_CURVE_POINTS));
  const data: Array<[number, number]> = [[0, 0]];
  for (let r = 0; r < n; r++) {
    const position = r + 1;
    if (position % step === 0 || position === w.peak.customers || position === n)
      data.push([position, roundTo(w.cumMargin[r] ?? 0, 2)]);
  }
  const peakShare = w.peak.share === null ? "" : ` (${formatPercent(w.peak.share)} of the total)`;
  const points: MarkPointData = [];
  if (w.peak.customers > 0)
    points.push({
      name: "peak",
      coord: [w.peak.customers, roundTo(w.peak.margin, 2)],
      itemStyle: { color: BEYOND_COLORS.margin },
      label: {
        formatter: `peak: ${formatCount(w.peak.customers)} ${w.peak.customers === 1 ? "customer" : "customers"}\n${formatMoney(w.peak.margin)}${peakShare}`,
        position: "top",
        distance: 8,
      },
    });
  if (n > 0 && n !== w.peak.customers)
    points.push({
      name: "end",
      coord: [n, roundTo(w.totalMargin, 2)],
      itemStyle: { color: BEYOND_COLORS.loss },
      label: {
        formatter: `all ${formatCount(n)}: ${formatMoney(w.totalMargin)}`,
        position: "bottom",
        align: "right",
        distance: 8,
      },
    });
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "axis" },
    grid: { left: 84, right: 36, top: 48, bottom: 52 },
    xAxis: {
      type: "value",
      min: 0,
      max: Math.max(n, 1),
      name: "customers ranked by margin, most profitable first",
      nameLocation: "middle",
      nameGap: 32,
      minInterval: 1,
    },
    yAxis: {
      type: "value",
      name: "cumulative margin",
      nameLocation: "middle",
      nameGap: 66,
      splitLine: { lineStyle: { color: "#eef0f3" } },
    },
    series: [
      {
        type: "line",
        name: "cumulative margin",
        data,
        showSymbol: false,
        lineStyle: { width: 2.5, color: BEYOND_COLORS.margin },
        itemStyle: { color: BEYOND_COLORS.margin },
        areaStyle: { color: BEYOND_COLORS.margin, opacity: 0.08 },
        markPoint: {
          symbol: "circle",
          symbolSize: 10,
          label: { show: true, color: "#1d2733", fontWeight: "bold", lineHeight: 15 },
          data: points,
        },
        markLine: {
          silent: true,
          symbol: "none",
          lineStyle: { type: "dashed", color: BEYOND_COLORS.loss, width: 1 },
          label: {
            formatter: `total margin ${formatMoney(w.totalMargin)}`,
            // After the peak the curve never drops below the total: with loss makers the space under the line
            // in the middle is free; without them the curve stays below the line, so the space above it is.
            position: w.lossMaking > 0 ? "insideMiddleBottom" : "insideMiddleTop",
            color: "#5d6b7a",
          },
          data: n > 0 ? [{ name: "total margin", yAxis: roundTo(w.totalMargin, 2) }] : [],
        },
      },
    ],
  };
}

/** A share 0…1 as percent with one decimal, as the tables beside the chart show it. */
function pct(share: number | null): number {
  return share === null ? 0 : roundTo(share * 100, 1);
}

/**
 * Per class (A, B, C, unranked): share of value beside share of the actual time (when activities were
 * given) and share of the planned time. A class whose time bar towers over its value bar costs more than
 * it brings.
 */
export function timeValueChartOptions(c: Coverage): EChartsOption {
  const bar = (name: string, color: string, shares: Array<number | null>): BarSeriesOption => ({
    type: "bar",
    name,
    data: shares.map(pct),
    itemStyle: { color },
    barMaxWidth: 40,
    label: { show: true, position: "top", formatter: "{c}%", fontSize: 11 },
  });
  const series = [
    bar(
      "share of value",
      BEYOND_COLORS.value,
      c.classes.map((k) => k.valueShare),
    ),
    ...(c.hasActivities
      ? [
          bar(
            "share of actual time",
            BEYOND_COLORS.actualTime,
            c.classes.map((k) => k.timeShare),
          ),
        ]
      : []),
    bar(
      "share of planned time",
      BEYOND_COLORS.plannedTime,
      c.classes.map((k) => k.plannedTimeShare),
    ),
  ];
  return {
    animation: false,
    textStyle: CHART_FONT,
    legend: { top: 0, data: series.map((s) => s.name as string) },
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 56, right: 16, top: 40, bottom: 32 },
    xAxis: { type: "category", data: c.classes.map((k) => k.label) },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series,
  };
}

/** A round upper bound for a gauge with five intervals: 3 960 → 4 000, 114 → 150; 1 for 0. */
export function gaugeMax(x: number): number {
  if (!(x > 0)) return 1;
  const unit = 10 ** (Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / (5 * unit)) * 5 * unit;
}

/** The capacity gap in one line: people short, people to spare, or covered. */
export function capacityHeadline(cap: Capacity): string {
  const people = (n: number) => `${formatCount(n)} ${n === 1 ? "person" : "people"}`;
  if (cap.gapPeople > 0) return `Short by ${people(cap.gapPeople)}`;
  if (cap.gapPeople < 0) return `${people(-cap.gapPeople)} to spare`;
  return cap.gapHours > 0 ? "Short by less than one person" : "The team covers the plan";
}

/**
 * The hours a year the service levels need against the hours the team has, as a gauge from 0 to 1.2 × the
 * larger of the two: the pointer at the hours needed, the band green up to the hours available and red
 * beyond, so a pointer in the red is a team too small for its plan. The title states the gap in people.
 */
export function capacityChartOptions(cap: Capacity): EChartsOption {
  const max = gaugeMax(Math.max(cap.neededHours, cap.availableHours) * 1.2);
  const within = Math.min(1, Math.max(0, cap.availableHours / max));
  const band: Array<[number, string]> =
    within >= 1
      ? [[1, BEYOND_COLORS.enough]]
      : within <= 0
        ? [[1, BEYOND_COLORS.short]]
        : [
            [roundTo(within, 4), BEYOND_COLORS.enough],
            [1, BEYOND_COLORS.short],
          ];
  return {
    animation: false,
    textStyle: CHART_FONT,
    title: {
      text: capacityHeadline(cap),
      subtext: `hours a year: ${formatCount(cap.neededHours)} needed, ${formatCount(cap.availableHours)} available`,
      left: "center",
      top: 0,
      textStyle: { fontSize: 15, ...CHART_FONT },
      subtextStyle: { fontSize: 12, color: "#5d6b7a", ...CHART_FONT },
    },
    series: [
      {
        type: "gauge",
        name: "hours a year",
        min: 0,
        max,
        splitNumber: 5,
        radius: "92%",
        center: ["50%", "62%"],
        startAngle: 200,
        endAngle: -20,
        axisLine: { lineStyle: { width: 16, color: band } },
        pointer: { width: 5, length: "70%", itemStyle: { color: "#1d2733" } },
        anchor: { show: true, size: 10, itemStyle: { color: "#1d2733" } },
        axisTick: { distance: -16, length: 6, lineStyle: { color: "#fff", width: 1 } },
        splitLine: { distance: -16, length: 16, lineStyle: { color: "#fff", width: 2 } },
        axisLabel: { distance: 22, color: "#5d6b7a", fontSize: 11 },
        title: { offsetCenter: [0, "36%"], fontSize: 12, color: "#5d6b7a" },
        detail: {
          offsetCenter: [0, "18%"],
          fontSize: 18,
          fontWeight: "bold",
          color: "#1d2733",
          formatter: `${formatCount(cap.neededHours)} h needed`,
        },
        data: [
          {
            value: roundTo(Math.min(cap.neededHours, max), 2),
            name: `${formatCount(cap.availableHours)} h available${within > 0 ? " (green)" : ""}`,
          },
        ],
      },
    ],
  };
}
