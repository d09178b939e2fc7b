import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CUSTOMER_COLUMNS, type CustomerRow } from "../../src/core/summary.js";
import { csvField, customersCsvChunks, writeCustomersCsv } from "../../src/report/customers-csv.js";
import { fixtureRows } from "./fixture.js";

/** A strict RFC 4180 reader for the tests: quoted fields may hold commas, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] ?? "";
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") quoted = true;
    else if (ch === ",") {
      record.push(field);
      field = "";
    } else if (ch === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else field += ch;
    i++;
  }
  if (field !== "" || record.length > 0) throw new Error("the last record does not end with CRLF");
  return records;
}

describe("csvField", () => {
  it("quotes only when RFC 4180 requires it", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("cr\r")).toBe('"cr\r"');
    expect(csvField("")).toBe("");
    // No formula guard: the data is written as it is.
    expect(csvField("=SUM(A1)")).toBe("=SUM(A1)");
  });
});

describe("customersCsvChunks", () => {
  const text = [...customersCsvChunks(fixtureRows())].join("");
  const records = parseCsv(text);

  it("starts with the header in CUSTOMER_COLUMNS order", () => {
    expect(records[0]).toEqual([...CUSTOMER_COLUMNS]);
    expect(text.startsWith(`${CUSTOMER_COLUMNS.join(",")}\r\n`)).toBe(true);
  });

  it("quotes commas, quotes and newlines so every record has all fields", () => {
    expect(records).toHaveLength(1 + fixtureRows().length);
    for (const r of records) expect(r).toHaveLength(CUSTOMER_COLUMNS.length);
    expect(text).toContain('C02,"Beta, Bros & ""Sons""",');
    expect(text).toContain('C03,"Gamma\nTwo lines",');
    expect(records[2]?.[1]).toBe('Beta, Bros & "Sons"');
    expect(records[3]?.[1]).toBe("Gamma\nTwo lines");
  });

  it("writes numbers with '.' decimals and no float noise, null as an empty field", () => {
    expect(records[1]).toEqual([
      "C01",
      "Acme <script>alert('x')</script> Ltd",
      "1200.3",
      "900.3",
      "300",
      "12",
      "2011-01-03",
      "2011-12-09",
      "0",
      "300",
      "1",
      "0.3",
      "0.3",
      "A",
      "Top",
    ]);
    // C09 has no name; C13 has no cost, margin, rank, shares or class.
    expect(records[9]?.[1]).toBe("");
    expect(records[13]).toEqual([
      "C13",
      "Nu returns",
      "-25.5",
      "",
      "",
      "2",
      "2011-03-01",
      "2011-04-01",
      "252",
      "-25.5",
      "",
      "",
      "",
      "",
      "NonPositive",
    ]);
    // C14's purchases and credit notes cancel out: 0, not 5.55e-17.
    expect(records[14]?.[2]).toBe("0");
    expect(records[14]?.[4]).toBe("0");
  });

  it("rounds money to 4 decimals and shares to 6", () => {
    const row: CustomerRow = { ...fixtureRows()[0]!, revenue: 1234.567891, share: 1 / 3, cum_share: 2 / 3 };
    const [, record] = parseCsv([...customersCsvChunks([row])].join(""));
    expect(record?.[2]).toBe("1234.5679");
    expect(record?.[11]).toBe("0.333333");
    expect(record?.[12]).toBe("0.666667");
  });

  it("writes only the header for no customers", () => {
    expect([...customersCsvChunks([])].join("")).toBe(`${CUSTOMER_COLUMNS.join(",")}\r\n`);
  });
});

describe("writeCustomersCsv", () => {
  let dir = "";
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "strata-csv-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("writes the same bytes as the chunks", async () => {
    const path = join(dir, "customers.csv");
    await writeCustomersCsv(path, fixtureRows());
    expect(await readFile(path, "utf8")).toBe([...customersCsvChunks(fixtureRows())].join(""));
  });

  it("streams a lazy iterable of many rows", async () => {
    const base = fixtureRows()[3]!;
    function* many(): Generator<CustomerRow> {
      for (let i = 0; i < 50_000; i++) yield { ...base, customer_id: `K${i}`, rank: i + 1 };
    }
    const path = join(dir, "many.csv");
    await writeCustomersCsv(path, many());
    const text = await readFile(path, "utf8");
    const lines = text.split("\r\n");
    expect(lines).toHaveLength(50_002);
    expect(lines[50_000]).toMatch(/^K49999,Delta,/);
  });

  it("leaves no half-written file when the rows fail", async () => {
    function* failing(): Generator<CustomerRow> {
      for (let i = 0; i < 10_000; i++) yield { ...fixtureRows()[0]!, customer_id: `K${i}` };
      throw new Error("source broke");
    }
    const path = join(dir, "failed.csv");
    await expect(writeCustomersCsv(path, failing())).rejects.toThrow("source broke");
    expect(existsSync(path)).toBe(false);
  });

  it("rejects when the file cannot be written", async () => {
    await expect(writeCustomersCsv(join(dir, "missing", "x.csv"), fixtureRows())).rejects.toThrow(/ENOENT/);
  });
});
