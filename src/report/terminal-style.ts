/**
 * The building blocks of every terminal report: the ANSI palette, the indent, sections joined by a blank line,
 * bold-headed tables, plurals and the reject lines. Data text goes through printable() so that a value read
 * from a file cannot move the cursor.
 */
import type { RejectReason } from "../core/summary.js";
import { formatCount } from "./format.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

/** Wraps text in one ANSI style, or returns it unchanged when colour is off. */
export type Style = (s: string) => string;

/** The styles a terminal report uses for emphasis. */
export interface Palette {
  bold: Style;
  dim: Style;
  red: Style;
  yellow: Style;
}

/** One level of indentation: two spaces. */
export const INDENT = "  ";

/** Examples shown per reject reason: enough to recognise the pattern, few enough to keep the report short. */
const MAX_EXAMPLES = 5;

/** The palette with ANSI colours when `color` is true, or one that leaves text plain. */
export function palette(color: boolean): Palette {
  const sgr =
    (code: string): Style =>
    (s) =>
      color ? `\u001b[${code}m${s}\u001b[0m` : s;
  return { bold: sgr("1"), dim: sgr("2"), red: sgr("1;31"), yellow: sgr("33") };
}

/** Non-empty sections, their lines joined, separated by one blank line, ending in one newline. */
export function joinSections(sections: readonly (readonly string[])[]): string {
  return `${sections
    .filter((s) => s.length > 0)
    .map((s) => s.join("\n"))
    .join("\n\n")}\n`;
}

/** The lines indented by `depth` levels; empty lines stay empty. */
export function indent(lines: readonly string[], depth = 1): string[] {
  return lines.map((l) => (l === "" ? l : INDENT.repeat(depth) + l));
}

/** A table whose first line is the header, indented, with the header in bold. */
export function table(
  columns: readonly TextColumn[],
  rows: readonly (readonly string[])[],
  p: Palette,
): string[] {
  const [head = "", ...body] = indent(textTable(columns, rows));
  return [p.bold(head), ...body];
}

/** `one` for 1, else `many` (by default `one` with an s). */
export function plural(n: number, one: string, many = `${one}s`): string {
  return n === 1 ? one : many;
}

/** A count with its noun: "1 customer", "1,204 customers". */
export function counted(n: number, one: string, many?: string): string {
  return `${formatCount(n)} ${plural(n, one, many)}`;
}

/**
 * Reject reasons with their count and first examples: enough for an analyst to find the bad lines. `verb`
 * opens each reason ("Rejected", or "Kept" for values that were read but flagged).
 */
export function rejectLines(
  rejects: readonly RejectReason[],
  unit: "line" | "row",
  p: Palette,
  verb = "Rejected",
): string[] {
  const out: string[] = [];
  for (const r of rejects) {
    out.push(p.yellow(`${INDENT}${verb}, ${printable(r.reason)}: ${counted(r.count, unit)}`));
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
