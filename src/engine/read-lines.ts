import { parseIsoDay } from "../core/dates.js";
import { StrataError, type Warning } from "../core/errors.js";
import type { CustomerFigures } from "../core/figures.js";
import { type Horizon, type Window, windowFor } from "../core/policy.js";
import {
  type DateFormat,
  detectDateFormat,
  detectNumberFormat,
  idsLookLikeFloats,
  parseDateFormatOption,
} from "./detect.js";
import { type Engine, quoteIdent } from "./engine.js";
import { completeHeaderlessMapping } from "./guess-columns.js";
import { linesRelation, type ValueFormats } from "./lines-sql.js";
import {
  type ColumnMapping,
  describeLineMapping,
  LINE_SYNONYMS,
  type LineField,
  requireLineFields,
  resolveMapping,
} from "./mapping.js";
import { collectRejects, directUnits, type ScanResult, scanToDocs, type Units } from "./scan.js";
import { type InspectedSource, inspectSource, sampleColumns } from "./source.js";
import { duplicateNames, WHITESPACE } from "./text-sniff.js";
import { aggregateWindows, type LineCounts, latestScannedDate } from "./window-figures.js";

export interface ReadLinesOptions {
  map?: ColumnMapping<LineField> | undefined;
  dateFormat?: string | undefined;
  decimal?: "." | "," | undefined;
  sheet?: string | undefined;
  delimiter?: string | undefined;
  encoding?: "utf-8" | "latin-1" | undefined;
  /** Text: true when line 1 names the columns, false when it is data (`--no-header`); detected when absent. */
  header?: boolean | undefined;
  tmpDir: string;
  onProgress?: ((fraction: number) => void) | undefined;
  /** Last day counted (epoch day); the latest invoice date when absent. */
  asOf?: number | undefined;
  horizon: Horizon;
  /**
   * Keep the invoice-level table of a scan (DOCS_TABLE: one row per customer, invoice and day) for later
   * queries, such as the lifetime-value summary, even when the as-of date is known up front.
   */
  keepDocs?: boolean | undefined;
  /**
   * False: no per-customer figures (ReadLines.figures then holds no customer), only the data summary's counts,
   * read from the scanned table without grouping it: for the lifetime-value models, which summarise the
   * scanned table themselves. Implies keepDocs, with one row per customer and day in the table (invoices
   * are not told apart). Default true.
   */
  figures?: boolean | undefined;
  /** More windows to aggregate in the same pass, given the main one (the previous window, trend windows). */
  moreWindows?: ((main: Window) => Window[]) | undefined;
}

export interface ReadLines {
  source: InspectedSource;
  mapping: ColumnMapping<LineField>;
  /** Field → column or expression, as printed. */
  mappingDescription: Record<string, string>;
  guessed: LineField[];
  formats: ValueFormats;
  /** How the file was read, for the summary. */
  reading: Record<string, string>;
  scan: ScanResult;
  window: Window;
  asOfSource: "option" | "latest invoice";
  figures: CustomerFigures;
  /** Figures of the windows asked for with moreWindows, in their order. */
  moreFigures: CustomerFigures[];
  moreWindows: Window[];
  counts: LineCounts;
  /** 'one pass' when the as-of date was known before reading, 'scan' when a scan found it first. */
  plan: "one pass" | "scan";
  warnings: Warning[];
}

const DATE_SAMPLE = 20_000;

const DELIMITER_NAMES: Record<string, string> = {
  ",": "comma",
  ";": "semicolon",
  "\t": "tab",
  "|": "pipe",
  [WHITESPACE]: "whitespace",
};

