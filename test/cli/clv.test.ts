/**
 * `strata clv` end to end on the CDNOW sample's transactions (weeks, calibration to 1997-09-30): the
 * published BG/NBD, Pareto/NBD and Gamma-Gamma estimates, to their published precision, straight from the
 * invoice lines; the files; and bad options.
 */
import { existsSync } from "node:fs";
import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "..", "shared", "data", "cdnow", "CDNOW_sample.txt");
const present = existsSync(SAMPLE);
const ARGS = [
  SAMPLE,
  "--map",
  "customer=2,date=3,revenue=5",
  "--calibration-end",
  "1997-09-30",
  "--unit",
  "week",
];

const round = (x: number, d: number) => Math.round(x * 10 ** d) / 10 ** d;

describe.skipIf(!present)(`strata clv on CDNOW${present ? "" : ` (skipped: ${SAMPLE} is absent)`}`, () => {
  type FitJson = Record<string, number> & { standardErrors?: Record<string, number> };
  let json: Record<string, FitJson>;
  let out: string;
  beforeAll(async () => {
    out = await tempDir();
    const r = await cli(["clv", ...ARGS, "--json", "--out", out]);
    expect(r.code, r.stderr).toBe(0);
    json = JSON.parse(r.stdout);
  });

  it("BG/NBD: r 0.243, α 4.414, a 0.793, b 2.426, LL −9582.4 (Fader, Hardie & Lee 2005)", () => {
    const b: FitJson = json.bgnbd ?? {};
    expect([b.r, b.alpha, b.a, b.b].map((v) => round(v ?? 0, 3))).toEqual([0.243, 4.414, 0.793, 2.426]);
    expect(round(b.logLikelihood ?? 0, 1)).toBe(-9582.4);
    expect(b.standardErrors?.r).toBeGreaterThan(0);
  });

  it("Pareto/NBD: r 0.553, α 10.578, s 0.606, β 11.669, LL −9595.0", () => {
    const p: FitJson = json.paretoNbd ?? {};
    expect([p.r, p.alpha, p.s, p.beta].map((v) => round(v ?? 0, 3))).toEqual([0.553, 10.578, 0.606, 11.669]);
    expect(round(p.logLikelihood ?? 0, 1)).toBe(-9595);
  });

  it("Gamma-Gamma: p 6.25, q 3.74, γ 15.44", () => {
    const g: FitJson = json.gammaGamma ?? {};
    expect([g.p, g.q, g.gamma].map((v) => round(v ?? 0, 2))).toEqual([6.25, 3.74, 15.44]);
  });

  it("validates on the holdout and writes clv.csv with one row per customer", async () => {
    const v = json.validation as unknown as { actual: number; byFrequency: unknown[] };
    expect(v.actual).toBe(1882);
    expect(v.byFrequency).toHaveLength(8);
    const csv = (await readFile(join(out, "clv.csv"), "utf8")).trim().split("\n");
    expect(csv[0]).toBe(
      "customer_id,x,t_x,T,p_alive,expected_purchases,expected_value,clv,mean_repeat_value,expected_mean_value,holdout_purchases",
    );
    expect(csv).toHaveLength(2358);
    const html = await readFile(join(out, "report.html"), "utf8");
    expect(html).toContain("</html>");
  });

  it("bad options: a calibration end outside the data, a discount rate that is no percentage", async () => {
    const early = await cli(["clv", ...ARGS.slice(0, 3), "--calibration-end", "1990-01-01"]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(
      /--calibration-end 1990-01-01 is outside the data, which runs from 1997-01-01/,
    );
    const rate = await cli(["clv", ...ARGS, "--discount-rate", "ten"]);
    expect(rate.code).toBe(1);
    expect(rate.stderr).toMatch(/--discount-rate expects a yearly percentage from 0 to 99; got 'ten'/);
  });
});

// Always runs (no ../shared): a small file with invoice ids, two invoices on one day, a day of returns only, a
// line without a customer, a bad date and a customer first buying in the holdout, counted by hand.
describe("strata clv on a small hand-counted file", () => {
  const LINES = [
    "invoice_id,customer,date,amount",
    "I1,A,2024-01-01,10",
    "I2,A,2024-01-01,5",
    "I3,A,2024-01-15,20",
    "I4,A,2024-02-05,-3",
    "I5,A,2024-02-26,30",
    "I6,B,2024-01-08,40",
    "I7,B,2024-03-04,10",
    "I8,,2024-01-10,99",
    "I9,C,2024-02-30,5",
    "I10,D,2024-03-10,12",
    "I11,C,2024-01-20,7",
    "I12,C,2024-01-22,8",
  ];
  let json: {
    reading: Record<string, unknown>;
    customers: number;
    repeaters: number;
    warnings: { code: string; message: string }[];
  };
  let csv: string[];
  beforeAll(async () => {
    const dir = await tempDir();
    const file = join(dir, "sales.csv");
    await writeFile(file, `${LINES.join("\n")}\n`);
    const out = join(dir, "out");
    const args = ["clv", file, "--calibration-end", "2024-02-29", "--unit", "day", "--json", "--out", out];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    json = JSON.parse(r.stdout);
    csv = (await readFile(join(out, "clv.csv"), "utf8")).trim().split("\n");
  });

  it("reports every line: read, rejected (with line and value), without a customer, returns only", () => {
    expect(json.reading).toMatchObject({
      linesRead: 12,
      linesRejected: 1,
      linesWithoutCustomer: 1,
      returnDays: 1,
      newInHoldout: 1,
      firstDate: "2024-01-01",
      lastDate: "2024-03-10",
    });
    expect(json.reading.rejects).toEqual([
      expect.objectContaining({ count: 1, examples: [{ line: 10, column: "date", value: "2024-02-30" }] }),
    ]);
    expect(json.warnings.map((w) => w.message)).toContain(
      "1 customer first bought after the calibration end; the models predict the customers known at the calibration end, so it is not in the predictions.",
    );
  });

  it("counts purchase days, not invoices, in days: x, t_x, T, mean repeat value and holdout per customer", () => {
    expect(json.customers).toBe(3);
    expect(json.repeaters).toBe(2);
    const rows = csv.slice(1).map((l) => l.split(","));
    const pick = (r: string[] | undefined) => [0, 1, 2, 3, 8, 10].map((k) => r?.[k]);
    // A: 01-01 (two invoices, 15), 01-15 (20), 02-26 (30); 02-05 returns only. T = 02-29 − 01-01 = 59 days.
    expect(pick(rows[0])).toEqual(["A", "2", "56", "59", "25", "0"]);
    // B: one purchase in calibration, one in the holdout.
    expect(pick(rows[1])).toEqual(["B", "0", "0", "52", "", "1"]);
    // C: 01-20 and 01-22 (its 02-30 line is rejected).
    expect(pick(rows[2])).toEqual(["C", "1", "2", "40", "8", "0"]);
    expect(rows).toHaveLength(3);
  });
});
