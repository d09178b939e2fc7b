/**
 * Number formatting shared by the report faces. Always English separators ("1,234.5") whatever the machine
 * locale, so that reports and golden tests are the same everywhere.
 */

const formatters = new Map<number, Intl.NumberFormat>();

function formatterFor(decimals: number): Intl.NumberFormat {
  let f = formatters.get(decimals);
  if (f === undefined) {
    f = new Intl.NumberFormat("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
    formatters.set(decimals, f);
  }
  return f;
}

/** Rounds to at most `decimals` decimals; folds −0 into 0 so no report ever prints "-0.00". */
export function roundTo(x: number, decimals: number): number {
  const r = Number(x.toFixed(decimals));
  return r === 0 ? 0 : r;
}

/**
 * The text of roundTo(x, decimals) for files: what String(roundTo(x, decimals)) gives ("12.5", "3", "0"), for
 * |x| below 1e21, without parsing the rounded text back into a number (a million rows of clv.csv).
 */
export function decimalText(x: number, decimals: number): string {
  const s = x.toFixed(decimals);
  if (decimals === 0 || s.includes("e")) return s === "-0" ? "0" : s;
  let end = s.length;
  while (s.charCodeAt(end - 1) === 48) end--; // trailing "0"
  if (s.charCodeAt(end - 1) === 46) end--; // a "." left alone
  const t = end === s.length ? s : s.slice(0, end);
  return t === "-0" ? "0" : t;
}

/** A number with thousands separators and exactly `decimals` decimals: 1234.5 → "1,234.50" (decimals 2). */
export function formatNumber(x: number, decimals = 0): string {
  if (!Number.isFinite(x)) return String(x);
  return formatterFor(decimals).format(roundTo(x, decimals));
}

/** A count with thousands separators: 4372 → "4,372". */
export function formatCount(n: number): string {
  return formatNumber(n, 0);
}

/** An amount of money (currency-less, as in the data) with 2 decimals: 8911407.9 → "8,911,407.90". */
export function formatMoney(x: number): string {
  return formatNumber(x, 2);
}

/** A share 0…1 as a percentage with 1 decimal by default: 0.8034 → "80.3%". */
export function formatPercent(share: number, decimals = 1): string {
  return `${formatNumber(share * 100, decimals)}%`;
}

/** A value already in percent, without forced decimals: 80 → "80%", 99.5 → "99.5%". */
export function formatPercentPoints(percent: number): string {
  return `${String(roundTo(percent, 4))}%`;
}

/** A ratio such as Gini or HHI with fixed decimals and no separators: 0.87312 → "0.873" (decimals 3). */
export function formatFixed(x: number, decimals: number): string {
  if (!Number.isFinite(x)) return String(x);
  return roundTo(x, decimals).toFixed(decimals);
}

/**
 * A plain machine-readable number ('.' decimals, no separators, no exponent noise) rounded to at most
 * `maxDecimals` decimals, for CSV: 0.1 + 0.2 → "0.3", 1e-13 → "0".
 */
export function formatPlain(x: number, maxDecimals: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = roundTo(x, maxDecimals);
  const s = String(r);
  // String() switches to exponent notation below 1e-6 and from 1e21: spell those out instead.
  return /e/i.test(s) ? trimZeros(r.toFixed(maxDecimals)) : s;
}

function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const COMPACT_UNITS: ReadonlyArray<readonly [number, string]> = [
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "k"],
];

/**
 * An amount shortened for a chart label, 3 significant figures: 1234567 → "1.23M", 45300 → "45.3k",
 * 999999 → "1M", 987.6 → "988", −2500 → "-2.5k". Tables keep formatMoney.
 */
export function formatCompact(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const r = Number(x.toPrecision(3));
  const abs = Math.abs(r);
  for (const [unit, suffix] of COMPACT_UNITS) {
    if (abs >= unit) return `${String(roundTo(r / unit, 2))}${suffix}`;
  }
  return String(roundTo(r, 2));
}
