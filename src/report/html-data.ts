import type { LineExample, RejectReason, Summary } from "../core/summary.js";
import { formatCount, formatFixed, formatMoney, formatPercent } from "./format.js";
import { factsTable, htmlTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";

/** The report header: title, file, window, measure, and the key figures a reader looks at first. */
export function headerSection(s: Summary, title: string, generatedAt: string | undefined): SafeHtml {
  const w = s.window;
  const c = s.concentration;
  const kpi = (label: string, figure: string, note: string): SafeHtml =>
    html`<div class="kpi"><div class="label">${label}</div><div class="figure">${figure}</div><div class="note">${note}</div></div>`;
  return html`<header>
<h1>${title}</h1>
<p class="subtitle">${s.data.file}</p>
<dl class="meta">
<dt>Window</dt><dd>${w.firstDay} to ${w.lastDay} (${w.horizon}), as of ${w.asOf} (${w.asOfSource === "option" ? "as given" : "latest invoice date"})</dd>
<dt>Measure</dt><dd>customers ranked by <strong>${s.measure}</strong> (${s.measureSource === "option" ? "as chosen" : "default for this data"})</dd>
${generatedAt === undefined ? "" : html`<dt>Generated</dt><dd>${generatedAt}</dd>`}
</dl>
</header>
<div class="kpis">
${kpi("Active customers", formatCount(c.activeCustomers), `value > 0 in the window`)}
${kpi(`Total ${s.measure}`, formatMoney(c.totalValue), "of active customers")}
${kpi("Customers for 80%", formatCount(c.customersFor80), `${formatPercent(c.customersFor80Share)} of active customers`)}
${kpi("Largest customer", formatPercent(c.top1Share), `top 10: ${formatPercent(c.top10Share)}`)}
${kpi("Gini", formatFixed(c.gini, 3), `HHI ${formatFixed(c.hhi, 4)}`)}
</div>`;
}

function example(e: LineExample): SafeHtml {
  return html`<li>line ${e.line}${e.column === null ? "" : html`, column <code>${e.column}</code>`}${e.value === null ? "" : html`: <code>'${e.value}'</code>`}</li>`;
}

function rejectList(rejects: readonly RejectReason[], unit: "line" | "row", heading = "Rejected"): SafeHtml {
  if (rejects.length === 0) return html``;
  return html`<h3>${heading} ${unit}s</h3>
<ul class="rejects">${rejects.map(
    (r) =>
      html`<li><strong>${r.reason}</strong>: ${formatCount(r.count)} ${r.count === 1 ? unit : `${unit}s`}<ul>${r.examples.map(example)}${r.count > r.examples.length ? html`<li>… ${formatCount(r.count - r.examples.length)} more</li>` : ""}</ul></li>`,
  )}</ul>`;
}

function mappingTable(mapping: Record<string, string>): SafeHtml {
  return htmlTable(
    "mapping",
    [
      { header: "Field", cell: (r) => r[0] },
      { header: "Column", cell: (r) => html`<code>${r[1]}</code>` },
    ],
    Object.entries(mapping),
  );
}

/** What was read and how: line counts, rejects with examples, the column mapping, the customer list. */
export function dataSection(s: Summary): SafeHtml {
  const d = s.data;
  const list = s.customerList;
  const reading = Object.entries(d.reading).map(([k, v]) => `${k}: ${v}`);
  return html`<section id="data">
<h2>Data</h2>
<p class="muted">${d.file} (${[d.format, ...reading].join(", ")}); invoice dates ${d.firstDate ?? "-"} to ${d.lastDate ?? "-"}.</p>
<div class="two"><div>
${factsTable([
  ["Lines read", formatCount(d.linesRead)],
  ["Lines used", formatCount(d.linesUsed)],
  [
    "Lines without customer",
    formatCount(d.linesWithoutCustomer),
    `revenue ${formatMoney(d.revenueWithoutCustomer)}`,
  ],
  [
    "Lines outside the window",
    formatCount(d.linesOutsideWindow),
    `${formatCount(d.linesBeforeWindow)} before, ${formatCount(d.linesAfterAsOf)} after the as-of date`,
  ],
  ["Lines rejected", formatCount(d.linesRejected)],
  ["Customers seen", formatCount(d.customersSeen)],
])}
${rejectList(d.rejects, "line")}
</div><div>
<h3>Columns used</h3>
${mappingTable(s.mapping)}
</div></div>
${
  list === null
    ? ""
    : html`<h3>Customer list: ${list.file}</h3>
<div class="two"><div>
${factsTable([
  ["Rows read", formatCount(list.rowsRead)],
  ["Rows used", formatCount(list.rowsUsed)],
  ["Rows rejected", formatCount(list.rowsRejected)],
  ["Listed, without invoices", formatCount(list.listedWithoutInvoices)],
  ["Invoiced, not listed", formatCount(list.invoicedNotListed)],
  ...Object.entries(list.statuses).map(([k, n]) => [`Status ${k}`, formatCount(n)] as const),
])}
${rejectList(list.rejects, "row")}
${rejectList(list.valueProblems ?? [], "row", "Kept, with an unusable value:")}
</div><div>
<h3>Columns used</h3>
${mappingTable(list.mapping)}
</div></div>`
}
</section>`;
}
