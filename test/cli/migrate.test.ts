import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

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
});
