import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { makePolicy, parseAsOf, parseHorizon } from "../../src/core/policy.js";
import { firstLineIsData } from "../../src/engine/detect.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { guessColumnsFromValues } from "../../src/engine/guess-columns.js";
import { parseDelimiterOption, sniffDelimiter, WHITESPACE } from "../../src/engine/text-sniff.js";
import { whitespaceReaderSql } from "../../src/engine/whitespace-reader.js";
import { analyze, FIXTURES, tempDir } from "../helpers/analyze.js";

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

  it("shows the value of a bad CSV line that follows a blank line", async () => {
    const f = join(dir, "blank-before-bad.csv");
    await writeFile(
      f,
      "customer,date,amount\r\nA,2024-01-01,10\r\n\r\nB,2024-01-02,abc\r\nC,2024-01-03,5\r\n",
    );
    const r = await analyze(f);
    expect(r.summary.data.rejects[0]?.examples).toEqual([{ line: 4, column: "amount", value: "abc" }]);
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

const HEADERLESS = join(FIXTURES, "headerless");
/** A window that holds every line of the headerless fixtures. */
const ALL_OF_1997_98 = {
  asOf: parseAsOf("1998-06-30"),
  policy: makePolicy({ horizon: parseHorizon("24m") }),
};

describe("text without a header line, and fields separated by runs of blanks", () => {
  it("reads CDNOW's layout: no header, leading blanks, runs of spaces, CRLF; columns told from their values", async () => {
    const { summary, byId } = await revenues(join(HEADERLESS, "cdnow-like.txt"), ALL_OF_1997_98);
    expect(summary.data.reading).toEqual({
      delimiter: "whitespace",
      encoding: "UTF-8",
      header: "none (detected: line 1 holds only numbers and dates)",
      dates: "YYYYMMDD",
      decimals: "point",
    });
    expect(summary.mapping).toEqual({ customer_id: "column1", date: "column2", revenue: "column4" });
    expect(summary.warnings.find((w) => w.code === "columns_guessed_from_values")?.message).toMatch(
      /cdnow-like\.txt has no header line \(detected: line 1 holds only numbers and dates\); its columns were told from their values: customer_id = column 1 \(zero-padded ids\), date = column 2 \(YYYYMMDD dates\), revenue = column 4 \(decimal amounts\)\. If that is wrong, name them by number: --map customer=1,date=2,revenue=4\.$/,
    );
    // Expected figures: test/fixtures/headerless/README.md.
    expect(byId).toEqual({
      "00001": 32.77,
      "00002": 101,
      "00003": 61.06,
      "00004": 74.02,
      "00005": 23.1,
      "00006": 0,
      "00007": 45.5,
      "00009": 0,
      "00010": 105.25,
    });
    expect(summary.nonPositive.customers).toBe(2);
    expect(summary.concentration.totalValue).toBe(442.7);
  });

  it("rejects the bad lines of whitespace-separated text with the file's line numbers (a blank line counted)", async () => {
    const { summary } = await revenues(join(HEADERLESS, "cdnow-like.txt"), ALL_OF_1997_98);
    expect(summary.data).toMatchObject({ linesRead: 20, linesRejected: 3, linesUsed: 17, customersSeen: 9 });
    const byReason = Object.fromEntries(summary.data.rejects.map((x) => [x.reason, x.examples]));
    expect(byReason).toEqual({
      "date not in the detected format (column column2)": [
        { line: 12, column: "column2", value: "19971232" },
      ],
      "amount is empty (column column4)": [{ line: 15, column: "column4", value: null }],
      "amount is not a number (column column4)": [{ line: 16, column: "column4", value: "n/a" }],
    });
  });

  it("takes column numbers in --map, for a file without a header and for one with", async () => {
    const { summary, byId } = await revenues(join(HEADERLESS, "cdnow-like.txt"), {
      ...ALL_OF_1997_98,
      map: { customer_id: "1", date: "2", revenue: "4", quantity: "3" },
    });
    expect(summary.mapping).toEqual({ customer_id: "column1", date: "column2", revenue: "column4" });
    expect(summary.warnings.map((w) => w.code)).not.toContain("columns_guessed_from_values");
    expect(byId["00002"]).toBe(101);
    const plain = await revenues(join(HEADERLESS, "plain-ids.txt"), { map: { customer_id: "1" } });
    expect(plain.byId).toEqual({ "101": 14.5, "102": 5.25, "103": 20 });
    expect(plain.summary.mapping).toEqual({ customer_id: "column1", date: "column2", revenue: "column4" });
    const named = await revenues(join(HEADERLESS, "with-header.txt"), {
      map: { revenue: "3", customer_id: "1" },
    });
    expect(named.summary.mapping).toMatchObject({ customer_id: "Customer", revenue: "Amount" });
  });

  it("reads comma-separated text without a header through DuckDB's reader, bad lines with their numbers", async () => {
    const { summary, byId } = await revenues(join(HEADERLESS, "no-header.csv"));
    expect(summary.data.reading).toMatchObject({
      delimiter: "comma",
      header: "none (detected: line 1 holds the date 2023-01-05)",
      dates: "YYYY-MM-DD",
    });
    expect(summary.mapping).toEqual({ customer_id: "column1", date: "column2", revenue: "column4" });
    expect(byId).toEqual({ C001: 21.9, C002: 24, C003: 20, C004: 6, C005: 0 });
    expect(summary.data).toMatchObject({ linesRead: 12, linesRejected: 1 });
    expect(summary.data.rejects[0]?.examples).toEqual([{ line: 8, column: "column2", value: "2023-13-01" }]);
  });

  it("reads whitespace-separated text with a header, tabs among the spaces, decimal comma", async () => {
    const { summary, byId } = await revenues(join(HEADERLESS, "with-header.txt"));
    expect(summary.data.reading).toEqual({
      delimiter: "whitespace",
      encoding: "UTF-8",
      dates: "DD.MM.YYYY",
      decimals: "comma",
      thousands: "'.'",
    });
    expect(summary.mapping).toEqual({ customer_id: "Customer", date: "Date", revenue: "Amount" });
    expect(byId).toEqual({ K1: 1235, K2: -5.5, K3: 2000 });
    expect(summary.data.rejects).toEqual([
      {
        reason: "amount is not a number (column Amount)",
        count: 1,
        examples: [{ line: 6, column: "Amount", value: "abc" }],
      },
    ]);
  });

  it("header: false reads line 1 as data when detection would not; --delimiter whitespace; gzip", async () => {
    const f = await write("first-line-text.csv", "K1;20230105;12,50\nK2;20230106;7,25\nK1;20230107;1,00\n");
    await expect(analyze(f)).rejects.toThrow(/no column for the customer/);
    const { summary, byId } = await revenues(f, { header: false });
    expect(byId).toEqual({ K1: 13.5, K2: 7.25 });
    expect(summary.data.reading).toMatchObject({ header: "none (--no-header)", decimals: "comma" });
    // One space between fields and a decimal comma: a comma splits every line in two, so it takes the
    // delimiter option to read three columns.
    const spaced = await write("spaced.txt", "A 2023-01-01 5,00\nB 2023-01-02 7,50\nA 2023-01-03 1,25\n");
    const forced = await revenues(spaced, { delimiter: WHITESPACE });
    expect(forced.byId).toEqual({ A: 6.25, B: 7.5 });
    const gz = await write("cdnow-like.txt.gz", gzipSync(await readFile(join(HEADERLESS, "cdnow-like.txt"))));
    const zipped = await revenues(gz, ALL_OF_1997_98);
    expect(zipped.byId["00002"]).toBe(101);
    expect(zipped.summary.data.reading).toMatchObject({ delimiter: "whitespace", compression: "gzip" });
    expect(zipped.summary.data.rejects.map((r) => r.examples[0]?.line)).toEqual(
      expect.arrayContaining([12, 15, 16]),
    );
  });
});

describe("sniffing text: delimiter, header line, columns by value (pure)", () => {
  it("chooses whitespace for blank-aligned text, and a character where one splits the lines", () => {
    const cdnow =
      " 00001 19970101  1   11.77\r\n 00002 19970112  1   12.00\r\n 00002 19970112  5   77.00\r\n";
    expect(sniffDelimiter(cdnow)).toBe(WHITESPACE);
    // A decimal comma splits each line in two, but the blank-aligned layout splits it in four.
    expect(sniffDelimiter(cdnow.replaceAll(".", ","))).toBe(WHITESPACE);
    expect(sniffDelimiter("A 2023-01-01 5\nB 2023-01-02 7\nC 2023-01-03 9\n")).toBe(WHITESPACE);
    expect(sniffDelimiter("Customer,Date,Amount\nMüller GmbH,2023-01-01,5\nCafé Z,2023-01-02,4\n")).toBe(",");
    // Tab-separated names with one space each: the tab is the delimiter.
    const tsv =
      "Customer\tDate\tAmount\nAlfa BV\t2023-01-01\t1\nBeta BV\t2023-01-02\t2\nGamma BV\t2023-01-03\t3\n";
    expect(sniffDelimiter(tsv)).toBe("\t");
    // One column of two-word names stays one column.
    expect(sniffDelimiter(`Name\n${"Alfa BV\n".repeat(10)}`)).toBe(",");
  });

  it("tells a data line from a header line", () => {
    expect(firstLineIsData(["00001", "19970101", "1", "11.77"])).toBe("line 1 holds only numbers and dates");
    expect(firstLineIsData(["17850.0", "1.234,56", "-5", "09/12/2011 08:26"])).toBe(
      "line 1 holds only numbers and dates",
    );
    expect(firstLineIsData(["C001", "2023-01-05", "3", "10.50"])).toBe("line 1 holds the date 2023-01-05");
    expect(firstLineIsData(["CustomerID", "InvoiceDate", "Amount"])).toBeUndefined();
    expect(firstLineIsData(["Klant", "Datum 2023", "Bedrag"])).toBeUndefined();
    expect(firstLineIsData(["K1", "20230105", "12,50"])).toBeUndefined();
    expect(firstLineIsData(["", ""])).toBeUndefined();
  });

  it("guesses columns only when one column fits each field", () => {
    const sample = [
      ["00004", "0001", "19970101", "2", "29.33"],
      ["00004", "0001", "19970118", "2", "29.73"],
      ["00018", "0002", "19970102", "2", "35.54"],
    ];
    expect(guessColumnsFromValues(sample, 5, new Set())).toEqual({
      columns: { date: 2, revenue: 4 },
      because: { date: "YYYYMMDD dates", revenue: "decimal amounts" },
      doubts: { customer_id: "the customer could be column 1 or 2" },
    });
    // With column 2 mapped elsewhere, column 1 is the only id left.
    expect(guessColumnsFromValues(sample, 5, new Set([1])).columns).toEqual({
      customer_id: 0,
      date: 2,
      revenue: 4,
    });
    const noAmount = [
      ["A", "2023-01-01", "5"],
      ["B", "2023-01-02", "7"],
    ];
    expect(guessColumnsFromValues(noAmount, 3, new Set()).doubts).toEqual({
      revenue: "no column holds decimal amounts",
    });
  });

  it("builds the SQL that splits whitespace-separated lines, and it runs", async () => {
    expect(whitespaceReaderSql(2, { header: false, encoding: "utf-8" }, false)).toBe(
      "(SELECT CASE WHEN __m.c0 <> '' THEN __m.c0 ELSE regexp_split_to_array(trim(__line, ' ' || chr(9)), '[ \\t]+')[1] END AS c0, " +
        "CASE WHEN __m.c0 <> '' THEN __m.c1 ELSE regexp_split_to_array(trim(__line, ' ' || chr(9)), '[ \\t]+')[2] END AS c1 " +
        "FROM (SELECT __line, regexp_extract(__line, '^[ \\t]*([^ \\t]+)[ \\t]+([^ \\t]+)', ['c0', 'c1']) AS __m " +
        "FROM read_csv($1, columns = {'__line': 'VARCHAR'}, header = false, delim = chr(0), quote = '', escape = '', encoding = 'utf-8', auto_detect = false)) " +
        "WHERE (__m.c0 <> '' OR trim(__line, ' ' || chr(9)) <> ''))",
    );
    // Two fields, a blank line, blanks and tabs around and between, one field short, one too many.
    const f = await write("ws.txt", "  a  b\r\n\r\n\tc \t d  e\r\n f\r\n   \r\ng h\r\n");
    const engine = await DuckDbEngine.open();
    try {
      const rows = await engine.rows(
        `SELECT * FROM ${whitespaceReaderSql(2, { header: false, encoding: "utf-8" }, true)} ORDER BY file_row_number`,
        [f],
      );
      expect(rows).toEqual([
        { c0: "a", c1: "b", file_row_number: 0 },
        { c0: "c", c1: "d", file_row_number: 2 },
        { c0: "f", c1: null, file_row_number: 3 },
        { c0: "g", c1: "h", file_row_number: 5 },
      ]);
    } finally {
      await engine.close();
    }
  });

  it("names delimiters in --delimiter", () => {
    expect(["whitespace", "space", "Spaces", "tab", "\\t", ";", undefined].map(parseDelimiterOption)).toEqual(
      [WHITESPACE, WHITESPACE, WHITESPACE, "\t", "\t", ";", undefined],
    );
  });
});
