/**
 * Chart options of the migration section, as plain JSON (no functions): the matrix as a heat-map and the
 * same matrix as a Sankey flow from the classes before to the classes now.
 */
import type { EChartsOption, HeatmapSeriesOption, SankeySeriesOption } from "echarts";
import { LOST, type MigrationCell, type MigrationMatrix } from "../core/migration-types.js";
import { CHART_FONT } from "./charts.js";
import { formatCompact, formatCount, formatMoney, roundTo } from "./format.js";
import { escapeHtml } from "./html-template.js";
import { classColor, classLabel } from "./migration-labels.js";

/** Heat-map colours: empty cells white, then from a pale to the report's darkest blue. */
const HEAT = { empty: "#ffffff", low: "#e6eef6", high: "#17324d" } as const;

/** First and last day of the two windows, for titles and tooltips. */
export interface MigrationWindows {
  previous: { firstDay: string; lastDay: string };
  current: { firstDay: string; lastDay: string };
}

/** Suffixes that keep the Sankey's node names apart: the same class exists on both sides. */
export const SIDE = { before: " · before", now: " · now" } as const;

/**
 * How dark a cell is, 0…1: the square root of its share of the fullest cell, so that a few customers who
 * moved still show beside a diagonal of thousands while large cells stay apart. 0 for an empty cell.
 */
export function heatLevel(customers: number, max: number): number {
  if (customers <= 0 || max <= 0) return 0;
  return roundTo(0.06 + 0.94 * Math.sqrt(customers / max), 3);
}

/** The fill of a cell at a level from heatLevel: white when empty, else linear from HEAT.low to HEAT.high, as the heat-map's visualMap does. */
export function heatColor(level: number): string {
  if (level <= 0) return HEAT.empty;
  const channel = (hex: string, k: number) => Number.parseInt(hex.slice(1 + 2 * k, 3 + 2 * k), 16);
  const rgb = [0, 1, 2].map((k) => {
    const lo = channel(HEAT.low, k);
    return Math.round(lo + (channel(HEAT.high, k) - lo) * level)
      .toString(16)
      .padStart(2, "0");
  });
  return `#${rgb.join("")}`;
}

/** Text on a cell: white on the dark ones. */
export function heatInk(level: number): string {
  return level > 0.6 ? "#ffffff" : "#1d2733";
}

/** The value a cell is labelled with: what the customers were worth before for `lost`, what they are worth now otherwise. */
export function cellValue(c: MigrationCell): number {
  return c.to === LOST ? c.previousValue : c.currentValue;
}

function cellTooltip(c: MigrationCell): string {
  const head = `${escapeHtml(classLabel(c.from))} → ${escapeHtml(classLabel(c.to))}`;
  return `${head}<br/>${formatCount(c.customers)} ${c.customers === 1 ? "customer" : "customers"}<br/>value before ${formatMoney(c.previousValue)}, now ${formatMoney(c.currentValue)}`;
}

/** The largest number of customers in one cell. */
export function maxCell(m: MigrationMatrix): number {
  return m.cells.reduce((a, c) => Math.max(a, c.customers), 0);
}

/**
 * The matrix as a heat-map: rows (before, then New) top to bottom, columns (now, then Lost) left to right;
 * every cell of the matrix is one data item [column, row, customers, level], coloured by the visualMap from
 * its heatLevel (empty cells: level "-", left unfilled) and labelled with customers and value (the value
 * lost in the Lost column).
 */
