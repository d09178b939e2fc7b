/**
 * Reads the first records of delimited text: encoding, delimiter and header names. Pure functions over a
 * decoded prefix of the file; the file I/O is in source.ts.
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
 * Chooses the delimiter that splits the header into the most fields, consistently over the next lines.
 * A last, possibly cut, record is ignored.
 */
export function sniffDelimiter(text: string): string {
  let best: string = ",";
  let bestScore = -1;
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
    }
  }
  return best;
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
