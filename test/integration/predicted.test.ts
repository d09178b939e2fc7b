/**
 * `--measure predicted` on the CDNOW sample as of 1997-09-30: the history up to the as-of date is exactly the
 * calibration period of the BG/NBD and Gamma-Gamma papers, so the fitted parameters are the published ones,
 * and each customer's value is the model's expected purchases over the next 12 months × expected spend.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeResult } from "../../src/app/analyze.js";
import { conditionalExpectedPurchases } from "../../src/core/clv/bg-nbd.js";
import { expectedMeanValue } from "../../src/core/clv/gamma-gamma.js";
import { parseAsOf } from "../../src/core/policy.js";
import { LINE_ALIASES, LINE_FIELDS, parseMapOption } from "../../src/engine/mapping.js";
import { analyze } from "../helpers/analyze.js";

const SAMPLE = join(import.meta.dirname, "..", "..", "..", "shared", "data", "cdnow", "CDNOW_sample.txt");
const present = existsSync(SAMPLE);

describe.skipIf(!present)(
  `--measure predicted on the CDNOW sample${present ? "" : ` (skipped: ${SAMPLE} is absent)`}`,
  () => {
    let r: AnalyzeResult;
    beforeAll(async () => {
      r = await analyze(SAMPLE, {
        map: parseMapOption("customer=2,date=3,revenue=5", LINE_FIELDS, LINE_ALIASES),
        asOf: parseAsOf("1997-09-30"),
        measure: "predicted",
      });
    });

    it("fits the published BG/NBD and Gamma-Gamma parameters on the history up to the as-of date", () => {
      const p = r.summary.predicted;
      expect(r.summary.measure).toBe("predicted");
      expect(p?.customers).toBe(2357);
      const b = p?.bgnbd;
      expect([b?.r, b?.alpha, b?.a, b?.b].map((v) => Math.round((v ?? 0) * 1000) / 1000)).toEqual([
        0.243, 4.414, 0.793, 2.426,
      ]);
      expect(Math.round((b?.logLikelihood ?? 0) * 10) / 10).toBe(-9582.4);
      expect(Math.round((p?.gammaGamma?.p ?? 0) * 100) / 100).toBe(6.25);
    });

    it("ranks by expected purchases over the next 12 months × expected value per purchase", () => {
      const p = r.summary.predicted;
      const b = { r: p?.bgnbd.r ?? 0, alpha: p?.bgnbd.alpha ?? 0, a: p?.bgnbd.a ?? 0, b: p?.bgnbd.b ?? 0 };
      const g = { p: p?.gammaGamma?.p ?? 0, q: p?.gammaGamma?.q ?? 0, gamma: p?.gammaGamma?.gamma ?? 0 };
      // Sample customer 0001: x = 2, t_x = 30.43, T = 38.86 (exactly 213 and 272 days), repeat mean 22.35.
      const horizon = 365.25 / 7;
      const expected =
        conditionalExpectedPurchases(b, horizon, 2, 213 / 7, 272 / 7) *
        expectedMeanValue(g, 2, (29.73 + 14.96) / 2);
      const row = [...r.rows()].find((x) => x.customer_id === "0001");
      expect(row?.value).toBeCloseTo(expected, 6);
      const values = r.analysis.ranking.order.map((i) => r.analysis.value[i] ?? 0);
      expect(values.every((v, k) => k === 0 || v <= (values[k - 1] ?? 0))).toBe(true);
      // Every customer is in the cross table of current and predicted classes.
      const cells = Object.values(p?.crosstab ?? {}).flatMap((row) => Object.values(row));
      expect(cells.reduce((a, c) => a + c, 0)).toBe(2357);
    });

    it("refuses --measure predicted for windows of the past (migrate, trend)", async () => {
      await expect(
        analyze(SAMPLE, {
          map: parseMapOption("customer=2,date=3,revenue=5", LINE_FIELDS, LINE_ALIASES),
          measure: "predicted",
          moreWindows: (w) => [w],
        }),
      ).rejects.toThrow(/not to migrate or trend/);
    });
  },
);
