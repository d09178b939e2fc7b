import { addMonths, formatDay, parseIsoDay } from "./dates.js";
import { StrataError } from "./errors.js";

/**
 * What ranks customers: revenue or margin in the window, or the value predicted for the next window of the
 * same length (BG/NBD expected purchases × Gamma-Gamma expected value, fitted on the history up to as-of).
 */
export const MEASURES = ["revenue", "margin", "predicted"] as const;
export type Measure = (typeof MEASURES)[number];

export const HORIZON_UNITS = ["month", "week", "day"] as const;
export type HorizonUnit = (typeof HORIZON_UNITS)[number];

export interface Horizon {
  count: number;
  unit: HorizonUnit;
}

/**
 * Settings of one analysis. Every number has the default of domain.md; all are the user's to change.
 * Percentages are in percent (80 means 80%).
 */
export interface Policy {
  /** Cumulative-share thresholds in percent, strictly increasing; k thresholds below 100 give k+1 classes. */
  abcThresholds: number[];
  /** Pyramid cuts in percent of active customers: Top ≤ 1%, Big ≤ 5%, Medium ≤ 20%, Small the rest. */
  pyramidCuts: [number, number, number];
  horizon: Horizon;
  /** Share of total value from which a customer is a key client (0.10 = 10%). */
  keyClientShare: number;
  /** Share of total value from which a customer is a monopoly client. */
  monopolyClientShare: number;
  /** Inactive = bought within this many months before the window; undefined = any time before. */
  inactiveLookbackMonths?: number | undefined;
}

export const DEFAULT_POLICY: Readonly<Policy> = {
  abcThresholds: [80, 95],
  pyramidCuts: [1, 5, 20],
  horizon: { count: 12, unit: "month" },
  keyClientShare: 0.1,
  monopolyClientShare: 0.2,
};

// Checked by hand rather than with a schema library: these few rules are all there is, and every CLI
// run would otherwise pay a tenth of a second to load the library (measured: 100 ms of 1.7 s).
function bad(setting: string, message: string, value: unknown): never {
  throw new StrataError(
    "BAD_OPTION",
    `Invalid setting ${setting}: ${message}; got ${JSON.stringify(value)}.`,
    {
      setting,
      value,
    },
  );
}

/** A policy with every default filled in, after validating each setting and the rules between them. */
export function makePolicy(input: Partial<Policy> = {}): Policy {
  const p: Policy = { ...DEFAULT_POLICY, ...input };
  const t = p.abcThresholds;
  if (
    !Array.isArray(t) ||
    t.length < 1 ||
    t.length > 25 ||
    t.some((x) => !(Number.isFinite(x) && x > 0 && x <= 100))
  ) {
    bad("abcThresholds", "1 to 25 percentages above 0 and at most 100", t);
  }
  const c = p.pyramidCuts;
  if (!Array.isArray(c) || c.length !== 3 || c.some((x) => !Number.isFinite(x)))
    bad("pyramidCuts", "three percentages", c);
  const h = p.horizon;
  if (!Number.isInteger(h?.count) || h.count <= 0 || !HORIZON_UNITS.includes(h.unit)) {
    bad("horizon", "a whole number of months, weeks or days above 0", h);
  }
  for (const key of ["keyClientShare", "monopolyClientShare"] as const) {
    if (!(Number.isFinite(p[key]) && p[key] > 0 && p[key] <= 1))
      bad(key, "a share above 0 and at most 1", p[key]);
  }
  const lookback = p.inactiveLookbackMonths;
  if (lookback !== undefined && !(Number.isInteger(lookback) && lookback > 0)) {
    bad("inactiveLookbackMonths", "a whole number of months above 0", lookback);
  }
  checkIncreasing(p.abcThresholds, "ABC thresholds (--abc)");
  checkIncreasing(p.pyramidCuts, "pyramid cuts");
  if (p.pyramidCuts[2] >= 100 || p.pyramidCuts[0] <= 0) {
    throw new StrataError(
      "BAD_OPTION",
      `Pyramid cuts must lie between 0 and 100, got ${p.pyramidCuts.join(",")}.`,
    );
  }
  if (p.monopolyClientShare < p.keyClientShare) {
    throw new StrataError(
      "BAD_OPTION",
      `The monopoly-client share (${p.monopolyClientShare}) must not be below the key-client share (${p.keyClientShare}).`,
    );
  }
  return { ...p, abcThresholds: [...t], pyramidCuts: [c[0], c[1], c[2]] };
}

