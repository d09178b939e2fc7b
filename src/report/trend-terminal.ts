import type { TrendPoint } from "../core/trend.js";
import { formatCount, formatFixed, formatMoney, formatPercent } from "./format.js";
import { type TextColumn, textTable } from "./text-table.js";

/** What `strata trend` prints: one line per window, oldest first. */
export function renderTrendTerminal(points: readonly TrendPoint[], measure: string): string {
  const labels = points[0]?.classes.map((c) => c.label) ?? [];
  const columns: TextColumn[] = [
    { header: "Window", align: "left" },
    { header: "Active", align: "right" },
    { header: `Total ${measure}`, align: "right" },
    ...labels.map((l) => ({ header: `${l} customers`, align: "right" as const })),
    { header: "For 80%", align: "right" },
    { header: "Gini", align: "right" },
  ];
  const rows = points.map((p) => [
    `${p.firstDay} … ${p.lastDay}`,
    formatCount(p.activeCustomers),
    formatMoney(p.totalValue),
    ...p.classes.map((c) => formatCount(c.customers)),
    `${formatCount(p.customersFor80)} (${formatPercent(p.customersFor80Share)})`,
    formatFixed(p.gini, 3),
  ]);
  return `Trend by ${measure}\n${textTable(columns, rows)
    .map((l) => `  ${l}`.trimEnd())
    .join("\n")}\n`;
}
