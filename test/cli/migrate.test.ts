import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeMigrationOutputs } from "../../src/cli/migrate.js";
import { migrationRows } from "../../src/core/migrate.js";
import { current2011, previous2010 } from "../fixtures/migration/customers.js";
import { FIXTURES, tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";
import { fixtureSummary } from "../report/fixture.js";
import { fixtureMigration } from "../report/migration-fixture.js";

interface Cell {
  from: string;
  to: string;
  customers: number;
}

function chartJson(page: string): Record<string, { series: Array<{ data: unknown[]; links?: unknown[] }> }> {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "");
}

/** A collecting Io for calling command helpers directly. */
function collectingIo(cwd: string) {
  const err: string[] = [];
  return {
    err,
    io: {
      stdout: () => {},
      stderr: (t: string) => {
        err.push(t);
      },
      interactive: false,
      color: false,
      cwd,
      env: {},
    },
  };
}

const dir = join(FIXTURES, "golden");

// Previous window 2023: C19 80 and C02 70 (A, C02 crosses 80% of 170), C18 20 (B). Current 2024: see EXPECTED.md.
describe("strata migrate on the golden fixture", () => {
  it("classifies both windows with one policy and reports churn", async () => {
    const out = await tempDir();
    const r = await cli([
      "migrate",
      join(dir, "invoices.csv"),
      "--as-of",
      "2024-12-31",
      "--json",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    const m = JSON.parse(r.stdout);
    expect(m.previous).toEqual({ firstDay: "2023-01-01", lastDay: "2023-12-31" });
    expect(m.churn).toMatchObject({
      previousActive: 3,
      currentActive: 18,
      retained: 2,
      lost: 1,
      new: 16,
      lostValue: 80,
      newValue: 800,
    });
    expect(m.churn.netValueRetention).toBeCloseTo(180 / 170, 12);
    expect(m.churn.grossValueRetention).toBeCloseTo(50 / 170, 12);
    const cell = (from: string, to: string) =>
      m.abc.cells.find((c: { from: string; to: string }) => c.from === from && c.to === to)?.customers;
    expect([cell("A", "A"), cell("A", "lost"), cell("B", "NonPositive"), cell("new", "A")]).toEqual([
      1, 1, 1, 5,
    ]);
    const csv = (await readFile(join(out, "migration.csv"), "utf-8")).split(/\r?\n/);
    expect(csv[0]).toBe(
      "customer_id,previous_class,current_class,previous_value,current_value,change,movement",
    );
    expect(csv).toContain("C19,A,lost,80,0,-80,lost");

    // report.html: the analysis of the current window with the migration sections and charts.
    expect(r.stderr).toBe(
      `Wrote ${join(out, "migration.json")}, migration.csv, migration-pyramid.csv, report.html\n`,
    );
    const page = await readFile(join(out, "report.html"), "utf-8");
    for (const id of [
      "migration",
      "migration-abc",
      "migration-pyramid",
      "migration-actions",
      "pareto",
      "abc",
    ])
      expect(page).toMatch(new RegExp(`<section id="${id}"`));
    expect(page).toContain("2024-01-01 to 2024-12-31 (12 months), as of 2024-12-31");
    expect(page).toContain("Before: 2023-01-01 to 2023-12-31; now: 2024-01-01 to 2024-12-31");
    const charts = chartJson(page);
    const heat = charts["chart-migration-abc-matrix"]?.series[0]?.data as Array<{ value: number[] }>;
    const fromHeat = heat.map((d) => [
      m.abc.columns[d.value[0] ?? -1],
      m.abc.rows[d.value[1] ?? -1],
      d.value[2],
    ]);
    expect(fromHeat).toEqual(m.abc.cells.map((c: Cell) => [c.to, c.from, c.customers]));
    const links = charts["chart-migration-abc-flow"]?.series[0]?.links as Array<{ value: number }>;
    expect(links.reduce((a, l) => a + l.value, 0)).toBe(19);
    expect(page).not.toContain('id="trend"');
  });

  it("names report.html in --help", async () => {
    const help = await cli(["migrate", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "write migration.json, migration.csv (ABC), migration-pyramid.csv and report.html (analysis of the current window with the migration)",
    );
  });

  it("takes the previous window from --from", async () => {
    const r = await cli([
      "migrate",
      join(dir, "invoices.csv"),
      "--as-of",
      "2024-12-31",
      "--from",
      "2024-06-30",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).previous).toEqual({ firstDay: "2023-07-01", lastDay: "2024-06-30" });
  });

  it("reports what it read before the migration tables", async () => {
    const r = await cli(["migrate", join(dir, "invoices.csv"), "--as-of", "2024-12-31"]);
    expect(r.code).toBe(0);
    const reading = r.stdout.indexOf("Rejected");
    const tables = r.stdout.indexOf(
      "Migration by revenue: 2023-01-01 … 2023-12-31  →  2024-01-01 … 2024-12-31",
    );
    expect(reading).toBeGreaterThan(0);
    expect(tables).toBeGreaterThan(reading);
    expect(r.stdout).toMatch(/line 31, column InvoiceDate: 'not-a-date'/);
  });
});

// What `strata history compare --out` will call: two classified windows and a saved summary, no engine.
describe("writeMigrationOutputs", () => {
  it("writes the four files from a migration, both windows and the current summary", async () => {
    const out = await tempDir();
    const { io, err } = collectingIo(out);
    const written = await writeMigrationOutputs(
      "compare",
      {
        migration: fixtureMigration(),
        previous: previous2010,
        current: current2011,
        summary: fixtureSummary(),
      },
      io,
    );
    expect(written).toEqual(
      ["migration.json", "migration.csv", "migration-pyramid.csv", "report.html"].map((f) =>
        join(out, "compare", f),
      ),
    );
    expect(err).toEqual([
      `Wrote ${join("compare", "migration.json")}, migration.csv, migration-pyramid.csv, report.html\n`,
    ]);
    expect(JSON.parse(await readFile(written[0] ?? "", "utf-8"))).toEqual(
      JSON.parse(JSON.stringify(fixtureMigration())),
    );
    const csv = (await readFile(written[1] ?? "", "utf-8")).split("\r\n");
    // EXPECTED.md of the migration fixture: 13 customers, by id.
    expect(csv).toHaveLength(15);
    expect(csv[1]).toBe("c01,A,A,400,300,-100,stayed");
    expect(csv).toContain("c10,new,B,0,70,70,back");
    const pyramid = await readFile(written[2] ?? "", "utf-8");
    expect(pyramid).toContain("c07,Small,NonPositive,15,-5,-20,down");
    const page = await readFile(written[3] ?? "", "utf-8");
    expect(page).toContain('<section id="migration-actions"');
    expect(page).toContain("<h2>Migration by revenue: before → now</h2>");
  });

  it("takes the rows as given, and is silent when quiet", async () => {
    const out = await tempDir();
    const { io, err } = collectingIo(out);
    const abc = migrationRows(previous2010, current2011, "abc").filter((r) => r.movement === "lost");
    await writeMigrationOutputs(
      ".",
      {
        migration: fixtureMigration(),
        previous: previous2010,
        current: current2011,
        summary: fixtureSummary(),
        rows: { abc, pyramid: [] },
      },
      io,
      { quiet: true },
    );
    expect(err).toEqual([]);
    expect((await readFile(join(out, "migration.csv"), "utf-8")).split("\r\n").slice(1, -1)).toEqual([
      "c02,A,lost,250,0,-250,lost",
      "c06,B,lost,30,0,-30,lost",
      "c15,C,lost,10,0,-10,lost",
    ]);
    expect((await readFile(join(out, "migration-pyramid.csv"), "utf-8")).split("\r\n")).toHaveLength(2);
  });
});
