import type { Summary } from "../core/summary.js";
import { formatCount, formatMoney, formatPercent } from "./format.js";

/** The total row of the ABC table, as both the terminal and the HTML report print it. */
export function abcTotalRow(classes: Summary["abc"]["classes"]): string[] {
  const sum = (f: (c: (typeof classes)[number]) => number): number => classes.reduce((a, c) => a + f(c), 0);
  return [
    "Total",
    "",
    formatCount(sum((c) => c.customers)),
    formatPercent(sum((c) => c.customersShare)),
    formatMoney(sum((c) => c.value)),
    formatPercent(sum((c) => c.valueShare)),
  ];
}
