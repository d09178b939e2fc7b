/**
 * The two ways to the repeat-purchase summary agree: `analyze --measure predicted` keeps the invoice-level
 * table of its scan (figures and window counts) and groups it per day; `strata clv` scans straight to one row
 * per customer and day without figures. Same data summary, same per-customer x, t_x, T, values, holdout and
 * tracking counts, on seeded files with invoice ids, several invoices a day, returns, lines without a customer
 * and bad dates.
 */
import { describe, expect, it } from "vitest";
import { parseIsoDay } from "../../src/core/dates.js";
import type { Engine } from "../../src/engine/engine.js";
import { readLines } from "../../src/engine/read-lines.js";
import { type RfmSummary, rfmSummary } from "../../src/engine/rfm-summary.js";
import { readTempFile } from "../helpers/analyze.js";

/** A small seeded generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function invoiceFile(seed: number): string {
  const rnd = random(seed);
  const lines = ["invoice,customer,date,amount"];
  for (let i = 0; i < 400; i++) {
    const customer = rnd() < 0.03 ? "" : `K${Math.floor(rnd() * 20)}`;
    const day = new Date(Date.UTC(2024, 0, 1 + Math.floor(rnd() * 180))).toISOString().slice(0, 10);
    const date = rnd() < 0.02 ? "2024-02-31" : day;
    const amount = ((rnd() < 0.1 ? -1 : 1) * Math.round(rnd() * 10_000)) / 100;
    // Few invoice ids a day per customer, so that several lines share an invoice and several invoices a day.
    lines.push(`INV-${customer}-${day}-${Math.floor(rnd() * 2)},${customer},${date},${amount}`);
  }
  return `${lines.join("\n")}\n`;
}

async function bothWays(engine: Engine, file: string, dir: string) {
  const calibrationEnd = parseIsoDay("2024-04-30") ?? Number.NaN;
  const holdoutEnd = parseIsoDay("2024-06-28") ?? Number.NaN;
  const common = { tmpDir: dir, horizon: { count: 12, unit: "month" } as const };
  const withFigures = await readLines(engine, file, { ...common, keepDocs: true });
  const grouped = await rfmSummary(engine, { calibrationEnd, holdoutEnd, unit: "week" });
  const perDayRead = await readLines(engine, file, { ...common, figures: false });
  const perDay = await rfmSummary(engine, { calibrationEnd, holdoutEnd, unit: "week", docsPerDay: true });
  return { withFigures, grouped, perDayRead, perDay };
}

const plain = (s: RfmSummary) => ({
  ...s,
  firstDay: [...s.firstDay],
  x: [...s.x],
  tx: [...s.tx],
  T: [...s.T],
  meanRepeat: [...s.meanRepeat].map((v) => (Number.isNaN(v) ? "NaN" : v.toFixed(6))),
  value: [...s.value].map((v) => v.toFixed(6)),
  holdout: s.holdout && {
    purchases: [...s.holdout.purchases],
    value: [...s.holdout.value].map((v) => v.toFixed(6)),
  },
  repeatsByPeriod: [...s.repeatsByPeriod],
});

describe("repeat-purchase summary: from the invoice-level scan and from the per-day scan", () => {
  for (const seed of [1, 2, 3]) {
    it(`agree on seeded file ${seed}`, async () => {
      const r = await readTempFile("sales.csv", invoiceFile(seed), (engine, file, dir) =>
        bothWays(engine, file, dir),
      );
      expect(r.perDayRead.scan).toEqual(r.withFigures.scan);
      expect(r.perDayRead.counts.withoutCustomer).toBe(r.withFigures.counts.withoutCustomer);
      expect(r.perDayRead.counts.withoutCustomer).toBeGreaterThan(0);
      expect(r.perDayRead.scan.linesRejected).toBeGreaterThan(0);
      expect(r.perDayRead.figures.ids).toEqual([]);
      expect(r.grouped.ids.length).toBe(20);
      expect(r.grouped.returnDays).toBeGreaterThan(0);
      expect(r.grouped.holdout?.purchases.some((p) => p > 0)).toBe(true);
      expect(plain(r.perDay)).toEqual(plain(r.grouped));
    });
  }
});