/** Inspects, maps, detects formats and scans an invoice file into the engine. */
export async function readLines(engine: Engine, file: string, opts: ReadLinesOptions): Promise<ReadLines> {
  const warnings: Warning[] = [];
  const source = await inspectSource(engine, file, {
    what: "Invoice file",
    sheet: opts.sheet,
    tmpDir: opts.tmpDir,
    delimiter: opts.delimiter,
    encoding: opts.encoding,
    header: opts.header ?? "detect",
  });
  if (source.header.length === 0 || source.header.every((h) => h === "")) {
    throw new StrataError("INPUT_NO_ROWS", `${file}: the first line holds no column names.`, { file });
  }
  const explicit = { ...(opts.map ?? {}) };
  const named = resolveMapping(source.header, explicit, LINE_SYNONYMS, file, source.headerless?.firstLine);
  let { mapping, guessed } = named;
  // An explicit quantity × unit price wins over a guessed amount column.
  if (explicit.quantity && explicit.unit_price && !explicit.revenue) delete mapping.revenue;
  if (source.headerless) {
    const h = completeHeaderlessMapping(
      file,
      source.header,
      source.headerless,
      source.preview ?? [],
      mapping,
    );
    mapping = h.mapping;
    guessed = [...guessed, ...h.guessed];
    if (h.warning) warnings.push(h.warning);
  }
  requireLineFields(mapping, source.header, file);
  for (const dup of duplicateNames(source.header)) {
    const used = Object.entries(mapping).filter(([, c]) => c === dup.name);
    if (used.length > 0) {
      throw new StrataError(
        "DUPLICATE_COLUMN",
        `${file}: the column name '${dup.name}' appears ${dup.positions.length} times (columns ${dup.positions.join(" and ")}), so it is unclear which one holds ${used.map(([f]) => f).join(", ")}. Rename one in the file.`,
        { file, column: dup.name, positions: dup.positions },
      );
    }
    warnings.push({
      code: "duplicate_column",
      message: `${file}: the column name '${dup.name}' appears in columns ${dup.positions.join(" and ")}; Strata does not use it.`,
    });
  }
  const formats = await detectFormats(engine, source, mapping, opts, warnings);
  const rel = linesRelation(source, mapping, formats, "lines");
  // One pass over the file when the as-of date is known before reading it; otherwise a scan into an
  // invoice-level table finds the latest date, and the window is computed from that table.
  let asOf = opts.asOf ?? (await latestFromMetadata(engine, source, mapping));
  let units: Units;
  const withFigures = opts.figures ?? true;
  if (asOf === undefined || opts.keepDocs || !withFigures) {
    units = await scanToDocs(
      engine,
      rel,
      mapping.invoice_id !== undefined,
      file,
      opts.onProgress,
      !withFigures,
    );
    if (asOf === undefined) {
      const last = await latestScannedDate(engine);
      asOf = last === null ? undefined : parseIsoDay(last);
    }
  } else units = directUnits(rel, mapping.invoice_id !== undefined);
  const window = windowFor(asOf ?? 0, opts.horizon);
  const hasCost =
    mapping.cost !== undefined ||
    mapping.margin !== undefined ||
    (mapping.unit_cost !== undefined && mapping.quantity !== undefined);
  const more = opts.moreWindows?.(window) ?? [];
  const agg = await aggregateWindows(
    engine,
    units,
    [window, ...more],
    hasCost,
    file,
    opts.onProgress,
    withFigures,
  );
  const rejects = await collectRejects(engine, source, mapping, formats, rel, agg.totals.badByReason);
  const csvRejected = rel.rejectsTable ? rejects.reduce((n, r) => n + r.count, 0) : 0;
  const typedRejected = [...agg.totals.badByReason.values()].reduce((n, x) => n + x, 0);
  const scan: ScanResult = {
    linesRead: agg.totals.lines + csvRejected,
    linesRejected: typedRejected + csvRejected,
    rejects,
    linesWithoutCost: hasCost ? agg.totals.withoutCost : 0,
    linesWithoutInvoice: mapping.invoice_id !== undefined ? agg.totals.withoutInvoice : 0,
    firstDate: agg.totals.firstDate,
    lastDate: agg.totals.lastDate,
    hasCost,
    hasInvoice: mapping.invoice_id !== undefined,
  };
  if (scan.linesRead === 0) {
    throw new StrataError("INPUT_NO_ROWS", `${file} has a header line but no invoice lines.`, { file });
  }
  if (scan.linesWithoutCost > 0) {
    warnings.push({
      code: "lines_without_cost",
      message: `${scan.linesWithoutCost} lines have no cost value; their cost is counted as 0, so their margin equals their revenue.`,
    });
  }
  if (scan.linesWithoutInvoice > 0) {
    warnings.push({
      code: "lines_without_invoice",
      message: `${scan.linesWithoutInvoice} lines have no invoice id; each is counted as an invoice of its own day.`,
    });
  }
  const rejectShare = scan.linesRejected / scan.linesRead;
  if (rejectShare > 0.05) {
    warnings.push({
      code: "many_rejects",
      message: `${(rejectShare * 100).toFixed(1)}% of the lines were rejected. Check the mapping, --date-format and the decimal separator.`,
    });
  }
  const reading: Record<string, string> = {};
  if (source.csv && source.format === "csv") {
    reading.delimiter = DELIMITER_NAMES[source.csv.delimiter] ?? `'${source.csv.delimiter}'`;
    reading.encoding =
      (source.csv.encoding === "utf-8" ? "UTF-8" : "Latin-1") + (source.csv.bom ? " with BOM" : "");
    if (source.csv.compressed) reading.compression = "gzip";
  }
  if (source.headerless) reading.header = `none (${source.headerless.how})`;
  if (source.xlsx) reading.sheet = source.xlsx.sheet;
  reading.dates = formats.date.label;
  reading.decimals = formats.number.decimal === "," ? "comma" : "point";
  if (formats.number.thousands) reading.thousands = `'${formats.number.thousands}'`;
  if (formats.idsAsFloats) reading["customer ids"] = "written as floats (17850.0 read as 17850)";
  if (asOf === undefined || scan.lastDate === null) {
    throw new StrataError(
      "NO_DATA_IN_WINDOW",
      `${file}: none of the ${scan.linesRead} lines could be used: ${rejects.map((r) => `${r.count} rejected, ${r.reason}`).join("; ")}.`,
      { file, rejects },
    );
  }
  return {
    source,
    mapping,
    mappingDescription: describeLineMapping(mapping),
    guessed,
    formats,
    reading,
    scan,
    window,
    asOfSource: opts.asOf === undefined ? "latest invoice" : "option",
    figures: agg.figures[0] as CustomerFigures,
    moreFigures: agg.figures.slice(1),
    moreWindows: more,
    counts: agg.counts,
    plan: units.direct ? "one pass" : "scan",
    warnings,
  };
}

