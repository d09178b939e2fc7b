/**
 * How `--map field=column` names a column: by its header name, or by number (1 for the first column), the
 * only way for text without a header line. Pure.
 */
import { StrataError } from "../core/errors.js";

/** The header name an explicit `--map field=column` refers to, by name or by 1-based number. */
export function explicitColumn(
  header: readonly string[],
  field: string,
  column: string,
  file: string,
  firstLine: readonly string[] | undefined,
): string {
  const named = header.includes(column)
    ? column
    : header.find((h) => h.toLowerCase() === column.toLowerCase());
  if (named !== undefined) return named;
  const n = header.length;
  if (/^\d+$/.test(column)) {
    const at = header[Number(column) - 1];
    if (at !== undefined) return at;
    throw new StrataError(
      "MISSING_COLUMN",
      `${file}: --map ${field}=${column}, but the file has ${n} column${n === 1 ? "" : "s"}, numbered 1 to ${n}: ${numberedColumns(header, firstLine)}.`,
      { file, field, column, header },
    );
  }
  if (firstLine !== undefined) {
    throw new StrataError(
      "MISSING_COLUMN",
      `${file}: --map ${field}=${column}, but the file has no header line, so its columns have no names: give a number from 1 to ${n}. Line 1 holds ${numberedColumns(header, firstLine)}.`,
      { file, field, column, header },
    );
  }
  throw new StrataError(
    "MISSING_COLUMN",
    `${file}: --map ${field}=${column}, but there is no column '${column}'. Columns in the file: ${header.join(", ")}. A column may also be given by number, 1 to ${n}.`,
    { file, field, column, header },
  );
}

/**
 * Columns by number, for messages: `1 CustomerID, 2 InvoiceDate` from a header, or line 1's values
 * (`1: '00001', 2: '19970101'`) when the file has no header line.
 */
export function numberedColumns(header: readonly string[], firstLine?: readonly string[]): string {
  if (firstLine === undefined) return header.map((h, i) => `${i + 1} ${h}`).join(", ");
  return header.map((_, i) => `${i + 1}: '${firstLine[i] ?? ""}'`).join(", ");
}
