/**
 * The customer lists of the lifetime-value faces: one pass keeping the best so far must give what a full sort
 * gives, ties by id included.
 */
import { describe, expect, it } from "vitest";
import type { ClvRun } from "../../src/app/clv.js";
import { likelyLost, topByClv } from "../../src/report/clv-view.js";
import { prng } from "../helpers/prng.js";

function fakeRun(n: number, seed: number): ClvRun {
  const rnd = prng(seed);
  // Few distinct values, so that many customers tie and the id decides.
  const ids = Array.from({ length: n }, (_, i) => `C${String((i * 7919) % n).padStart(5, "0")}`);
  const clv = Float64Array.from({ length: n }, () => Math.floor(rnd() * 20));
  const value = Float64Array.from({ length: n }, () => Math.floor(rnd() * 20) - 2);
  const pAlive = Float64Array.from({ length: n }, () => rnd());
  return { summary: { ids, value }, result: { predictions: { clv, pAlive } } } as unknown as ClvRun;
}

const byValueThenId = (v: Float64Array, ids: readonly string[]) => (a: number, b: number) =>
  (v[b] ?? 0) - (v[a] ?? 0) || ((ids[a] ?? "") < (ids[b] ?? "") ? -1 : 1);

describe("topByClv and likelyLost", () => {
  for (const [n, limit] of [
    [0, 15],
    [5, 15],
    [1000, 15],
    [3000, 1],
    [3000, 2000],
  ] as const) {
    it(`equal a full sort: ${n} customers, ${limit} shown`, () => {
      const run = fakeRun(n, n + limit);
      const ids = run.summary.ids;
      const all = ids.map((_, i) => i);
      const clv = run.result.predictions.clv;
      expect(topByClv(run, limit)).toEqual([...all].sort(byValueThenId(clv, ids)).slice(0, limit));
      const p = run.result.predictions.pAlive;
      const lost = all.filter((i) => (p[i] ?? 1) < 0.5 && (run.summary.value[i] ?? 0) > 0);
      const sorted = lost.sort(byValueThenId(run.summary.value, ids));
      expect(likelyLost(run, limit)).toEqual({ rows: sorted.slice(0, limit), count: sorted.length });
    });
  }
});
