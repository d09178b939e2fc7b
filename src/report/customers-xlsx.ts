import { rm } from "node:fs/promises";
import ExcelJS from "exceljs";
import type { Beyond, Groups } from "../core/beyond.js";
import type { CustomerBook } from "../core/book.js";
import { assertNever } from "../core/errors.js";
import { ACTIVE_LAYERS } from "../core/pyramid.js";
import { CUSTOMER_COLUMNS, type CustomerRow, type RejectReason, type Summary } from "../core/summary.js";
import {
  BEYOND_DECIMALS,
  type BeyondColumnKind,
  type BeyondTable,
  coverageTable,
  groupsTable,
  potentialTable,
  profitabilityTable,
  strategyTable,
} from "./beyond-csv.js";
import { type ColumnKind, CSV_DECIMALS, CUSTOMER_COLUMN_KINDS } from "./customer-columns.js";
import { roundTo } from "./format.js";

type Sheet = ExcelJS.Worksheet;
type Cell = string | number | Date | null;

const MONEY = "#,##0.00";
const PERCENT = "0.0%";
const COUNT = "#,##0";
const DATE = "yyyy-mm-dd";
/** Rows written between two pauses that let the zip stream drain to disk. */
const ROWS_PER_TICK = 2000;

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
    await writeExtraSheets(wb, extra);
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

