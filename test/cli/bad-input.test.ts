import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { FIXTURES, tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

let dir: string;
beforeAll(async () => {
  dir = await tempDir();
});

async function file(name: string, content: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, content);
  return p;
}

const GOOD = "CustomerID,InvoiceDate,Amount\nA,2023-01-01,10\nB,2023-06-01,5\n";

/** A user error: exit 1, one clear line on stderr naming what is wrong, no stack trace. */
function expectUserError(r: { code: number; stderr: string }, pattern: RegExp) {
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at .+\(.*:\d+:\d+\)/);
  expect(r.stderr).not.toMatch(/internal error/);
}

describe("bad input gets a clear answer", () => {
  it("an empty file", async () => {
    expectUserError(await cli(["analyze", await file("empty.csv", "")]), /empty\.csv' is empty/);
  });

  it("a header and no lines", async () => {
    expectUserError(
      await cli(["analyze", await file("header.csv", "CustomerID,InvoiceDate,Amount\n")]),
      /header line but no invoice lines/,
    );
  });

  it("a missing required column, naming the columns the file has", async () => {
    const r = await cli(["analyze", await file("nocust.csv", "InvoiceDate,Amount\n2023-01-01,3\n")]);
    expectUserError(
      r,
      /no column for the customer.*Columns in the file: InvoiceDate, Amount.*--map customer=/,
    );
  });

  it("an unknown --map field, and a --map column that does not exist", async () => {
    const f = await file("good.csv", GOOD);
    expectUserError(
      await cli(["analyze", f, "--map", "klant=CustomerID"]),
      /unknown field 'klant'. Known fields: customer_id/,
    );
    expectUserError(
      await cli(["analyze", f, "--map", "customer=Klant"]),
      /no column 'Klant'. Columns in the file: CustomerID, InvoiceDate, Amount/,
    );
  });

  it("--map with a column number the file does not have, with and without a header line", async () => {
    const cdnow = join(FIXTURES, "headerless", "cdnow-like.txt");
    expectUserError(
      await cli(["analyze", cdnow, "--map", "revenue=9"]),
      /cdnow-like\.txt: --map revenue=9, but the file has 4 columns, numbered 1 to 4: 1: '00001', 2: '19970101', 3: '1', 4: '11\.77'\.\n$/,
    );
    expectUserError(
      await cli(["analyze", cdnow, "--map", "customer=0"]),
      /--map customer_id=0, but the file has 4 columns, numbered 1 to 4/,
    );
    expectUserError(
      await cli(["analyze", cdnow, "--map", "customer=Klant"]),
      /--map customer_id=Klant, but the file has no header line, so its columns have no names: give a number from 1 to 4\. Line 1 holds 1: '00001', 2: '19970101', 3: '1', 4: '11\.77'\./,
    );
    expectUserError(
      await cli(["analyze", await file("good-map.csv", GOOD), "--map", "revenue=4"]),
      /--map revenue=4, but the file has 3 columns, numbered 1 to 3: 1 CustomerID, 2 InvoiceDate, 3 Amount\./,
    );
  });

  it("a file without a header whose columns cannot be told apart: line 1 numbered and a --map to copy", async () => {
    const r = await cli(["analyze", join(FIXTURES, "headerless", "plain-ids.txt")]);
    expectUserError(
      r,
      /plain-ids\.txt has no header line \(detected: line 1 holds only numbers and dates\), and its values do not tell which column is which: the customer could be column 1 or 3\. Line 1 holds 1: '101', 2: '2023-01-05', 3: '3', 4: '10\.50'\. Name the columns by number, e\.g\. --map customer=1,date=2,revenue=4\./,
    );
    const ok = await cli(["analyze", join(FIXTURES, "headerless", "plain-ids.txt"), "--map", "customer=1"]);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/header: none \(detected: line 1 holds only numbers and dates\)/);
  });

  it("--header on a file without one, and --no-header where it does not apply", async () => {
    expectUserError(
      await cli(["analyze", join(FIXTURES, "headerless", "cdnow-like.txt"), "--header"]),
      /no column for the customer \(customer_id\)\. Columns in the file: 00001, 19970101, 1, 11\.77\./,
    );
    const jsonl = await file("lines.jsonl", '{"CustomerID":"A","InvoiceDate":"2023-01-01","Amount":1}\n');
    expectUserError(
      await cli(["analyze", jsonl, "--no-header"]),
      /--no-header is for text files \(\.csv, \.tsv, \.txt\); Invoice file '.*lines\.jsonl' is JSON lines, which name their fields themselves\./,
    );
  });

  it("dates that are no date at all", async () => {
    const r = await cli([
      "analyze",
      await file("nodates.csv", "CustomerID,InvoiceDate,Amount\nA,soon,1\nB,later,2\n"),
    ]);
    expectUserError(r, /dates in column 'InvoiceDate' are in no format.*'soon', 'later'.*--date-format/);
  });

  it("some unparseable dates and non-numeric amounts: rejected, counted, shown with line numbers", async () => {
    const f = await file(
      "some-bad.csv",
      "CustomerID,InvoiceDate,Amount\nA,2023-01-01,10\nB,2023-13-45,5\nC,2023-02-01,five\nD,2023-02-02,\n",
    );
    const r = await cli(["analyze", f]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rejected/i);
    const json = JSON.parse((await cli(["analyze", f, "--json"])).stdout);
    expect(json.data.linesRead).toBe(4);
    expect(json.data.linesRejected).toBe(3);
    const examples = json.data.rejects.flatMap((x: { examples: unknown[] }) => x.examples);
    expect(examples).toEqual(
      expect.arrayContaining([
        { line: 3, column: "InvoiceDate", value: "2023-13-45" },
        { line: 4, column: "Amount", value: "five" },
        { line: 5, column: "Amount", value: "" },
      ]),
    );
  });

  it("mixed date formats: the majority format is used, the others rejected and warned about", async () => {
    const f = await file(
      "mixed.csv",
      "CustomerID,InvoiceDate,Amount\nA,2023-01-15,1\nB,2023-02-15,1\nC,2023-03-15,1\nD,15/04/2023,1\n",
    );
    const json = JSON.parse((await cli(["analyze", f, "--json"])).stdout);
    expect(json.data.linesRejected).toBe(1);
    expect(json.warnings.map((w: { code: string }) => w.code)).toContain("mixed_date_formats");
    expect(json.data.rejects[0].examples[0]).toEqual({ line: 5, column: "InvoiceDate", value: "15/04/2023" });
  });

  it("lines without customer and customers with net value ≤ 0 are reported, not dropped", async () => {
    const f = await file(
      "nocust-lines.csv",
      "CustomerID,InvoiceDate,Amount\nA,2023-01-01,10\n,2023-01-02,7.5\nB,2023-01-03,5\nB,2023-01-04,-5\n",
    );
    const json = JSON.parse((await cli(["analyze", f, "--json"])).stdout);
    expect(json.data).toMatchObject({ linesWithoutCustomer: 1, revenueWithoutCustomer: 7.5 });
    expect(json.nonPositive).toMatchObject({ customers: 1, value: 0 });
    expect(json.nonPositive.list[0].customerId).toBe("B");
  });

  it("duplicate column names used by the mapping", async () => {
    const r = await cli([
      "analyze",
      await file("dup.csv", "CustomerID,InvoiceDate,Amount,Amount\nA,2023-01-01,1,2\n"),
    ]);
    expectUserError(r, /'Amount' appears 2 times \(columns 3 and 4\)/);
  });

  it("a file that does not exist, and a folder", async () => {
    expectUserError(await cli(["analyze", join(dir, "nope.csv")]), /nope\.csv' does not exist/);
    const folder = join(dir, "folder.csv");
    await mkdir(folder, { recursive: true });
    expectUserError(await cli(["analyze", folder]), /is a folder, not a file/);
  });

  it("--abc 95,80 and other bad options", async () => {
    const f = await file("good2.csv", GOOD);
    expectUserError(
      await cli(["analyze", f, "--abc", "95,80"]),
      /must increase from left to right, got 95,80/,
    );
    expectUserError(await cli(["analyze", f, "--horizon", "soon"]), /--horizon expects/);
    expectUserError(
      await cli(["analyze", f, "--as-of", "09-12-2011"]),
      /--as-of expects a date as YYYY-MM-DD/,
    );
    expectUserError(
      await cli(["analyze", f, "--measure", "margin"]),
      /--measure margin needs cost or margin/,
    );
    expectUserError(await cli(["analyze", f, "--measure", "profit"]), /Allowed choices are revenue, margin/);
    expectUserError(
      await cli(["analyze", f, "--date-format", "nonsense"]),
      /--date-format 'nonsense' is not understood/,
    );
    expectUserError(
      await cli(["analyze", f, "--memory", "lots"]),
      /--memory expects a size such as 768MB or 4GB; got 'lots'/,
    );
  });

  it("an --as-of before all data", async () => {
    const r = await cli(["analyze", await file("good3.csv", GOOD), "--as-of", "2001-01-01"]);
    expectUserError(r, /--as-of 2001-01-01 is before the first invoice date in the data \(2023-01-01\)/);
  });

  it("an unknown file type and an unknown option", async () => {
    expectUserError(await cli(["analyze", await file("data.doc", "x")]), /unknown file type/);
    expectUserError(
      await cli(["analyze", await file("good4.csv", GOOD), "--frobnicate"]),
      /unknown option '--frobnicate'/,
    );
  });
});
