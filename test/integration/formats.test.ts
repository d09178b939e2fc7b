import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { analyze, tempDir } from "../helpers/analyze.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

async function write(name: string, content: string | Uint8Array): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

/** The per-customer revenue of a run, as a plain record. */
async function revenues(file: string, extra = {}) {
  const r = await analyze(file, extra);
  return {
    summary: r.summary,
    byId: Object.fromEntries([...r.rows()].map((x) => [x.customer_id, x.revenue])),
  };
}

describe("reading exports as they come", () => {
  it("reads European CSV: semicolons, decimal comma with thousands dots, day-first dotted dates, quoted fields", async () => {
    const f = await write(
      "eu.csv",
      'Klant;Factuurdatum;Bedrag\n"K1";01.02.2023;1.234,56\nK2;31.12.2023;-5,50\n"K;3";15.06.2023;"2.000,00"\n',
    );
    const { summary, byId } = await revenues(f);
    expect(byId).toEqual({ K1: 1234.56, K2: -5.5, "K;3": 2000 });
    expect(summary.data.reading).toMatchObject({
      delimiter: "semicolon",
      dates: "DD.MM.YYYY",
      decimals: "comma",
      thousands: "'.'",
    });
    expect(summary.mapping).toMatchObject({ customer_id: "Klant", date: "Factuurdatum", revenue: "Bedrag" });
  });

  it("reads Latin-1 with a tab delimiter, and a UTF-8 BOM", async () => {
    const latin = Buffer.from(
      "Customer\tDate\tAmount\nM\xfcller GmbH\t2023-05-01\t10.5\nCaf\xe9 Z\t2023-05-02\t4\n",
      "latin1",
    );
    const { summary, byId } = await revenues(await write("latin.tsv", latin));
    expect(byId).toEqual({ "Müller GmbH": 10.5, "Café Z": 4 });
    expect(summary.data.reading).toMatchObject({ encoding: "Latin-1", delimiter: "tab" });
    const bom = await revenues(
      await write("bom.csv", "\ufeffCustomerID,InvoiceDate,Revenue\nA,2023-01-01,3\n"),
    );
    expect(bom.byId).toEqual({ A: 3 });
    expect(bom.summary.data.reading.encoding).toBe("UTF-8 with BOM");
  });

  it("reads YYYYMMDD dates, month-first dates, gzip, and float-written ids", async () => {
    const sap = await revenues(
      await write("sap.csv", "Debiteur,Datum,Omzet\n100.0,20230105,1\n100.0,20230106,2\n200.0,20231231,3\n"),
    );
    expect(sap.byId).toEqual({ "100": 3, "200": 3 });
    expect(sap.summary.data.reading.dates).toBe("YYYYMMDD");
    const us = await revenues(
      await write("us.csv.gz", gzipSync("Customer,Date,Amount\nA,12/31/2023,1\nB,01/15/2023,2\n")),
    );
    expect(us.summary.data.reading).toMatchObject({ dates: "MM/DD/YYYY", compression: "gzip" });
    expect(us.summary.window.asOf).toBe("2023-12-31");
  });

  it("computes revenue as quantity × unit price and margin from a unit cost, exactly", async () => {
    const f = await write(
      "qp.csv",
      "CustomerID,InvoiceDate,Quantity,UnitPrice,UnitCost\nA,2023-01-01,3,0.1,0.05\nA,2023-01-02,-3,0.1,0.05\nB,2023-01-01,2,1.25,1\n",
    );
    const r = await analyze(f);
    const rows = Object.fromEntries([...r.rows()].map((x) => [x.customer_id, x]));
    expect(r.summary.measure).toBe("margin");
    expect(rows.A).toMatchObject({ revenue: 0, cost: 0, margin: 0, pyramid: "NonPositive" });
    expect(rows.B).toMatchObject({ revenue: 2.5, cost: 2, margin: 0.5, abc: "A" });
  });

  it("honours --map and prints it", async () => {
    const f = await write("odd.csv", "who,when,howmuch,other\nA,2023-01-01,5,x\n");
    const r = await analyze(f, { map: { customer_id: "who", date: "when", revenue: "howmuch" } });
    expect(r.summary.mapping).toEqual({ customer_id: "who", date: "when", revenue: "howmuch" });
  });

  it("reads Parquet, JSON lines and XLSX the same way", async () => {
    const csv = await write(
      "base.csv",
      "CustomerID,InvoiceDate,Amount\nA,2023-01-01,10.25\nB,2023-02-01,5\nA,2023-03-01,1\n",
    );
    const engine = await DuckDbEngine.open();
    const pq = join(dir, "base.parquet");
    await engine.run(
      `COPY (SELECT CustomerID, CAST(InvoiceDate AS DATE) AS InvoiceDate, CAST(Amount AS DECIMAL(10,2)) AS Amount FROM read_csv('${csv}')) TO '${pq}' (FORMAT parquet)`,
    );
    await engine.close();
    const jsonl = await write(
      "base.jsonl",
      '{"CustomerID":"A","InvoiceDate":"2023-01-01","Amount":10.25}\n{"CustomerID":"B","InvoiceDate":"2023-02-01","Amount":5}\n{"CustomerID":"A","InvoiceDate":"2023-03-01","Amount":1}\n',
    );
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Invoices");
    ws.addRow(["CustomerID", "InvoiceDate", "Amount"]);
    ws.addRow([17850, new Date(Date.UTC(2023, 0, 1)), 10.25]);
    ws.addRow(["B", new Date(Date.UTC(2023, 1, 1)), 5]);
    ws.addRow([17850, new Date(Date.UTC(2023, 2, 1)), 1]);
    const xlsx = join(dir, "base.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const expected = { A: 11.25, B: 5 };
    expect((await revenues(pq)).byId).toEqual(expected);
    expect((await revenues(jsonl)).byId).toEqual(expected);
    expect((await revenues(xlsx)).byId).toEqual({ "17850": 11.25, B: 5 });
  });

  it("gives the sheet row of a bad XLSX line", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Data");
    ws.addRow(["Customer", "Date", "Amount"]);
    ws.addRow(["A", "2023-01-01", 1]);
    ws.addRow([]);
    ws.addRow(["B", "2023-01-02", "twelve"]);
    const xlsx = join(dir, "bad.xlsx");
    await wb.xlsx.writeFile(xlsx);
    const r = await analyze(xlsx);
    expect(r.summary.data.rejects[0]?.examples[0]).toEqual({ line: 4, column: "Amount", value: "twelve" });
  });

  it("reads a customer list from XLSX, ids written as numbers", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("Klanten");
    ws.addRow(["Klantnr", "Naam", "Status"]);
    ws.addRow([100, "Alfa BV", "klant"]);
    ws.addRow([300, "Prospect BV", "prospect"]);
    const list = join(dir, "klanten.xlsx");
    await wb.xlsx.writeFile(list);
    const inv = await write("inv-k.csv", "Klant;Datum;Bedrag\n100;01-02-2023;5,00\n200;03-02-2023;7,50\n");
    const r = await analyze(inv, { customers: list, customersMap: { customer_id: "Klantnr" } });
    const rows = Object.fromEntries([...r.rows()].map((x) => [x.customer_id, x]));
    expect(rows["100"]).toMatchObject({ name: "Alfa BV", revenue: 5, pyramid: "Small" });
    expect(rows["300"]).toMatchObject({ name: "Prospect BV", pyramid: "Prospect" });
    expect(r.summary.customerList).toMatchObject({
      rowsRead: 2,
      listedWithoutInvoices: 1,
      invoicedNotListed: 1,
    });
  });

  it("rejects bad lines of JSON lines with their row numbers and reasons", async () => {
    const f = await write(
      "bad.jsonl",
      '{"CustomerID":"A","InvoiceDate":"2023-01-01","Amount":"10"}\n{"CustomerID":"B","InvoiceDate":"soon","Amount":"5"}\n{"CustomerID":"C","InvoiceDate":"2023-01-03","Amount":"x"}\n{"CustomerID":"D","InvoiceDate":"2023-01-04","Amount":null}\n',
    );
    const r = await analyze(f);
    expect(r.summary.data).toMatchObject({ linesRead: 4, linesRejected: 3, linesUsed: 1 });
    const byReason = Object.fromEntries(r.summary.data.rejects.map((x) => [x.reason, x.examples]));
    expect(byReason["date not in the detected format (column InvoiceDate)"]).toEqual([
      { line: 2, column: "InvoiceDate", value: "soon" },
    ]);
    expect(byReason["amount is not a number (column Amount)"]).toEqual([
      { line: 3, column: "Amount", value: "x" },
    ]);
    expect(byReason["amount is empty (column Amount)"]).toEqual([{ line: 4, column: "Amount", value: null }]);
  });
});
