import type { ActionItem, Migration, MigrationMatrix } from "../core/migration-types.js";
import { PYRAMID_LABELS, type PyramidLayer } from "../core/pyramid.js";
import { formatCount, formatMoney, formatPercent } from "./format.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

const label = (key: string): string => PYRAMID_LABELS[key as PyramidLayer] ?? key;

/** The migration matrix as a text table: customers per cell, with previous → current value underneath. */
function matrixLines(m: MigrationMatrix, title: string): string[] {
  const cell = (from: string, to: string) => m.cells.find((c) => c.from === from && c.to === to);
  const columns: TextColumn[] = [
    { header: "from \\ to", align: "left" },
    ...m.columns.map((c) => ({ header: label(c), align: "right" as const })),
    { header: "total", align: "right" },
  ];
  const rows = m.rows.map((r) => {
    const cells = m.columns.map((c) => cell(r, c)?.customers ?? 0);
    return [
      label(r),
      ...cells.map((n) => (n === 0 ? "·" : formatCount(n))),
      formatCount(cells.reduce((a, b) => a + b, 0)),
    ];
  });
  const totals = m.columns.map((c) => m.rows.reduce((s, r) => s + (cell(r, c)?.customers ?? 0), 0));
  rows.push(["total", ...totals.map(formatCount), formatCount(totals.reduce((a, b) => a + b, 0))]);
  return [title, ...textTable(columns, rows).map((l) => `  ${l}`)];
}

function actionLines(title: string, items: readonly ActionItem[], limit = 10): string[] {
  if (items.length === 0) return [`${title}: none`];
  const columns: TextColumn[] = [
    { header: "Customer", align: "left" },
    { header: "Name", align: "left" },
    { header: "Manager", align: "left" },
    { header: "Was", align: "left" },
    { header: "Now", align: "left" },
    { header: "Previous", align: "right" },
    { header: "Current", align: "right" },
    { header: "Change", align: "right" },
  ];
  const rows = items
    .slice(0, limit)
    .map((i) => [
      truncate(printable(i.customerId), 16),
      truncate(printable(i.name ?? ""), 28),
      truncate(printable(i.accountManager ?? ""), 16),
      label(i.previousClass),
      label(i.currentClass),
      formatMoney(i.previousValue),
      formatMoney(i.currentValue),
      i.change === null ? "" : formatPercent(i.change),
    ]);
  const more = items.length > limit ? [`  … ${formatCount(items.length - limit)} more`] : [];
  return [
    `${title}: ${formatCount(items.length)}`,
    ...textTable(columns, rows).map((l) => `  ${l}`),
    ...more,
  ];
}

/** What `strata migrate` prints: both matrices, the churn figures and the action lists. */
export function renderMigrationTerminal(m: Migration): string {
  const c = m.churn;
  const out: string[] = [
    `Migration by ${m.measure}: ${m.previous.firstDay} … ${m.previous.lastDay}  →  ${m.current.firstDay} … ${m.current.lastDay}`,
    "",
    ...matrixLines(m.abc, "ABC classes (customers)"),
    "",
    ...matrixLines(m.pyramid, "Pyramid layers (customers)"),
    "",
    "Churn",
    ...textTable(
      [
        { header: "", align: "left" },
        { header: "", align: "right" },
      ],
      [
        ["Active then / now", `${formatCount(c.previousActive)} / ${formatCount(c.currentActive)}`],
        ["Retained", formatCount(c.retained)],
        ["New (of which back from inactive)", `${formatCount(c.new)} (${formatCount(c.back)})`],
        ["Lost", formatCount(c.lost)],
        ["Value lost with lost customers", formatMoney(c.lostValue)],
        ["Value from new customers", formatMoney(c.newValue)],
        ["Net value retention", formatPercent(c.netValueRetention)],
        ["Gross value retention", formatPercent(c.grossValueRetention)],
        ["Upgrades / downgrades (ABC)", `${formatCount(c.upgrades)} / ${formatCount(c.downgrades)}`],
      ],
    ).map((l) => `  ${l}`),
    "",
    ...actionLines("B customers that fell to C", m.actions.slidingBToC),
    "",
    ...actionLines("A customers whose value fell sharply", m.actions.aDropped),
    "",
    ...actionLines("Customers lost from A or B", m.actions.lostFromAB),
    "",
    ...actionLines("New customers entering A or B", m.actions.newInAB),
    "",
    ...actionLines("Win back: inactive customers by past value", m.actions.winBack),
  ];
  return `${out.map((l) => l.trimEnd()).join("\n")}\n`;
}
