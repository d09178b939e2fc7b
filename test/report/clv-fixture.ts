/**
 * The lifetime-value reports' fixture: 300 customers simulated with the BG/NBD story (buy at their own rate,
 * leave after a purchase with their own probability), their repeat-purchase summary made by hand as the
 * engine would, and the run the app would build around it.
 */
import type { ClvRun } from "../../src/app/clv.js";
import { type ClvSettings, lifetimeValue } from "../../src/core/clv/predict.js";
import { formatDay, parseIsoDay } from "../../src/core/dates.js";
import type { RfmSummary } from "../../src/engine/rfm-summary.js";
import { prng } from "../helpers/prng.js";

export const START = parseIsoDay("2024-01-01") ?? 0;
/** 39 weeks of calibration, 26 weeks of holdout. */
export const CAL_END = START + 39 * 7 - 1;
export const HOLD_END = CAL_END + 26 * 7;
export const SETTINGS: ClvSettings = {
  horizon: 52,
  periods: 12,
  periodsPerYear: 12,
  discountRate: 0.1,
  paretoNbd: true,
};
/** Ids that try to clear the screen and recolour the terminal. */

/** One simulated customer: the purchase days (first first) with their values. */
export interface Sim {
  days: number[];
  values: number[];
}

/**
 * 300 customers first buying in the first 12 weeks, buying at their own weekly rate and leaving after a
 * purchase with their own probability (the BG/NBD story), each purchase worth about their own mean.
 */
export function simulate(seed: number, n: number): Sim[] {
  const rng = prng(seed);
  return Array.from({ length: n }, () => {
    const first = START + Math.floor(rng() * 84);
    const rate = 0.02 + 0.8 * rng() ** 2;
    const leave = 0.5 * rng() ** 3;
    const mean = 20 + 80 * rng();
    const days = [first];
    let t = first;
    for (;;) {
      t += (-Math.log(1 - rng()) / rate) * 7;
      const d = Math.floor(t);
      if (d > HOLD_END) break;
      if (d !== days.at(-1)) days.push(d);
      if (rng() < leave) break;
    }
    return { days, values: days.map(() => mean * (0.5 + rng())) };
  });
}

/** The repeat-purchase summary the engine would make of the simulated customers, by hand. */
export function summarise(sims: readonly Sim[], holdout: boolean): RfmSummary {
  const lastDay = holdout ? HOLD_END : CAL_END;
  const periodStart = Math.min(...sims.map((s) => s.days[0] ?? 0));
  const repeatsByPeriod = new Float64Array(Math.floor((lastDay - periodStart) / 7) + 1);
  const cal = sims.map((s) => s.days.filter((d) => d <= CAL_END));
  for (const s of sims)
    for (const d of s.days.slice(1)) {
      const k = Math.floor((d - periodStart) / 7);
      if (d <= lastDay) repeatsByPeriod[k] = (repeatsByPeriod[k] ?? 0) + 1;
    }
  const value = (s: Sim, from: number, to: number) =>
    s.values.reduce((a, v, k) => a + (k >= from && (s.days[k] ?? 0) <= to ? v : 0), 0);
  return {
    unit: "week",
    calibrationEnd: CAL_END,
    holdoutEnd: holdout ? HOLD_END : null,
    ids: sims.map((_, i) => `C${String(i).padStart(3, "0")}`),
    firstDay: Int32Array.from(sims, (s) => s.days[0] ?? 0),
    x: Float64Array.from(cal, (c) => c.length - 1),
    tx: Float64Array.from(cal, (c) => ((c.at(-1) ?? 0) - (c[0] ?? 0)) / 7),
    T: Float64Array.from(cal, (c) => (CAL_END - (c[0] ?? 0)) / 7),
    meanRepeat: Float64Array.from(sims, (s, i) =>
      (cal[i]?.length ?? 0) > 1 ? value(s, 1, CAL_END) / ((cal[i]?.length ?? 1) - 1) : Number.NaN,
    ),
    value: Float64Array.from(sims, (s) => value(s, 0, CAL_END)),
    holdout: holdout
      ? {
          purchases: Float64Array.from(sims, (s) => s.days.filter((d) => d > CAL_END).length),
          value: Float64Array.from(sims, (s) =>
            s.values.reduce((a, v, k) => a + ((s.days[k] ?? 0) > CAL_END ? v : 0), 0),
          ),
        }
      : null,
    newInHoldout: 4,
    returnDays: 1,
    repeatsByPeriod,
    periodStart,
  };
}

/** A run as the app makes it, around a hand-made summary. */

export function runOf(
  s: RfmSummary,
  settings: ClvSettings = SETTINGS,
  text: { file?: string; badValue?: string; warning?: string } = {},
): ClvRun {
  const result = lifetimeValue(
    {
      ...s,
      unitDays: 7,
      holdout:
        s.holdout && s.holdoutEnd !== null
          ? { purchases: s.holdout.purchases, length: (s.holdoutEnd - s.calibrationEnd) / 7 }
          : undefined,
    },
    settings,
  );
  return {
    file: text.file ?? "sales.csv",
    reading: {
      linesRead: 2_345,
      linesRejected: 2,
      linesWithoutCustomer: 3,
      rejects: [
        {
          reason: "bad date",
          count: 2,
          examples: [{ line: 7, column: "date", value: text.badValue ?? "31/02/2024" }],
        },
      ],
      firstDate: formatDay(s.periodStart),
      lastDate: formatDay(s.holdoutEnd ?? s.calibrationEnd),
      newInHoldout: s.newInHoldout,
      returnDays: s.returnDays,
    },
    unit: "week",
    calibrationEnd: formatDay(s.calibrationEnd),
    holdoutEnd: s.holdoutEnd === null ? null : formatDay(s.holdoutEnd),
    summary: s,
    result,
    warnings: [
      {
        code: "new_in_holdout",
        message: text.warning ?? "4 customers first bought after the calibration end.",
      },
    ],
  };
}
