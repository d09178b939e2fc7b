import { rm } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Beyond, Groups } from "../core/beyond.js";
import type { CustomerBook } from "../core/book.js";
import { assertNever } from "../core/errors.js";
import { ACTIVE_LAYERS } from "../core/pyramid.js";
import { CUSTOMER_COLUMNS, type CustomerRow, type RejectReason, type Summary } from "../core/summary.js";
import { writeBeyondSheets } from "./beyond-xlsx.js";
import { type ColumnKind, CSV_DECIMALS, CUSTOMER_COLUMN_KINDS } from "./customer-columns.js";
import { roundTo } from "./format.js";
import {
  type Cell,
  COUNT,
  DATE,
  MONEY,
  PERCENT,
  put,
  type Sheet,
  title,
  type Workbook,
  writeTableSheet,
} from "./xlsx-sheet.js";

const FORMATS: Record<ColumnKind, string | undefined> = {
  text: undefined,
  money: MONEY,
  share: PERCENT,
  count: COUNT,
  date: DATE,
};

const WIDTHS: Record<ColumnKind, number> = { text: 12, money: 15, share: 10, count: 10, date: 12 };
const WIDER: Partial<Record<keyof CustomerRow, number>> = { customer_id: 16, name: 36, abc: 6, pyramid: 12 };

/** 'YYYY-MM-DD' as a UTC midnight Date, which Excel shows as that day; anything else is kept as text. */
function toDate(day: string): Date | string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : day;
}

function cellValue(row: CustomerRow, key: keyof CustomerRow): Cell {
  const v = row[key];
  if (v === null) return null;
  const kind = CUSTOMER_COLUMN_KINDS[key];
  switch (kind) {
    case "text":
      return v;
    case "date":
      return typeof v === "string" ? toDate(v) : v;
    case "money":
    case "share":
    case "count":
      return typeof v === "number" ? roundTo(v, CSV_DECIMALS[kind]) : v;
    default:
      return assertNever(kind);
  }
}

/** What customers.xlsx may carry beyond billing: the sheets of the beyond-billing files, and `--by` groups. */
export interface CustomersXlsxExtra {
  beyond?: Beyond;
  groups?: { groups: Groups; book: CustomerBook };
}

/**
 * Writes customers.xlsx with the streaming writer: sheet "Customers" (one row per customer, real numbers,
 * percentages and dates, frozen header, autofilter), sheet "Summary" (every figure of the terminal report),
 * with `extra` the sheets "Potential", "Profitability", "Strategy", "Coverage", "Capacity" and "Groups" (the
 * columns of the matching CSV files), and, when lines were rejected, sheet "Rejected" with the examples.
 * Rejects when the file cannot be written or `rows` throws; then no file is left.
 */
export async function writeCustomersXlsx(
  path: string,
  rows: Iterable<CustomerRow>,
  summary: Summary,
  extra: CustomersXlsxExtra = {},
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = `Strata ${summary.strata.version}`;
  try {
    // Sheets are written one after the other: the zip holds one open entry at a time.
    await writeCustomersSheet(wb, rows);
    writeSummarySheet(wb.addWorksheet("Summary"), summary);
    await writeBeyondSheets(wb, extra);
    const rejected = rejectRows(summary);
    if (rejected.length > 0) writeRejectedSheet(wb, rejected);
  } catch (e) {
    // Finish the archive so that its file handle closes, then remove the half-written workbook.
    await wb.commit().catch(() => undefined);
    await rm(path, { force: true });
    throw e;
  }
  try {
    await wb.commit();
  } catch (e) {
    await rm(path, { force: true });
    throw e;
  }
}

/** Sheet "Customers": one row per customer, read from `rows` as they come. */
async function writeCustomersSheet(wb: Workbook, rows: Iterable<CustomerRow>): Promise<void> {
  const columns = CUSTOMER_COLUMNS.map((key) => {
    const kind = CUSTOMER_COLUMN_KINDS[key];
    return { key, width: WIDER[key] ?? WIDTHS[kind], numFmt: FORMATS[kind] };
  });
  await writeTableSheet(wb, "Customers", columns, rows, (row) =>
    CUSTOMER_COLUMNS.map((k) => cellValue(row, k)),
  );
}

