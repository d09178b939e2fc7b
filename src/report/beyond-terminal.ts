/**
 * Beyond billing in the terminal (issue 4): potential, profitability, strategy, coverage, what the activities
 * and reps files gave, `--by` groups, and the short brief at the end of `strata analyze`. Written for a sales
 * director on Monday morning: every section opens with one sentence of what it means, lists are cut to their
 * top, and data text goes through printable() so a name cannot move the cursor.
 */
import type { ActivitiesSummary, Beyond, Groups, RepsSummary } from "../core/beyond.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import { compareIds } from "../core/compare-ids.js";
import { UNRANKED } from "../core/coverage-types.js";
import { assertNever } from "../core/errors.js";
import { toUnits } from "../core/money-units.js";
import type { WalletItem } from "../core/potential.js";
import { POTENTIAL_ACTION_LABELS } from "../core/potential-matrix.js";
import { FLAG_REASON_LABELS } from "../core/profitability.js";
import type { RejectReason } from "../core/summary.js";
import { bookOrder } from "./beyond-csv.js";
import { formatCount, formatFixed, formatMoney, formatNumber, formatPercent, roundTo } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

type Style = (s: string) => string;
interface Palette {
  bold: Style;
  dim: Style;
  yellow: Style;
}

/** The commands that show each area in full, named in the brief. */
export const BEYOND_COMMANDS = {
  potential: "strata potential",
  profit: "strata profit",
  strategy: "strata strategy",
  coverage: "strata coverage",
} as const;

const INDENT = "  ";
/** Names and ids are cut so that one long name does not push a list off the screen. */
const NAME_WIDTH = 28;
const ID_WIDTH = 16;
const MAX_EXAMPLES = 5;
const NOT_RANKED_TEXT = "not ranked";

function palette(color: boolean): Palette {
  const sgr =
    (code: string): Style =>
    (s) =>
      color ? `\u001b[${code}m${s}\u001b[0m` : s;
  return { bold: sgr("1"), dim: sgr("2"), yellow: sgr("33") };
}

const L = (align: "left" | "right", header = ""): TextColumn => ({ header, align });

