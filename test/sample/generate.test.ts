import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { StrataError } from "../../src/core/errors.js";
import { parseAsOf, parseHorizon, windowFor } from "../../src/core/policy.js";
import { readActivities } from "../../src/engine/activities.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { quoteLiteral } from "../../src/engine/engine.js";
import { readReps } from "../../src/engine/reps.js";
import {
  firstUnmatchedId,
  problemClientCount,
  UNMATCHED_IDS,
  UNMATCHED_LINES_PER_ID,
} from "../../src/sample/activities-sql.js";
import { generateBenchLines, generateSample, type SampleFiles } from "../../src/sample/generate.js";
import { uniformSql } from "../../src/sample/random-sql.js";
import { MANAGERS } from "../../src/sample/sample-sql.js";

const INVOICE_TYPES = `{'CustomerID': 'VARCHAR', 'InvoiceNo': 'VARCHAR', 'UnitPrice': 'DECIMAL(18,4)', 'UnitCost': 'DECIMAL(18,4)'}`;

/** SHA-256 of a file: comparing digests is instant where a deep equality over megabytes takes a minute. */
async function digest(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

let dir: string;
let engine: DuckDbEngine;
let files: SampleFiles;

async function one<T = number>(sql: string): Promise<T> {
  const rows = await engine.rows(sql);
  return Object.values(rows[0] ?? {})[0] as T;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "strata-sample-"));
  engine = await DuckDbEngine.open();
  files = await generateSample(engine, dir);
  await engine.run(
    `CREATE TABLE lines AS SELECT * FROM read_csv(${quoteLiteral(files.invoices)}, types = ${INVOICE_TYPES})`,
  );
  await engine.run(`CREATE TABLE customers AS SELECT * FROM read_csv(${quoteLiteral(files.customers)})`);
  // Per customer over the default window (2024-12-31, 2025-12-31].
  await engine.run(`CREATE TABLE window_value AS
    SELECT CustomerID AS id, sum(Quantity * UnitPrice) AS revenue, sum(Quantity * (UnitPrice - UnitCost)) AS margin
    FROM lines WHERE CustomerID IS NOT NULL AND InvoiceDate > DATE '2024-12-31' GROUP BY 1`);
});

