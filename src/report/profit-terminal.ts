/**
 * `strata profit` in the terminal: revenue classes beside margin classes, big customers with a thin margin,
 * the whale curve, the team's attention against income, and the client profiles.
 */
import type { Beyond } from "../core/beyond.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import { compareIds } from "../core/compare-ids.js";
import { FLAG_REASON_LABELS } from "../core/profitability.js";
import {
  cls,
  hours,
  id,
  L,
  list,
  NOT_RANKED_TEXT,
  name,
  pct,
  section,
  sum,
  sumMoney,
} from "./beyond-terminal-parts.js";
import { formatCount, formatFixed, formatMoney, formatPercent } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import { counted, INDENT, joinSections, type Palette, palette, table } from "./terminal-style.js";
import { printable } from "./text-table.js";

/** What `strata profit` prints: revenue beside margin classes, flagged customers, whale curve, attention, profiles. */
export function renderProfitTerminal(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const pr = b.profitability;
  const title = "Profitability";
  const meaning = "Revenue is not profit: a customer can bill a lot and earn us almost nothing.";
  const m = pr.margin;
  if (m.kind === "noMargin") {
    return joinSections([
      section(p, title, meaning, [p.yellow(`${INDENT}${printable(m.message)}`)]),
      attentionSection(b, p),
      profilesSection(b, p),
    ]);
  }
  const rowLabels = [...pr.revenueLabels, NOT_RANKED_TEXT];
  const colLabels = [...m.marginLabels, NOT_RANKED_TEXT];
  const counts = rowLabels.map(() => colLabels.map(() => 0));
  for (let i = 0; i < b.book.ids.length; i++) {
    const rc = pr.revenueClassOf[i] ?? NOT_RANKED;
    const mc = m.marginClassOf[i] ?? NOT_RANKED;
    const row = counts[rc === NOT_RANKED ? pr.revenueLabels.length : rc];
    const k = mc === NOT_RANKED ? m.marginLabels.length : mc;
    if (row) row[k] = (row[k] ?? 0) + 1;
  }
  const cross = table(
    [L("left", "Revenue \\ margin"), ...colLabels.map((l) => L("right", printable(l))), L("right", "total")],
    rowLabels.map((l, r) => {
      const row = counts[r] ?? [];
      return [printable(l), ...row.map((n) => (n === 0 ? "·" : formatCount(n))), formatCount(sum(row))];
    }),
    p,
  );
  const notes: string[] = [];
  if (m.notProfitable > 0)
    notes.push(
      `${INDENT}${counted(m.notProfitable, "customer")} with margin 0 or below (not ranked on margin).`,
    );
  if (m.marginUnknown > 0)
    notes.push(`${INDENT}${counted(m.marginUnknown, "customer")} with margin unknown.`);
  const floor = formatPercent(pr.settings.marginFloor, 1);
  const flagged = section(
    p,
    `Big billing, thin margin: ${formatCount(m.flagged.length)}`,
    `Customers of the top revenue classes whose margin is in the lowest class, zero or below, or under ${floor}.`,
    list(
      m.flagged,
      15,
      [
        L("left", "Customer"),
        L("left", "Name"),
        L("left", "Revenue class"),
        L("left", "Margin class"),
        L("right", "Revenue"),
        L("right", "Margin"),
        L("right", "Margin %"),
        L("left", "Why"),
      ],
      (f) => [
        id(f.id),
        name(f.name),
        printable(f.revenueClass),
        cls(f.marginClass),
        formatMoney(f.revenue),
        formatMoney(f.margin),
        pct(f.marginPercent),
        f.reasons.map((k) => FLAG_REASON_LABELS[k]).join("; "),
      ],
      p,
    ),
  );
  return joinSections([
    section(p, title, meaning, [`${INDENT}Customers by revenue class and margin class:`, ...cross, ...notes]),
    flagged,
    whaleSection(b, p),
    attentionSection(b, p),
    profilesSection(b, p),
  ]);
}