export function migrationHeatmapOptions(m: MigrationMatrix): EChartsOption {
  const max = maxCell(m);
  const data: NonNullable<HeatmapSeriesOption["data"]> = m.cells.map((c) => {
    const level = heatLevel(c.customers, max);
    return {
      value: [m.columns.indexOf(c.to), m.rows.indexOf(c.from), c.customers, level > 0 ? level : "-"],
      label: {
        formatter: c.customers === 0 ? "" : `${formatCount(c.customers)}\n${formatCompact(cellValue(c))}`,
        color: heatInk(level),
      },
      tooltip: { formatter: cellTooltip(c) },
    };
  });
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "item" },
    visualMap: {
      type: "continuous",
      show: false,
      dimension: 3,
      min: 0,
      max: 1,
      inRange: { color: [HEAT.low, HEAT.high] },
    },
    grid: { left: 96, right: 12, top: 52, bottom: 12 },
    xAxis: {
      type: "category",
      position: "top",
      data: m.columns.map(classLabel),
      name: "now",
      nameLocation: "middle",
      nameGap: 30,
      axisTick: { show: false },
      axisLabel: { interval: 0 },
      splitArea: { show: false },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: m.rows.map(classLabel),
      name: "before",
      nameLocation: "middle",
      nameGap: 80,
      axisTick: { show: false },
      axisLabel: { interval: 0 },
    },
    series: [
      {
        type: "heatmap",
        name: "Customers",
        data,
        label: { show: true, fontSize: 11, lineHeight: 14 },
        itemStyle: { borderColor: "#d9dee4", borderWidth: 1 },
        emphasis: { disabled: true },
      },
    ],
  };
}

/** ECharts reads a `tooltip` on any data item (TooltipView's option cascade); its types omit it for Sankey nodes. */
type SankeyNode = Exclude<NonNullable<SankeySeriesOption["data"]>[number], number | string> & {
  tooltip?: { formatter: string };
};
type SankeyLink = NonNullable<SankeySeriesOption["links"]>[number];

/**
 * The matrix as a flow: the classes before on the left (New among them), the classes now on the right (Lost
 * among them), one link per non-empty cell with width = customers. Nodes are named "<class> · before" and
 * "<class> · now" so that no name is on both sides and the graph has no cycle; classes nobody was in on a
 * side are left out, and the nodes keep the class order (no layout iterations).
 */
export function migrationSankeyOptions(m: MigrationMatrix, windows: MigrationWindows): EChartsOption {
  const rowTotal = (r: string) => m.cells.reduce((a, c) => a + (c.from === r ? c.customers : 0), 0);
  const colTotal = (k: string) => m.cells.reduce((a, c) => a + (c.to === k ? c.customers : 0), 0);
  const node = (key: string, rank: number, total: number, side: "before" | "now"): SankeyNode => ({
    name: `${classLabel(key)}${SIDE[side]}`,
    depth: side === "before" ? 0 : 1,
    itemStyle: { color: classColor(m.dimension, key, rank) },
    label: {
      position: side === "before" ? "left" : "right",
      formatter: `${classLabel(key)}: ${formatCount(total)}`,
    },
    tooltip: {
      formatter: `${escapeHtml(classLabel(key))} ${side}: ${formatCount(total)} ${total === 1 ? "customer" : "customers"}`,
    },
  });
  const nodes: SankeyNode[] = [
    ...m.rows.flatMap((r, k) => {
      const n = rowTotal(r);
      return n > 0 ? [node(r, k, n, "before")] : [];
    }),
    ...m.columns.flatMap((c, k) => {
      const n = colTotal(c);
      return n > 0 ? [node(c, k, n, "now")] : [];
    }),
  ];
  const links: SankeyLink[] = m.cells
    .filter((c) => c.customers > 0)
    .map((c) => ({
      source: `${classLabel(c.from)}${SIDE.before}`,
      target: `${classLabel(c.to)}${SIDE.now}`,
      value: c.customers,
      tooltip: { formatter: cellTooltip(c) },
    }));
  const title = (text: string, w: { firstDay: string; lastDay: string }, side: "left" | "right") => ({
    text,
    subtext: `${w.firstDay} … ${w.lastDay}`,
    [side]: 0,
    top: 0,
    textStyle: { fontSize: 13, ...CHART_FONT },
    subtextStyle: { fontSize: 11, ...CHART_FONT },
  });
  return {
    animation: false,
    textStyle: CHART_FONT,
    tooltip: { trigger: "item" },
    title: [title("Before", windows.previous, "left"), title("Now", windows.current, "right")],
    series: [
      {
        type: "sankey",
        name: "Customers",
        left: 120,
        right: 120,
        top: 48,
        bottom: 8,
        nodeWidth: 14,
        nodeGap: 8,
        layoutIterations: 0,
        draggable: false,
        emphasis: { focus: "adjacency" },
        label: { fontSize: 12, color: "#1d2733" },
        lineStyle: { color: "source", opacity: 0.35, curveness: 0.5 },
        data: nodes,
        links,
      },
    ],
  };
}
