import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Groups } from "../../src/core/beyond.js";
import { CUSTOMER_COLUMNS } from "../../src/core/summary.js";
import {
  COVERAGE_COLUMNS,
  GROUPS_COLUMNS,
  POTENTIAL_COLUMNS,
  PROFITABILITY_COLUMNS,
  STRATEGY_COLUMNS,
} from "../../src/report/beyond-csv.js";
import { writeCustomersXlsx } from "../../src/report/customers-xlsx.js";
import { beyondOf, richBook } from "../fixtures/book/beyond-fixture.js";
import { noActivitiesBook } from "../fixtures/book/profit-book.js";
import { fixtureRows, fixtureSummary } from "./fixture.js";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "strata-xlsx-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function readBack(path: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  return wb;
}

function column(key: string): number {
  return CUSTOMER_COLUMNS.indexOf(key as (typeof CUSTOMER_COLUMNS)[number]) + 1;
}

/** All cell values of a sheet, one array per row, for searching. */
function values(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow((row) => {
    out.push((row.values as unknown[]).slice(1));
  });
  return out;
}

describe("writeCustomersXlsx", () => {
  let wb: ExcelJS.Workbook;
  beforeAll(async () => {
    const path = join(dir, "customers.xlsx");
    await writeCustomersXlsx(path, fixtureRows(), fixtureSummary());
    wb = await readBack(path);
  });

  it("has the sheets Customers, Summary and Rejected", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(["Customers", "Summary", "Rejected"]);
  });

  it("Customers: bold header in CUSTOMER_COLUMNS order, frozen, with an autofilter", () => {
    const ws = wb.getWorksheet("Customers")!;
    expect(ws.rowCount).toBe(1 + fixtureRows().length);
    const header = ws.getRow(1);
    expect((header.values as unknown[]).slice(1)).toEqual([...CUSTOMER_COLUMNS]);
    expect(header.getCell(1).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    expect(ws.autoFilter).toBe("A1:O1");
    expect(ws.getColumn(column("name")).width).toBeGreaterThan(ws.getColumn(column("abc")).width ?? 0);
  });

  it("Customers: money as numbers with #,##0.00, shares as 0.0%, dates as dates, null as empty", () => {
    const ws = wb.getWorksheet("Customers")!;
    const c01 = ws.getRow(2);
    const revenue = c01.getCell(column("revenue"));
    expect(revenue.value).toBe(1200.3);
    expect(revenue.numFmt).toBe("#,##0.00");
    const share = c01.getCell(column("share"));
    expect(share.value).toBe(0.3);
    expect(share.numFmt).toBe("0.0%");
    const last = c01.getCell(column("last_date")).value;
    expect(last).toBeInstanceOf(Date);
    expect((last as Date).toISOString()).toBe("2011-12-09T00:00:00.000Z");
    expect(c01.getCell(column("name")).value).toBe("Acme <script>alert('x')</script> Ltd");
    const c13 = ws.getRow(14);
    expect(c13.getCell(column("customer_id")).value).toBe("C13");
    expect(c13.getCell(column("cost")).value).toBeNull();
    expect(c13.getCell(column("rank")).value).toBeNull();
    expect(c13.getCell(column("pyramid")).value).toBe("NonPositive");
    expect(ws.getRow(15).getCell(column("margin")).value).toBe(0);
  });

  it("Summary: data, window, measure, ABC, pyramid, concentration and warnings", () => {
    const rows = values(wb.getWorksheet("Summary")!);
    const find = (label: string): unknown[] | undefined => rows.find((r) => r[0] === label);
    expect(find("Lines read")?.[1]).toBe(1234);
    expect(find("Window")?.[1]).toBe("2010-12-10 … 2011-12-09");
    expect(find("Measure")?.[1]).toBe("margin (default)");
    expect(find("A")).toEqual([expect.anything(), 0.8, 7, 7 / 12, 850, 0.85]);
    expect(find("Value ≤ 0")?.slice(0, 2)).toEqual(["Value ≤ 0", 2]);
    expect(find("Gini")?.[1]).toBeCloseTo(0.4333, 4);
    expect(find("C01")?.slice(2)).toEqual([300, 0.3, "yes"]);
    expect(find("FEW_CUSTOMERS")?.[1]).toBe("Only 12 active customers: one customer moves the shares a lot.");
    expect(rows.some((r) => String(r[0]).startsWith("Key clients: 2, of which monopoly clients"))).toBe(true);
  });

  it("Rejected: one row per example with file, reason, count, line, column and value", () => {
    const rows = values(wb.getWorksheet("Rejected")!);
    expect(rows[0]).toEqual(["File", "Reason", "Lines rejected", "Example line", "Column", "Value"]);
    expect(rows[1]).toEqual(["sales.csv", "bad date", 6, 7, "InvoiceDate", "31/02/2011"]);
    expect(rows.at(-1)).toEqual(["customers.csv", "unknown status", 1, 5, "Status", "maybe"]);
    expect(rows).toHaveLength(1 + 3 + 2 + 1);
  });

  it("has no Rejected sheet when nothing was rejected", async () => {
    const s = fixtureSummary();
    s.data.rejects = [];
    s.customerList = null;
    const path = join(dir, "clean.xlsx");
    await writeCustomersXlsx(path, fixtureRows(), s);
    expect((await readBack(path)).worksheets.map((w) => w.name)).toEqual(["Customers", "Summary"]);
  });

  it("leaves no half-written file when the rows fail", async () => {
    function* failing(): Generator<ReturnType<typeof fixtureRows>[number]> {
      yield fixtureRows()[0]!;
      throw new Error("source broke");
    }
    const path = join(dir, "failed.xlsx");
    await expect(writeCustomersXlsx(path, failing(), fixtureSummary())).rejects.toThrow("source broke");
    expect(existsSync(path)).toBe(false);
    await expect(
      writeCustomersXlsx(join(dir, "missing", "x.xlsx"), fixtureRows(), fixtureSummary()),
    ).rejects.toThrow(/ENOENT/);
  });

  it("streams many rows from a lazy iterable", async () => {
    const base = fixtureRows()[3]!;
    function* many(): Generator<typeof base> {
      for (let i = 0; i < 10_000; i++) yield { ...base, customer_id: `K${i}`, rank: i + 1 };
    }
    const path = join(dir, "many.xlsx");
    await writeCustomersXlsx(path, many(), fixtureSummary());
    const ws = (await readBack(path)).getWorksheet("Customers")!;
    expect(ws.rowCount).toBe(10_001);
    expect(ws.getRow(10_001).getCell(1).value).toBe("K9999");
  });
});

