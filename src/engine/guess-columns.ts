/**
 * Columns of text without a header line, told apart by their values: one column of dates, one of decimal
 * amounts, one of ids. Only a guess that leaves no doubt is taken; otherwise the user is asked for --map with
 * line 1's values numbered. Pure.
 */
import { StrataError, type Warning } from "../core/errors.js";
import { detectDateFormat, idsLookLikeFloats, readsAsNumber } from "./detect.js";
import { numberedColumns } from "./explicit-column.js";
import type { ColumnMapping, LineField } from "./mapping.js";

/** The fields guessed from values: the ones every analysis needs. */
export const GUESSED_FIELDS = ["customer_id", "date", "revenue"] as const;
export type GuessedField = (typeof GUESSED_FIELDS)[number];

/** How a column's values look. */
type Kind = "date" | "amount" | "id" | "integer" | "empty";

export interface ColumnGuess {
  /** Field → 0-based column, for the fields the values tell. */
  columns: Partial<Record<GuessedField, number>>;
  /** What the values of each chosen column are: 'YYYYMMDD dates'. */
  because: Partial<Record<GuessedField, string>>;
  /** Why a field could not be told: 'no column holds only dates'. */
  doubts: Partial<Record<GuessedField, string>>;
}

/** Share of a column's values that must fit a kind: a few bad lines (rejected later) do not hide a column. */
const FIT = 0.9;

function kindOf(values: readonly string[]): { kind: Kind; label: string } {
  if (values.length === 0) return { kind: "empty", label: "" };
  const enough = (k: number) => k >= Math.ceil(values.length * FIT);
  const date = detectDateFormat(values);
  if (date.format && enough(Math.round(date.coverage * values.length)))
    return { kind: "date", label: `${date.format.label} dates` };
  if (idsLookLikeFloats(values)) return { kind: "id", label: "ids written as floats" };
  if (values.every((v) => /^\d+$/.test(v))) {
    const len = values[0]?.length ?? 0;
    if (len >= 2 && values.every((v) => v.length === len) && values.some((v) => v.startsWith("0")))
      return { kind: "id", label: "zero-padded ids" };
    return { kind: "integer", label: "whole numbers" };
  }
  const numbers = values.filter(readsAsNumber);
  if (enough(numbers.length)) {
    return numbers.some((v) => /[.,]\d{1,4}$/.test(v) && !/^[-+]?\d{1,3}([.,]\d{3})+$/.test(v))
      ? { kind: "amount", label: "decimal amounts" }
      : { kind: "integer", label: "whole numbers" };
  }
  return { kind: "id", label: "text ids" };
}

function columnList(cols: readonly number[]): string {
  const n = cols.map((c) => String(c + 1));
  return n.length <= 2 ? n.join(" or ") : `${n.slice(0, -1).join(", ")} or ${n.at(-1)}`;
}

/**
 * Which column holds the customer, the date and the amount, from the first records of a file. `taken`
 * columns (mapped with --map) are not considered. A field is guessed only when exactly one column fits:
 * one column of dates (90 % of the values in one date format), one of decimal amounts (90 % numbers, some
 * with decimals), and one of ids (text, zero-padded numbers, floats ending in .0), or, failing ids, the one
 * column left.
 */
