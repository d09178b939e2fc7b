/**
 * `strata potential` in the terminal: what each customer could buy against what they buy now, the value ×
 * potential matrix, and the prospective customers and those who buy mostly from competitors.
 */
import type { Beyond } from "../core/beyond.js";
import type { WalletItem } from "../core/potential.js";
import { POTENTIAL_ACTION_LABELS } from "../core/potential-matrix.js";
import { cls, facts, id, L, labelList, list, name, section } from "./beyond-terminal-parts.js";
import { formatCount, formatMoney, formatPercent } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import { counted, INDENT, joinSections, type Palette, palette, table } from "./terminal-style.js";
import { printable, type TextColumn } from "./text-table.js";

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