function checkIncreasing(xs: readonly number[], what: string): void {
  for (let i = 1; i < xs.length; i++) {
    if (!((xs[i] ?? 0) > (xs[i - 1] ?? 0))) {
      throw new StrataError(
        "BAD_OPTION",
        `${what} must increase from left to right, got ${xs.join(",")}; for example 80,95 (A up to 80%, B up to 95%, C the rest).`,
        { value: xs.join(",") },
      );
    }
  }
}

/** Parses '80,95' or '50,80,100' into percentages. */
export function parseThresholds(text: string): number[] {
  const parts = text.split(",").map((s) => s.trim());
  const xs = parts.map(Number);
  if (
    parts.length === 0 ||
    parts.some((s) => s === "") ||
    xs.some((x) => !Number.isFinite(x) || x <= 0 || x > 100)
  ) {
    throw new StrataError(
      "BAD_OPTION",
      `--abc expects cumulative percentages between 0 and 100 separated by commas, such as 80,95; got '${text}'.`,
      { value: text },
    );
  }
  return xs;
}

/** Parses a horizon: '12m', '12 months', '52w', '90d', '1y'. */
export function parseHorizon(text: string): Horizon {
  const m = /^\s*(\d+)\s*(m|mo|month|months|w|week|weeks|d|day|days|y|year|years)\s*$/i.exec(text);
  if (!m || Number(m[1]) <= 0) {
    throw new StrataError(
      "BAD_OPTION",
      `--horizon expects a length such as 12m, 6m, 52w, 90d or 1y; got '${text}'.`,
      { value: text },
    );
  }
  const n = Number(m[1]);
  const u = (m[2] ?? "").toLowerCase();
  if (u.startsWith("y")) return { count: n * 12, unit: "month" };
  if (u.startsWith("m")) return { count: n, unit: "month" };
  if (u.startsWith("w")) return { count: n, unit: "week" };
  return { count: n, unit: "day" };
}

export function describeHorizon(h: Horizon): string {
  return `${h.count} ${h.unit}${h.count === 1 ? "" : "s"}`;
}

/** Moves a day back by n horizons. */
export function minusHorizon(day: number, h: Horizon, times = 1): number {
  switch (h.unit) {
    case "month":
      return addMonths(day, -h.count * times);
    case "week":
      return day - 7 * h.count * times;
    case "day":
      return day - h.count * times;
  }
}

/** The analysis window: the half-open interval (asOf − horizon, asOf], in epoch days. */
export interface Window {
  /** Last day counted. */
  asOf: number;
  /** Exclusive lower bound: lines dated after this day count. */
  after: number;
}

export function windowFor(asOf: number, h: Horizon): Window {
  return { asOf, after: minusHorizon(asOf, h) };
}

/** The window of the same length just before. */
export function previousWindow(w: Window, h: Horizon): Window {
  return { asOf: w.after, after: minusHorizon(w.asOf, h, 2) };
}

export function describeWindow(w: Window): { asOf: string; firstDay: string; lastDay: string } {
  return { asOf: formatDay(w.asOf), firstDay: formatDay(w.after + 1), lastDay: formatDay(w.asOf) };
}

/** Parses --as-of; a user error when it is not YYYY-MM-DD. */
export function parseAsOf(text: string): number {
  const d = parseIsoDay(text);
  if (d === undefined) {
    throw new StrataError(
      "BAD_OPTION",
      `--as-of expects a date as YYYY-MM-DD, such as 2011-12-09; got '${text}'.`,
      {
        value: text,
      },
    );
  }
  return d;
}
