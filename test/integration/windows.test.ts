import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { addMonths, parseIsoDay } from "../../src/core/dates.js";
import { makePolicy, parseHorizon, windowFor } from "../../src/core/policy.js";
import { analyze, FIXTURES, ONLINE_RETAIL } from "../helpers/analyze.js";

const GOLDEN = join(FIXTURES, "golden", "invoices.csv");
const RETAIL = ONLINE_RETAIL;

/** Classifying extra windows in the same pass gives exactly what a separate run with that as-of gives. */
async function checkSamePass(file: string, asOf: number, earlier: number[], horizon = "12m") {
  const policy = makePolicy({ horizon: parseHorizon(horizon) });
  const together = await analyze(file, {
    asOf,
    policy,
    moreWindows: () => earlier.map((d) => windowFor(d, policy.horizon)),
  });
  expect(together.more).toHaveLength(earlier.length);
  for (const [k, d] of earlier.entries()) {
    const alone = await analyze(file, { asOf: d, policy });
    const m = together.more[k];
    expect(m?.window).toEqual(alone.window);
    expect(m?.classified.ids).toEqual(alone.classified.ids);
    expect(Array.from(m?.classified.value ?? [])).toEqual(Array.from(alone.classified.value));
    expect(m?.classified.abc).toEqual(alone.classified.abc);
    expect(m?.classified.pyramid).toEqual(alone.classified.pyramid);
    expect(Array.from(m?.classified.active ?? [])).toEqual(Array.from(alone.classified.active));
    expect(m?.analysis.concentration).toEqual(alone.analysis.concentration);
  }
}

describe("several windows from one pass over the file", () => {
  it("golden fixture: the previous window and a half-year-earlier window", async () => {
    const asOf = parseIsoDay("2024-12-31") ?? 0;
    await checkSamePass(GOLDEN, asOf, [parseIsoDay("2023-12-31") ?? 0, addMonths(asOf, -6)]);
  });

  it.skipIf(!existsSync(RETAIL))(
    existsSync(RETAIL)
      ? "UCI Online Retail: quarterly 6-month windows"
      : "UCI Online Retail — SKIPPED: ../shared/data absent",
    async () => {
      const asOf = parseIsoDay("2011-12-09") ?? 0;
      await checkSamePass(RETAIL, asOf, [addMonths(asOf, -3), addMonths(asOf, -6)], "6m");
    },
  );
});
