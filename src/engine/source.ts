import { createReadStream } from "node:fs";
import { open, stat } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { StrataError } from "../core/errors.js";
import { firstLineIsData } from "./detect.js";
import { type Engine, quoteIdent } from "./engine.js";
import { decodePrefix, hasUtf8Bom, isUtf8, sniffDelimiter, splitText, WHITESPACE } from "./text-sniff.js";
import { whitespaceReaderSql } from "./whitespace-reader.js";
import { xlsxToCsv } from "./xlsx.js";

export const SOURCE_FORMATS = ["csv", "parquet", "json", "xlsx"] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];

/** A file as Strata will read it: format, header, and how delimited text is written. */
export interface InspectedSource {
  /** The path the user gave. */
  file: string;
  format: SourceFormat;
  /** Column names; column1, column2, … for text without a header line. */
  header: string[];
  /** Column types as the engine sees them (parquet, json); all VARCHAR for delimited text. */
  types: string[];
  /** Delimited text (CSV/TSV, and XLSX converted to CSV). */
  csv?: {
    path: string;
    /** A delimiter character, or WHITESPACE: runs of spaces and tabs, blanks at the start of a line ignored. */
    delimiter: string;
    encoding: "utf-8" | "latin-1";
    bom: boolean;
    compressed: boolean;
    /** False when line 1 is data. */
    header: boolean;
  };
  /** Text without a header line: why (`--no-header`, or what line 1 holds), and line 1's values. */
  headerless?: { how: string; firstLine: string[] };
  /** Text without a header line: its first records (up to PREVIEW_RECORDS), for telling columns apart by value. */
  preview?: string[][];
  /** XLSX: the sheet read, and the sheet row of each data line of the converted CSV. */
  xlsx?: { sheet: string; rowOfLine: Int32Array };
}

const PREFIX_BYTES = 1 << 20;
const PREVIEW_RECORDS = 1_000;

/** Format from the file name: .csv .tsv .txt (optionally .gz), .parquet, .json .jsonl .ndjson, .xlsx. */
export function formatOf(file: string): SourceFormat | undefined {
  const f = file.toLowerCase().replace(/\.(gz|gzip)$/, "");
  if (/\.(csv|tsv|txt|tab)$/.test(f)) return "csv";
  if (/\.(parquet|pq)$/.test(f)) return "parquet";
  if (/\.(jsonl|ndjson|json)$/.test(f)) return "json";
  if (/\.xlsx$/.test(f)) return "xlsx";
  return undefined;
}

