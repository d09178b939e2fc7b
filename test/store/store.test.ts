import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { StrataError } from "../../src/core/errors.js";
import { makePolicy } from "../../src/core/policy.js";
import type { Summary } from "../../src/core/summary.js";
import { applyMigrations, MIGRATIONS, type Migration, SCHEMA_VERSION } from "../../src/store/schema.js";
import { openStore, type SavedCustomerRow, type Store } from "../../src/store/store.js";

async function tempDb(): Promise<string> {
  return join(await mkdtemp(join(tmpdir(), "strata-store-")), "strata.duckdb");
}

/** Runs SQL on a database file directly, bypassing the store. */
async function raw<T>(path: string, work: (run: (sql: string) => Promise<unknown[][]>) => Promise<T>) {
  const instance = await DuckDBInstance.create(path);
  const conn = await instance.connect();
  try {
    return await work(async (sql) => (await conn.runAndReadAll(sql)).getRowsJS());
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

async function sha(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

async function withStore<T>(path: string, work: (s: Store) => Promise<T>): Promise<T> {
  const store = await openStore(path, { now: () => new Date("2024-05-01T09:30:00.000Z") });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

function summaryFor(asOf: string, firstDay: string, measure: "revenue" | "margin" = "revenue"): Summary {
  return {
    strata: { version: "test" },
    data: {
      file: "invoices.csv",
      format: "csv",
      reading: { delimiter: "," },
      linesRead: 10,
      linesUsed: 10,
      linesWithoutCustomer: 0,
      revenueWithoutCustomer: 0,
      linesOutsideWindow: 0,
      linesBeforeWindow: 0,
      linesAfterAsOf: 0,
      linesRejected: 0,
      rejects: [],
      firstDate: firstDay,
      lastDate: asOf,
      customersSeen: 3,
    },
    mapping: { customer_id: "customer" },
    customerList: null,
    window: { asOf, firstDay, lastDay: asOf, horizon: "12 months", asOfSource: "option" },
    measure,
    measureSource: "option",
    abc: { thresholds: [80, 95], classes: [] },
    pyramid: { cuts: [1, 5, 20], layers: [] },
    concentration: {
      activeCustomers: 2,
      totalValue: 150.5,
      customersFor80: 1,
      customersFor80Share: 0.5,
      top1Share: 0.66,
      top5Share: 1,
      top10Share: 1,
      top20PercentShare: 1,
      gini: 0.3,
      hhi: 0.5,
      keyClientShare: 0.1,
      monopolyClientShare: 0.2,
      keyClients: [],
      monopolyClients: [],
    },
    nonPositive: { customers: 0, value: 0, list: [] },
    topCustomers: [],
    curve: [
      [0, 0],
      [1, 1],
    ],
    warnings: [{ code: "W", message: "a warning" }],
  };
}

function row(id: string, value: number, extra: Partial<SavedCustomerRow> = {}): SavedCustomerRow {
  return {
    customer_id: id,
    name: `Name of ${id}`,
    revenue: value,
    cost: null,
    margin: null,
    invoices: value > 0 ? 2 : 0,
    first_date: value > 0 ? "2023-02-01" : null,
    last_date: value > 0 ? "2023-11-30" : null,
    recency_days: value > 0 ? 10 : null,
    value,
    rank: value > 0 ? 1 : null,
    share: value > 0 ? 0.5 : null,
    cum_share: value > 0 ? 0.5 : null,
    abc: value > 0 ? "A" : null,
    pyramid: value > 0 ? "Top" : "Inactive",
    active: value > 0,
    last_date_before: null,
    account_manager: null,
    ...extra,
  };
}

const POLICY = makePolicy({ abcThresholds: [70, 90], inactiveLookbackMonths: 24 });

describe("history store", () => {
  it("round-trips two analyses: list, get, classified", async () => {
    const path = await tempDb();
    await withStore(path, async (store) => {
      const first = await store.saveAnalysis({
        label: "2022",
        file: "invoices.csv",
        fingerprint: "v1:1:2:abc",
        policy: POLICY,
        summary: summaryFor("2022-12-31", "2022-01-01"),
        rows: [
          row("C1", 100.12345),
          row("C2", 50.5, { abc: "B", pyramid: "Big", cost: 20.25, margin: 30.25 }),
          row("C3", 0, { last_date_before: "2020-02-29" }),
        ],
      });
      const second = await store.saveAnalysis({
        file: "invoices.csv",
        fingerprint: "v1:1:3:def",
        policy: makePolicy(),
        summary: summaryFor("2023-12-31", "2023-01-01", "margin"),
        rows: [row("C2", 80), row("C4", 5, { abc: "C", pyramid: "Small" })],
      });
      expect([first, second]).toEqual([1, 2]);

      const list = await store.listAnalyses();
      expect(list).toEqual([
        {
          id: 1,
          createdAt: "2024-05-01T09:30:00.000Z",
          label: "2022",
          file: "invoices.csv",
          fingerprint: "v1:1:2:abc",
          measure: "revenue",
          asOf: "2022-12-31",
          firstDay: "2022-01-01",
          lastDay: "2022-12-31",
          customers: 3,
          activeCustomers: 2,
        },
        expect.objectContaining({ id: 2, label: null, measure: "margin", customers: 2, activeCustomers: 2 }),
      ]);

      const got = await store.getAnalysis(1);
      expect(got.summary).toEqual(summaryFor("2022-12-31", "2022-01-01"));
      expect(got.policy).toEqual(POLICY);
      expect(got.label).toBe("2022");

      const c = await store.classified(1);
      expect(c.ids).toEqual(["C1", "C2", "C3"]);
      // DECIMAL(38,4): stored to a ten-thousandth.
      expect(Array.from(c.value)).toEqual([100.1235, 50.5, 0]);
      expect(c.abc).toEqual(["A", "B", null]);
      expect(c.pyramid).toEqual(["Top", "Big", "Inactive"]);
      expect(Array.from(c.active)).toEqual([1, 1, 0]);
      expect(c.name).toEqual(["Name of C1", "Name of C2", "Name of C3"]);
      // 2020-02-29 is epoch day 18321; -1 = no purchase before the window.
      expect(Array.from(c.lastDayBefore ?? [])).toEqual([-1, -1, 18321]);

      const c2 = await store.classified(2);
      expect(c2.ids).toEqual(["C2", "C4"]);
      expect(Array.from(c2.value)).toEqual([80, 5]);
    });
    // Reopening keeps everything.
    await withStore(path, async (store) => {
      expect((await store.listAnalyses()).map((a) => a.id)).toEqual([1, 2]);
    });
  });

  it("rejects unknown ids with BAD_OPTION", async () => {
    await withStore(":memory:", async (store) => {
      for (const id of [1, 0, -1, 1.5, Number.NaN, 2 ** 40]) {
        await expect(store.getAnalysis(id)).rejects.toMatchObject({ code: "BAD_OPTION" });
        await expect(store.classified(id)).rejects.toMatchObject({ code: "BAD_OPTION" });
      }
    });
  });

  it("saves transactionally: an interrupted save leaves nothing", async () => {
    const path = await tempDb();
    function* halfway(): Generator<SavedCustomerRow> {
      // Past the appender's own flushes (every 20 480 rows): those rows too must go.
      for (let i = 0; i < 40_000; i++) {
        if (i === 30_000) throw new Error("interrupted");
        yield row(`C${i}`, i + 1);
      }
    }
    await withStore(path, async (store) => {
      const input = {
        file: "x.csv",
        fingerprint: "f",
        policy: POLICY,
        summary: summaryFor("2023-12-31", "2023-01-01"),
      };
      await expect(store.saveAnalysis({ ...input, rows: halfway() })).rejects.toThrow("interrupted");
      // A duplicate customer id breaks the primary key at the end: also nothing kept.
      await expect(store.saveAnalysis({ ...input, rows: [row("D", 1), row("D", 2)] })).rejects.toThrow();
      // A bad value is reported with the customer and the field.
      await expect(
        store.saveAnalysis({ ...input, rows: [row("E", 1), row("F", Number.NaN)] }),
      ).rejects.toThrow(/customer "F": revenue is NaN, expected a finite number/);
      expect(await store.listAnalyses()).toEqual([]);
      // The store is still usable afterwards.
      const id = await store.saveAnalysis({ ...input, rows: [row("G", 1)] });
      expect((await store.classified(id)).ids).toEqual(["G"]);
    });
    const counts = await raw(path, async (run) => [
      await run("SELECT count(*) FROM analyses"),
      await run("SELECT count(*), min(customer_id) FROM analysis_customers"),
    ]);
    expect(counts).toEqual([[[1n]], [[1n, "G"]]]);
  });

  it("closes once, after pending work, and refuses work after", async () => {
    const store = await openStore(":memory:");
    const listing = store.listAnalyses();
    const closing = [store.close(), store.close()];
    await expect(listing).resolves.toEqual([]);
    await Promise.all(closing);
    await expect(store.listAnalyses()).rejects.toThrow(/is closed/);
  });

  it("serialises concurrent saves on one store", async () => {
    await withStore(":memory:", async (store) => {
      const input = (n: number) => ({
        file: `f${n}.csv`,
        fingerprint: "f",
        policy: POLICY,
        summary: summaryFor("2023-12-31", "2023-01-01"),
        rows: Array.from({ length: 300 }, (_, i) => row(`C${i}`, i + n)),
      });
      const ids = await Promise.all([1, 2, 3].map((n) => store.saveAnalysis(input(n))));
      expect(ids.sort()).toEqual([1, 2, 3]);
      expect((await store.listAnalyses()).map((a) => a.customers)).toEqual([300, 300, 300]);
    });
  });

  it("keeps hostile labels, files and customer ids verbatim", async () => {
    const hostile = [
      "'); DROP TABLE analyses; --",
      'a"b',
      "x' OR '1'='1",
      "naïve \\ 名前 🙂",
      "line\nbreak\ttab",
      "",
      " padded ",
    ];
    const path = await tempDb();
    await withStore(path, async (store) => {
      const id = await store.saveAnalysis({
        label: hostile[0] ?? "",
        file: `it's; a "file".csv`,
        fingerprint: hostile[2] ?? "",
        policy: POLICY,
        summary: { ...summaryFor("2023-12-31", "2023-01-01"), mapping: { customer_id: hostile[1] ?? "" } },
        rows: hostile.map((h, i) => row(h, i + 1, { name: h })),
      });
      const info = await store.getAnalysis(id);
      expect(info.label).toBe(hostile[0]);
      expect(info.file).toBe(`it's; a "file".csv`);
      expect(info.fingerprint).toBe(hostile[2]);
      expect(info.summary.mapping.customer_id).toBe(hostile[1]);
      const c = await store.classified(id);
      expect([...c.ids].sort()).toEqual([...hostile].sort());
      expect(c.name).toEqual(c.ids);
    });
    const tables = await raw(path, (run) =>
      run("SELECT table_name FROM information_schema.tables ORDER BY table_name"),
    );
    expect(tables).toEqual([["analyses"], ["analysis_customers"], ["strata_meta"]]);
  });

  // Speed is measured by the benchmark (npm run bench: analyze --save); this checks the chunked writing
  // (50,000 rows are 25 data chunks, the last one partial) keeps every row and value.
  it("saves tens of thousands of customers across data chunks, every value intact", async () => {
    const n = 50_000;
    const rows = Array.from({ length: n }, (_, i) =>
      row(`CUST-${i}`, (i % 997) + 0.25, {
        rank: i + 1,
        last_date_before: i % 3 ? "2021-06-30" : null,
        account_manager: i % 2 ? "Anna" : null,
      }),
    );
    const path = await tempDb();
    await withStore(path, async (store) => {
      const id = await store.saveAnalysis({
        file: "big.csv",
        fingerprint: "f",
        policy: POLICY,
        summary: summaryFor("2023-12-31", "2023-01-01"),
        rows,
      });
      const c = await store.classified(id);
      expect(c.ids.length).toBe(n);
    });
    const sums = await raw(path, (run) =>
      run(`SELECT count(*), sum(value), count(last_date_before), count(account_manager), max(rank),
        count(DISTINCT customer_id) FROM analysis_customers`),
    );
    const expectedValue = rows.reduce((t, r) => t + r.value, 0);
    const withBefore = rows.filter((r) => r.last_date_before !== null).length;
    expect(sums[0]?.map(Number)).toEqual([n, expectedValue, withBefore, n / 2, n, n]);
  });
});

describe("two processes, one store", () => {
  const STORE_JS = join(import.meta.dirname, "..", "..", "dist", "store", "store.js");

  /** A child process that opens the store and keeps it open for `ms`; resolves once it is open. */
  async function holder(path: string, ms: number): Promise<{ exited: Promise<unknown> }> {
    const script = `import { openStore } from ${JSON.stringify(STORE_JS)};
      const s = await openStore(${JSON.stringify(path)}); console.log("open");
      setTimeout(() => s.close(), ${ms});`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script]);
    const exited = new Promise((done) => child.on("exit", done));
    await new Promise<void>((opened, failed) => {
      child.stdout.on("data", (d: Buffer) => d.toString().includes("open") && opened());
      child.on("exit", () => failed(new Error("the holder exited before opening the store")));
    });
    return { exited };
  }

  it("waits while another process has the file open, then opens it", async () => {
    const path = await tempDb();
    const { exited } = await holder(path, 800);
    const started = Date.now();
    await withStore(path, async (store) => expect(await store.listAnalyses()).toEqual([]));
    // It did wait: the holder kept the file for 0.8 s after saying it had it open.
    expect(Date.now() - started).toBeGreaterThan(300);
    await exited;
  });

  it("gives up with a clear message when the other process keeps it open", async () => {
    const path = await tempDb();
    const { exited } = await holder(path, 1500);
    const error = await openStore(path, { lockWaitMs: 300 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INPUT_UNREADABLE" });
    expect((error as Error).message).toMatch(/another process has kept it open for more than 0 s/);
    await exited;
  });
});

describe("schema and migrations", () => {
  it("gives a new database the current version; reopening is idempotent", async () => {
    const path = await tempDb();
    await withStore(path, async (store) => {
      await store.saveAnalysis({
        file: "a.csv",
        fingerprint: "f",
        policy: POLICY,
        summary: summaryFor("2023-12-31", "2023-01-01"),
        rows: [row("A", 1)],
      });
    });
    const version = () => raw(path, (run) => run("SELECT key, value FROM strata_meta ORDER BY key"));
    expect(SCHEMA_VERSION).toBe(2);
    expect(await version()).toEqual([
      ["application", "strata"],
      ["schema_version", "2"],
    ]);
    await withStore(path, async (store) => {
      expect((await store.listAnalyses()).length).toBe(1);
    });
    expect(await version()).toEqual([
      ["application", "strata"],
      ["schema_version", "2"],
    ]);
  });

  const NEXT = SCHEMA_VERSION + 1;
  const V2: Migration = {
    version: NEXT,
    description: "test: tags on analyses",
    statements: [`ALTER TABLE analyses ADD COLUMN tag VARCHAR DEFAULT 'none'`],
  };

  it("migrates a store written by an older version, keeping its data", async () => {
    const path = await tempDb();
    await withStore(path, (store) =>
      store.saveAnalysis({
        file: "a.csv",
        fingerprint: "f",
        policy: POLICY,
        summary: summaryFor("2023-12-31", "2023-01-01"),
        rows: [row("A", 1)],
      }),
    );
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    try {
      expect(await applyMigrations(conn, path, [...MIGRATIONS, V2])).toBe(NEXT);
      expect(await applyMigrations(conn, path, [...MIGRATIONS, V2])).toBe(NEXT);
      const rows = (await conn.runAndReadAll("SELECT id, tag FROM analyses")).getRowsJS();
      expect(rows).toEqual([[1, "none"]]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    // This Strata (one version behind the test's) now refuses the upgraded file.
    await expect(openStore(path)).rejects.toMatchObject({ code: "INPUT_UNREADABLE" });
  });

  it("upgrades a version-1 store (no account managers) to version 2 on open, keeping its analyses", async () => {
    const path = await tempDb();
    // A store exactly as Strata's schema version 1 wrote it, with one saved analysis.
    await raw(path, async (run) => {
      for (const statement of MIGRATIONS[0]?.statements ?? []) await run(statement);
      await run("INSERT INTO strata_meta VALUES ('schema_version', '1')");
      await run(`INSERT INTO analyses (created_at, file, fingerprint, policy_json, summary_json, as_of, first_day, last_day, measure)
        VALUES (TIMESTAMP '2024-01-02 03:04:05', 'old.csv', 'f', '${JSON.stringify(POLICY)}',
          '${JSON.stringify(summaryFor("2023-12-31", "2023-01-01"))}', DATE '2023-12-31', DATE '2023-01-01', DATE '2023-12-31', 'revenue')`);
      await run(`INSERT INTO analysis_customers (analysis_id, customer_id, name, revenue, invoices, value, abc, pyramid, active)
        VALUES (1, 'OLD', 'Old customer', 10, 1, 10, 'A', 'Top', true)`);
    });
    await withStore(path, async (store) => {
      expect((await store.listAnalyses()).map((a) => [a.id, a.file, a.customers])).toEqual([
        [1, "old.csv", 1],
      ]);
      const old = await store.classified(1);
      expect(old.ids).toEqual(["OLD"]);
      expect(old.accountManager).toEqual([null]);
      const id = await store.saveAnalysis({
        file: "new.csv",
        fingerprint: "g",
        policy: POLICY,
        summary: summaryFor("2024-12-31", "2024-01-01"),
        rows: [row("OLD", 12, { account_manager: "Anna" })],
      });
      expect((await store.classified(id)).accountManager).toEqual(["Anna"]);
    });
    const version = await raw(path, (run) =>
      run("SELECT value FROM strata_meta WHERE key = 'schema_version'"),
    );
    expect(version).toEqual([["2"]]);
  });

  it("rolls a failed migration back entirely", async () => {
    const path = await tempDb();
    await withStore(path, async () => undefined);
    const broken: Migration = {
      version: SCHEMA_VERSION + 1,
      description: "test: fails halfway",
      statements: [`ALTER TABLE analyses ADD COLUMN tag VARCHAR`, `SELECT * FROM no_such_table`],
    };
    const instance = await DuckDBInstance.create(path);
    const conn = await instance.connect();
    try {
      await expect(applyMigrations(conn, path, [...MIGRATIONS, broken])).rejects.toThrow(/no_such_table/);
      const columns = (
        await conn.runAndReadAll(
          "SELECT column_name FROM information_schema.columns WHERE table_name = 'analyses' AND column_name = 'tag'",
        )
      ).getRowsJS();
      expect(columns).toEqual([]);
      const version = (
        await conn.runAndReadAll("SELECT value FROM strata_meta WHERE key = 'schema_version'")
      ).getRowsJS();
      expect(version).toEqual([[String(SCHEMA_VERSION)]]);
    } finally {
      conn.closeSync();
      instance.closeSync();
    }
    await withStore(path, async (store) => expect(await store.listAnalyses()).toEqual([]));
  });

  it("refuses a store written by a newer Strata, leaving the file unchanged", async () => {
    const path = await tempDb();
    await withStore(path, async () => undefined);
    await raw(path, (run) => run("UPDATE strata_meta SET value = '999' WHERE key = 'schema_version'"));
    const before = await sha(path);
    const error = await openStore(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StrataError);
    expect(error).toMatchObject({
      code: "INPUT_UNREADABLE",
      details: { schemaVersion: 999, supported: SCHEMA_VERSION },
    });
    expect((error as Error).message).toContain(path);
    expect((error as Error).message).toMatch(/newer version of Strata \(schema version 999/);
    expect(await sha(path)).toBe(before);
  });

  it("refuses a store whose schema_version is missing or garbled", async () => {
    const path = await tempDb();
    await withStore(path, async () => undefined);
    await raw(path, (run) => run("UPDATE strata_meta SET value = 'two' WHERE key = 'schema_version'"));
    await expect(openStore(path)).rejects.toThrow(/no readable schema_version \(found "two"\)/);
  });

  it("refuses a DuckDB database that Strata did not create, leaving it unchanged", async () => {
    const path = await tempDb();
    await raw(path, (run) => run("CREATE TABLE invoices AS SELECT 1 AS id, 'x' AS customer"));
    const before = await sha(path);
    const error = await openStore(path).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "INPUT_UNREADABLE", details: { tables: ["invoices"] } });
    expect((error as Error).message).toMatch(/Strata did not create \(it holds invoices and no strata_meta/);
    expect(await sha(path)).toBe(before);
    const tables = await raw(path, (run) => run("SELECT table_name FROM information_schema.tables"));
    expect(tables).toEqual([["invoices"]]);
  });

  it("refuses a file that is not a DuckDB database, leaving it unchanged", async () => {
    const path = join(await mkdtemp(join(tmpdir(), "strata-store-")), "invoices.csv");
    const content = "customer,date,amount\nA,2023-01-01,10\n".repeat(200);
    await writeFile(path, content);
    await expect(openStore(path)).rejects.toMatchObject({
      code: "INPUT_UNREADABLE",
      message: expect.stringContaining(`Cannot use ${path} as the history database: it is not a DuckDB`),
    });
    expect(await readFile(path, "utf-8")).toBe(content);
    await expect(openStore(join(path, ".."))).rejects.toMatchObject({ code: "INPUT_IS_DIRECTORY" });
  });
});
