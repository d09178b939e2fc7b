import { spawnSync } from "node:child_process";
import { access, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openStore } from "../../src/store/store.js";
import { FIXTURES, tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

const golden = join(FIXTURES, "golden");
const INVOICES = join(golden, "invoices.csv");
const CUSTOMERS = join(golden, "customers.csv");
const ROOT = join(import.meta.dirname, "..", "..");

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/** Saves the golden fixture's 2023 and 2024 windows (with the customer list) as analyses 1 and 2. */
async function savedPair(cwd: string) {
  for (const asOf of ["2023-12-31", "2024-12-31"]) {
    const r = await cli(
      ["analyze", INVOICES, "--customers", CUSTOMERS, "--as-of", asOf, "--save", "--label", asOf, "--quiet"],
      cwd,
    );
    expect(r.code, r.stderr).toBe(0);
  }
}

describe("strata analyze --save and strata history", () => {
  it("saves analyses into strata.duckdb in the working directory and lists them", async () => {
    const cwd = await tempDir();
    await savedPair(cwd);
    expect(await exists(join(cwd, "strata.duckdb"))).toBe(true);
    const list = await cli(["history", "list", "--json"], cwd);
    expect(list.code, list.stderr).toBe(0);
    const saved = JSON.parse(list.stdout);
    expect(
      saved.map((a: Record<string, unknown>) => [a.id, a.label, a.asOf, a.activeCustomers, a.measure]),
    ).toEqual([
      [1, "2023-12-31", "2023-12-31", 3, "revenue"],
      [2, "2024-12-31", "2024-12-31", 18, "revenue"],
    ]);
    // Every customer of the customer list and the invoices is saved, active or not.
    expect(saved[1].customers).toBeGreaterThan(saved[1].activeCustomers);
    const text = await cli(["history", "list"], cwd);
    expect(text.stdout).toMatch(/Saved analyses in strata\.duckdb/);
    expect(text.stdout).toMatch(/2024-01-01 … 2024-12-31/);
  });

  it("compares two saved analyses exactly as strata migrate compares the same windows", async () => {
    const cwd = await tempDir();
    await savedPair(cwd);
    const compared = await cli(["history", "compare", "1", "2", "--json"], cwd);
    expect(compared.code, compared.stderr).toBe(0);
    const migrated = await cli(
      ["migrate", INVOICES, "--customers", CUSTOMERS, "--as-of", "2024-12-31", "--json"],
      cwd,
    );
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(JSON.parse(compared.stdout)).toEqual(JSON.parse(migrated.stdout));
    // The action lists name account managers from the saved customer list.
    const m = JSON.parse(compared.stdout);
    expect(m.actions.newInAB).toContainEqual(
      expect.objectContaining({ customerId: "C04", accountManager: "Bram" }),
    );
    expect(m.actions.winBack).toContainEqual(
      expect.objectContaining({ customerId: "C20", accountManager: "Bram" }),
    );
    // The same files as migrate --out: the per-customer rows and the report with the migration.
    const fromHistory = await cli(["history", "compare", "1", "2", "--out", "h", "--quiet"], cwd);
    expect(fromHistory.code, fromHistory.stderr).toBe(0);
    await cli(
      ["migrate", INVOICES, "--customers", CUSTOMERS, "--as-of", "2024-12-31", "--out", "m", "--quiet"],
      cwd,
    );
    for (const name of ["migration.csv", "migration-pyramid.csv", "migration.json"]) {
      expect(await readFile(join(cwd, "h", name), "utf-8")).toBe(
        await readFile(join(cwd, "m", name), "utf-8"),
      );
    }
    expect(await readFile(join(cwd, "h", "report.html"), "utf-8")).toMatch(/ABC classes: before → now/);
    const terminal = await cli(["history", "compare", "1", "2"], cwd);
    expect(terminal.stdout).toMatch(/^From analysis 1 "2023-12-31"/);
    expect(terminal.stdout).toMatch(/Net value retention\s+105\.9%/);
  });

  it("saves by default once a store exists, and not with --no-save or without a store", async () => {
    const cwd = await tempDir();
    const plain = await cli(["analyze", INVOICES, "--quiet"], cwd);
    expect(plain.code).toBe(0);
    expect(await exists(join(cwd, "strata.duckdb"))).toBe(false);
    expect(plain.stderr).not.toMatch(/Saved/);
    await cli(["analyze", INVOICES, "--save", "--quiet"], cwd);
    const again = await cli(["analyze", INVOICES, "--as-of", "2024-06-30"], cwd);
    expect(again.stderr).toMatch(/Saved as analysis 2 in strata\.duckdb/);
    await cli(["analyze", INVOICES, "--no-save", "--quiet"], cwd);
    const list = JSON.parse((await cli(["history", "list", "--json"], cwd)).stdout);
    expect(list.map((a: { id: number }) => a.id)).toEqual([1, 2]);
  });

  it("saves the current window of strata migrate too", async () => {
    const cwd = await tempDir();
    const r = await cli(
      ["migrate", INVOICES, "--as-of", "2024-12-31", "--save", "--label", "m", "--quiet"],
      cwd,
    );
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse((await cli(["history", "list", "--json"], cwd)).stdout);
    expect(list.map((a: Record<string, unknown>) => [a.label, a.firstDay, a.lastDay])).toEqual([
      ["m", "2024-01-01", "2024-12-31"],
    ]);
  });

  it("uses --db, else STRATA_DB, as the store (and saves there by default)", async () => {
    const cwd = await tempDir();
    const r = await cli(["analyze", INVOICES, "--quiet"], cwd, { STRATA_DB: "team.duckdb" });
    expect(r.code, r.stderr).toBe(0);
    expect(await exists(join(cwd, "team.duckdb"))).toBe(true);
    await cli(["analyze", INVOICES, "--db", "other.duckdb", "--quiet"], cwd);
    expect(await exists(join(cwd, "other.duckdb"))).toBe(true);
    expect(await exists(join(cwd, "strata.duckdb"))).toBe(false);
    const listed = await cli(["history", "list", "--json"], cwd, { STRATA_DB: "team.duckdb" });
    expect(JSON.parse(listed.stdout)).toHaveLength(1);
  });

  it("shows a saved analysis as analyze printed it, and writes its files", async () => {
    const cwd = await tempDir();
    const analyzed = await cli(
      ["analyze", INVOICES, "--customers", CUSTOMERS, "--save", "--json", "--out", "now"],
      cwd,
    );
    expect(analyzed.code, analyzed.stderr).toBe(0);
    const shown = await cli(["history", "show", "1", "--json", "--out", "saved"], cwd);
    expect(shown.code, shown.stderr).toBe(0);
    const saved = JSON.parse(shown.stdout);
    expect(saved.summary).toEqual(JSON.parse(analyzed.stdout));
    expect(saved.policy.abcThresholds).toEqual([80, 95]);
    expect(saved.analysis).toMatchObject({ id: 1, measure: "revenue", asOf: saved.summary.window.asOf });
    // The same customers with the same figures; unranked customers may come in another order.
    const lines = async (dir: string) =>
      (await readFile(join(cwd, dir, "customers.csv"), "utf-8")).split("\r\n").sort();
    expect(await lines("saved")).toEqual(await lines("now"));
    expect(await exists(join(cwd, "saved", "report.html"))).toBe(true);
    const text = await cli(["history", "show", "1"], cwd);
    expect(text.stdout).toMatch(/^Saved analysis 1: /);
    expect(text.stdout).toMatch(/ABC classes by revenue/);
  });

  it("explains what is wrong: no store, unknown id, ids in the wrong order, measures that differ", async () => {
    const cwd = await tempDir();
    const none = await cli(["history", "list"], cwd);
    expect(none.code).toBe(1);
    expect(none.stderr).toMatch(/There is no history database at strata\.duckdb\. Save an analysis first/);
    expect(await exists(join(cwd, "strata.duckdb"))).toBe(false);
    await savedPair(cwd);
    const unknown = await cli(["history", "show", "7"], cwd);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/No saved analysis with id 7 in .*strata\.duckdb/);
    const badId = await cli(["history", "compare", "one", "2"], cwd);
    expect(badId.code).toBe(1);
    expect(badId.stderr).toMatch(/expects the id of a saved analysis.*got 'one'/);
    const reversed = await cli(["history", "compare", "2", "1"], cwd);
    expect(reversed.code).toBe(1);
    expect(reversed.stderr).toMatch(/give the earlier one first \(strata history compare 1 2\)/);
    await cli(["analyze", INVOICES, "--abc", "50,80", "--quiet"], cwd);
    const thresholds = await cli(["history", "compare", "1", "3", "--quiet"], cwd);
    expect(thresholds.code).toBe(0);
    expect(thresholds.stderr).toMatch(/warning: The ABC thresholds differ \(80,95 in 1, 50,80 in 3\)/);
    // A database Strata did not write is refused, not changed.
    const foreign = await cli(["history", "list", "--db", INVOICES], cwd);
    expect(foreign.code).toBe(1);
    expect(foreign.stderr).toMatch(/as the history database: it is not a DuckDB/);
  });

  it("keeps nothing of a save killed halfway; the store still opens and saves", async () => {
    const cwd = await tempDir();
    const db = join(cwd, "strata.duckdb");
    // A process that saves an analysis and is killed (SIGKILL, no clean-up) in the middle of its rows.
    const script = `
      import { openStore } from ${JSON.stringify(join(ROOT, "dist", "store", "store.js"))};
      import { makePolicy } from ${JSON.stringify(join(ROOT, "dist", "core", "policy.js"))};
      const summary = JSON.parse(process.argv[1]);
      const store = await openStore(${JSON.stringify(db)});
      function* rows() {
        for (let i = 0; i < 100000; i++) {
          if (i === 50000) process.kill(process.pid, "SIGKILL");
          yield { customer_id: "K" + i, name: null, revenue: 1, cost: null, margin: null, invoices: 1,
            first_date: null, last_date: null, recency_days: null, value: 1, rank: i + 1, share: 0,
            cum_share: 0, abc: "A", pyramid: "Top", active: true, last_date_before: null, account_manager: null };
        }
      }
      await store.saveAnalysis({ file: "x.csv", fingerprint: "f", policy: makePolicy({}), summary, rows: rows() });
      console.log("not killed");
    `;
    const first = await cli(["analyze", INVOICES, "--save", "--json"], cwd);
    expect(first.code, first.stderr).toBe(0);
    const killed = spawnSync(process.execPath, ["--input-type=module", "-e", script, first.stdout], {
      encoding: "utf-8",
    });
    expect(killed.signal).toBe("SIGKILL");
    expect(killed.stdout).not.toMatch(/not killed/);
    const store = await openStore(db);
    try {
      expect((await store.listAnalyses()).map((a) => [a.id, a.customers])).toEqual([[1, 20]]);
    } finally {
      await store.close();
    }
    const after = await cli(["analyze", INVOICES, "--quiet"], cwd);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse((await cli(["history", "list", "--json"], cwd)).stdout)).toHaveLength(2);
  });
});