/** Fails with a clear message when the path does not exist, is a folder, or is empty. */
export async function checkReadable(file: string, what: string): Promise<number> {
  let size: number;
  try {
    const st = await stat(file);
    if (st.isDirectory()) {
      throw new StrataError(
        "INPUT_IS_DIRECTORY",
        `${what} '${file}' is a folder, not a file. Give the path of the export file itself.`,
        { file },
      );
    }
    size = st.size;
  } catch (e) {
    if (e instanceof StrataError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      throw new StrataError("INPUT_NOT_FOUND", `${what} '${file}' does not exist.`, { file });
    throw new StrataError("INPUT_UNREADABLE", `${what} '${file}' cannot be read (${code ?? String(e)}).`, {
      file,
    });
  }
  if (size === 0)
    throw new StrataError(
      "INPUT_EMPTY",
      `${what} '${file}' is empty (0 bytes): there is nothing to analyse.`,
      { file },
    );
  return size;
}

async function readPrefix(path: string, compressed: boolean): Promise<Uint8Array> {
  if (!compressed) {
    const fh = await open(path, "r");
    try {
      const buf = Buffer.alloc(PREFIX_BYTES);
      const { bytesRead } = await fh.read(buf, 0, PREFIX_BYTES, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const input = createReadStream(path);
    const gunzip = createGunzip();
    const done = () => {
      input.destroy();
      gunzip.destroy();
      resolve(Buffer.concat(chunks).subarray(0, PREFIX_BYTES));
    };
    gunzip.on("data", (c: Buffer) => {
      chunks.push(c);
      total += c.length;
      if (total >= PREFIX_BYTES) done();
    });
    gunzip.on("end", done);
    gunzip.on("error", (e) =>
      reject(
        new StrataError("INPUT_UNREADABLE", `'${path}' is not a valid gzip file (${e.message}).`, {
          file: path,
        }),
      ),
    );
    input.on("error", reject);
    input.pipe(gunzip);
  });
}

export interface InspectOptions {
  /** What the file is, for messages: 'Invoice file', 'Customer list'. */
  what: string;
  /** XLSX sheet name; the first sheet when absent. */
  sheet?: string | undefined;
  /** Folder for converted files. */
  tmpDir: string;
  /** Force a delimiter: a character, or WHITESPACE. */
  delimiter?: string | undefined;
  encoding?: "utf-8" | "latin-1" | undefined;
  /**
   * Whether line 1 of text holds column names: true (the default), false (`--no-header`), or "detect" (no
   * header when line 1 is data, see firstLineIsData).
   */
  header?: boolean | "detect" | undefined;
}

/** Opens a source file far enough to know its format, header and dialect. */
export async function inspectSource(
  engine: Engine,
  file: string,
  opts: InspectOptions,
): Promise<InspectedSource> {
  await checkReadable(file, opts.what);
  const format = formatOf(file);
  if (format === undefined) {
    throw new StrataError(
      "UNSUPPORTED_FORMAT",
      `${opts.what} '${file}': unknown file type. Strata reads .csv, .tsv, .txt (also .gz), .parquet, .jsonl/.ndjson/.json and .xlsx.`,
      { file },
    );
  }
  if (opts.header === false && format !== "csv") {
    throw new StrataError(
      "BAD_OPTION",
      `--no-header is for text files (.csv, .tsv, .txt); ${opts.what} '${file}' is ${format === "xlsx" ? "an XLSX workbook, whose first row must name the columns" : format === "parquet" ? "Parquet, which names its columns itself" : "JSON lines, which name their fields themselves"}.`,
      { file },
    );
  }
  if (format === "xlsx") {
    const converted = await xlsxToCsv(file, opts.tmpDir, opts.sheet);
    const src = await inspectDelimited(file, converted.csvPath, {
      ...opts,
      delimiter: ",",
      encoding: "utf-8",
      header: true,
    });
    return { ...src, format: "xlsx", xlsx: { sheet: converted.sheet, rowOfLine: converted.rowOfLine } };
  }
  if (format === "csv") return inspectDelimited(file, file, opts);
  return inspectTyped(engine, file, format, opts);
}

async function inspectDelimited(file: string, path: string, opts: InspectOptions): Promise<InspectedSource> {
  const compressed = /\.(gz|gzip)$/i.test(path);
  const prefix = await readPrefix(path, compressed);
  if (prefix.length === 0 || (hasUtf8Bom(prefix) && prefix.length <= 3)) {
    throw new StrataError("INPUT_EMPTY", `${opts.what} '${file}' is empty: there is nothing to analyse.`, {
      file,
    });
  }
  const encoding = opts.encoding ?? (isUtf8(prefix) ? "utf-8" : "latin-1");
  const text = decodePrefix(prefix, encoding);
  if (text.trim() === "")
    throw new StrataError("INPUT_EMPTY", `${opts.what} '${file}' holds only blank lines.`, { file });
  const delimiter = opts.delimiter ?? sniffDelimiter(text);
  const first = splitText(text, delimiter, 1)[0] ?? [];
  const how =
    opts.header === false
      ? "--no-header"
      : opts.header === "detect"
        ? detected(firstLineIsData(first))
        : undefined;
  const header = how === undefined ? first.map((h) => h.trim()) : first.map((_, i) => headerlessName(i));
  return {
    file,
    format: "csv",
    header,
    types: header.map(() => "VARCHAR"),
    csv: { path, delimiter, encoding, bom: hasUtf8Bom(prefix), compressed, header: how === undefined },
    ...(how === undefined
      ? {}
      : {
          headerless: { how, firstLine: first.map((v) => v.trim()) },
          preview: previewOf(text, delimiter, prefix),
        }),
  };
}

/** The first records of a text prefix; the last record of a prefix cut at PREFIX_BYTES may be cut, and is left out. */
function previewOf(text: string, delimiter: string, prefix: Uint8Array): string[][] {
  const records = splitText(text, delimiter, PREVIEW_RECORDS + 1);
  if (prefix.length >= PREFIX_BYTES && records.length > 1) records.pop();
  return records.slice(0, PREVIEW_RECORDS);
}

function detected(reason: string | undefined): string | undefined {
  return reason === undefined ? undefined : `detected: ${reason}`;
}

/** The name of column `i` (0-based) of text without a header line: column1, column2, … */
export function headerlessName(i: number): string {
  return `column${i + 1}`;
}

async function inspectTyped(
  engine: Engine,
  file: string,
  format: "parquet" | "json",
  opts: InspectOptions,
): Promise<InspectedSource> {
  const reader = format === "parquet" ? "read_parquet($1)" : "read_json($1, format = 'newline_delimited')";
  let rows: Record<string, unknown>[];
  try {
    rows = await engine.rows(`DESCRIBE SELECT * FROM ${reader}`, [file]);
  } catch (e) {
    throw new StrataError(
      "INPUT_UNREADABLE",
      `${opts.what} '${file}' cannot be read as ${format === "parquet" ? "Parquet" : "JSON lines"}: ${firstLine(e)}`,
      { file },
    );
  }
  return {
    file,
    format,
    header: rows.map((r) => String(r.column_name)),
    types: rows.map((r) => String(r.column_type)),
  };
}

export function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return (msg.split("\n")[0] ?? msg).replace(/^[A-Za-z ]+Error: /, "");
}

/** The SQL table function that reads a source with every column as text (for sampling). */
export function rawReaderSql(src: InspectedSource): string {
  if (src.csv?.delimiter === WHITESPACE) return whitespaceReaderSql(src.header.length, src.csv, false);
  if (src.csv) {
    return `read_csv($1, delim = $2, quote = '"', escape = '"', header = ${src.csv.header}, all_varchar = true, encoding = $3, columns = ${positionalColumns(src.header.length, () => "VARCHAR")}, null_padding = true, auto_detect = false)`;
  }
  return src.format === "parquet" ? "read_parquet($1)" : "read_json($1, format = 'newline_delimited')";
}

export function rawReaderParams(src: InspectedSource): string[] {
  if (src.csv?.delimiter === WHITESPACE) return [src.csv.path];
  if (src.csv) return [src.csv.path, src.csv.delimiter, src.csv.encoding];
  return [src.file];
}

/** Positional column name used for delimited text: c0, c1, … (the header's own names are never in SQL). */
export function positional(i: number): string {
  return `c${i}`;
}

/** A columns={…} struct for read_csv with positional names; types per column. */
export function positionalColumns(n: number, typeOf: (i: number) => string): string {
  const parts: string[] = [];
  for (let i = 0; i < n; i++) parts.push(`'${positional(i)}': '${typeOf(i)}'`);
  return `{${parts.join(", ")}}`;
}

/** The SQL reference to column `i` of a source in a reader relation. */
export function columnRef(src: InspectedSource, i: number): string {
  return src.csv ? positional(i) : quoteIdent(src.header[i] ?? "");
}

/**
 * Up to `limit` raw text values of some columns, for detecting formats; `rows` counts the lines sampled.
 * A null index (a column whose type already says how it is written) yields no values.
 */
export async function sampleColumns(
  engine: Engine,
  src: InspectedSource,
  indices: readonly (number | null)[],
  limit = 20_000,
): Promise<{ rows: number; values: string[][] }> {
  const cols = [
    "1",
    ...indices.map((i) => (i === null ? "NULL" : `CAST(${columnRef(src, i)} AS VARCHAR)`)),
  ].join(", ");
  let res: Awaited<ReturnType<Engine["columns"]>>;
  try {
    res = await engine.columns(
      `SELECT ${cols} FROM ${rawReaderSql(src)} LIMIT ${Math.floor(limit)}`,
      rawReaderParams(src),
    );
  } catch (e) {
    throw new StrataError("INPUT_UNREADABLE", `${src.file} cannot be read: ${firstLine(e)}`, {
      file: src.file,
    });
  }
  return {
    rows: res.rowCount,
    values: res.columns.slice(1).map((c) => c.filter((v): v is string => typeof v === "string")),
  };
}
