/** The action lists of a migration as HTML tables: who to call, and why. */
import type { ActionItem, ActionLists, Migration } from "../core/migration-types.js";
import { formatCount, formatMoney, formatPercent } from "./format.js";
import { type Column, htmlTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";
import { classLabel } from "./migration-labels.js";

/** The lists in the order the report shows them. */
export const ACTION_LIST_KEYS = [
  "slidingBToC",
  "aDropped",
  "lostFromAB",
  "newInAB",
  "winBack",
] as const satisfies ReadonlyArray<keyof ActionLists>;

/** Title and one line on how each list is chosen and ordered. */
export const ACTION_LIST_TEXT: Record<keyof ActionLists, { title: string; note: string }> = {
  slidingBToC: {
    title: "B customers that fell to C",
    note: "In B before, still buying but in a lower class now; largest fall in value first.",
  },
  aDropped: {
    title: "A customers whose value fell sharply",
    note: "In A before, still buying, value down by more than the set share (--a-drop); largest fall first.",
  },
  lostFromAB: {
    title: "Customers lost from A or B",
    note: "In A or B before, no purchase now; highest value before first.",
  },
  newInAB: {
    title: "New customers entering A or B",
    note: "No purchase before (new, or back from inactive), in A or B now; highest value now first.",
  },
  winBack: {
    title: "Win back: inactive customers by past value",
    note: "No purchase now, bought before; highest value before first, then the most recent purchase.",
  },
};

/** Rows shown per list: enough to act on; migration.json has up to the list limit, migration.csv everyone. */
export const MAX_ACTION_ROWS = 20;

function actionTable(
  items: readonly ActionItem[],
  withManager: boolean,
  withLastPurchase: boolean,
): SafeHtml {
  const cols: Column<ActionItem>[] = [
    { header: "Customer", className: "id", cell: (i) => i.customerId },
    { header: "Name", className: "name", cell: (i) => i.name ?? "" },
    ...(withManager
      ? [{ header: "Account manager", className: "name", cell: (i: ActionItem) => i.accountManager ?? "" }]
      : []),
    { header: "Before", cell: (i) => classLabel(i.previousClass) },
    { header: "Now", cell: (i) => classLabel(i.currentClass) },
    { header: "Value before", num: true, cell: (i) => formatMoney(i.previousValue) },
    { header: "Value now", num: true, cell: (i) => formatMoney(i.currentValue) },
    { header: "Change", num: true, cell: (i) => (i.change === null ? "" : formatPercent(i.change)) },
    ...(withLastPurchase
      ? [{ header: "Last purchase", className: "nowrap", cell: (i: ActionItem) => i.lastPurchase ?? "" }]
      : []),
  ];
  return htmlTable("actions", cols, items);
}

/**
 * The five action lists, each with its count (before the list limit cut it) and a table of the first
 * MAX_ACTION_ROWS; the account manager column appears when any listed customer has one.
 */
export function actionListsSection(m: Migration): SafeHtml {
  const withManager = ACTION_LIST_KEYS.some((k) => m.actions[k].some((i) => i.accountManager !== null));
  return html`<section id="migration-actions" class="long">
<h2>Who to call</h2>
${ACTION_LIST_KEYS.map((k) => {
  const all = m.actions[k];
  const items = all.slice(0, MAX_ACTION_ROWS);
  const total = m.actionTotals?.[k] ?? all.length;
  const text = ACTION_LIST_TEXT[k];
  return html`<div class="action-list" id="actions-${k}">
<h3>${text.title} <span class="count">${formatCount(total)}</span></h3>
<p class="muted">${text.note}</p>
${items.length === 0 ? html`<p class="none">None.</p>` : actionTable(items, withManager, k === "winBack")}
${total > items.length ? html`<p class="muted">… and ${formatCount(total - items.length)} more: migration.json lists the first ${formatCount(all.length)}, migration.csv every customer's movement.</p>` : ""}
</div>`;
})}
</section>`;
}