function writeSummarySheet(ws: Sheet, s: Summary): void {
  ws.columns = [{ width: 34 }, { width: 36 }, { width: 14 }, { width: 14 }, { width: 16 }, { width: 12 }];
  const d = s.data;
  const w = s.window;
  put(ws, [`Strata ${s.strata.version}: ${d.file}`], [], true);
  put(ws, ["Format", d.format]);
  for (const [k, v] of Object.entries(d.reading)) put(ws, [k, v]);
  put(ws, ["Window", `${w.firstDay} … ${w.lastDay}`]);
  put(ws, ["Horizon", w.horizon]);
  put(ws, ["As of", `${w.asOf} (${w.asOfSource})`]);
  put(ws, ["Measure", `${s.measure} (${s.measureSource})`]);

  title(ws, "Data");
  const counts: Array<[string, number]> = [
    ["Lines read", d.linesRead],
    ["Lines used", d.linesUsed],
    ["Lines without customer", d.linesWithoutCustomer],
    ["Lines outside the window", d.linesOutsideWindow],
    ["  before the window", d.linesBeforeWindow],
    ["  after the as-of date", d.linesAfterAsOf],
    ["Lines rejected", d.linesRejected],
    ["Customers seen", d.customersSeen],
  ];
  for (const [label, n] of counts) put(ws, [label, n], [undefined, COUNT]);
  put(ws, ["Revenue without customer", d.revenueWithoutCustomer], [undefined, MONEY]);
  put(ws, ["First invoice date", d.firstDate === null ? null : toDate(d.firstDate)], [undefined, DATE]);
  put(ws, ["Last invoice date", d.lastDate === null ? null : toDate(d.lastDate)], [undefined, DATE]);
  title(ws, "Columns used");
  for (const [field, column] of Object.entries(s.mapping)) put(ws, [field, column]);

  const list = s.customerList;
  if (list !== null) {
    title(ws, `Customer list: ${list.file}`);
    const listCounts: Array<[string, number]> = [
      ["Rows read", list.rowsRead],
      ["Rows used", list.rowsUsed],
      ["Rows rejected", list.rowsRejected],
      ["Listed, without invoices", list.listedWithoutInvoices],
      ["Invoiced, not listed", list.invoicedNotListed],
      ...Object.entries(list.statuses).map(([k, n]): [string, number] => [`Status ${k}`, n]),
    ];
    for (const [label, n] of listCounts) put(ws, [label, n], [undefined, COUNT]);
  }

  title(ws, `ABC classes by ${s.measure}`);
  const abcFormats = [undefined, PERCENT, COUNT, PERCENT, MONEY, PERCENT];
  put(ws, ["Class", "Up to", "Customers", "% customers", "Value", "% value"], [], true);
  for (const c of s.abc.classes) {
    put(ws, [c.label, c.upTo / 100, c.customers, c.customersShare, c.value, c.valueShare], abcFormats);
  }

  title(ws, "Customer pyramid");
  put(ws, ["Layer", "Customers", "% of active", "% of all", "Value", "% value"], [], true);
  for (const l of s.pyramid.layers) {
    const ranked = ACTIVE_LAYERS.includes(l.layer);
    put(
      ws,
      [
        l.label,
        l.customers,
        l.customersShareOfActive,
        l.customersShare,
        l.value,
        ranked ? l.valueShare : null,
      ],
      [undefined, COUNT, PERCENT, PERCENT, MONEY, PERCENT],
    );
  }

  writeConcentration(ws, s);

  if (s.warnings.length > 0) {
    title(ws, "Warnings");
    for (const warning of s.warnings) put(ws, [warning.code, warning.message]);
  }
  ws.commit();
}

function writeConcentration(ws: Sheet, s: Summary): void {
  const c = s.concentration;
  title(ws, "Concentration");
  const figures: Array<[string, number, string]> = [
    ["Active customers", c.activeCustomers, COUNT],
    ["Total value", c.totalValue, MONEY],
    ["Customers for 80% of value", c.customersFor80, COUNT],
    ["  as share of active customers", c.customersFor80Share, PERCENT],
    ["Share of the top 1", c.top1Share, PERCENT],
    ["Share of the top 5", c.top5Share, PERCENT],
    ["Share of the top 10", c.top10Share, PERCENT],
    ["Share of the top 20% of customers", c.top20PercentShare, PERCENT],
    ["Gini", c.gini, "0.000"],
    ["HHI", c.hhi, "0.0000"],
    ["Key client from share", c.keyClientShare, PERCENT],
    ["Monopoly client from share", c.monopolyClientShare, PERCENT],
  ];
  for (const [label, x, f] of figures) put(ws, [label, x], [undefined, f]);
  const monopoly = new Set(c.monopolyClients.map((m) => m.customerId));
  title(
    ws,
    `Key clients: ${c.keyClients.length}, of which monopoly clients (dependency risk): ${c.monopolyClients.length}`,
  );
  if (c.keyClients.length > 0) {
    put(ws, ["Customer", "Name", "Value", "Share", "Monopoly"], [], true);
    for (const k of c.keyClients) {
      put(
        ws,
        [k.customerId, k.name, k.value, k.share, monopoly.has(k.customerId) ? "yes" : "no"],
        [undefined, undefined, MONEY, PERCENT],
      );
    }
  }
  const np = s.nonPositive;
  title(ws, `Customers with value ≤ 0: ${np.customers}`);
  put(ws, ["Total value", np.value], [undefined, MONEY]);
  if (np.list.length > 0) {
    put(ws, ["Customer", "Name", "Value"], [], true);
    for (const k of np.list) put(ws, [k.customerId, k.name, k.value], [undefined, undefined, MONEY]);
  }
}

interface RejectRow {
  file: string;
  reason: RejectReason;
}

function rejectRows(s: Summary): RejectRow[] {
  const rows = s.data.rejects.map((reason) => ({ file: s.data.file, reason }));
  const list = s.customerList;
  if (list !== null) rows.push(...list.rejects.map((reason) => ({ file: list.file, reason })));
  return rows;
}

/** One row per example (the count repeated on each), so the sheet filters and sorts like a table. */
function writeRejectedSheet(wb: Workbook, rejected: readonly RejectRow[]): void {
  const ws = wb.addWorksheet("Rejected", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = [
    { header: "File", key: "file", width: 24 },
    { header: "Reason", key: "reason", width: 30 },
    { header: "Lines rejected", key: "count", width: 14, style: { numFmt: COUNT } },
    { header: "Example line", key: "line", width: 13, style: { numFmt: COUNT } },
    { header: "Column", key: "column", width: 18 },
    { header: "Value", key: "value", width: 40 },
  ];
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  for (const { file, reason } of rejected) {
    const examples = reason.examples.length > 0 ? reason.examples : [null];
    for (const e of examples) {
      ws.addRow([
        file,
        reason.reason,
        reason.count,
        e?.line,
        e?.column ?? undefined,
        e?.value ?? undefined,
      ]).commit();
    }
  }
  ws.commit();
}
