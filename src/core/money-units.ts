/** Money is summed in exact units of 1/10 000: the engine delivers amounts rounded to 4 decimals. */
export const MONEY_UNITS = 10_000;

/** An amount in whole units of 1/10 000; 0 for NaN and ±Infinity (a missing amount adds nothing). */
export function toUnits(amount: number): number {
  const u = Math.round(amount * MONEY_UNITS);
  return Number.isFinite(u) ? u : 0;
}

/** Units of 1/10 000 back to the currency. */
export function fromUnits(units: number): number {
  return units / MONEY_UNITS;
}
