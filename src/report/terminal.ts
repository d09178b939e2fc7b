import type { ClientLine, CustomerListSummary, DataSummary, Summary } from "../core/summary.js";
import { abcTotalRow } from "./abc-total.js";
import { formatCount, formatFixed, formatMoney, formatPercent, formatPercentPoints } from "./format.js";
import {
  INDENT,
  indent,
  joinSections,
  type Palette,
  palette,
  plural,
  rejectLines,
  table,
} from "./terminal-style.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

/** Options of the terminal report. */
export interface TerminalOptions {
  /** Emphasis with ANSI colours; leave off when stdout is not a terminal. */
  color?: boolean;
}

/** Customers listed in the "value ≤ 0" section. */
const MAX_LISTED = 10;
/** Names are cut so that one long name does not push a whole table off the screen. */
const NAME_WIDTH = 36;

/** The report `strata analyze` prints: every figure of the summary as aligned plain text, ending in a newline. */
export function renderTerminal(summary: Summary, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const reading = readingSections(summary, p);
  return joinSections([
    ...reading.before,
    abcSection(summary, p),
    predictedSection(summary, p),
    pyramidSection(summary, p),
    concentrationSection(summary, p),
    nonPositiveSection(summary, p),
    ...reading.after,
  ]);
}

/**
 * What a run read and how, without the classification: the data summary (read, used, outside the window,
 * rejected with examples), the mapping, the window, the customer list and the warnings. Commands whose
 * result is something else (migrate, trend) print it first, so every run reports what it read.
 */
export function renderReadingTerminal(summary: Summary, opts: TerminalOptions = {}): string {
  const reading = readingSections(summary, palette(opts.color === true));
  return joinSections([...reading.before, ...reading.after]);
}

/** The sections about reading: those shown before the classification tables and those after them. */
function readingSections(s: Summary, p: Palette): { before: string[][]; after: string[][] } {
  return {
    before: [
      [p.bold(`Strata ${s.strata.version}: ${printable(s.data.file)}`)],
      dataSection(s.data, p),
      mappingSection("Columns used", s.mapping, p),
      windowSection(s, p),
    ],
    after: [s.customerList === null ? [] : customerListSection(s.customerList, p), warningsSection(s, p)],
  };
}

function warningsSection(s: Summary, p: Palette): string[] {
  if (s.warnings.length === 0) return [];
  return [p.bold("Warnings"), ...s.warnings.map((w) => p.yellow(`${INDENT}! ${printable(w.message)}`))];
}

function dataSection(d: DataSummary, p: Palette): string[] {
  const reading = Object.entries(d.reading).map(([k, v]) => `${k}: ${printable(v)}`);
  const facts: string[][] = [
    ["Lines read", formatCount(d.linesRead), ""],
    ["Lines used", formatCount(d.linesUsed), ""],
    [
      "Without customer",
      formatCount(d.linesWithoutCustomer),
      `revenue ${formatMoney(d.revenueWithoutCustomer)}`,
    ],
    [
      "Outside the window",
      formatCount(d.linesOutsideWindow),
      `${formatCount(d.linesBeforeWindow)} before it, ${formatCount(d.linesAfterAsOf)} after the as-of date`,
    ],
    ["Rejected", formatCount(d.linesRejected), ""],
    ["Customers seen", formatCount(d.customersSeen), ""],
  ];
  const cols: TextColumn[] = [
    { header: "", align: "left" },
    { header: "", align: "right" },
    { header: "", align: "left" },
  ];
  return [
    p.bold(`Data: ${printable(d.file)} (${[d.format, ...reading].join(", ")})`),
    ...indent(textTable(cols, facts)),
    `${INDENT}Invoice dates from ${d.firstDate ?? "-"} to ${d.lastDate ?? "-"}`,
    ...rejectLines(d.rejects, "line", p),
  ];
}

function mappingSection(title: string, mapping: Record<string, string>, p: Palette): string[] {
  const rows = Object.entries(mapping).map(([field, column]) => [field, printable(column)]);
  const cols: TextColumn[] = [
    { header: "Field", align: "left" },
    { header: "Column", align: "left" },
  ];
  return [p.bold(title), ...(rows.length === 0 ? [`${INDENT}(none)`] : table(cols, rows, p))];
}