afterAll(async () => {
  await engine?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe("generateSample", () => {
  it("writes the four files with the documented headers", async () => {
    expect(files).toEqual({
      invoices: join(dir, "invoices.csv"),
      customers: join(dir, "customers.csv"),
      activities: join(dir, "activities.csv"),
      reps: join(dir, "reps.csv"),
    });
    const invoices = await readFile(files.invoices, "utf8");
    const customers = await readFile(files.customers, "utf8");
    expect(invoices.slice(0, invoices.indexOf("\n"))).toBe(
      "InvoiceNo,InvoiceDate,CustomerID,ProductCode,Quantity,UnitPrice,UnitCost",
    );
    expect(customers.slice(0, customers.indexOf("\n"))).toBe(
      "customer_id,name,status,account_manager,potential,region,sector,tags",
    );
    // ISO dates and '.' decimals.
    expect(invoices.split("\n")[1]).toMatch(
      /^INV\d{7},\d{4}-\d{2}-\d{2},C\d{5},[A-Z]{3}-\d{4},\d+,\d+\.\d{2},-?\d+\.\d{2}$/,
    );
    const activities = (await readFile(files.activities, "utf8")).split("\n");
    expect(activities[0]).toBe("customer_id,date,kind,hours,rep");
    // Hours may be empty (the kind's default is used), and so may the rep.
    const line = /^C\d{5},\d{4}-\d{2}-\d{2},(visit|meeting|call|email),(-?\d+\.\d{2})?,[A-Za-z ]*$/;
    expect(activities.slice(1, -1).filter((l) => !line.test(l))).toEqual([]);
    expect(activities.at(-1)).toBe("");
    expect(await readFile(files.reps, "utf8")).toMatch(
      /^rep,fte\n([A-Z][a-z]+( [a-z]+)? [A-Z][a-z]+,[01]\.\d\n){8}$/,
    );
  });

  it("is reproducible: the same seed gives byte-identical files, on one thread too", async () => {
    const again = await mkdtemp(join(tmpdir(), "strata-sample-"));
    const single = await DuckDbEngine.open({ threads: 1 });
    try {
      const second = await generateSample(single, again, { seed: 42 });
      expect(await digest(second.invoices)).toBe(await digest(files.invoices));
      expect(await digest(second.customers)).toBe(await digest(files.customers));
      expect(await digest(second.activities)).toBe(await digest(files.activities));
      expect(await digest(second.reps)).toBe(await digest(files.reps));
    } finally {
      await single.close();
      await rm(again, { recursive: true, force: true });
    }
  });

  it("gives other files for another seed, and honours customers and endDate", async () => {
    const other = await mkdtemp(join(tmpdir(), "strata-sample-"));
    try {
      const small = await generateSample(engine, other, { seed: 7, customers: 100, endDate: "2024-06-30" });
      const src = `read_csv(${quoteLiteral(small.invoices)}, types = ${INVOICE_TYPES})`;
      const rows = await engine.rows(
        `SELECT count(DISTINCT CustomerID) AS c, min(InvoiceDate) AS lo, max(InvoiceDate) AS hi FROM ${src}`,
      );
      expect(rows[0]).toEqual({ c: 100, lo: expect.any(String), hi: "2024-06-30" });
      expect(String(rows[0]?.lo) >= "2021-07-01").toBe(true);
      expect(await one(`SELECT count(*) FROM read_csv(${quoteLiteral(small.customers)})`)).toBe(
        100 + 10 + 17,
      );
      const span = await engine.rows(
        `SELECT min(date) AS lo, max(date) AS hi FROM read_csv(${quoteLiteral(small.activities)}, all_varchar = true)
         WHERE date <> '2023-02-30'`,
      );
      expect(span[0]).toEqual({ lo: expect.any(String), hi: expect.any(String) });
      expect(String(span[0]?.lo) >= "2021-07-01" && String(span[0]?.hi) <= "2024-06-30").toBe(true);
      const seed7 = await generateSample(engine, join(other, "seed7"), { seed: 7 });
      expect(await digest(seed7.activities)).not.toBe(await digest(files.activities));
      expect(await digest(seed7.reps)).not.toBe(await digest(files.reps));
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it("lists every invoiced customer as a customer, plus prospects and suspects who never bought", async () => {
    const statuses = await engine.rows("SELECT status, count(*) AS n FROM customers GROUP BY 1 ORDER BY 1");
    expect(statuses).toEqual([
      { status: "customer", n: 3000 },
      { status: "prospect", n: 300 },
      { status: "suspect", n: 500 },
    ]);
    expect(await one("SELECT count(DISTINCT CustomerID) FROM lines")).toBe(3000);
    expect(
      await one(
        "SELECT count(*) FROM (SELECT DISTINCT CustomerID FROM lines) l JOIN customers c ON c.customer_id = l.CustomerID WHERE c.status = 'customer'",
      ),
    ).toBe(3000);
    expect(await one("SELECT count(DISTINCT customer_id) FROM customers")).toBe(3800);
    expect(await one("SELECT count(DISTINCT name) FROM customers")).toBe(3800);
  });

  it("has realistic customer attributes: 8 account managers, potentials, a few tags", async () => {
    expect(await one("SELECT count(DISTINCT account_manager) FROM customers")).toBe(8);
    const tagged = await one("SELECT count(*) FROM customers WHERE tags IS NOT NULL");
    expect(tagged).toBeGreaterThan(50);
    expect(tagged).toBeLessThan(400);
    expect(await one("SELECT count(*) FROM customers WHERE tags LIKE '%;%'")).toBeGreaterThan(0);
    const aboveRevenue = await one<number>(
      "SELECT avg((c.potential >= w.revenue)::INTEGER) FROM window_value w JOIN customers c ON c.customer_id = w.id",
    );
    expect(aboveRevenue).toBeGreaterThan(0.7);
  });

  it("spans three years ending on endDate, with invoices of 1 to 15 lines", async () => {
    expect(await one("SELECT min(InvoiceDate) FROM lines")).toBe("2023-01-01");
    expect(await one("SELECT max(InvoiceDate) FROM lines")).toBe("2025-12-31");
    const sizes = await engine.rows(
      "SELECT min(n) AS lo, max(n) AS hi FROM (SELECT count(*) AS n FROM lines WHERE InvoiceNo LIKE 'INV%' GROUP BY InvoiceNo)",
    );
    expect(sizes[0]).toEqual({ lo: 1, hi: 15 });
    const lines = await one<number>("SELECT count(*) FROM lines");
    expect(lines).toBeGreaterThan(100_000);
    expect(lines).toBeLessThan(250_000);
  });

  it("has credit notes (~3% of lines, 'CN' ids, negative quantities) and ~0.5% lines without customer", async () => {
    const cn = await engine.rows(
      "SELECT avg((InvoiceNo LIKE 'CN%')::INTEGER) AS share, bool_and(Quantity < 0) FILTER (WHERE InvoiceNo LIKE 'CN%') AS negative, bool_and(Quantity > 0) FILTER (WHERE InvoiceNo LIKE 'INV%') AS positive FROM lines",
    );
    expect(cn[0]?.negative).toBe(true);
    expect(cn[0]?.positive).toBe(true);
    expect(cn[0]?.share).toBeGreaterThan(0.02);
    expect(cn[0]?.share).toBeLessThan(0.045);
    const noCustomer = await one<number>("SELECT avg((CustomerID IS NULL)::INTEGER) FROM lines");
    expect(noCustomer).toBeGreaterThan(0.002);
    expect(noCustomer).toBeLessThan(0.01);
  });

  it("has inactive customers, new customers and customers whose net value in the last 12 months is ≤ 0", async () => {
    const inactive = await one<number>(
      "SELECT count(*) FROM (SELECT CustomerID FROM lines GROUP BY 1 HAVING max(InvoiceDate) <= DATE '2024-12-31')",
    );
    expect(inactive).toBeGreaterThan(150);
    expect(inactive).toBeLessThan(900);
    const late = await one<number>(
      "SELECT count(*) FROM (SELECT CustomerID FROM lines GROUP BY 1 HAVING min(InvoiceDate) > DATE '2024-01-01')",
    );
    expect(late).toBeGreaterThan(100);
    const nonPositive = await one<number>("SELECT count(*) FROM window_value WHERE revenue <= 0");
    expect(nonPositive).toBeGreaterThanOrEqual(3);
    expect(nonPositive).toBeLessThan(60);
    // Purchases and credit notes that cancel out exactly (decimal sums).
    expect(await one("SELECT count(*) FROM window_value WHERE revenue = 0")).toBeGreaterThanOrEqual(1);
  });

  it("is Pareto-like: a key client of ~10%, the top 20% make 60–90% of revenue", async () => {
    const shares = await engine.rows(`WITH a AS (
        SELECT revenue::DOUBLE AS v, row_number() OVER (ORDER BY revenue DESC, id) AS rk, count(*) OVER () AS n,
          sum(revenue::DOUBLE) OVER () AS total
        FROM window_value WHERE revenue > 0)
      SELECT sum(v) FILTER (WHERE rk = 1) / max(total) AS top1,
        sum(v) FILTER (WHERE rk <= ceil(0.2 * n)) / max(total) AS top20
      FROM a`);
    const { top1, top20 } = shares[0] as { top1: number; top20: number };
    expect(top1).toBeGreaterThan(0.08);
    expect(top1).toBeLessThan(0.12);
    expect(top20).toBeGreaterThan(0.6);
    expect(top20).toBeLessThan(0.9);
  });

  it("has margins of 10–45% for most, and big customers with thin or negative margin", async () => {
    const typical = await one<number>(
      "SELECT median(margin / revenue) FROM window_value WHERE revenue > 0 AND margin IS NOT NULL",
    );
    expect(typical).toBeGreaterThan(0.15);
    expect(typical).toBeLessThan(0.4);
    const thinBig = await one<number>(
      "SELECT count(*) FROM (SELECT * FROM window_value ORDER BY revenue DESC LIMIT 20) WHERE margin / revenue < 0.05",
    );
    expect(thinBig).toBeGreaterThanOrEqual(2);
    expect(
      await one(
        "SELECT count(*) FROM (SELECT * FROM window_value ORDER BY revenue DESC LIMIT 20) WHERE margin < 0",
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it("refuses bad options with a StrataError", async () => {
    await expect(generateSample(engine, dir, { customers: 5 })).rejects.toBeInstanceOf(StrataError);
    await expect(generateSample(engine, dir, { seed: 1.5 })).rejects.toMatchObject({ code: "BAD_OPTION" });
    await expect(generateSample(engine, dir, { endDate: "31/12/2025" })).rejects.toMatchObject({
      code: "BAD_DATE_FORMAT",
    });
  });
});

describe("generateSample: the sales team's activities and reps", () => {
  const window = windowFor(parseAsOf("2025-12-31"), parseHorizon("12m"));
  const read = () => readActivities(engine, files.activities, { window, tmpDir: dir });

  it("reads with the reader of activities: exactly the planted rejects, every other line used or dated before", async () => {
    const a = await read();
    const lines = (await readFile(files.activities, "utf8")).split("\n").length - 2;
    expect(lines).toBeGreaterThan(15_000);
    expect(lines).toBeLessThan(30_000);
    expect(a.mapping).toEqual({
      customer_id: "customer_id",
      date: "date",
      kind: "kind",
      hours: "hours",
      rep: "rep",
    });
    expect(a.dateFormat).toBe("YYYY-MM-DD");
    expect(a.rowsRead).toBe(lines);
    expect(a.rowsRejected).toBe(3);
    expect(a.rejects.map((r) => [r.reason, r.count, r.examples.map((x) => x.value)])).toEqual([
      ["date not in the detected format", 1, ["2024-02-30"]],
      ["hours is negative", 2, ["-0.25", "-2.00"]],
    ]);
    expect(a.afterAsOf).toBe(0);
    expect(a.used + a.beforeWindow + a.rowsRejected).toBe(a.rowsRead);
    // Three years evenly: about a third in the last one.
    expect(a.used / a.rowsRead).toBeGreaterThan(0.28);
    expect(a.used / a.rowsRead).toBeLessThan(0.4);
    expect(a.kinds.map((k) => k.kind).sort()).toEqual(["call", "email", "meeting", "visit"]);
    const defaulted = a.kinds.reduce((t, k) => t + k.defaulted, 0) / a.used;
    expect(defaulted).toBeGreaterThan(0.15);
    expect(defaulted).toBeLessThan(0.25);
    expect(a.warnings.map((w) => w.code)).toEqual(["activity_hours_defaulted"]);
    // Every manager has a book; a few lines have no rep.
    expect(a.reps.names).toEqual([...[...MANAGERS].sort(), null]);
    const noRep = a.reps.contacts[MANAGERS.length] ?? 0;
    expect(noRep / a.used).toBeGreaterThan(0.02);
    expect(noRep / a.used).toBeLessThan(0.1);
  });

  it("mostly follows the account manager of the customer list", async () => {
    const src = `read_csv(${quoteLiteral(files.activities)}, all_varchar = true)`;
    const own = await one<number>(
      `SELECT avg((a.rep = c.account_manager)::INTEGER) FROM ${src} a JOIN customers c USING (customer_id) WHERE c.account_manager IS NOT NULL`,
    );
    expect(own).toBeGreaterThan(0.75);
    expect(own).toBeLessThan(0.95);
  });

  it("has activities for a few customer ids that are in no other file", async () => {
    const first = firstUnmatchedId(3800);
    expect(first).toBe(99_001);
    expect(firstUnmatchedId(200_000)).toBeGreaterThan(10_000 + 200_000);
    const unmatched = await engine.rows(
      `SELECT customer_id AS id, CAST(count(*) AS INTEGER) AS n
       FROM read_csv(${quoteLiteral(files.activities)}, all_varchar = true)
       WHERE customer_id NOT IN (SELECT customer_id FROM customers) GROUP BY 1 ORDER BY 1`,
    );
    expect(unmatched).toEqual(
      Array.from({ length: UNMATCHED_IDS }, (_, i) => ({ id: `C${first + i}`, n: UNMATCHED_LINES_PER_ID })),
    );
    expect(await one("SELECT count(*) FROM lines WHERE CustomerID LIKE 'C99%'")).toBe(0);
    const a = await read();
    expect(a.customers.ids.filter((id) => id.startsWith("C99"))).toEqual(unmatched.map((r) => r.id));
  });

  it("gives the top customers more contacts than the small ones, yet under-serves some of them, and has problem clients", async () => {
    const a = await read();
    const contacts = new Map(a.customers.ids.map((id, i) => [id, a.customers.contacts[i] ?? 0]));
    const hours = new Map(a.customers.ids.map((id, i) => [id, a.customers.hours[i] ?? 0]));
    // ABC on the window's revenue (80/95; the customer crossing a threshold belongs to the class above).
    const ranked = await engine.rows(`SELECT id, CASE
        WHEN sum(revenue) OVER w - revenue < 0.8 * sum(revenue) OVER () THEN 'A'
        WHEN sum(revenue) OVER w - revenue < 0.95 * sum(revenue) OVER () THEN 'B' ELSE 'C' END AS class
      FROM window_value WHERE revenue > 0
      WINDOW w AS (ORDER BY revenue DESC, id ROWS UNBOUNDED PRECEDING)`);
    const byClass = (c: string) => ranked.filter((r) => r.class === c).map((r) => String(r.id));
    const [classA, classC] = [byClass("A"), byClass("C")];
    const mean = (ids: string[], m: Map<string, number>) =>
      ids.reduce((t, id) => t + (m.get(id) ?? 0), 0) / ids.length;
    expect(mean(classA, contacts)).toBeGreaterThan(4 * mean(classC, contacts));
    // The service level of A is 12 contacts a year; under-served below 80% of it.
    const underServed = classA.filter((id) => (contacts.get(id) ?? 0) < 0.8 * 12).length / classA.length;
    expect(underServed).toBeGreaterThan(0.15);
    expect(underServed).toBeLessThan(0.4);
    expect(classA.filter((id) => (contacts.get(id) ?? 0) <= 4).length / classA.length).toBeGreaterThan(0.15);
    // Problem clients: C customers taking five times the mean hours of the customers that got any time.
    const meanHours = a.customers.hours.reduce((t, h) => t + h, 0) / a.customers.ids.length;
    const problem = classC.filter((id) => (hours.get(id) ?? 0) > 5 * meanHours);
    expect(problem.length).toBeGreaterThanOrEqual(3);
    expect(problem.length).toBeLessThanOrEqual(problemClientCount(3000));
  });

  it("writes one rep per account manager with an FTE the reps reader turns into hours", async () => {
    const reps = await readReps(engine, files.reps, { tmpDir: dir, hoursPerFte: 1000 });
    expect(reps.names).toEqual([...MANAGERS]);
    expect(reps.rejects).toEqual([]);
    expect(reps.hours.every((h) => h >= 500 && h <= 1000)).toBe(true);
    expect(reps.hours.filter((h) => h < 1000).length).toBeGreaterThanOrEqual(1);
    expect(reps.hours.reduce((t, h) => t + h, 0)).toBeCloseTo(7100, 6);
  });
});

describe("generateBenchLines", () => {
  it("writes the same lines as CSV and Parquet, reproducibly, ~5 lines per invoice", async () => {
    const out = await mkdtemp(join(tmpdir(), "strata-bench-lines-"));
    try {
      const csvPath = join(out, "l.csv");
      const parquetPath = join(out, "l.parquet");
      const result = await generateBenchLines(engine, {
        lines: 20_000,
        customers: 500,
        csvPath,
        parquetPath,
      });
      expect(result).toEqual({
        lines: 20_000,
        customers: 500,
        seed: 42,
        endDate: "2025-12-31",
        csvPath,
        parquetPath,
      });
      const direct = join(out, "direct.csv");
      await generateBenchLines(engine, { lines: 20_000, customers: 500, csvPath: direct });
      expect(await digest(direct)).toBe(await digest(csvPath));
      const csv = await readFile(csvPath, "utf8");
      expect(csv.slice(0, csv.indexOf("\n"))).toBe(
        "InvoiceNo,InvoiceDate,CustomerID,ProductCode,Quantity,UnitPrice,UnitCost",
      );
      const facts =
        await engine.rows(`SELECT count(*) AS n, count(*) / count(DISTINCT InvoiceNo) AS per_invoice,
          min(InvoiceDate) AS lo, max(InvoiceDate) AS hi, count(DISTINCT CustomerID) AS customers,
          bool_and(Quantity < 0) FILTER (WHERE InvoiceNo LIKE 'CN%') AS cn_negative,
          count(*) FILTER (WHERE CustomerID IS NULL) > 0 AS some_without_customer
        FROM read_parquet(${quoteLiteral(parquetPath)})`);
      const f = facts[0] as Record<string, unknown>;
      expect(f.n).toBe(20_000);
      expect(f.per_invoice).toBeCloseTo(5, 0);
      expect(f.lo).toBe("2023-01-01");
      expect(f.hi).toBe("2025-12-31");
      expect(f.customers).toBeLessThanOrEqual(500);
      expect(f.cn_negative).toBe(true);
      expect(f.some_without_customer).toBe(true);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });

  it("refuses a non-positive line count", async () => {
    await expect(generateBenchLines(engine, { lines: 0 })).rejects.toMatchObject({ code: "BAD_OPTION" });
  });
});

describe("uniformSql", () => {
  it("gives uniform, independent numbers across streams and neighbouring keys", async () => {
    const rows = await engine.rows(
      `WITH x AS (SELECT i, ${uniformSql(["i"], 10)} AS a, ${uniformSql(["i"], 11)} AS b,
          ${uniformSql(["i // 100", "i % 100"], 10)} AS c FROM range(200000) t(i)),
        y AS (SELECT *, lead(a) OVER (ORDER BY i) AS next_a FROM x)
      SELECT avg(a) AS mean, min(a) > 0 AND max(a) < 1 AS open, corr(a, b) AS ab, corr(a, c) AS ac,
        corr(a, next_a) AS lag1 FROM y`,
      [42],
    );
    const r = rows[0] as Record<string, number | boolean>;
    expect(r.mean).toBeCloseTo(0.5, 2);
    expect(r.open).toBe(true);
    for (const k of ["ab", "ac", "lag1"]) expect(Math.abs(r[k] as number)).toBeLessThan(0.01);
  });
});
