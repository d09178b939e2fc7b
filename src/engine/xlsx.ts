import { createWriteStream } from "node:fs";
import { mkdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type ExcelJS from "exceljs";
import { StrataError } from "../core/errors.js";

export interface ConvertedSheet {
  csvPath: string;
  sheet: string;
  /** Sheet row number of each data line of the CSV (index 0 = first line after the header). */
  rowOfLine: Int32Array;
}

/** Text of one cell as the CSV will carry it: dates as ISO, numbers with a '.' decimal point. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.slice(0, 19).replace("T", " ");
  }
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : "";
  if (typeof v === "string") return v;
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("result" in o) return cellText(o.result);
    if ("richText" in o && Array.isArray(o.richText))
      return o.richText.map((p: { text?: string }) => p.text ?? "").join("");
    if ("text" in o) return cellText(o.text);
    if ("error" in o) return String(o.error);
  }
  return String(v);
}

function csvField(s: string): string {
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

/**
 * Streams one worksheet of an XLSX workbook into a CSV file, so the engine reads it like any export.
 * Rows that are entirely empty are skipped; the sheet row of every written line is kept for messages.
 */
export async function xlsxToCsv(file: string, tmpDir: string, sheetName?: string): Promise<ConvertedSheet> {
  await mkdir(tmpDir, { recursive: true });
  const csvPath = join(
    tmpDir,
    `${basename(file).replace(/[^A-Za-z0-9._-]/g, "_")}.${process.pid}.${Date.now()}.csv`,
  );
  const out = createWriteStream(csvPath, { encoding: "utf-8" });
  let rows = new Int32Array(1024);
  let lines = 0;
  let width = 0;
  let sheetFound: string | undefined;
  const sheetsSeen: string[] = [];
  try {
    // Loaded on demand: the library takes a third of a second to load, and most inputs are not XLSX.
    const { default: excel } = await import("exceljs");
    const reader = new excel.stream.xlsx.WorkbookReader(file, {
      sharedStrings: "cache",
      hyperlinks: "ignore",
      styles: "cache",
      worksheets: "emit",
      entries: "emit",
    });
    for await (const ws of reader) {
      const name = (ws as unknown as { name?: string }).name ?? `Sheet${sheetsSeen.length + 1}`;
      sheetsSeen.push(name);
      if (sheetFound !== undefined || (sheetName !== undefined && name !== sheetName)) {
        for await (const _row of ws) {
          // drain the sheet we do not read
        }
        continue;
      }
      sheetFound = name;
      let headerSeen = false;
      for await (const row of ws) {
        const values = (row as ExcelJS.Row).values as unknown[];
        const cells: string[] = [];
        for (let c = 1; c < values.length; c++) cells.push(cellText(values[c]));
        if (cells.every((c) => c.trim() === "")) continue;
        if (!headerSeen) {
          headerSeen = true;
          width = cells.length;
        } else {
          if (lines === rows.length) {
            const bigger = new Int32Array(rows.length * 2);
            bigger.set(rows);
            rows = bigger;
          }
          rows[lines++] = (row as ExcelJS.Row).number;
        }
        while (cells.length < width) cells.push("");
        if (!out.write(`${cells.map(csvField).join(",")}\n`))
          await new Promise<void>((r) => out.once("drain", () => r()));
      }
    }
  } catch (e) {
    out.destroy();
    throw new StrataError(
      "INPUT_UNREADABLE",
      `'${file}' cannot be read as an XLSX workbook: ${(e as Error).message}`,
      { file },
    );
  }
  await new Promise<void>((resolve, reject) =>
    out.end((err?: Error | null) => (err ? reject(err) : resolve())),
  );
  if (sheetFound === undefined) {
    throw new StrataError(
      "INPUT_UNREADABLE",
      sheetName === undefined
        ? `'${file}' has no worksheet.`
        : `'${file}' has no sheet '${sheetName}'. Sheets: ${sheetsSeen.join(", ")}.`,
      { file },
    );
  }
  return { csvPath, sheet: sheetFound, rowOfLine: rows.subarray(0, lines) };
}
