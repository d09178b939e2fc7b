import { StrataError } from "../core/errors.js";

/** A percentage option (0 < x ≤ 100) as a share. */
export function percentOption(text: string, name: string): number {
  const x = Number(text);
  if (!Number.isFinite(x) || x <= 0 || x > 100) {
    throw new StrataError("BAD_OPTION", `${name} expects a percentage between 0 and 100; got '${text}'.`, {
      value: text,
    });
  }
  return x / 100;
}
