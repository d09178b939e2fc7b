/**
 * Calendar arithmetic on "epoch days" (days since 1970-01-01, UTC). Pure: no clock, no time zone.
 */

export const MS_PER_DAY = 86_400_000;

/** 'YYYY-MM-DD' → epoch day; undefined when not a real calendar date. */
export function parseIsoDay(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return ms / MS_PER_DAY;
}

/** epoch day → 'YYYY-MM-DD'. */
export function formatDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Adds calendar months; the day is clamped to the target month's length (Mar 31 − 1 month = Feb 28/29). */
export function addMonths(day: number, months: number): number {
  const d = new Date(day * MS_PER_DAY);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + months;
  const targetY = y + Math.floor(m / 12);
  const targetM = ((m % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(targetY, targetM + 1, 0)).getUTCDate();
  return Date.UTC(targetY, targetM, Math.min(d.getUTCDate(), lastDay)) / MS_PER_DAY;
}
