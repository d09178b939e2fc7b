import { createWriteStream } from "node:fs";
import { rm } from "node:fs/promises";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { assertNever } from "../core/errors.js";
import { CUSTOMER_COLUMNS, type CustomerRow } from "../core/summary.js";
import { CSV_DECIMALS, CUSTOMER_COLUMN_KINDS } from "./customer-columns.js";
import { formatPlain } from "./format.js";

/** RFC 4180 ends records with CRLF. */
const EOL = "\r\n";
/** Rows are joined into chunks of about this many characters: fewer, larger writes. */
const CHUNK_CHARS = 64 * 1024;

/** Quotes a field when RFC 4180 requires it (comma, quote, CR or LF inside), doubling inner quotes. */
export function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One cell as CSV text: null is an empty field, numbers have '.' decimals and no float noise. */
function cell(row: CustomerRow, key: keyof CustomerRow): string {
  const v = row[key];
  if (v === null) return "";
  const kind = CUSTOMER_COLUMN_KINDS[key];
  switch (kind) {
    case "text":
    case "date":
      return csvField(String(v));
    case "money":
    case "share":
    case "count":
      return typeof v === "number" ? formatPlain(v, CSV_DECIMALS[kind]) : csvField(v);
    default:
      return assertNever(kind);
  }
}

/** customers.csv as text chunks: the header (CUSTOMER_COLUMNS) and one record per row, lazily. */
export function* customersCsvChunks(rows: Iterable<CustomerRow>): Generator<string> {
  let chunk = CUSTOMER_COLUMNS.join(",") + EOL;
  for (const row of rows) {
    chunk += CUSTOMER_COLUMNS.map((k) => cell(row, k)).join(",") + EOL;
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk !== "") yield chunk;
}

/**
 * Writes customers.csv (UTF-8, no BOM, CRLF): streamed with back-pressure, so memory stays flat however
 * many customers `rows` yields. Rejects when the file cannot be written or `rows` throws; then no file is left.
 */
export async function writeCustomersCsv(path: string, rows: Iterable<CustomerRow>): Promise<void> {
  try {
    await pipeline(Readable.from(customersCsvChunks(rows)), createWriteStream(path));
  } catch (e) {
    // A half-written export looks complete to the next reader: remove it.
    await rm(path, { force: true });
    throw e;
  }
}
