import { StrataError } from "./errors.js";

/** Refuses a setting: "Invalid <area> setting <name>: <message>; got <value>." (StrataError BAD_OPTION). */
export function settingError(area: string, setting: string, message: string, value: unknown): never {
  throw new StrataError(
    "BAD_OPTION",
    `Invalid ${area === "" ? "" : `${area} `}setting ${setting}: ${message}; got ${JSON.stringify(value)}.`,
    { setting, value },
  );
}

function bad(setting: string, expected: string, value: unknown): never {
  return settingError("", setting, `expected ${expected}`, value);
}

/** Cumulative-share thresholds: 1 to 25 percentages in (0, 100], strictly increasing. */
export function checkThresholds(setting: string, t: readonly number[]): void {
  const ok =
    Array.isArray(t) &&
    t.length >= 1 &&
    t.length <= 25 &&
    t.every((x, i) => Number.isFinite(x) && x > 0 && x <= 100 && (i === 0 || x > (t[i - 1] ?? 0)));
  if (!ok) bad(setting, "1 to 25 increasing percentages above 0 and at most 100, such as [80, 95]", t);
}

/** A finite number in [min, max]. */
export function checkRange(setting: string, x: number, min: number, max: number): void {
  if (!(Number.isFinite(x) && x >= min && x <= max)) bad(setting, `a number from ${min} to ${max}`, x);
}

/** A whole number of at least 1. */
export function checkCount(setting: string, x: number): void {
  if (!(Number.isInteger(x) && x >= 1)) bad(setting, "a whole number of at least 1", x);
}