function whaleSection(b: Beyond, p: Palette): string[] {
  const m = b.profitability.margin;
  if (m.kind !== "margin") return [];
  const w = m.whale;
  const onCurve = w.order.length;
  const after = onCurve - w.peak.customers;
  const lost = sumMoney([w.peak.margin, -w.totalMargin]);
  const lines: string[] = [];
  if (w.peak.customers === 0) lines.push(`${INDENT}No customer has a margin above 0.`);
  else if (w.peak.share === null)
    lines.push(
      `${INDENT}The most profitable ${formatCount(w.peak.customers)} earn ${formatMoney(w.peak.margin)}, and the rest lose all of it: total margin is ${formatMoney(w.totalMargin)}.`,
    );
  else
    lines.push(
      `${INDENT}Peak: the most profitable ${counted(w.peak.customers, "customer")} earn ${formatMoney(w.peak.margin)}, ${formatPercent(w.peak.share)} of the total margin.`,
    );
  lines.push(
    `${INDENT}Total margin: ${formatMoney(w.totalMargin)} from ${counted(onCurve, "customer")} (${formatCount(w.profitable)} profitable, ${formatCount(w.breakEven)} break even, ${formatCount(w.lossMaking)} loss-making).`,
  );
  if (w.peak.customers > 0)
    lines.push(
      `${INDENT}Lost after the peak: ${formatMoney(lost)} by the ${counted(after, "customer")} ranked below it.`,
    );
  return section(
    p,
    "Whale curve",
    "Customers ranked by margin: cumulative margin climbs to a peak, then loss makers pull it back down.",
    lines,
  );
}

function attentionSection(b: Beyond, p: Palette): string[] {
  const a = b.profitability.attention;
  const title = "Attention against income";
  const meaning =
    "Share of the team's time against share of value per class: an index above 1 means the class takes more time than it brings in.";
  if (!a.measured) {
    const why =
      a.reason === "noActivities"
        ? "no activities were given (give them with --activities FILE)"
        : "the activities carry no hours";
    return section(p, title, meaning, [`${INDENT}Not measured: ${why}.`]);
  }
  const rows = a.classes.map((c) => [
    cls(c.label),
    formatCount(c.customers),
    hours(c.hours),
    formatPercent(c.timeShare),
    c.label === null ? "-" : formatPercent(c.valueShare),
    c.attentionIndex === null ? "-" : formatFixed(c.attentionIndex, 2),
  ]);
  return section(p, title, meaning, [
    ...table(
      [
        L("left", "Class"),
        L("right", "Customers"),
        L("right", "Hours"),
        L("right", "% time"),
        L("right", "% value"),
        L("right", "Index"),
      ],
      rows,
      p,
    ),
    `${INDENT}${hours(a.totalHours)} hours over ${counted(a.attendedCustomers, "customer")}, ${hours(a.meanHours)} on average.`,
  ]);
}

function profilesSection(b: Beyond, p: Palette): string[] {
  const { book, profitability: pr } = b;
  const pf = pr.profiles;
  const a = pr.attention;
  const lines = [
    `${INDENT}VIP ${formatCount(pf.counts.vip)}, regular ${formatCount(pf.counts.regular)}, problem ${formatCount(pf.counts.problem)}${pf.notClients > 0 ? `; ${counted(pf.notClients, "prospect or suspect", "prospects or suspects")} not profiled` : ""}.`,
  ];
  if (pf.rule === "valueOnly") {
    lines.push(`${INDENT}Attention is not measured, so nobody is called a problem client.`);
    return section(p, "Client profiles", PROFILE_MEANING, lines);
  }
  const problems = book.ids.map((_, i) => i).filter((i) => pf.profile[i] === "problem");
  const h = (i: number) => (a.measured ? (a.hours[i] ?? 0) : 0);
  problems.sort((x, y) => h(y) - h(x) || compareIds(book.ids[x] ?? "", book.ids[y] ?? ""));
  lines.push(
    "",
    `${INDENT}Problem clients: ${formatCount(problems.length)}`,
    ...list(
      problems,
      15,
      [
        L("left", "Customer"),
        L("left", "Name"),
        L("left", "Class"),
        L("right", "Hours"),
        L("right", "% time"),
        L("right", "% value"),
      ],
      (i) => [
        id(book.ids[i] ?? ""),
        name(book.name[i]),
        cls(book.abc[i]),
        hours(h(i)),
        a.measured ? formatPercent(a.timeShare[i] ?? 0) : "-",
        formatPercent(a.valueShare[i] ?? 0),
      ],
      p,
    ),
  );
  return section(p, "Client profiles", PROFILE_MEANING, lines);
}

const PROFILE_MEANING =
  "VIP: the top class, the main income; problem: minimum income for maximum attention; regular: everyone else.";
