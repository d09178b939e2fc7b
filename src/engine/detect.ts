/**
 * Detection of how dates and numbers are written, from a sample of raw text values. Pure.
 */

export interface DateFormat {
  /** strptime pattern for DuckDB, e.g. '%d.%m.%Y'. */
  pattern: string;
  /** How a person reads it: 'DD.MM.YYYY'. */
  label: string;
  /** True when values carry a time of day (read as timestamp, cut to the date). */
  hasTime: boolean;
}

const DATE_PARTS: Array<{
  re: RegExp;
  pattern: string;
  label: string;
  order: "ymd" | "dmy" | "mdy" | "compact";
}> = [];
for (const sep of ["-", "/", "."]) {
  const s = sep === "." ? "\\." : sep;
  DATE_PARTS.push({
    re: new RegExp(`^\\d{4}${s}\\d{1,2}${s}\\d{1,2}`),
    pattern: `%Y${sep}%m${sep}%d`,
    label: `YYYY${sep}MM${sep}DD`,
    order: "ymd",
  });
  DATE_PARTS.push({
    re: new RegExp(`^\\d{1,2}${s}\\d{1,2}${s}\\d{4}`),
    pattern: `%d${sep}%m${sep}%Y`,
    label: `DD${sep}MM${sep}YYYY`,
    order: "dmy",
  });
  DATE_PARTS.push({
    re: new RegExp(`^\\d{1,2}${s}\\d{1,2}${s}\\d{4}`),
    pattern: `%m${sep}%d${sep}%Y`,
    label: `MM${sep}DD${sep}YYYY`,
    order: "mdy",
  });
}
DATE_PARTS.push({ re: /^\d{8}$/, pattern: "%Y%m%d", label: "YYYYMMDD", order: "compact" });

const TIME_SUFFIXES: Array<{ re: RegExp; pattern: string }> = [
  { re: /^$/, pattern: "" },
  { re: /^[ T]\d{1,2}:\d{2}:\d{2}(\.\d+)?$/, pattern: "%H:%M:%S" },
  { re: /^[ T]\d{1,2}:\d{2}$/, pattern: "%H:%M" },
];

/** The user's --date-format, in the person's notation (DD.MM.YYYY) or as a strptime pattern. */
export function parseDateFormatOption(text: string): DateFormat | undefined {
  const t = text.trim();
  if (t.includes("%")) return { pattern: t, label: t, hasTime: /%[HIMSp]/.test(t) };
  const label = t.toUpperCase();
  const m = /^(YYYY|DD|MM)([-/.]?)(YYYY|DD|MM)\2(YYYY|DD|MM)( HH:MM(:SS)?)?$/.exec(label);
  if (!m) return undefined;
  const map: Record<string, string> = { YYYY: "%Y", DD: "%d", MM: "%m" };
  const parts = [m[1], m[3], m[4]].map((p) => map[p ?? ""] ?? "");
  if (new Set(parts).size !== 3) return undefined;
  const time = m[5] ? (m[6] ? " %H:%M:%S" : " %H:%M") : "";
  return { pattern: parts.join(m[2] ?? "") + time, label, hasTime: time !== "" };
}

export interface DateDetection {
  format: DateFormat | undefined;
  /** Share of non-empty sample values the format reads. */
  coverage: number;
  /** Day-first and month-first both read every value: the choice needs --date-format to be certain. */
  ambiguous: boolean;
  /** Other formats seen in the sample (mixed formats), with counts. */
  others: Array<{ label: string; count: number }>;
}

