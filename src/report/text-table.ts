/** Plain-text layout for the terminal: aligned tables and safe cell text. */

/** Which side of its column a cell sticks to. */
export type Align = "left" | "right";

/** A column of a text table: its header (empty for none) and alignment. */
export interface TextColumn {
  header: string;
  align: Align;
}

/** Display width in terminal columns, counted in code points (good enough for the Latin text of ERP data). */
export function textWidth(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/**
 * Makes data text safe to print: control characters (newlines, tabs, ANSI escapes hidden in a customer
 * name) become visible escapes, so the data cannot move the cursor or recolour the terminal.
 */
export function printable(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 0x20 && !(c >= 0x7f && c <= 0x9f)) out += ch;
    else if (ch === "\n") out += "\\n";
    else if (ch === "\r") out += "\\r";
    else if (ch === "\t") out += "\\t";
    else out += `\\x${c.toString(16).padStart(2, "0")}`;
  }
  return out;
}

/** Cuts text to `max` columns, marking the cut with an ellipsis. */
export function truncate(s: string, max: number): string {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join("")}…`;
}

function pad(s: string, width: number, align: Align): string {
  const fill = " ".repeat(Math.max(0, width - textWidth(s)));
  return align === "left" ? s + fill : fill + s;
}

/**
 * Lays out a header and rows as aligned lines, two spaces between columns and no trailing spaces. The
 * header is omitted when every column header is empty. Returns plain lines, header first, for the caller to
 * indent and style.
 */
export function textTable(columns: readonly TextColumn[], rows: readonly (readonly string[])[]): string[] {
  const withHeader = columns.some((c) => c.header !== "");
  const all = withHeader ? [columns.map((c) => c.header), ...rows] : rows;
  const widths = columns.map((_, k) => Math.max(0, ...all.map((r) => textWidth(r[k] ?? ""))));
  return all.map((r) =>
    columns
      .map((c, k) => pad(r[k] ?? "", widths[k] ?? 0, c.align))
      .join("  ")
      .trimEnd(),
  );
}
