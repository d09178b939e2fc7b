/**
 * The repeat-purchase summary from transactions against the published CDNOW summary (the RFM summary of
 * the 1/10 sample used with the BG/NBD and Gamma-Gamma papers, weeks, calibration to 1997-09-30).
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { type ClvRead, readClvSummary } from "../../src/app/clv-summary.js";
import { parseIsoDay } from "../../src/core/dates.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { LINE_ALIASES, LINE_FIELDS, parseMapOption } from "../../src/engine/mapping.js";

const DIR = join(import.meta.dirname, "..", "..", "..", "shared", "data", "cdnow");
const SAMPLE = join(DIR, "CDNOW_sample.txt");
const SUMMARY = join(DIR, "cdnow_customers_summary_with_transactions.csv");
const present = existsSync(SAMPLE) && existsSync(SUMMARY);

/** Published summary rows by sample id: x, t_x, T, zbar (2 decimals). */
function published(): Map<string, number[]> {
  const rows = readFileSync(SUMMARY, "utf8").trim().split("\n").slice(1);
  return new Map(
    rows.map((l) => {
      const [id, ...rest] = l.split(",");
      return [String(Number(id)), rest.map(Number)];
    }),
  );
}

describe.skipIf(!present)(
  `RFM summary of the CDNOW sample from its transactions${present ? "" : ` (skipped: ${DIR} is absent)`}`,
  () => {
    let read: ClvRead;
    beforeAll(async () => {
      const engine = await DuckDbEngine.open();
      try {
        read = await readClvSummary(engine, {
          file: SAMPLE,
          // master id, sample id, date, CDs, dollars: the sample id names the customer, as in the summary.
          map: parseMapOption("customer=2,date=3,revenue=5", LINE_FIELDS, LINE_ALIASES),
          calibrationEnd: parseIsoDay("1997-09-30"),
          unit: "week",
          tmpDir: await mkdtemp(join(tmpdir(), "strata-test-")),
        });
      } finally {
        await engine.close();
      }
    });

    it("has every customer of the published summary, with x, t_x, T and the mean repeat value", () => {
      const s = read.summary;
      const pub = published();
      expect(s.ids).toHaveLength(2357);
      let repeaters = 0;
      let sumX = 0;
      s.ids.forEach((id, i) => {
        const p = pub.get(String(Number(id)));
        expect(p, id).toBeDefined();
        const [x, tx, T, zbar] = p as number[];
        expect(s.x[i]).toBe(x);
        expect(Math.round((s.tx[i] ?? 0) * 100) / 100).toBe(tx);
        expect(Math.round((s.T[i] ?? 0) * 100) / 100).toBe(T);
        const mean = s.meanRepeat[i] ?? Number.NaN;
        // The published zbar is rounded to cents (half-way cases either way): within half a cent.
        expect(Math.abs((Number.isNaN(mean) ? 0 : mean) - (zbar ?? 0)), id).toBeLessThanOrEqual(0.005 + 1e-9);
        if ((x ?? 0) > 0) repeaters++;
        sumX += x ?? 0;
      });
      // The data README: 946 repeaters, Σx = 2,457.
      expect(repeaters).toBe(946);
      expect(sumX).toBe(2457);
    });

    it("counts the holdout: purchase days after 1997-09-30 up to 1998-06-30", () => {
      const h = read.summary.holdout;
      expect(h).not.toBeNull();
      const total = Array.from(h?.purchases ?? []).reduce((a, b) => a + b, 0);
      // 6,696 purchase days in all, of which 2,357 first purchases and 2,457 calibration repeats.
      expect(total).toBe(6696 - 2357 - 2457);
      // Repeat purchases per week from 1997-01-01: every repeat purchase is in one week.
      const repeats = Array.from(read.summary.repeatsByPeriod).reduce((a, b) => a + b, 0);
      expect(repeats).toBe(6696 - 2357);
      expect(read.summary.newInHoldout).toBe(0);
    });
  },
);
