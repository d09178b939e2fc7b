/**
 * Checks that the simulated transactions of the lifetime-value benchmark (bench/clv-data.ts) follow the models:
 * fits BG/NBD and Gamma-Gamma on the exact, continuous-time purchases of the simulation (before they become dated
 * transactions), and on the same purchases as days (what `strata clv` sees: two purchases on one day are one,
 * times are whole days), so that what the fit does not recover can be told apart from what the dating loses.
 *
 *   tsx bench/clv-recover.ts [--customers N] [--seed S]      (1,000,000 customers: about two minutes)
 *
 * Prints the true parameters and both fits with their standard errors.
 */
import { parseArgs } from "node:util";
import { fitBgNbd } from "../src/core/clv/bg-nbd.js";
import { fitGammaGamma } from "../src/core/clv/gamma-gamma.js";
import type { Fit } from "../src/core/clv/types.js";
import { DuckDbEngine } from "../src/engine/duckdb.js";
import { CLV_CALIBRATION_WEEKS, CLV_TRUTH, clvPurchasesSql, clvValueSql } from "./clv-data.js";

const CALIBRATION_DAYS = CLV_CALIBRATION_WEEKS * 7;

/** Per customer x, t_x, T in weeks and the mean repeat value, from exact times (s) or their days (floor(s)). */
function summarySql(days: boolean): string {
  // A day's value is the sum of its purchases; the repeat value excludes the first purchase's day.
  const purchases = days
    ? `SELECT j, floor(s) AS t, sum(v) AS v FROM p GROUP BY j, floor(s)`
    : "SELECT j, s AS t, v FROM p";
  return `${clvPurchasesSql()}, p AS (SELECT j, s, ${clvValueSql()} AS v FROM purchase WHERE s < ${CALIBRATION_DAYS}),
q AS (${purchases}), f AS (SELECT j, min(t) AS first FROM q GROUP BY j)
SELECT count(*) - 1 AS x, CAST((max(t) - min(t)) / 7 AS DOUBLE) AS tx,
  CAST((${days ? CALIBRATION_DAYS - 1 : CALIBRATION_DAYS} - min(t)) / 7 AS DOUBLE) AS T,
  CAST(coalesce(sum(v) FILTER (WHERE t > f.first) / nullif(count(*) - 1, 0), 0) AS DOUBLE) AS mean_repeat
FROM q JOIN f USING (j) GROUP BY j`;
}

const show = (fit: Fit<object>) =>
  Object.entries(fit.params)
    .map(([k, v]) => {
      const se = (fit.standardErrors as Record<string, number>)[k] ?? Number.NaN;
      return `${k} ${(v as number).toFixed(4)} ± ${se.toFixed(4)}`;
    })
    .join(", ");

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: { customers: { type: "string", default: "1000000" }, seed: { type: "string", default: "42" } },
  });
  const customers = Number(values.customers);
  const seed = Number(values.seed);
  const say = (text: string) => process.stdout.write(`${text}\n`);
  say(
    `true: BG/NBD ${JSON.stringify(CLV_TRUTH.bgNbd)}, Gamma-Gamma ${JSON.stringify(CLV_TRUTH.gammaGamma)}; ${customers.toLocaleString("en-US")} customers, seed ${seed}`,
  );
  const engine = await DuckDbEngine.open({ threads: 2, memoryLimit: "4GB" });
  try {
    for (const days of [false, true]) {
      const res = await engine.columns(summarySql(days), [seed, customers]);
      const [x, tx, T, mean] = res.columns as [number[], number[], number[], number[]];
      const n = x.length;
      const bg = fitBgNbd({
        x: Float64Array.from(x, Number),
        tx: Float64Array.from(tx),
        T: Float64Array.from(T),
        weight: new Float64Array(n).fill(1),
      });
      const repeaters = [...x.keys()].filter((i) => Number(x[i]) > 0 && (mean[i] ?? 0) > 0);
      const gg = fitGammaGamma({
        x: Float64Array.from(repeaters, (i) => Number(x[i])),
        mean: Float64Array.from(repeaters, (i) => mean[i] ?? 0),
        weight: new Float64Array(repeaters.length).fill(1),
      });
      const what = days ? "as days (what strata clv reads)" : "exact times";
      say(`${what}: BG/NBD ${show(bg)}`);
      say(`${what}: Gamma-Gamma ${show(gg)} (${repeaters.length.toLocaleString("en-US")} repeaters)`);
    }
  } finally {
    await engine.close();
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`clv-recover: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