async function writeCustomersSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  rows: Iterable<CustomerRow>,
): Promise<void> {
  const ws = wb.addWorksheet("Customers", { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = CUSTOMER_COLUMNS.map((key) => {
    const kind = CUSTOMER_COLUMN_KINDS[key];
    const numFmt = FORMATS[kind];
    return {
      header: key,
      key,
      width: WIDER[key] ?? WIDTHS[kind],
      ...(numFmt === undefined ? {} : { style: { numFmt } }),
    };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CUSTOMER_COLUMNS.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const row of rows) {
    ws.addRow(CUSTOMER_COLUMNS.map((k) => cellValue(row, k))).commit();
    if (++n % ROWS_PER_TICK === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
}

/** A row of the Summary sheet: values with an optional number format per cell, bold for titles and headers. */
function put(
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

function title(ws: Sheet, text: string): void {
  put(ws, []);
  put(ws, [text], [], true);
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

const TABLE_FORMATS: Record<BeyondColumnKind, string | undefined> = {
  text: undefined,
  money: MONEY,
  fraction: PERCENT,
  share: PERCENT,
  number: "#,##0.00",
  count: COUNT,
  score: "0.0000",
};
const TABLE_WIDTHS: Record<BeyondColumnKind, number> = {
  text: 14,
  money: 15,
  fraction: 12,
  share: 12,
  number: 12,
  count: 10,
  score: 10,
};
const TABLE_WIDER: Readonly<Record<string, number>> = {
  customer_id: 16,
  name: 36,
  categories: 30,
  reasons: 40,
  at_risk_reasons: 40,
  flagged: 24,
  account_manager: 18,
  group: 20,
};

async function writeExtraSheets(wb: ExcelJS.stream.xlsx.WorkbookWriter, extra: CustomersXlsxExtra) {
  const b = extra.beyond;
  const tables: Array<[string, () => BeyondTable]> = [];
  if (b !== undefined) {
    tables.push(
      ["Potential", () => potentialTable(b)],
      ["Profitability", () => profitabilityTable(b)],
      ["Strategy", () => strategyTable(b)],
      ["Coverage", () => coverageTable(b)],
    );
  }
  for (const [name, table] of tables) await writeTableSheet(wb, name, table());
  if (b !== undefined) writeCapacitySheet(wb.addWorksheet("Capacity"), b);
  const g = extra.groups;
  if (g !== undefined) await writeTableSheet(wb, "Groups", groupsTable(g.groups, g.book));
}

/** One row per table row, the header frozen and filtered, numbers rounded as in the CSV and formatted. */
async function writeTableSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  t: BeyondTable,
): Promise<void> {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = t.columns.map(({ key, kind }) => {
    const numFmt = TABLE_FORMATS[kind];
    return {
      header: key,
      key,
      width: TABLE_WIDER[key] ?? TABLE_WIDTHS[kind],
      ...(numFmt === undefined ? {} : { style: { numFmt } }),
    };
  });
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: t.columns.length } };
  const header = ws.getRow(1);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const row of t.rows) {
    const cells = t.columns.map(({ kind }, k) => {
      const v = row[k] ?? null;
      return typeof v === "number" && kind !== "text" ? roundTo(v, BEYOND_DECIMALS[kind]) : v;
    });
    ws.addRow(cells).commit();
    if (++n % ROWS_PER_TICK === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  ws.commit();
}

const HOURS = "#,##0.0";
const FTE = "0.00";

/** The capacity figures as label / value rows, then the per-class and per-account-manager tables. */
function writeCapacitySheet(ws: Sheet, b: Beyond): void {
  const cov = b.coverage;
  const c = cov.capacity;
  ws.columns = [{ width: 34 }, ...Array.from({ length: 14 }, () => ({ width: 13 }))];
  put(ws, ["Capacity (hours a year)"], [], true);
  const repsFrom = b.reps.source === "file" ? `file ${b.reps.file ?? ""}` : b.reps.source;
  const figures: Array<[string, Cell, string | undefined]> = [
    ["Window (years)", cov.windowYears, "0.00"],
    ["Activities given", cov.hasActivities ? "yes" : "no", undefined],
    ["Hours the plan needs", c.neededHours, HOURS],
    ["Hours available", c.availableHours, HOURS],
    ["Reps", c.reps, COUNT],
    ["Reps from", repsFrom, undefined],
    ["Hours per rep", c.hoursPerRep, HOURS],
    ["Gap (hours; below 0: to spare)", c.gapHours, HOURS],
    ["FTE needed", c.neededFte, FTE],
    ["FTE available", c.availableFte, FTE],
    ["Gap (FTE)", c.gapFte, FTE],
    ["Gap (people, rounded up)", c.gapPeople, COUNT],
  ];
  for (const [label, v, f] of figures) put(ws, [label, v], [undefined, f]);

  title(ws, "Per class (planned and actual over the window)");
  put(
    ws,
    [
      "Class",
      "Customers",
      "Value",
      "% value",
      "Planned contacts",
      "Planned hours",
      "% planned time",
      "Actual contacts",
      "Actual hours",
      "% time",
      "% contacts",
      "Under-served",
      "On plan",
      "Over-served",
      "Unknown",
    ],
    [],
    true,
  );
  const classFormats = [
    undefined,
    COUNT,
    MONEY,
    PERCENT,
    HOURS,
    HOURS,
    PERCENT,
    HOURS,
    HOURS,
    PERCENT,
    PERCENT,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
  ];
  for (const r of [...cov.classes, cov.total]) {
    put(
      ws,
      [
        r.label,
        r.customers,
        r.value,
        r.valueShare,
        r.plannedContacts,
        r.plannedHours,
        r.plannedTimeShare,
        r.actualContacts,
        r.actualHours,
        r.timeShare,
        r.contactShare,
        r.status["under-served"],
        r.status["on-plan"],
        r.status["over-served"],
        r.status.unknown,
      ],
      classFormats,
    );
  }

  title(ws, "Per account manager");
  // the class labels, then "unranked": the keys of byClass
  const labels = cov.classes.map((r) => r.label);
  put(
    ws,
    [
      "Account manager",
      "Customers",
      ...labels,
      "Value",
      "Planned contacts",
      "Planned hours",
      "Planned hours a year",
      "Workload (FTE)",
      "Actual contacts",
      "Actual hours",
      "Under-served",
      "Over-served",
    ],
    [],
    true,
  );
  const managerFormats = [
    undefined,
    COUNT,
    ...labels.map(() => COUNT),
    MONEY,
    HOURS,
    HOURS,
    HOURS,
    FTE,
    HOURS,
    HOURS,
    COUNT,
    COUNT,
  ];
  for (const m of cov.managers) {
    put(
      ws,
      [
        m.accountManager ?? "(none)",
        m.customers,
        ...labels.map((l) => m.byClass[l] ?? 0),
        m.value,
        m.plannedContacts,
        m.plannedHours,
        m.plannedHoursPerYear,
        m.workloadFte,
        m.actualContacts,
        m.actualHours,
        m.underServed,
        m.overServed,
      ],
      managerFormats,
    );
  }
  ws.commit();
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
function writeRejectedSheet(wb: ExcelJS.stream.xlsx.WorkbookWriter, rejected: readonly RejectRow[]): void {
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