/** True when the day and month fields of d/m/y-ordered text fit the order. */
function fits(order: "ymd" | "dmy" | "mdy" | "compact", text: string): boolean {
  const nums = text.match(/\d+/g)?.map(Number) ?? [];
  let y: number;
  let mo: number;
  let d: number;
  if (order === "compact") {
    const s = text.slice(0, 8);
    y = Number(s.slice(0, 4));
    mo = Number(s.slice(4, 6));
    d = Number(s.slice(6, 8));
  } else if (order === "ymd") [y, mo, d] = [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
  else if (order === "dmy") [d, mo, y] = [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
  else [mo, d, y] = [nums[0] ?? 0, nums[1] ?? 0, nums[2] ?? 0];
  if (y < 1900 || y > 2200 || mo < 1 || mo > 12 || d < 1 || d > 31) return false;
  const last = new Date(Date.UTC(y, mo, 0)).getUTCDate();
  return d <= last;
}

/**
 * Chooses the date format that reads the most sample values. When day-first and month-first read the
 * same values (every day ≤ 12), day-first is chosen and the result is marked ambiguous.
 */
export function detectDateFormat(samples: readonly string[]): DateDetection {
  const values = samples.map((s) => s.trim()).filter((s) => s !== "");
  if (values.length === 0) return { format: undefined, coverage: 0, ambiguous: false, others: [] };
  const scores = new Map<string, { fmt: DateFormat; count: number; order: string }>();
  for (const v of values) {
    for (const part of DATE_PARTS) {
      const m = part.re.exec(v);
      if (!m) continue;
      const rest = v.slice(m[0].length);
      const time = TIME_SUFFIXES.find((t) => t.re.test(rest));
      if (!time || !fits(part.order, m[0])) continue;
      const hasTime = time.pattern !== "";
      const sep = rest.startsWith("T") ? "T" : " ";
      const pattern = hasTime ? `${part.pattern}${sep}${time.pattern}` : part.pattern;
      const key = pattern;
      const entry = scores.get(key) ?? {
        fmt: {
          pattern,
          label: hasTime
            ? `${part.label}${sep}${time.pattern === "%H:%M" ? "HH:MM" : "HH:MM:SS"}`
            : part.label,
          hasTime,
        },
        count: 0,
        order: part.order,
      };
      entry.count++;
      scores.set(key, entry);
    }
  }
  const ranked = [...scores.values()].sort(
    (a, b) => b.count - a.count || orderPreference(a.order) - orderPreference(b.order),
  );
  const best = ranked[0];
  if (!best) return { format: undefined, coverage: 0, ambiguous: false, others: [] };
  const twin = ranked.find(
    (r) =>
      r !== best &&
      r.count === best.count &&
      r.fmt.pattern.replace("%d", "%X").replace("%m", "%d").replace("%X", "%m") === best.fmt.pattern,
  );
  const others = ranked
    .filter((r) => r !== best && r !== twin && !isSwap(r.fmt.pattern, best.fmt.pattern))
    .map((r) => ({ label: r.fmt.label, count: r.count }));
  return { format: best.fmt, coverage: best.count / values.length, ambiguous: twin !== undefined, others };
}

function isSwap(a: string, b: string): boolean {
  return a.replace("%d", "%X").replace("%m", "%d").replace("%X", "%m") === b;
}

/** Day-first before month-first when both read the sample: most exports outside the US are day-first. */
function orderPreference(order: string): number {
  return order === "ymd" ? 0 : order === "compact" ? 1 : order === "dmy" ? 2 : 3;
}

export interface NumberFormat {
  decimal: "." | ",";
  /** Thousands separator seen in the data, if any. */
  thousands: "," | "." | " " | null;
}

/**
 * Decides the decimal separator from amounts as written: '1.234,56' and '12,5' are decimal-comma,
 * '1,234.56' and '12.5' decimal-point. Values like '1,234' or '1.234' alone are ambiguous and decide nothing.
 */
export function detectNumberFormat(samples: readonly string[]): NumberFormat {
  let comma = 0;
  let point = 0;
  let thousandsDot = 0;
  let thousandsComma = 0;
  for (const raw of samples) {
    const v = raw.trim().replace(/^[-+]/, "");
    if (v === "") continue;
    if (/^\d{1,3}(\.\d{3})+,\d+$/.test(v)) {
      comma++;
      thousandsDot++;
    } else if (/^\d{1,3}(,\d{3})+\.\d+$/.test(v)) {
      point++;
      thousandsComma++;
    } else if (/^\d+,\d+$/.test(v) && !/^\d{1,3},\d{3}$/.test(v)) comma++;
    else if (/^\d+\.\d+$/.test(v) && !/^\d{1,3}\.\d{3}$/.test(v)) point++;
    else if (/^\d{1,3}(\.\d{3}){2,}$/.test(v)) thousandsDot++;
    else if (/^\d{1,3}(,\d{3}){2,}$/.test(v)) thousandsComma++;
  }
  if (comma > point) return { decimal: ",", thousands: thousandsDot > 0 ? "." : null };
  return { decimal: ".", thousands: thousandsComma > 0 ? "," : null };
}

/** True when customer ids are written as floats ('17850.0'), as spreadsheets and some exports do. */
export function idsLookLikeFloats(samples: readonly string[]): boolean {
  const values = samples.map((s) => s.trim()).filter((s) => s !== "");
  return values.length > 0 && values.every((v) => /^\d+\.0+$/.test(v));
}

/** A number as exports write them: a sign, either decimal separator, thousands separators ('1.234,56'). */
const NUMBER_VALUE = /^[-+]?(\d+|\d{1,3}([.,' ]\d{3})+)([.,]\d+)?$|^[-+]?[.,]\d+$/;

/** True when a value is a calendar date (optionally with a time) in one of the formats Strata detects. */
export function readsAsDate(value: string): boolean {
  const v = value.trim();
  return DATE_PARTS.some((part) => {
    const m = part.re.exec(v);
    return m !== null && TIME_SUFFIXES.some((t) => t.re.test(v.slice(m[0].length))) && fits(part.order, m[0]);
  });
}

/**
 * Why line 1 of a text file is data rather than column names, or undefined when it may be a header. A
 * column name is never a date such as 2023-01-05, and a header line is never all numbers: CDNOW's first
 * line, ' 00001 19970101  1   11.77', is.
 */
export function firstLineIsData(fields: readonly string[]): string | undefined {
  const values = fields.map((f) => f.trim()).filter((f) => f !== "");
  if (values.length === 0) return undefined;
  if (values.every((v) => NUMBER_VALUE.test(v) || readsAsDate(v)))
    return "line 1 holds only numbers and dates";
  // YYYYMMDD is left out here: an 8-digit name is odd, but a name all the same.
  const date = values.find((v) => !/^\d+$/.test(v) && readsAsDate(v));
  return date === undefined ? undefined : `line 1 holds the date ${date}`;
}

/** True when a value reads as a number: a sign, either decimal separator, thousands separators. */
export function readsAsNumber(value: string): boolean {
  return NUMBER_VALUE.test(value.trim());
}