export function guessColumnsFromValues(
  records: readonly (readonly string[])[],
  width: number,
  taken: ReadonlySet<number>,
): ColumnGuess {
  const kinds = new Map<number, { kind: Kind; label: string }>();
  for (let i = 0; i < width; i++) {
    if (taken.has(i)) continue;
    kinds.set(i, kindOf(records.map((r) => (r[i] ?? "").trim()).filter((v) => v !== "")));
  }
  const of = (k: Kind) => [...kinds.entries()].filter(([, x]) => x.kind === k).map(([i]) => i);
  const guess: ColumnGuess = { columns: {}, because: {}, doubts: {} };
  const pick = (field: GuessedField, cols: number[], none: string, many: string) => {
    const [only] = cols;
    if (cols.length === 1 && only !== undefined) {
      guess.columns[field] = only;
      guess.because[field] = kinds.get(only)?.label ?? "";
    } else guess.doubts[field] = cols.length === 0 ? none : `${many} ${columnList(cols)}`;
  };
  pick("date", of("date"), "no column holds only dates", "the date could be column");
  pick("revenue", of("amount"), "no column holds decimal amounts", "the amount could be column");
  const ids = of("id");
  const left = [...kinds.entries()]
    .filter(([i, x]) => x.kind !== "empty" && i !== guess.columns.date && i !== guess.columns.revenue)
    .map(([i]) => i);
  pick(
    "customer_id",
    ids.length > 0 ? ids : left,
    "no column is left for the customer",
    "the customer could be column",
  );
  return guess;
}

/** What --map would say for a mapping of headerless columns: `customer=1,date=2,revenue=4`. */
function mapExample(header: readonly string[], m: ColumnMapping<LineField>, guess: ColumnGuess): string {
  const number = (field: GuessedField) => {
    const col = m[field];
    const i = col === undefined ? guess.columns[field] : header.indexOf(col);
    return i === undefined ? undefined : i + 1;
  };
  const given: Array<[string, number | undefined]> = [
    ["customer", number("customer_id")],
    ["date", number("date")],
    ["revenue", number("revenue")],
  ];
  const used = new Set(given.map(([, n]) => n).filter((n) => n !== undefined));
  const free = header.map((_, i) => i + 1).filter((n) => !used.has(n));
  // Unknown columns are shown in file order: customer first, the amount last, as most exports have them.
  const fill = (k: number) => (k === 2 ? free.pop() : free.shift()) ?? k + 1;
  return given.map(([f, n], k) => `${f}=${n ?? fill(k)}`).join(",");
}

/**
 * Completes the mapping of a file without a header line from its values (fields the user did not map) and
 * says what was guessed; fails, showing line 1's values by number and a --map to copy, when a needed field
 * cannot be told.
 */
export function completeHeaderlessMapping(
  file: string,
  header: readonly string[],
  headerless: { how: string; firstLine: readonly string[] },
  preview: readonly (readonly string[])[],
  mapping: ColumnMapping<LineField>,
): { mapping: ColumnMapping<LineField>; guessed: GuessedField[]; warning?: Warning } {
  const out: ColumnMapping<LineField> = { ...mapping };
  const taken = new Set(Object.values(out).map((c) => header.indexOf(c ?? "")));
  const guess = guessColumnsFromValues(preview, header.length, taken);
  const fromQuantity = out.quantity !== undefined && out.unit_price !== undefined;
  const needed = GUESSED_FIELDS.filter((f) => out[f] === undefined && !(f === "revenue" && fromQuantity));
  const unknown = needed.filter((f) => guess.columns[f] === undefined);
  if (unknown.length > 0) {
    throw new StrataError(
      "MISSING_COLUMN",
      `${file} has no header line (${headerless.how}), and its values do not tell which column is which: ${unknown.map((f) => guess.doubts[f]).join("; ")}. Line 1 holds ${numberedColumns(header, headerless.firstLine)}. Name the columns by number, e.g. --map ${mapExample(header, out, guess)}.`,
      { file, fields: unknown, firstLine: headerless.firstLine },
    );
  }
  for (const f of needed) {
    const col = header[guess.columns[f] ?? -1];
    if (col !== undefined) out[f] = col;
  }
  if (needed.length === 0) return { mapping: out, guessed: [] };
  const said = needed.map((f) => `${f} = column ${(guess.columns[f] ?? 0) + 1} (${guess.because[f]})`);
  return {
    mapping: out,
    guessed: needed,
    warning: {
      code: "columns_guessed_from_values",
      message: `${file} has no header line (${headerless.how}); its columns were told from their values: ${said.join(", ")}. If that is wrong, name them by number: --map ${mapExample(header, out, guess)}.`,
    },
  };
}
