/**
 * `strata strategy` in the terminal: strategic category totals, tiers beside ABC, customers whose tier differs
 * from their class, and customers at risk.
 */
import type { Beyond } from "../core/beyond.js";
import { compareIds } from "../core/compare-ids.js";
import { cls, id, L, list, NOT_RANKED_TEXT, name, section } from "./beyond-terminal-parts.js";
import { formatCount, formatFixed, formatMoney } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import { INDENT, joinSections, palette, table } from "./terminal-style.js";
import { printable } from "./text-table.js";

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