function joinSections(sections: readonly (readonly string[])[]): string {
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join("\n"))
    .join("\n\n")}\n`;
}

function indent(lines: readonly string[], depth = 1): string[] {
  return lines.map((l) => (l === "" ? l : INDENT.repeat(depth) + l));
}

/** A title, the sentence that says what the section means, then its lines. */
function section(p: Palette, title: string, meaning: string, body: readonly string[]): string[] {
  return [p.bold(title), `${INDENT}${meaning}`, ...body];
}

/** A table with a bold header line, indented. */
function table(columns: readonly TextColumn[], rows: readonly (readonly string[])[], p: Palette): string[] {
  const [head = "", ...body] = indent(textTable(columns, rows));
  return [p.bold(head), ...body];
}

/** Label / value lines without a header. */
function facts(rows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const cols = Array.from({ length: width }, (_, k) => L(k === 1 ? "right" : "left"));
  return indent(textTable(cols, rows));
}

/** The first `limit` rows of a list as a table, with "… n more" when it was cut. */
function list<T>(
  items: readonly T[],
  limit: number,
  columns: readonly TextColumn[],
  row: (x: T) => string[],
  p: Palette,
): string[] {
  if (items.length === 0) return [`${INDENT}none`];
  const out = table(columns, items.slice(0, limit).map(row), p);
  if (items.length > limit) out.push(p.dim(`${INDENT}… ${formatCount(items.length - limit)} more`));
  return out;
}

const id = (s: string): string => truncate(printable(s), ID_WIDTH);
const name = (s: string | null | undefined): string => truncate(printable(s ?? ""), NAME_WIDTH);
const cls = (s: string | null | undefined): string => printable(s ?? NOT_RANKED_TEXT);
const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : formatPercent(x);
/** Hours or contacts with only the decimals they need, at most `max`: 34 → "34", 8.25 → "8.25"; unknown "-". */
function amount(x: number | null | undefined, max: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  let d = 0;
  while (d < max && roundTo(x, d) !== roundTo(x, max)) d++;
  return formatNumber(x, d);
}
const hours = (x: number | null | undefined): string => amount(x, 2);
const contacts = (x: number | null | undefined): string => amount(x, 1);
const plural = (n: number, one: string, many = `${one}s`): string => (n === 1 ? one : many);
const counted = (n: number, one: string, many?: string): string =>
  `${formatCount(n)} ${plural(n, one, many)}`;

/** "A" or "A and B" or "A, B and C". */
function labelList(labels: readonly string[]): string {
  const ls = labels.map(printable);
  return ls.length <= 1 ? (ls[0] ?? "") : `${ls.slice(0, -1).join(", ")} and ${ls.at(-1)}`;
}

/** Money summed exactly, in units of 1/10 000. */
function sumMoney(xs: Iterable<number>): number {
  let u = 0;
  for (const x of xs) u += toUnits(x);
  return u / 10_000;
}

// ---------------------------------------------------------------------------------------------------------
// Potential

const WALLET_COLUMNS: TextColumn[] = [
  L("left", "Customer"),
  L("left", "Name"),
  L("left", "Value class"),
  L("left", "Potential class"),
  L("right", "Revenue"),
  L("right", "Potential"),
  L("right", "Share of wallet"),
  L("right", "Gap"),
];

const walletRow = (w: WalletItem): string[] => [
  id(w.id),
  name(w.name),
  cls(w.valueClass),
  printable(w.potentialClass),
  formatMoney(w.revenue),
  formatMoney(w.potential),
  formatPercent(w.shareOfWallet),
  formatMoney(w.gap),
];

/** What `strata potential` prints: counts, the value × potential matrix, the prospective and competitors lists. */
export function renderPotentialTerminal(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const r = b.potential;
  const c = r.counts;
  const title = "Potential and share of wallet";
  const meaning =
    "What each customer could buy from us in a year against what they buy now: growth sits where potential is high and share of wallet low.";
  if (!r.hasPotential) {
    const why =
      c.potentialNotPositive > 0
        ? `no customer has a potential above 0 (${counted(c.potentialNotPositive, "customer")} with 0 or less)`
        : "the customer list has no potential column";
    return joinSections([
      section(p, title, meaning, [
        p.yellow(
          `${INDENT}No potential: ${why}. Map it with --customers-map potential=<column> to get share of wallet and the matrix.`,
        ),
      ]),
    ]);
  }
  const s = r.settings;
  const highPotential = labelList(r.potentialLabels.slice(0, s.highPotentialClasses));
  const highValue = labelList(b.book.abcLabels.slice(0, s.highValueClasses));
  const low = formatPercent(s.lowShareOfWallet, 0);
  const counts = section(p, title, meaning, [
    ...facts([
      ["Customers with a potential", `${formatCount(c.withPotential)} of ${formatCount(c.customers)}`],
      ["Potential unknown", formatCount(c.potentialUnknown)],
      ["Potential 0 or less", formatCount(c.potentialNotPositive)],
      ["Buying above their potential", formatCount(c.capped), "share of wallet counted as 100%"],
      ["Total potential", formatMoney(r.totalPotential)],
    ]),
  ]);
  return joinSections([
    counts,
    matrixSection(b, p),
    section(
      p,
      `Prospective customers: ${formatCount(r.prospective.length)}`,
      `Potential class ${highPotential} with a share of wallet below ${low}: where the growth is, largest gap first.`,
      list(r.prospective, 15, WALLET_COLUMNS, walletRow, p),
    ),
    section(
      p,
      `Where competitors sit: ${formatCount(r.competitors.length)}`,
      `Class ${highValue} customers buying less than ${low} of their potential from us: the rest goes to competitors.`,
      list(r.competitors, 10, WALLET_COLUMNS, walletRow, p),
    ),
  ]);
}

function matrixSection(b: Beyond, p: Palette): string[] {
  const m = b.potential.matrix;
  const columns = [L("left", "Value \\ potential"), ...m.columns.map((c) => L("left", printable(c)))];
  const rows = m.rows.map((row, r) => [
    printable(row),
    ...m.columns.map((_, k) => {
      const cell = m.cells[r * m.columns.length + k];
      if (!cell) return "";
      const action = POTENTIAL_ACTION_LABELS[cell.action];
      return cell.customers === 0
        ? `${action}: -`
        : `${action}: ${formatCount(cell.customers)}, ${formatMoney(cell.value)}`;
    }),
  ]);
  const o = m.outside;
  return section(
    p,
    "Value × potential (action: customers, value)",
    "Rows are classes by value, columns classes by potential; each cell names what to do with its customers.",
    [
      ...table(columns, rows, p),
      `${INDENT}Outside the matrix: ${counted(o.notRanked.customers, "customer")} not ranked on value with a potential (${formatMoney(o.notRanked.potential)}), ${formatCount(o.noPotential.customers)} ranked without a potential (value ${formatMoney(o.noPotential.value)}), ${formatCount(o.neither.customers)} with neither.`,
    ],
  );
}

// ---------------------------------------------------------------------------------------------------------
// Profitability

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

const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

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

// ---------------------------------------------------------------------------------------------------------
// Strategy

/** What `strata strategy` prints: category totals, tiers beside ABC, tiers that differ, customers at risk. */
export function renderStrategyTerminal(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const { book, strategy: s } = b;
  const categories = section(
    p,
    "Strategic categories",
    "Who matters beyond billing: computed categories, and those from the customer list's tags; one customer may carry several.",
    [
      ...table(
        [L("left", "Category"), L("right", "Customers"), L("right", "Value")],
        s.categoryTotals.map((c) => [
          c.custom ? `${printable(c.category)} (tag)` : c.category,
          formatCount(c.customers),
          formatMoney(c.value),
        ]),
        p,
      ),
      ...s.warnings.map((w) => p.yellow(`${INDENT}! ${printable(w.message)}`)),
    ],
  );
  const classes = [...book.abcLabels, NOT_RANKED_TEXT];
  const tiers = section(
    p,
    "Strategic tiers beside ABC (customers)",
    "The score weighs value, growth, potential and tags: the largest customer is not automatically the most strategic.",
    table(
      [
        L("left", "Tier \\ class"),
        ...classes.map((c) => L("right", printable(c))),
        L("right", "Customers"),
        L("right", "Value"),
      ],
      s.tiers.map((t) => [
        printable(t.label),
        ...classes.map((c) => {
          const n = t.byClass[c] ?? 0;
          return n === 0 ? "·" : formatCount(n);
        }),
        formatCount(t.customers),
        formatMoney(t.value),
      ]),
      p,
    ),
  );
  const differences = section(
    p,
    `Tier differs from class: ${formatCount(s.differences.length)}`,
    "Customers whose strategic weight is not their billing, better tiers first, with what moved them.",
    list(
      s.differences,
      20,
      [L("left", "Customer"), L("left", "Name"), L("right", "Score"), L("left", "Why")],
      (d) => [id(d.customerId), name(d.name), formatFixed(d.score, 3), printable(d.text)],
      p,
    ),
  );
  const atRisk = book.ids.map((_, i) => i).filter((i) => s.atRisk[i] === 1);
  const stake = (i: number) => {
    const v = book.previousValue[i] ?? Number.NaN;
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  atRisk.sort((x, y) => {
    const d = stake(y) - stake(x);
    return (Number.isNaN(d) ? 0 : d) || compareIds(book.ids[x] ?? "", book.ids[y] ?? "");
  });
  const risk = section(
    p,
    `At risk: ${formatCount(atRisk.length)}`,
    "Downgraded, value falling, or unlikely to buy again: call them before they go. Largest previous value first.",
    list(
      atRisk,
      10,
      [
        L("left", "Customer"),
        L("left", "Name"),
        L("left", "Class"),
        L("right", "Previous"),
        L("right", "Now"),
        L("left", "Why"),
      ],
      (i) => {
        const prev = book.previousValue[i] ?? Number.NaN;
        return [
          id(book.ids[i] ?? ""),
          name(book.name[i]),
          cls(book.abc[i]),
          Number.isFinite(prev) ? formatMoney(prev) : "-",
          formatMoney(book.value[i] ?? 0),
          printable((s.atRiskReasons[i] ?? []).join("; ")),
        ];
      },
      p,
    ),
  );
  return joinSections([categories, tiers, differences, risk]);
}

// ---------------------------------------------------------------------------------------------------------
// Coverage

/** What `strata coverage` prints: plan against actual per class, under- and over-served, capacity, managers. */
export function renderCoverageTerminal(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const { book, coverage: c } = b;
  const levelText: string[] = [];
  for (const [label, lv] of [
    ...c.labels.map((l) => [l, c.settings.levels[l]] as const),
    [UNRANKED, c.settings.unrankedLevel] as const,
  ]) {
    if (lv !== undefined)
      levelText.push(
        `${printable(label)} ${formatNumber(lv.contactsPerYear, 0)} × ${formatNumber(lv.hoursPerContact, 1)} h`,
      );
  }
  const levels = levelText.join(", ");
  const window =
    c.windowYears === 1 ? "the 12-month window" : `the window (${formatNumber(c.windowYears, 2)} years)`;
  const rows = [...c.classes, c.total];
  const byClass = c.hasActivities
    ? table(
        [
          L("left", "Class"),
          L("right", "Customers"),
          L("right", "Planned contacts"),
          L("right", "Actual"),
          L("right", "Planned hours"),
          L("right", "Actual"),
          L("right", "% time"),
          L("right", "% value"),
          L("right", "Under"),
          L("right", "Over"),
        ],
        rows.map((r) => [
          printable(r.label),
          formatCount(r.customers),
          contacts(r.plannedContacts),
          contacts(r.actualContacts),
          hours(r.plannedHours),
          hours(r.actualHours),
          pct(r.timeShare),
          formatPercent(r.valueShare),
          formatCount(r.status["under-served"]),
          formatCount(r.status["over-served"]),
        ]),
        p,
      )
    : [
        p.yellow(
          `${INDENT}Actual contacts and hours are unknown: no activities were given. Give them with --activities FILE (customer, date, kind, hours, rep).`,
        ),
        ...table(
          [
            L("left", "Class"),
            L("right", "Customers"),
            L("right", "Planned contacts"),
            L("right", "Planned hours"),
            L("right", "% planned time"),
            L("right", "% value"),
          ],
          rows.map((r) => [
            printable(r.label),
            formatCount(r.customers),
            contacts(r.plannedContacts),
            hours(r.plannedHours),
            formatPercent(r.plannedTimeShare),
            formatPercent(r.valueShare),
          ]),
          p,
        ),
      ];
  const plan = section(
    p,
    "Coverage",
    `Does sales time follow value? Each class has a service level (contacts a year × hours each: ${levels}); the plan over ${window} is set against what the team did.`,
    byClass,
  );
  const order = bookOrder(book);
  const st = c.customers.status;
  const under = order.filter((i) => st[i] === "under-served");
  const over = order.filter((i) => st[i] === "over-served");
  const ah = (i: number) => c.customers.actualHours[i] ?? 0;
  over.sort((x, y) => ah(y) - ah(x) || compareIds(book.ids[x] ?? "", book.ids[y] ?? ""));
  const customerColumns = [
    L("left", "Customer"),
    L("left", "Name"),
    L("left", "Class"),
    L("left", "Manager"),
    L("right", "Planned contacts"),
    L("right", "Actual"),
    L("right", "Planned hours"),
    L("right", "Actual"),
  ];
  const customerRow = (i: number) => [
    id(book.ids[i] ?? ""),
    name(book.name[i]),
    printable(c.customers.level[i] ?? ""),
    truncate(printable(book.accountManager[i] ?? ""), ID_WIDTH),
    contacts(c.customers.plannedContacts[i]),
    contacts(c.customers.actualContacts[i]),
    hours(c.customers.plannedHours[i]),
    hours(c.customers.actualHours[i]),
  ];
  const lists = c.hasActivities
    ? [
        section(
          p,
          `Under-served: ${formatCount(under.length)}`,
          "Customers of the classes that need attention who had fewer contacts than their plan; largest value first.",
          list(under, 15, customerColumns, customerRow, p),
        ),
        section(
          p,
          `Over-served: ${formatCount(over.length)}`,
          "Customers of the last class, or without a class, taking more contacts or hours than their level; most hours first.",
          list(over, 15, customerColumns, customerRow, p),
        ),
      ]
    : [];
  return joinSections([plan, ...lists, capacitySection(b, p), managersSection(b, p)]);
}

function repsSource(r: RepsSummary): string {
  switch (r.source) {
    case "file":
      return `from ${printable(r.file ?? "the reps file")}`;
    case "option":
      return "as given";
    case "account managers":
      return "one per account manager in the customer list";
    default:
      return assertNever(r.source);
  }
}

/** The gap in words: "The plan needs 2 more people" or "The team has 0.4 FTE to spare". */
export function capacityVerdict(gapPeople: number, gapFte: number, gapHours: number): string {
  const h = `${formatNumber(Math.abs(gapHours), 0)} hours a year`;
  if (gapPeople > 0)
    return `The plan needs ${counted(gapPeople, "more person", "more people")} (${formatNumber(gapFte, 1)} FTE, ${h}).`;
  if (gapHours < 0) return `The team has ${formatNumber(-gapFte, 1)} FTE to spare (${h}).`;
  return "The team has exactly the hours the plan needs.";
}

function capacitySection(b: Beyond, p: Palette): string[] {
  const k = b.coverage.capacity;
  const lines = [
    ...facts([
      ["Hours the plan needs", formatNumber(k.neededHours, 0), `${formatNumber(k.neededFte, 2)} FTE`],
      [
        "Hours the team has",
        formatNumber(k.availableHours, 0),
        `${counted(k.reps, "rep")}, ${repsSource(b.reps)}`,
      ],
      ["Hours per rep", formatNumber(k.hoursPerRep, 0), "selling hours a year of a full-time rep"],
    ]),
    `${INDENT}${p.bold(capacityVerdict(k.gapPeople, k.gapFte, k.gapHours))}`,
  ];
  if (k.reps === 0)
    lines.push(
      p.yellow(
        `${INDENT}! No reps: give the team with --reps FILE, or account managers in the customer list.`,
      ),
    );
  return section(p, "Capacity (a year)", "The hours the plan needs against the hours the team has.", lines);
}

function managersSection(b: Beyond, p: Palette): string[] {
  const c = b.coverage;
  if (c.managers.length === 0) return [];
  const labels = c.classes.map((r) => r.label);
  const rows = c.managers.map((m) => [
    m.accountManager === null ? "(none)" : truncate(printable(m.accountManager), NAME_WIDTH),
    formatCount(m.customers),
    ...labels.map((l) => formatCount(m.byClass[l] ?? 0)),
    formatMoney(m.value),
    formatNumber(m.plannedHoursPerYear, 0),
    formatNumber(m.workloadFte, 2),
    hours(m.actualHours),
    c.hasActivities ? formatCount(m.underServed) : "-",
    c.hasActivities ? formatCount(m.overServed) : "-",
  ]);
  return section(
    p,
    "Per account manager",
    "The workload of each book at the planned service levels: hours a year and the people they need.",
    table(
      [
        L("left", "Account manager"),
        L("right", "Customers"),
        ...labels.map((l) => L("right", printable(l))),
        L("right", "Value"),
        L("right", "Planned h/year"),
        L("right", "FTE"),
        L("right", "Actual hours"),
        L("right", "Under"),
        L("right", "Over"),
      ],
      rows,
      p,
    ),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Reading the activities and reps

/** What the activities file and the team gave: read, used, outside the window, rejected, kinds, unmatched ids. */
export function renderActivitiesReading(
  a: ActivitiesSummary | null,
  reps: RepsSummary,
  opts: TerminalOptions = {},
): string {
  const p = palette(opts.color === true);
  const team = teamSection(reps, p);
  if (a === null)
    return joinSections([
      [
        `${p.bold("Activities")}: none given, so actual contacts and hours are unknown (give them with --activities FILE).`,
      ],
      team,
    ]);
  const outside = a.beforeWindow + a.afterAsOf;
  const lines = [
    p.bold(`Activities: ${printable(a.file)} (dates ${printable(a.dateFormat)})`),
    `${INDENT}Visits, calls and other contacts per customer: the lines in the window count as contacts.`,
    ...facts([
      ["Lines read", formatCount(a.rowsRead), ""],
      ["Used", formatCount(a.used), `contacts in the window, of ${counted(a.customers, "customer")}`],
      [
        "Outside the window",
        formatCount(outside),
        `${formatCount(a.beforeWindow)} before it, ${formatCount(a.afterAsOf)} after the as-of date`,
      ],
      ["Rejected", formatCount(a.rowsRejected), ""],
    ]),
    ...rejectLines(a.rejects, "line", p),
  ];
  if (a.unmatchedCustomers > 0) {
    const sample = a.unmatchedSample.map((s) => printable(s)).join(", ");
    lines.push(
      p.yellow(
        `${INDENT}${counted(a.unmatchedCustomers, "customer id")} neither invoiced nor in the customer list, kept out: ${counted(a.unmatchedActivities, "activity", "activities")}, ${hours(a.unmatchedHours)} hours${sample === "" ? "" : ` (${sample}${a.unmatchedCustomers > a.unmatchedSample.length ? ", …" : ""})`}`,
      ),
    );
  }
  const mapping = Object.entries(a.mapping).map(([f, col]) => [f, printable(col)]);
  if (mapping.length > 0) lines.push("", ...table([L("left", "Field"), L("left", "Column")], mapping, p));
  if (a.kinds.length > 0)
    lines.push(
      "",
      ...table(
        [
          L("left", "Kind"),
          L("right", "Activities"),
          L("right", "Default hours used"),
          L("right", "Default hours"),
        ],
        a.kinds.map((k) => [
          printable(k.kind),
          formatCount(k.activities),
          formatCount(k.defaulted),
          hours(k.defaultHours),
        ]),
        p,
      ),
    );
  if (a.reps.length > 0)
    lines.push(
      "",
      ...table(
        [L("left", "Rep"), L("right", "Contacts"), L("right", "Hours")],
        a.reps.map((r) => [
          r.rep === null ? "(none)" : truncate(printable(r.rep), NAME_WIDTH),
          formatCount(r.contacts),
          hours(r.hours),
        ]),
        p,
      ),
    );
  return joinSections([lines, team]);
}

function teamSection(r: RepsSummary, p: Palette): string[] {
  const out = [
    `${p.bold("Team")}: ${counted(r.reps, "rep")}, ${formatNumber(r.hours, 0)} selling hours a year, ${repsSource(r)}`,
  ];
  if (r.source === "file") out.push(`${INDENT}Rows read: ${formatCount(r.rowsRead)}`);
  out.push(...rejectLines(r.rejects, "row", p));
  return out;
}

/** Reject reasons with their count and first examples (as the invoice report shows them). */
function rejectLines(rejects: readonly RejectReason[], unit: "line" | "row", p: Palette): string[] {
  const out: string[] = [];
  for (const r of rejects) {
    out.push(p.yellow(`${INDENT}Rejected, ${printable(r.reason)}: ${counted(r.count, unit)}`));
    for (const e of r.examples.slice(0, MAX_EXAMPLES)) {
      const column = e.column === null ? "" : `, column ${printable(e.column)}`;
      const value = e.value === null ? "" : `: '${printable(truncate(e.value, 60))}'`;
      out.push(`${INDENT.repeat(2)}line ${e.line}${column}${value}`);
    }
    const shown = Math.min(r.examples.length, MAX_EXAMPLES);
    if (r.count > shown) out.push(p.dim(`${INDENT.repeat(2)}… ${formatCount(r.count - shown)} more`));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The brief at the end of `strata analyze`

/** A few lines for the end of `strata analyze`: the headline of each area and the command that shows it. */
export function renderBeyondBrief(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const cmd = (c: string) => p.dim(`— ${c}`);
  const r = b.potential;
  const lines = [p.bold("Beyond billing")];
  if (!r.hasPotential)
    lines.push(`${INDENT}Potential: none in the customer list (--customers-map potential=<column>)`);
  else {
    const gap = sumMoney(r.prospective.map((w) => w.gap));
    lines.push(
      `${INDENT}Potential: ${counted(r.prospective.length, "prospective customer")} hold ${formatMoney(gap)} of untapped potential; ${counted(r.competitors.length, "top customer buys", "top customers buy")} mostly elsewhere ${cmd(BEYOND_COMMANDS.potential)}`,
    );
  }
  const pr = b.profitability;
  if (pr.margin.kind === "noMargin") lines.push(`${INDENT}Profit: no cost or margin in the data`);
  else {
    const w = pr.margin.whale;
    const peak =
      w.peak.share === null
        ? "total margin is 0 or below"
        : `the top ${formatCount(w.peak.customers)} by margin earn ${formatPercent(w.peak.share)} of it`;
    lines.push(
      `${INDENT}Profit: ${counted(pr.margin.flagged.length, "big customer")} with a thin margin; ${peak} ${cmd(BEYOND_COMMANDS.profit)}`,
    );
  }
  if (pr.profiles.rule === "valueAndAttention")
    lines.push(
      `${INDENT}Attention: ${counted(pr.profiles.counts.problem, "problem client")} (little income, much time) ${cmd(BEYOND_COMMANDS.profit)}`,
    );
  const s = b.strategy;
  lines.push(
    `${INDENT}Strategy: ${counted(s.differences.length, "customer weighs", "customers weigh")} more or less than their class; ${formatCount(sum(Array.from(s.atRisk)))} at risk ${cmd(BEYOND_COMMANDS.strategy)}`,
  );
  const c = b.coverage;
  const k = c.capacity;
  const said = capacityVerdict(k.gapPeople, k.gapFte, k.gapHours).replace(/\.$/, "");
  const verdict =
    k.reps === 0
      ? `the plan needs ${formatNumber(k.neededHours, 0)} hours a year and no reps are known (--reps FILE)`
      : `${said.charAt(0).toLowerCase()}${said.slice(1)}`;
  lines.push(
    c.hasActivities
      ? `${INDENT}Coverage: ${formatCount(c.total.status["under-served"])} customers under-served, ${formatCount(c.total.status["over-served"])} over-served ${cmd(BEYOND_COMMANDS.coverage)}`
      : `${INDENT}Coverage: no activities given, so only the plan is known (--activities FILE) ${cmd(BEYOND_COMMANDS.coverage)}`,
    `${INDENT}Capacity: ${verdict} ${cmd(BEYOND_COMMANDS.coverage)}`,
  );
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Groups

/** What `--by COLUMN` prints: the ABC classes within each group, and who changes class. */
export function renderGroupsTerminal(g: Groups, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const labels: string[] = [];
  for (const x of g.groups) for (const c of x.classes) if (!labels.includes(c.label)) labels.push(c.label);
  const rows = g.groups.map((x) => {
    const top = x.top[0];
    return [
      x.group === null ? "(none)" : truncate(printable(x.group), NAME_WIDTH),
      formatCount(x.customers),
      formatCount(x.ranked),
      formatMoney(x.value),
      formatPercent(x.valueShare),
      ...labels.map((l) => formatCount(x.classes.find((c) => c.label === l)?.customers ?? 0)),
      top === undefined
        ? ""
        : `${id(top.customerId)}${top.name === null ? "" : ` ${name(top.name)}`} (${formatPercent(top.share)})`,
    ];
  });
  return joinSections([
    section(
      p,
      `Groups by ${printable(g.column)}`,
      "The ABC classes run within each group alone: every group has its own A customers, whatever their size overall.",
      [
        ...table(
          [
            L("left", "Group"),
            L("right", "Customers"),
            L("right", "Ranked"),
            L("right", "Value"),
            L("right", "% value"),
            ...labels.map((l) => L("right", printable(l))),
            L("left", "Top customer (share of group)"),
          ],
          rows,
          p,
        ),
        `${INDENT}${counted(g.differ, "customer")} ${g.differ === 1 ? "has" : "have"} a different class within ${g.differ === 1 ? "its" : "their"} group than overall.`,
      ],
    ),
  ]);
}