/** Two groups of the rich book, by hand: K01 and K02 in "North", the rest in no group (enough for the sheet). */
function smallGroups(): Groups {
  const n = richBook.ids.length;
  const group = richBook.ids.map((id) => (id === "K01" || id === "K02" ? "North" : null));
  return {
    column: "region",
    groups: [],
    group,
    groupAbc: group.map((g, i) => (g === null ? null : i === 0 ? "A" : "B")),
    groupRank: Int32Array.from({ length: n }, (_, i) => (i < 2 ? i + 1 : 0)),
    groupShare: Float64Array.from({ length: n }, (_, i) => (i === 0 ? 52 / 83 : i === 1 ? 31 / 83 : 0)),
    differ: 1,
  };
}

describe("writeCustomersXlsx with the sheets beyond billing", () => {
  let wb: ExcelJS.Workbook;
  const keys = (cols: readonly { key: string }[]) => cols.map((c) => c.key);
  /** The data row of a customer in a sheet whose first column is customer_id. */
  const rowOf = (ws: ExcelJS.Worksheet, id: string): unknown[] => values(ws).find((r) => r[0] === id) ?? [];
  beforeAll(async () => {
    const path = join(dir, "beyond.xlsx");
    await writeCustomersXlsx(path, fixtureRows(), fixtureSummary(), {
      beyond: beyondOf(richBook),
      groups: { groups: smallGroups(), book: richBook },
    });
    wb = await readBack(path);
  });

  it("adds Potential, Profitability, Strategy, Coverage, Capacity and Groups before Rejected", () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Customers",
      "Summary",
      "Potential",
      "Profitability",
      "Strategy",
      "Coverage",
      "Capacity",
      "Groups",
      "Rejected",
    ]);
  });

  it("each table sheet has the CSV's columns, one row per customer, a frozen bold header", () => {
    const sheets: Array<[string, readonly { key: string }[]]> = [
      ["Potential", POTENTIAL_COLUMNS],
      ["Profitability", PROFITABILITY_COLUMNS],
      ["Strategy", STRATEGY_COLUMNS],
      ["Coverage", COVERAGE_COLUMNS],
      ["Groups", GROUPS_COLUMNS],
    ];
    for (const [name, columns] of sheets) {
      const ws = wb.getWorksheet(name)!;
      expect(values(ws)[0]).toEqual(keys(columns));
      expect(ws.rowCount).toBe(1 + richBook.ids.length);
      expect(ws.getRow(1).getCell(1).font?.bold).toBe(true);
      expect(ws.views[0]).toMatchObject({ state: "frozen", ySplit: 1 });
    }
  });

  it("numbers are numbers with percent and money formats; unknown is an empty cell", () => {
    const pot = wb.getWorksheet("Potential")!;
    const k04 = pot.getRow(1 + 1 + richBook.ids.indexOf("K04"));
    const col = (k: string) => keys(POTENTIAL_COLUMNS).indexOf(k) + 1;
    expect(k04.getCell(col("customer_id")).value).toBe("K04");
    // 9,000 of 70,000, rounded to 4 decimals as in the CSV
    expect(k04.getCell(col("share_of_wallet")).value).toBe(0.1286);
    expect(k04.getCell(col("share_of_wallet")).numFmt).toBe("0.0%");
    expect(k04.getCell(col("gap")).value).toBe(61_000);
    expect(k04.getCell(col("gap")).numFmt).toBe("#,##0.00");
    expect(k04.getCell(col("cell")).value).toBe("grow");
    expect(rowOf(pot, "K08").slice(2, 6)).toEqual([undefined, undefined, undefined, undefined]);

    const profit = rowOf(wb.getWorksheet("Profitability")!, "K01");
    expect(profit.slice(0, 6)).toEqual(["K01", "A", "B", 0.0288, 22, "vip"]);
    expect(profit[9]).toBe("belowMarginFloor");
    expect(rowOf(wb.getWorksheet("Strategy")!, "K04").slice(3, 8)).toEqual([
      "A",
      "B",
      "Dogwood, Ltd",
      "yes",
      "kol",
    ]);
    expect(rowOf(wb.getWorksheet("Coverage")!, "K02").slice(1, 5)).toEqual(["A", 12, 6, "under-served"]);
    const groups = wb.getWorksheet("Groups")!;
    expect(rowOf(groups, "K02").slice(0, 6)).toEqual(["K02", "North", "B", 2, 0.373494, "A"]);
    expect(groups.getRow(2).getCell(1).value).toBe("K01");
  });

  it("Capacity: the figures as label and value, then the per-class and per-manager tables", () => {
    const rows = values(wb.getWorksheet("Capacity")!);
    const find = (label: string) => rows.find((r) => r[0] === label);
    // 3 A × 12 × 2 h + 3 B × 4 × 1.5 h + 3 C × 1 h + 2 unranked × 1 h
    expect(find("Hours the plan needs")?.[1]).toBe(95);
    expect(find("Hours available")?.[1]).toBe(3300);
    expect(find("Gap (people, rounded up)")?.[1]).toBe(-2);
    expect(find("Reps from")?.[1]).toBe("account managers");
    expect(find("A")?.slice(0, 6)).toEqual(["A", 3, 101_000, 0.808, 36, 72]);
    expect(find("total")?.[1]).toBe(11);
    expect(find("Account manager")).toContain("unranked");
    expect(find("Anna")?.slice(0, 2)).toEqual(["Anna", 4]);
    expect(find("(none)")?.[1]).toBe(1);
  });

  it("without activities the actual columns stay empty; without extra nothing changes", async () => {
    const path = join(dir, "no-activities.xlsx");
    const s = fixtureSummary();
    s.data.rejects = [];
    s.customerList = null;
    await writeCustomersXlsx(path, fixtureRows(), s, { beyond: beyondOf(noActivitiesBook) });
    const back = await readBack(path);
    expect(back.worksheets.map((w) => w.name)).toEqual([
      "Customers",
      "Summary",
      "Potential",
      "Profitability",
      "Strategy",
      "Coverage",
      "Capacity",
    ]);
    const q01 = rowOf(back.getWorksheet("Coverage")!, "q01");
    expect(q01[3]).toBeUndefined();
    expect(q01[4]).toBe("unknown");
    expect(rowOf(back.getWorksheet("Profitability")!, "q01")[4]).toBeUndefined();
  });
});