function windowSection(s: Summary, p: Palette): string[] {
  const w = s.window;
  const asOfFrom = w.asOfSource === "option" ? "as given" : "the latest invoice date";
  const measureFrom = s.measureSource === "option" ? "as chosen" : "the default for this data";
  return [
    `${p.bold("Window")}   ${w.firstDay} … ${w.lastDay} (${w.horizon}), as of ${w.asOf} (${asOfFrom})`,
    s.measure === "predicted"
      ? `${p.bold("Measure")}  customers ranked by the value predicted for the next ${s.predicted?.horizon ?? w.horizon} (${s.predicted?.model ?? "lifetime-value model"}, fitted on every purchase up to ${w.asOf})`
      : `${p.bold("Measure")}  customers ranked by ${s.measure} (${measureFrom})`,
  ];
}

/** With --measure predicted: the model and the predicted classes beside the current ones. */
function predictedSection(s: Summary, p: Palette): string[] {
  const d = s.predicted;
  if (d === undefined) return [];
  const b = d.bgnbd;
  const g = d.gammaGamma;
  const fit = [
    `${INDENT}BG/NBD r ${formatFixed(b.r, 3)}, α ${formatFixed(b.alpha, 3)}, a ${formatFixed(b.a, 3)}, b ${formatFixed(b.b, 3)}, log-likelihood ${formatFixed(b.logLikelihood, 1)}${b.converged ? "" : p.yellow(" (did not converge)")}`,
    g === null
      ? `${INDENT}Gamma-Gamma not fitted (too few repeat purchases): the mean repeat value is used`
      : `${INDENT}Gamma-Gamma p ${formatFixed(g.p, 3)}, q ${formatFixed(g.q, 3)}, γ ${formatFixed(g.gamma, 3)}${g.converged ? "" : p.yellow(" (did not converge)")}`,
  ];
  const cols: TextColumn[] = [
    { header: "Now \\ predicted", align: "left" },
    ...d.classes.map((c): TextColumn => ({ header: c, align: "right" })),
  ];
  const rows = d.classes.map((r) => [r, ...d.classes.map((c) => formatCount(d.crosstab[r]?.[c] ?? 0))]);
  return [
    p.bold(`Predicted: the next ${d.horizon}`),
    `${INDENT}${formatCount(d.customers)} customers with a purchase history: predicted value ${formatMoney(d.predictedValue)} against ${formatMoney(d.currentRevenue)} of revenue in the window.`,
    ...fit,
    `${INDENT}Customers by class on revenue now (rows) and class on predicted value (columns); "-" is not ranked.`,
    ...table(cols, rows, p),
  ];
}

function abcSection(s: Summary, p: Palette): string[] {
  const cols: TextColumn[] = [
    { header: "Class", align: "left" },
    { header: "Up to", align: "right" },
    { header: "Customers", align: "right" },
    { header: "% customers", align: "right" },
    { header: "Value", align: "right" },
    { header: "% value", align: "right" },
  ];
  const classes = s.abc.classes;
  const rows = classes.map((c) => [
    c.label,
    formatPercentPoints(c.upTo),
    formatCount(c.customers),
    formatPercent(c.customersShare),
    formatMoney(c.value),
    formatPercent(c.valueShare),
  ]);
  rows.push(abcTotalRow(classes));
  return [p.bold(`ABC classes by ${s.measure}`), ...table(cols, rows, p)];
}

function pyramidSection(s: Summary, p: Palette): string[] {
  const cols: TextColumn[] = [
    { header: "Layer", align: "left" },
    { header: "Customers", align: "right" },
    { header: "% of active", align: "right" },
    { header: "% of all", align: "right" },
    { header: "Value", align: "right" },
    { header: "% value", align: "right" },
  ];
  const rows = s.pyramid.layers.map((l) => {
    const active = l.customersShareOfActive !== null;
    return [
      l.label,
      formatCount(l.customers),
      active ? formatPercent(l.customersShareOfActive ?? 0) : "",
      formatPercent(l.customersShare),
      formatMoney(l.value),
      // Shares of value only mean something for the ranked layers, whose values sum to the total.
      active ? formatPercent(l.valueShare) : "",
    ];
  });
  const cuts = s.pyramid.cuts.map(formatPercentPoints).join(", ");
  return [p.bold(`Customer pyramid (cuts at ${cuts} of active customers)`), ...table(cols, rows, p)];
}