async function detectFormats(
  engine: Engine,
  src: InspectedSource,
  m: ColumnMapping<LineField>,
  opts: ReadLinesOptions,
  warnings: Warning[],
): Promise<ValueFormats> {
  const idx = (c: string | undefined) => (c === undefined ? -1 : src.header.indexOf(c));
  const dateIdx = idx(m.date);
  const moneyIdx = [m.revenue, m.quantity, m.unit_price, m.cost, m.unit_cost, m.margin]
    .map(idx)
    .filter((i) => i >= 0);
  const custIdx = idx(m.customer_id);
  const invIdx = idx(m.invoice_id);
  // Typed columns (Parquet, JSON) need no detection: sample only what is text, and numbers written as
  // floats (for ids).
  const needed = (i: number) =>
    i < 0 ? null : /^(VARCHAR|DOUBLE|FLOAT|REAL)$/i.test(src.types[i] ?? "VARCHAR") ? i : null;
  const sample = await sampleColumns(
    engine,
    src,
    [needed(custIdx), needed(invIdx), needed(dateIdx), ...moneyIdx.map(needed)],
    // Typed sources only need ids looked at (floats, padding): a small sample does.
    src.csv ? DATE_SAMPLE : 2_000,
  );
  if (sample.rows === 0)
    throw new StrataError("INPUT_NO_ROWS", `${src.file} has a header line but no invoice lines.`, {
      file: src.file,
    });
  const [custSample = [], invSample = [], dateSample = [], ...moneySamples] = sample.values;
  const dateType = (src.types[dateIdx] ?? "VARCHAR").toUpperCase();
  let date: DateFormat;
  if (opts.dateFormat !== undefined) {
    const given = parseDateFormatOption(opts.dateFormat);
    if (!given) {
      throw new StrataError(
        "BAD_OPTION",
        `--date-format '${opts.dateFormat}' is not understood. Use a pattern such as DD.MM.YYYY, MM/DD/YYYY, YYYY-MM-DD, YYYYMMDD, or a strptime pattern such as %d-%m-%Y.`,
        { value: opts.dateFormat },
      );
    }
    date = given;
  } else if (dateType === "DATE" || dateType.startsWith("TIMESTAMP")) {
    date = { pattern: "%Y-%m-%d", label: `${dateType} column`, hasTime: false };
  } else {
    const det = detectDateFormat(dateSample);
    if (!det.format) {
      const examples = dateSample.filter((s) => s.trim() !== "").slice(0, 3);
      throw new StrataError(
        "BAD_DATE_FORMAT",
        `${src.file}: the dates in column '${m.date}' are in no format Strata knows${examples.length ? ` (first values: ${examples.map((e) => `'${e}'`).join(", ")})` : " (the column is empty)"}. Expected dates such as 2011-12-09, 09/12/2011, 09.12.2011 or 20111209; name the format with --date-format.`,
        { file: src.file, column: m.date, examples },
      );
    }
    date = det.format;
    if (det.ambiguous) {
      warnings.push({
        code: "ambiguous_date_format",
        message: `The dates in '${m.date}' read both day-first and month-first in the first ${dateSample.length} lines; Strata reads them as ${date.label}. Set --date-format if that is wrong.`,
      });
    }
    if (det.others.length > 0) {
      warnings.push({
        code: "mixed_date_formats",
        message: `Column '${m.date}' mixes date formats: ${date.label} for most lines, also ${det.others.map((o) => `${o.label} (${o.count})`).join(", ")} in the sample. Lines not in ${date.label} are rejected.`,
      });
    }
  }
  const number = opts.decimal
    ? { decimal: opts.decimal, thousands: null }
    : detectNumberFormat(moneySamples.flat());
  const padded = (xs: string[]) => xs.some((x) => x !== x.trim());
  return {
    date,
    number,
    idsAsFloats: idsLookLikeFloats(custSample),
    trimIds: padded(custSample) || padded(invSample),
  };
}

/**
 * The latest invoice date without reading the lines, where the file's metadata has it: a Parquet file
 * with a DATE or TIMESTAMP column keeps min/max statistics per row group. Undefined elsewhere.
 */
async function latestFromMetadata(
  engine: Engine,
  src: InspectedSource,
  m: ColumnMapping<LineField>,
): Promise<number | undefined> {
  if (src.format !== "parquet" || m.date === undefined) return undefined;
  const type = (src.types[src.header.indexOf(m.date)] ?? "").toUpperCase();
  if (type !== "DATE" && !type.startsWith("TIMESTAMP")) return undefined;
  const [r] = await engine.rows(
    `SELECT CAST(CAST(max(${quoteIdent(m.date)}) AS DATE) AS VARCHAR) AS last FROM read_parquet($1)`,
    [src.file],
  );
  const last = r?.last;
  return typeof last === "string" ? parseIsoDay(last) : undefined;
}
