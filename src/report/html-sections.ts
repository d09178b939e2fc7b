import { ACTIVE_LAYERS, PYRAMID_LABELS, PYRAMID_LAYERS, type PyramidLayer } from "../core/pyramid.js";
import type { CustomerRow, Summary } from "../core/summary.js";
import { abcTotalRow } from "./abc-total.js";
import { PYRAMID_COLORS } from "./charts.js";
import { formatCount, formatFixed, formatMoney, formatPercent, formatPercentPoints } from "./format.js";
import { type Column, factsTable, htmlTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";

/** Rows shown in the "value ≤ 0" table; the full list is in the customer export. */
const MAX_NON_POSITIVE = 25;

function clientTable(
  clients: Summary["concentration"]["keyClients"],
  monopolyIds: ReadonlySet<string>,
): SafeHtml {
  return htmlTable(
    "clients",
    [
      { header: "Customer", className: "id", cell: (k) => k.customerId },
      {
        header: "Name",
        className: "name",
        cell: (k) =>
          html`${k.name ?? ""}${monopolyIds.has(k.customerId) ? html`<span class="tag">MONOPOLY</span>` : ""}`,
      },
      { header: "Value", num: true, cell: (k) => formatMoney(k.value) },
      { header: "Share of value", num: true, cell: (k) => formatPercent(k.share) },
    ],
    clients,
  );
}

/** Monopoly clients first and loudest: depending on one customer for a fifth of the income is a risk. */
export function concentrationBox(s: Summary): SafeHtml {
  const c = s.concentration;
  const key = formatPercentPoints(c.keyClientShare * 100);
  const mono = formatPercentPoints(c.monopolyClientShare * 100);
  const monopolyIds = new Set(c.monopolyClients.map((m) => m.customerId));
  if (c.monopolyClients.length > 0) {
    return html`<section class="box risk" id="concentration-risk">
<h2>Dependency risk: ${c.monopolyClients.length === 1 ? "one customer makes" : `${c.monopolyClients.length} customers each make`} ≥ ${mono} of the ${s.measure}</h2>
${c.monopolyClients.map((m) => html`<p><strong>${m.customerId}${m.name === null ? "" : html` ${m.name}`}</strong>: ${formatMoney(m.value)}, ${formatPercent(m.share)} of the total.</p>`)}
<p>Key clients (≥ ${key} of value each):</p>
${clientTable(c.keyClients, monopolyIds)}
</section>`;
  }
  if (c.keyClients.length > 0) {
    return html`<section class="box warn" id="concentration-risk">
<h2>Key clients: ${formatCount(c.keyClients.length)} ${c.keyClients.length === 1 ? "customer makes" : "customers each make"} ≥ ${key} of the ${s.measure}</h2>
${clientTable(c.keyClients, monopolyIds)}
</section>`;
  }
  return html`<section class="box ok" id="concentration-risk"><h2>No key clients</h2><p>No customer makes ${key} or more of the ${s.measure}.</p></section>`;
}

/** The Pareto curve beside the concentration figures. */
export function paretoSection(s: Summary): SafeHtml {
  const c = s.concentration;
  return html`<section id="pareto">
<h2>Concentration: the Pareto curve</h2>
<div class="two"><div id="chart-pareto" class="chart"></div><div>
${factsTable([
  ["Customers for 80% of value", formatCount(c.customersFor80)],
  ["… as share of active customers", formatPercent(c.customersFor80Share)],
  ["Share of the top 1", formatPercent(c.top1Share)],
  ["Share of the top 5", formatPercent(c.top5Share)],
  ["Share of the top 10", formatPercent(c.top10Share)],
  ["Share of the top 20%", formatPercent(c.top20PercentShare)],
  ["Gini coefficient (0 … 1)", formatFixed(c.gini, 3)],
  ["HHI (0 … 1)", formatFixed(c.hhi, 4)],
  ["Active customers", formatCount(c.activeCustomers)],
  ["Total value", formatMoney(c.totalValue)],
])}
</div></div>
</section>`;
}

/** The customer pyramid: chart and table. */
export function pyramidSection(s: Summary): SafeHtml {
  type Layer = Summary["pyramid"]["layers"][number];
  const ranked = (l: Layer): boolean => ACTIVE_LAYERS.includes(l.layer);
  return html`<section id="pyramid">
<h2>Customer pyramid</h2>
<p class="muted">Active customers by rank: Top ${formatPercentPoints(s.pyramid.cuts[0])}, Big up to ${formatPercentPoints(s.pyramid.cuts[1])}, Medium up to ${formatPercentPoints(s.pyramid.cuts[2])}, Small the rest.</p>
<div class="two table-wide"><div id="chart-pyramid" class="chart tall"></div><div>
${htmlTable<Layer>(
  "layers",
  [
    {
      header: "Layer",
      className: "nowrap",
      cell: (l) => html`<span class="swatch" style="background:${PYRAMID_COLORS[l.layer]}"></span>${l.label}`,
    },
    { header: "Customers", num: true, cell: (l) => formatCount(l.customers) },
    {
      header: "% of active",
      num: true,
      cell: (l) => (l.customersShareOfActive === null ? "" : formatPercent(l.customersShareOfActive)),
    },
    { header: "% of all", num: true, cell: (l) => formatPercent(l.customersShare) },
    { header: "Value", num: true, cell: (l) => formatMoney(l.value) },
    { header: "% value", num: true, cell: (l) => (ranked(l) ? formatPercent(l.valueShare) : "") },
  ],
  s.pyramid.layers,
)}
</div></div>
</section>`;
}

/** ABC classes: chart and table with a total row. */
export function abcSection(s: Summary): SafeHtml {
  type Class = Summary["abc"]["classes"][number];
  const classes = s.abc.classes;
  return html`<section id="abc">
<h2>ABC classes by ${s.measure}</h2>
<div class="two even"><div id="chart-abc" class="chart short"></div><div>
${htmlTable<Class>(
  "classes",
  [
    { header: "Class", cell: (c) => html`<strong>${c.label}</strong>` },
    { header: "Up to", num: true, cell: (c) => formatPercentPoints(c.upTo) },
    { header: "Customers", num: true, cell: (c) => formatCount(c.customers) },
    { header: "% customers", num: true, cell: (c) => formatPercent(c.customersShare) },
    { header: "Value", num: true, cell: (c) => formatMoney(c.value) },
    { header: "% value", num: true, cell: (c) => formatPercent(c.valueShare) },
  ],
  classes,
  abcTotalRow(classes),
)}
</div></div>
</section>`;
}

/** The top customers with their figures. */
export function topCustomersSection(s: Summary): SafeHtml {
  const rows = s.topCustomers;
  const hasMargin = rows.some((r) => r.margin !== null);
  const money = (x: number | null): string => (x === null ? "" : formatMoney(x));
  const cols: Column<CustomerRow>[] = [
    { header: "Rank", num: true, cell: (r) => (r.rank === null ? "" : formatCount(r.rank)) },
    { header: "Customer", className: "id", cell: (r) => r.customer_id },
    { header: "Name", className: "name", cell: (r) => r.name ?? "" },
    { header: "ABC", cell: (r) => r.abc ?? "" },
    { header: "Layer", cell: (r) => layerLabel(r.pyramid) },
    { header: "Value", num: true, cell: (r) => formatMoney(r.value) },
    { header: "Share", num: true, cell: (r) => (r.share === null ? "" : formatPercent(r.share)) },
    {
      header: "Cumulative",
      num: true,
      cell: (r) => (r.cum_share === null ? "" : formatPercent(r.cum_share)),
    },
    { header: "Revenue", num: true, cell: (r) => money(r.revenue) },
    ...(hasMargin ? [{ header: "Margin", num: true, cell: (r: CustomerRow) => money(r.margin) }] : []),
    { header: "Invoices", num: true, cell: (r) => formatCount(r.invoices) },
    { header: "Last purchase", cell: (r) => r.last_date ?? "" },
  ];
  return html`<section id="top-customers">
<h2>Top ${formatCount(rows.length)} customers by ${s.measure}</h2>
${rows.length === 0 ? html`<p class="muted">No active customers in the window.</p>` : htmlTable("customers", cols, rows)}
</section>`;
}

/** Customers who bought but whose net value is ≤ 0; nothing when there are none. */
export function nonPositiveSection(s: Summary): SafeHtml {
  const np = s.nonPositive;
  if (np.customers === 0) return html``;
  const shown = np.list.slice(0, MAX_NON_POSITIVE);
  return html`<section id="non-positive">
<h2>Customers with value ≤ 0</h2>
<p class="muted">${formatCount(np.customers)} ${np.customers === 1 ? "customer" : "customers"} bought in the window but their net ${s.measure} is zero or negative (returns, credit notes), ${formatMoney(np.value)} in total. They are not ranked.</p>
${htmlTable(
  "customers",
  [
    { header: "Customer", className: "id", cell: (c) => c.customerId },
    { header: "Name", className: "name", cell: (c) => c.name ?? "" },
    { header: "Value", num: true, cell: (c) => formatMoney(c.value) },
  ],
  shown,
)}
${np.customers > shown.length ? html`<p class="muted">… and ${formatCount(np.customers - shown.length)} more in the customer export.</p>` : ""}
</section>`;
}

/** Warnings about the input; nothing when there are none. */
export function warningsSection(s: Summary): SafeHtml {
  if (s.warnings.length === 0) return html``;
  return html`<section id="warnings">
<h2>Warnings</h2>
<ul class="warnings">${s.warnings.map((w) => html`<li>${w.message}</li>`)}</ul>
</section>`;
}

/** The label of a layer name as written in customer rows ("NonPositive" → "Value ≤ 0"). */
function layerLabel(layer: string | null): string {
  if (layer === null) return "";
  return (PYRAMID_LAYERS as readonly string[]).includes(layer)
    ? PYRAMID_LABELS[layer as PyramidLayer]
    : layer;
}
