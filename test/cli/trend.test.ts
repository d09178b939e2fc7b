import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseIsoDay } from "../../src/core/dates.js";
import { describeWindow, windowFor } from "../../src/core/policy.js";
import { trendWindows } from "../../src/core/trend.js";
import { FIXTURES, tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

const dir = join(FIXTURES, "golden");

function chartJson(page: string): Record<string, { series: Array<{ name: string; data: number[] }> }> {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "");
}

describe("trendWindows", () => {
  it("ends the windows every step before the main one, oldest first, each as long as the horizon", () => {
    const horizon = { count: 12, unit: "month" } as const;
    const main = windowFor(parseIsoDay("2024-12-31") ?? 0, horizon);
    const quarters = trendWindows(main, horizon, 4, 3).map(describeWindow);
    expect(quarters.map((w) => [w.firstDay, w.lastDay])).toEqual([
      ["2023-04-01", "2024-03-31"],
      ["2023-07-01", "2024-06-30"],
      ["2023-10-01", "2024-09-30"],
    ]);
    expect(trendWindows(main, horizon, 1, 3)).toEqual([]);
    // Month ends are kept: a month before 2024-12-31 is 2024-11-30.
    expect(trendWindows(main, horizon, 2, 1).map((w) => describeWindow(w).lastDay)).toEqual(["2024-11-30"]);
  });
});

// Windows ending 2024-06-30, 2024-09-30 and 2024-12-31; figures of the last one in EXPECTED.md.
describe("strata trend on the golden fixture", () => {
  it("prints the points and writes trend.csv, trend.json and report.html", async () => {
    const out = await tempDir();
    const r = await cli([
      "trend",
      join(dir, "invoices.csv"),
      "--as-of",
      "2024-12-31",
      "--windows",
      "3",
      "--json",
      "--out",
      out,
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`Wrote ${join(out, "trend.csv")}, trend.json, report.html\n`);
    const trend = JSON.parse(r.stdout);
    expect(trend.measure).toBe("revenue");
    expect(trend.points.map((p: { lastDay: string }) => p.lastDay)).toEqual([
      "2024-06-30",
      "2024-09-30",
      "2024-12-31",
    ]);
    // 2023-07-01 … 2024-06-30: C02 has 200 + 70 (2023-12-31), C04 only 60 (its 40 is in November), C16
    // not yet; 15 customers, 1025. A = C01…C06 (cum 840 = 82%), B = C07…C11, C = C12…C15.
    const first = trend.points[0];
    expect(first).toMatchObject({
      firstDay: "2023-07-01",
      activeCustomers: 15,
      totalValue: 1025,
      customersFor80: 6,
      customersFor80Share: 0.4,
      classes: [
        { label: "A", customers: 6, value: 840 },
        { label: "B", customers: 5, value: 145 },
        { label: "C", customers: 4, value: 40 },
      ],
    });
    // Gini over the ascending values 5 10 10 15 20 25 30 30 40 50 60 60 100 270 300: Σ cum = 3765.
    expect(first.gini).toBeCloseTo((16 - (2 * 3765) / 1025) / 15, 12);
    expect(trend.points[2]).toMatchObject({ activeCustomers: 16, totalValue: 1000, customersFor80: 6 });
    expect(trend.points[2].gini).toBeCloseTo(0.579375, 12);

    expect(JSON.parse(await readFile(join(out, "trend.json"), "utf-8"))).toEqual(trend);
    const csv = (await readFile(join(out, "trend.csv"), "utf-8")).split("\r\n");
    expect(csv).toHaveLength(5);
    expect(csv[1]).toMatch(/^2023-07-01,2024-06-30,15,1025,6,0\.4,0\.57691\d*,6,840,5,145,4,40$/);

    const page = await readFile(join(out, "report.html"), "utf-8");
    expect(page).toContain('<section id="trend">');
    expect(page).toContain("<h2>Trend by revenue: 3 rolling windows</h2>");
    // The analysis sections are those of the latest window.
    expect(page).toContain("2024-01-01 to 2024-12-31 (12 months), as of 2024-12-31");
    expect(page).toContain('<section id="pareto">');
    expect(page).not.toContain('id="migration"');
    const chart = chartJson(page)["chart-trend"];
    expect(chart?.series.find((s) => s.name === "Class A")?.data).toEqual([6, 6, 6]);
    expect(chart?.series.find((s) => s.name === "Total revenue")?.data).toEqual([1025, 1025, 1000]);
  });

  it("prints a table without --json, and nothing with --quiet", async () => {
    const table = await cli(["trend", join(dir, "invoices.csv"), "--as-of", "2024-12-31", "--windows", "2"]);
    expect(table.code).toBe(0);
    // What was read first (every run reports it: 2 lines rejected in the golden file), then the trend.
    expect(table.stdout).toMatch(/^Strata .*invoices\.csv\n/);
    expect(table.stdout).toMatch(/Rejected\s+2\n/);
    expect(table.stdout).toMatch(/\nTrend by revenue\n/);
    expect(table.stdout).toContain("2024-01-01 … 2024-12-31");
    const out = await tempDir();
    const quiet = await cli([
      "trend",
      join(dir, "invoices.csv"),
      "--as-of",
      "2024-12-31",
      "--windows",
      "2",
      "--quiet",
      "--out",
      out,
    ]);
    expect([quiet.code, quiet.stdout, quiet.stderr]).toEqual([0, "", ""]);
    expect(await readFile(join(out, "report.html"), "utf-8")).toContain('<section id="trend">');
  });

  it("names report.html in --help and refuses a bad --windows", async () => {
    const help = await cli(["trend", "--help"]);
    expect(help.stdout.replace(/\s+/g, " ")).toContain(
      "write trend.csv, trend.json and report.html (analysis of the latest window with the trend)",
    );
    const bad = await cli(["trend", join(dir, "invoices.csv"), "--windows", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--windows expects a whole number from 1 to 120; got '0'.");
  });
});
