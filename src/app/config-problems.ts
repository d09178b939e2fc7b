/**
 * zod's issues about strata.config.json as sentences a sales analyst can act on: the JSON path, the value
 * found and what would be accepted; an unknown key with the setting that was probably meant.
 */
import { z } from "zod";

type Path = readonly PropertyKey[];

/** A JSON path as written in messages: `coverage.levels.A.hoursPerContact`, `coverage.reps[1].name`. */
export function showPath(path: Path): string {
  let out = "";
  for (const k of path) {
    const s = String(k);
    if (typeof k === "number") out += `[${k}]`;
    else if (/^[A-Za-z_$][\w$]*$/.test(s)) out += out === "" ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function valueAt(data: unknown, path: Path): unknown {
  let v = data;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

/** One sentence per problem, in the order of the file's schema. */
export function issueProblems(
  schema: z.ZodType,
  issues: readonly z.core.$ZodIssue[],
  data: unknown,
): string[] {
  return issues.flatMap((issue): string[] => {
    if (issue.code === "invalid_union") {
      // A list of reps with a bad rep: report the rep, not "a number or a list".
      const tried = issue.errors.filter(
        (e) => !e.every((i) => i.code === "invalid_type" && i.path.length === 0),
      );
      const [only] = tried;
      if (tried.length === 1 && only !== undefined) {
        const inner = only.map((i) => ({ ...i, path: [...issue.path, ...i.path] }));
        return issueProblems(schema, inner, data);
      }
    }
    if (issue.code === "unrecognized_keys") {
      return issue.keys.map((key) => unknownSetting(schema, [...issue.path, key]));
    }
    const value = valueAt(data, issue.path);
    const where = issue.path.length === 0 ? "the file" : showPath(issue.path);
    return [
      value === undefined
        ? `${where} is missing; it must be ${issue.message}.`
        : `${where} must be ${issue.message}; got ${show(value)}.`,
    ];
  });
}

function unwrap(s: z.ZodType | undefined): z.ZodType | undefined {
  let t = s;
  while (t instanceof z.ZodOptional || t instanceof z.ZodNullable) t = t.unwrap() as z.ZodType;
  return t;
}

/** The schema of one key (an object's key, a record's entry, a list's item) below `s`. */
function child(s: z.ZodType | undefined, key: PropertyKey): z.ZodType | undefined {
  const t = unwrap(s);
  if (t instanceof z.ZodObject) return (t.shape as Record<PropertyKey, z.ZodType>)[key];
  if (t instanceof z.ZodRecord) return t.valueType as z.ZodType;
  if (t instanceof z.ZodArray) return t.element as z.ZodType;
  if (t instanceof z.ZodUnion) {
    for (const option of t.options as readonly z.ZodType[]) {
      const c = child(option, key);
      if (c !== undefined) return c;
    }
  }
  return undefined;
}

function keysAt(schema: z.ZodType, path: Path): string[] {
  let s: z.ZodType | undefined = schema;
  for (const k of path) s = child(s, k);
  const t = unwrap(s);
  if (t instanceof z.ZodUnion) {
    const objects = (t.options as readonly z.ZodType[]).map((o) => unwrap(child(o, 0) ?? o));
    const o = objects.find((x) => x instanceof z.ZodObject);
    return o instanceof z.ZodObject ? Object.keys(o.shape) : [];
  }
  return t instanceof z.ZodObject ? Object.keys(t.shape) : [];
}

/** Where a key of this exact name (any case) sits among the nested objects of the schema. */
function findKey(s: z.ZodType | undefined, key: string, path: string[]): string[] | undefined {
  const t = unwrap(s);
  if (!(t instanceof z.ZodObject)) return undefined;
  for (const k of Object.keys(t.shape)) {
    if (k.toLowerCase() === key.toLowerCase()) return [...path, k];
  }
  for (const [k, sub] of Object.entries(t.shape as Record<string, z.ZodType>)) {
    const found = findKey(sub, key, [...path, k]);
    if (found) return found;
  }
  return undefined;
}

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      next[j] = Math.min((row[j] ?? 0) + 1, (next[j - 1] ?? 0) + 1, (row[j - 1] ?? 0) + cost);
    }
    row = next;
  }
  return row[b.length] ?? 0;
}

function commonPrefix(a: string, b: string): number {
  let n = 0;
  while (n < a.length && a[n] === b[n]) n++;
  return n;
}

/** The known key a mistyped key most likely meant: a typo, a different case, or a longer or shorter name. */
export function closestKey(key: string, known: readonly string[]): string | undefined {
  const k = key.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of known) {
    const c = candidate.toLowerCase();
    const d = distance(k, c);
    const near =
      d <= Math.max(1, Math.floor(Math.min(k.length, c.length) / 3)) ||
      (c.length >= 3 && k.includes(c)) ||
      (k.length >= 3 && c.includes(k)) ||
      commonPrefix(k, c) >= 6;
    if (near && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function unknownSetting(schema: z.ZodType, path: Path): string {
  const parent = path.slice(0, -1);
  const key = String(path[path.length - 1]);
  const known = keysAt(schema, parent);
  const name = showPath(path);
  const near = closestKey(key, known);
  if (near !== undefined) return `${name} is not a setting; did you mean ${showPath([...parent, near])}?`;
  const elsewhere = findKey(schema, key, []);
  if (elsewhere !== undefined) return `${name} is not a setting here; did you mean ${showPath(elsewhere)}?`;
  const what = parent.length === 0 ? "The sections are" : `The settings of ${showPath(parent)} are`;
  return `${name} is not a setting. ${what} ${known.filter((k) => k !== "$schema").join(", ")}.`;
}
