/**
 * Writing sheets with the streaming workbook writer: number formats, one row at a time, and a table sheet
 * (frozen bold header with an autofilter, one row per item) that pauses now and then so the zip can drain.
 */
import type ExcelJS from "exceljs";

/** The streaming workbook that customers.xlsx is written with. */
export type Workbook = ExcelJS.stream.xlsx.WorkbookWriter;
/** A sheet of that workbook. */
export type Sheet = ExcelJS.Worksheet;
/** A cell value; null leaves the cell empty. */
export type Cell = string | number | Date | null;

/** Money with thousands separators and cents. */
export const MONEY = "#,##0.00";
/** A fraction shown as a percentage with one decimal. */
export const PERCENT = "0.0%";
/** A whole count with thousands separators. */
export const COUNT = "#,##0";
/** A day. */
export const DATE = "yyyy-mm-dd";

/** Rows written between two pauses that let the zip stream drain to disk. */
const ROWS_PER_TICK = 2000;

/** A column of a table sheet: its key (also the header), its width in characters and its number format. */
export interface SheetColumn {
  key: string;
  width: number;
  numFmt: string | undefined;
}

/**
 * Adds sheet `name`: a bold header of the column keys, frozen and filtered, then `cells` of each of `rows`.
 * `rows` is read once, lazily; when it throws, so does this.
 */
export async function writeTableSheet<T>(
  wb: Workbook,
  name: string,
  columns: readonly SheetColumn[],
  rows: Iterable<T>,
  cells: (row: T) => Cell[],
): Promise<void> {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns.map(({ key, width }) => ({ header: key, key, width }));
  // One style object per column, shared by its cells: the writer then recognises it as the same style
  // instead of rendering one per cell (a column style would be copied into every cell: twice the time).
  const styles = columns.map(({ numFmt }) => (numFmt === undefined ? undefined : { numFmt }));
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const row of rows) {
    const added = ws.addRow(cells(row));
    styles.forEach((style, k) => {
      if (style !== undefined) added.getCell(k + 1).style = style;
    });
    added.commit();
    if (++n % ROWS_PER_TICK === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
}

/** A row of label / value lines: values with an optional number format per cell, bold for titles and headers. */
export function put(
  ws: Sheet,
  values: readonly Cell[],
  formats: readonly (string | undefined)[] = [],
  bold = false,
): void {
  const row = ws.addRow(values.map((v) => v ?? undefined));
  formats.forEach((f, k) => {
    if (f !== undefined) row.getCell(k + 1).numFmt = f;
  });
  if (bold) row.font = { bold: true };
  row.commit();
}

/** A blank row, then `text` in bold: the start of a block. */
export function title(ws: Sheet, text: string): void {
  put(ws, []);
  put(ws, [text], [], true);
}
