import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_COLUMNS } from "../../src/core/summary.js";
import { writeCustomersXlsx } from "../../src/report/customers-xlsx.js";
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