function concentrationSection(s: Summary, p: Palette): string[] {
  const c = s.concentration;
  const facts = [
    [
      "Customers for 80% of value",
      `${formatCount(c.customersFor80)} of ${formatCount(c.activeCustomers)} active (${formatPercent(c.customersFor80Share)})`,
    ],
    [
      "Top 1 / 5 / 10 customers",
      [c.top1Share, c.top5Share, c.top10Share].map((x) => formatPercent(x)).join(" / "),
    ],
    ["Top 20% of customers", formatPercent(c.top20PercentShare)],
    ["Total value", formatMoney(c.totalValue)],
    ["Gini", formatFixed(c.gini, 3)],
    ["HHI", formatFixed(c.hhi, 4)],
  ];
  const cols: TextColumn[] = [
    { header: "", align: "left" },
    { header: "", align: "left" },
  ];
  const out = [p.bold("Concentration"), ...monopolyWarning(c, p), ...indent(textTable(cols, facts)), ""];
  const keyTitle = `Key clients (≥ ${formatPercentPoints(c.keyClientShare * 100)} of value each)`;
  if (c.keyClients.length === 0) out.push(`${INDENT}${keyTitle}: none`);
  else {
    const monopolyIds = new Set(c.monopolyClients.map((m) => m.customerId));
    out.push(`${INDENT}${keyTitle}: ${formatCount(c.keyClients.length)}`);
    out.push(
      ...indent(clientTable(c.keyClients, p, (k) => (monopolyIds.has(k.customerId) ? "monopoly" : ""))),
    );
  }
  return out;
}

/** A monopoly client is a dependency risk: it opens the section so that it stands out even in a long scroll-back. */
function monopolyWarning(c: Summary["concentration"], p: Palette): string[] {
  const n = c.monopolyClients.length;
  if (n === 0) return [];
  const bound = formatPercentPoints(c.monopolyClientShare * 100);
  return [
    p.red(
      `${INDENT}!! DEPENDENCY RISK: ${formatCount(n)} monopoly ${plural(n, "client")} (≥ ${bound} of value each)`,
    ),
    ...c.monopolyClients.map((m) =>
      p.red(`${INDENT}!!   ${clientName(m)}: ${formatMoney(m.value)}, ${formatPercent(m.share)} of value`),
    ),
    "",
  ];
}

function clientName(c: ClientLine): string {
  const id = printable(c.customerId);
  return c.name === null ? id : `${id} ${truncate(printable(c.name), NAME_WIDTH)}`;
}

function clientTable(clients: readonly ClientLine[], p: Palette, flag: (c: ClientLine) => string): string[] {
  const cols: TextColumn[] = [
    { header: "Customer", align: "left" },
    { header: "Name", align: "left" },
    { header: "Value", align: "right" },
    { header: "Share", align: "right" },
    { header: "", align: "left" },
  ];
  const rows = clients.map((c) => [
    printable(c.customerId),
    truncate(printable(c.name ?? ""), NAME_WIDTH),
    formatMoney(c.value),
    formatPercent(c.share),
    flag(c),
  ]);
  return table(cols, rows, p);
}

function nonPositiveSection(s: Summary, p: Palette): string[] {
  const np = s.nonPositive;
  if (np.customers === 0) return [];
  const cols: TextColumn[] = [
    { header: "Customer", align: "left" },
    { header: "Name", align: "left" },
    { header: "Value", align: "right" },
  ];
  const shown = np.list.slice(0, MAX_LISTED);
  const rows = shown.map((c) => [
    printable(c.customerId),
    truncate(printable(c.name ?? ""), NAME_WIDTH),
    formatMoney(c.value),
  ]);
  const out = [
    p.bold(
      `Customers with value ≤ 0 (not ranked): ${formatCount(np.customers)}, total ${formatMoney(np.value)}`,
    ),
    ...table(cols, rows, p),
  ];
  if (np.customers > shown.length)
    out.push(p.dim(`${INDENT}… ${formatCount(np.customers - shown.length)} more`));
  return out;
}

function customerListSection(l: CustomerListSummary, p: Palette): string[] {
  const facts = [
    ["Rows read", formatCount(l.rowsRead)],
    ["Rows used", formatCount(l.rowsUsed)],
    ["Rows rejected", formatCount(l.rowsRejected)],
    ["Listed, without invoices", formatCount(l.listedWithoutInvoices)],
    ["Invoiced, not listed", formatCount(l.invoicedNotListed)],
  ];
  const statuses = Object.entries(l.statuses).map(([k, n]) => `${printable(k)} ${formatCount(n)}`);
  const cols: TextColumn[] = [
    { header: "", align: "left" },
    { header: "", align: "right" },
  ];
  return [
    p.bold(`Customer list: ${printable(l.file)}`),
    ...indent(textTable(cols, facts)),
    ...(statuses.length === 0 ? [] : [`${INDENT}Statuses: ${statuses.join(", ")}`]),
    ...rejectLines(l.rejects, "row", p),
    ...rejectLines(l.valueProblems ?? [], "row", p, "Kept"),
    ...indent(mappingSection("Columns used", l.mapping, p)),
  ];
}
