import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, tempDir } from "../helpers/analyze.js";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "dist", "cli", "main.js");

function strata(args: string[], cwd = ROOT) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf-8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("the built strata binary (npm test builds it first)", () => {
  it("exists", () => {
    expect(existsSync(BIN), `${BIN} is missing: run npm run build`).toBe(true);
  });

  it("analyzes the golden fixture and writes every output file", async () => {
    const out = await tempDir();
    const golden = join(FIXTURES, "golden");
    const r = strata([
      "analyze",
      join(golden, "invoices.csv"),
      "--customers",
      join(golden, "customers.csv"),
      "--as-of",
      "2024-12-31",
      "--out",
      out,
    ]);
    expect(r.stderr).toMatch(/Wrote .*customers\.csv/);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/ABC classes by revenue/);
    for (const f of ["customers.csv", "customers.xlsx", "summary.json", "report.html"])
      expect(existsSync(join(out, f))).toBe(true);
    const summary = JSON.parse(await readFile(join(out, "summary.json"), "utf-8"));
    expect(summary.concentration.customersFor80).toBe(6);
    const csv = (await readFile(join(out, "customers.csv"), "utf-8")).split(/\r?\n/);
    expect(csv[0]).toBe(
      "customer_id,name,revenue,cost,margin,invoices,first_date,last_date,recency_days,value,rank,share,cum_share,abc,pyramid",
    );
    expect(csv[1]).toMatch(/^C01,Alpha Trading BV,300,/);
  });

  it("prints summary.json with --json, and fails cleanly on a missing file", () => {
    const r = strata([
      "analyze",
      join(FIXTURES, "golden", "invoices.csv"),
      "--as-of",
      "2024-12-31",
      "--json",
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).abc.classes).toHaveLength(3);
    const bad = strata(["analyze", "no-such-file.csv"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe(
      `strata: Invoice file '${join(ROOT, "no-such-file.csv")}' does not exist.`,
    );
  });

  it("runs the demo on generated sample data", async () => {
    const dir = await tempDir();
    const r = strata(["demo", "--data", join(dir, "data"), "--out", join(dir, "out")], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Report: .*report\.html/);
    expect(existsSync(join(dir, "out", "report.html"))).toBe(true);
    expect(r.stdout).toMatch(/Customer pyramid/);
    // Lifetime value on the same sample, checked on its last 26 weeks.
    const clv =
      /BG\/NBD predicted ([\d,]+) repeat purchases in the 26-week holdout, against ([\d,]+) made/.exec(
        r.stderr,
      );
    expect(clv, r.stderr).not.toBeNull();
    const [predicted, actual] = [clv?.[1], clv?.[2]].map((t) => Number(t?.replaceAll(",", "")));
    expect(actual).toBeGreaterThan(1000);
    expect(Math.abs((predicted ?? 0) - (actual ?? 0)) / (actual ?? 1)).toBeLessThan(0.2);
    for (const f of ["clv.csv", "clv.json", "report.html"])
      expect(existsSync(join(dir, "out", "clv", f))).toBe(true);
  });
});
