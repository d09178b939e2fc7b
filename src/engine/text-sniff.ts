/**
 * Reads the first records of delimited or whitespace-separated text: encoding, delimiter and header names.
 * Pure functions over a decoded prefix of the file; the file I/O is in source.ts.
 */

export const DELIMITERS = [",", ";", "\t", "|"] as const;

/** Splits the first `maxRecords` records of CSV text, honouring double quotes (RFC 4180). */
export function splitRecords(text: string, delimiter: string, maxRecords: number): string[][] {
  const records: string[][] = [];
  let field = "";
  let record: string[] = [];
  let inQuotes = false;
  let i = 0;
  while (i < text.length && records.length < maxRecords) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"' && field === "") inQuotes = true;
    else if (ch === delimiter) {
      record.push(field);
      field = "";
    } else if (ch === "\n" || ch === "\r") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      if (ch === "\r" && text[i + 1] === "\n") i++;
    } else field += ch;
    i++;
  }
  if (records.length < maxRecords && (field !== "" || record.length > 0)) {
    record.push(field);
    records.push(record);
  }
  return records.filter((r) => !(r.length === 1 && r[0] === ""));
}

/**
 * The delimiter value meaning "fields separated by runs of spaces and tabs" (fixed-width text such as
 * CDNOW): such text is read line by line and split, since DuckDB's reader knows only single delimiters.
 */
export const WHITESPACE = "whitespace";

/** Names the user may give --delimiter besides the character itself. */
const DELIMITER_OPTION_NAMES: Readonly<Record<string, string>> = {
  whitespace: WHITESPACE,
  space: WHITESPACE,
  spaces: WHITESPACE,
  tab: "\t",
  "\\t": "\t",
  comma: ",",
  semicolon: ";",
  pipe: "|",
};

/** The user's --delimiter: a character, or a name (whitespace, space, tab, comma, semicolon, pipe). */
export function parseDelimiterOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  return DELIMITER_OPTION_NAMES[text.toLowerCase()] ?? text;
}

/** The fields of one line of whitespace-separated text: leading and trailing blanks ignored. */
export function splitWhitespace(line: string): string[] {
  const t = line.replace(/^[ \t]+|[ \t\r]+$/g, "");
  return t === "" ? [] : t.split(/[ \t]+/);
}

/** The lines of text, one at a time: a long prefix is not split further than it is read. */
function* linesOf(text: string): Generator<string> {
  let start = 0;
  while (start < text.length) {
    const end = text.indexOf("\n", start);
    yield text.slice(start, end < 0 ? text.length : end);
    if (end < 0) return;
    start = end + 1;
  }
}

/** The first `maxRecords` non-blank lines of whitespace-separated text, split into fields. */
export function splitWhitespaceRecords(text: string, maxRecords: number): string[][] {
  const out: string[][] = [];
  for (const line of linesOf(text)) {
    if (out.length >= maxRecords) break;
    const fields = splitWhitespace(line);
    if (fields.length > 0) out.push(fields);
  }
  return out;
}

/** The first records of text split by a delimiter or by whitespace. */
export function splitText(text: string, delimiter: string, maxRecords: number): string[][] {
  return delimiter === WHITESPACE
    ? splitWhitespaceRecords(text, maxRecords)
    : splitRecords(text, delimiter, maxRecords);
}

/**
 * Chooses the delimiter that splits the header into the most fields, consistently over the next lines.
 * A last, possibly cut, record is ignored. When no delimiter character splits the lines consistently, or
 * the lines are laid out with runs of blanks that split them into more fields than the best character
 * does (' 00001 19970101  1   11,77' with a decimal comma), the result is WHITESPACE.
 */
export function sniffDelimiter(text: string): string {
  let best: string = ",";
  let bestScore = -1;
  let bestWidth = 1;
  for (const d of DELIMITERS) {
    const recs = splitRecords(text, d, 21);
    const sample = recs.length > 2 ? recs.slice(0, -1) : recs;
    const width = sample[0]?.length ?? 0;
    if (width < 2) continue;
    const consistent = sample.filter((r) => r.length === width).length;
    const score = width * 1000 + consistent;
    if (consistent >= Math.ceil(sample.length * 0.8) && score > bestScore) {
      best = d;
      bestScore = score;
      bestWidth = width;
    }
  }
  const ws = whitespaceLayout(text);
  // A tab that splits the lines consistently is meant as the delimiter, even between blank-padded values.
  const beaten = best !== "\t" && ws.width > bestWidth && ws.aligned;
  // Two words per line are more likely one column of names than two columns.
  const alone = bestScore < 0 && (ws.aligned || ws.width >= 3);
  if (ws.width >= 2 && (alone || beaten)) return WHITESPACE;
  return best;
}

/**
 * How whitespace splits the first lines: the width most lines share (0 when fewer than 80 % share one),
 * and whether the lines look laid out in columns (a leading blank or a run of two spaces).
 */
function whitespaceLayout(text: string): { width: number; aligned: boolean } {
  const lines: string[] = [];
  for (const l of linesOf(text)) {
    if (lines.length >= 21) break;
    if (l.trim() !== "") lines.push(l);
  }
  const sample = lines.length > 2 ? lines.slice(0, Math.min(lines.length - 1, 20)) : lines;
  if (sample.length === 0) return { width: 0, aligned: false };
  const counts = new Map<number, number>();
  for (const l of sample) {
    const w = splitWhitespace(l).length;
    counts.set(w, (counts.get(w) ?? 0) + 1);
  }
  const [width, n] = [...counts.entries()].sort((a, b) => b[1] - a[1] || b[0] - a[0])[0] ?? [0, 0];
  const aligned = sample.filter((l) => /^[ \t]| {2}/.test(l)).length >= Math.ceil(sample.length * 0.8);
  return { width: n >= Math.ceil(sample.length * 0.8) ? width : 0, aligned };
}

/** True when the bytes are valid UTF-8 (a sequence cut at the end of the buffer is allowed). */
export function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes, { stream: true });
    return true;
  } catch {
    return false;
  }
}

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** Decodes a file prefix as UTF-8 or Latin-1, without a BOM. */
export function decodePrefix(bytes: Uint8Array, encoding: "utf-8" | "latin-1"): string {
  const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
  return new TextDecoder(encoding === "utf-8" ? "utf-8" : "latin1").decode(body, { stream: true });
}

/** Names that appear more than once in a header, with their 1-based positions. */
export function duplicateNames(header: readonly string[]): Array<{ name: string; positions: number[] }> {
  const seen = new Map<string, number[]>();
  header.forEach((h, i) => {
    const key = h.trim();
    seen.set(key, [...(seen.get(key) ?? []), i + 1]);
  });
  return [...seen.entries()]
    .filter(([, p]) => p.length > 1)
    .map(([name, positions]) => ({ name, positions }));
}
