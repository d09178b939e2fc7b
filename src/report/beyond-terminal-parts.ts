/**
 * The small pieces the beyond-billing terminal sections share: a section that opens with its meaning, label /
 * value facts, lists cut to their top, and cells for ids, names, classes, shares, hours and contacts.
 */
import type { RepsSummary } from "../core/beyond.js";
import { assertNever } from "../core/errors.js";
import { toUnits } from "../core/money-units.js";
import { formatCount, formatNumber, formatPercent, roundTo } from "./format.js";
import { INDENT, indent, type Palette, table } from "./terminal-style.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

/** Names are cut so that one long name does not push a list off the screen. */
export const NAME_WIDTH = 28;
/** Ids are cut for the same reason, shorter. */
export const ID_WIDTH = 16;
/** What a class cell says for a customer without a class. */
export const NOT_RANKED_TEXT = "not ranked";

/** A column with its alignment and header (none by default). */
export const L = (align: "left" | "right", header = ""): TextColumn => ({ header, align });

/** A title, the sentence that says what the section means, then its lines. */
export function section(p: Palette, title: string, meaning: string, body: readonly string[]): string[] {
  return [p.bold(title), `${INDENT}${meaning}`, ...body];
}

/** Label / value lines without a header: the second column right-aligned, the others left. */
export function facts(rows: readonly (readonly string[])[]): string[] {
  const width = Math.max(0, ...rows.map((r) => r.length));
  const cols = Array.from({ length: width }, (_, k) => L(k === 1 ? "right" : "left"));
  return indent(textTable(cols, rows));
}

/** The first `limit` rows of a list as a table, with "… n more" when it was cut. */
export function list<T>(
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

/** A customer id, printable and cut to ID_WIDTH. */
export const id = (s: string): string => truncate(printable(s), ID_WIDTH);
/** A name, printable and cut to NAME_WIDTH; empty when unknown. */
export const name = (s: string | null | undefined): string => truncate(printable(s ?? ""), NAME_WIDTH);
/** A class label, or "not ranked". */
export const cls = (s: string | null | undefined): string => printable(s ?? NOT_RANKED_TEXT);
/** A fraction as a percentage; unknown "-". */
export const pct = (x: number | null | undefined): string =>
  x === null || x === undefined || !Number.isFinite(x) ? "-" : formatPercent(x);

/** Hours or contacts with only the decimals they need, at most `max`: 34 → "34", 8.25 → "8.25"; unknown "-". */
function amount(x: number | null | undefined, max: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "-";
  let d = 0;
  while (d < max && roundTo(x, d) !== roundTo(x, max)) d++;
  return formatNumber(x, d);
}
/** Hours with up to 2 decimals; unknown "-". */
export const hours = (x: number | null | undefined): string => amount(x, 2);
/** Contacts with up to 1 decimal; unknown "-". */
export const contacts = (x: number | null | undefined): string => amount(x, 1);

/** "A" or "A and B" or "A, B and C". */
export function labelList(labels: readonly string[]): string {
  const ls = labels.map(printable);
  return ls.length <= 1 ? (ls[0] ?? "") : `${ls.slice(0, -1).join(", ")} and ${ls.at(-1)}`;
}

/** Money summed exactly, in units of 1/10 000. */
export function sumMoney(xs: Iterable<number>): number {
  let u = 0;
  for (const x of xs) u += toUnits(x);
  return u / 10_000;
}

/** The plain sum of counts. */
export const sum = (xs: readonly number[]): number => xs.reduce((a, x) => a + x, 0);

/** Where the team's size came from, in words. */
export function repsSource(r: RepsSummary): string {
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
