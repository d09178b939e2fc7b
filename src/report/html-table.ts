import { html, type SafeHtml } from "./html-template.js";

/** A column of an HTML table: header text, alignment, and how to render a row's cell (escaped unless SafeHtml). */
export interface Column<T> {
  header: string;
  num?: boolean;
  className?: string;
  cell: (row: T) => unknown;
}

/** A table; numbers right-aligned; the header row left out when every header is empty; wide tables scroll. */
export function htmlTable<T>(
  className: string,
  columns: readonly Column<T>[],
  rows: readonly T[],
  foot?: readonly unknown[],
): SafeHtml {
  const cls = (c: Column<T>): string => [c.num === true ? "num" : "", c.className ?? ""].join(" ").trim();
  const withHeader = columns.some((c) => c.header !== "");
  return html`<div class="scroll"><table class="${className}">
${withHeader ? html`<thead><tr>${columns.map((c) => html`<th class="${cls(c)}">${c.header}</th>`)}</tr></thead>` : ""}
<tbody>${rows.map((r) => html`<tr>${columns.map((c) => html`<td class="${cls(c)}">${c.cell(r)}</td>`)}</tr>\n`)}</tbody>
${foot === undefined ? "" : html`<tfoot><tr>${foot.map((f, k) => html`<td class="${cls(columns[k] ?? { header: "", cell: () => "" })}">${f}</td>`)}</tr></tfoot>`}
</table></div>`;
}

/** A two- or three-column table of label, figure and an optional note. */
export function factsTable(rows: ReadonlyArray<readonly [string, unknown, unknown?]>): SafeHtml {
  return htmlTable(
    "facts",
    [
      { header: "", cell: (r) => r[0] },
      { header: "", num: true, cell: (r) => r[1] },
      { header: "", className: "muted", cell: (r) => r[2] ?? "" },
    ],
    rows,
  );
}
