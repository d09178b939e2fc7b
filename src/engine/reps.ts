/**
 * The sales team (`--reps reps.csv`): who sells and how many hours a year each has for customers. A small
 * file, read whole. Hours come from an hours column, or from an FTE column × the hours of a full-time rep.
 */
import { StrataError, type Warning } from "../core/errors.js";
import type { RejectReason } from "../core/summary.js";
import { parsePotential } from "./customer-list.js";
import { detectNumberFormat } from "./detect.js";
import type { Engine } from "./engine.js";
import { type ColumnMapping, resolveMapping } from "./mapping.js";
import { columnRef, firstLine, inspectSource, rawReaderParams, rawReaderSql } from "./source.js";

export const REP_FIELDS = ["rep", "hours", "fte"] as const;
export type RepField = (typeof REP_FIELDS)[number];

export const REP_SYNONYMS: Record<RepField, readonly string[]> = {
  rep: ["rep", "name", "salesrep", "accountmanager", "employee", "medewerker", "verkoper", "user"],
  hours: ["hours", "availablehours", "hoursperyear", "capacity", "capacityhours", "uren", "beschikbareuren"],
  fte: ["fte", "parttime", "parttimefactor"],
};

export interface Reps {
  file: string;
  mapping: ColumnMapping<RepField>;
  names: string[];
  /** Selling hours a year per rep. */
  hours: number[];
  rowsRead: number;
  rejects: RejectReason[];
  warnings: Warning[];
}

/** Reads the reps file; `hoursPerFte` turns an FTE column into hours. */
export async function readReps(
  engine: Engine,
  file: string,
  opts: { tmpDir: string; hoursPerFte: number; map?: ColumnMapping<RepField> | undefined },
): Promise<Reps> {
  const src = await inspectSource(engine, file, { what: "Reps file", tmpDir: opts.tmpDir });
  const { mapping } = resolveMapping(src.header, opts.map ?? {}, REP_SYNONYMS, file);
  if (!mapping.rep || (!mapping.hours && !mapping.fte)) {
    throw new StrataError(
      "MISSING_COLUMN",
      `${file}: expected a column naming the rep and one with their yearly hours (or FTE). Columns in the file: ${src.header.join(", ")}.`,
      { file, header: src.header },
    );
  }
  const text = (f: RepField) => {
    const c = mapping[f];
    return c === undefined
      ? "NULL::VARCHAR"
      : `NULLIF(trim(CAST(${columnRef(src, src.header.indexOf(c))} AS VARCHAR)), '')`;
  };
  let res: Awaited<ReturnType<Engine["columns"]>>;
  try {
    res = await engine.columns(
      `SELECT row_number() OVER () + ${src.csv?.header === false ? 0 : 1} AS line, ${text("rep")} AS rep, ${text("hours")} AS hours, ${text("fte")} AS fte FROM ${rawReaderSql(src)}`,
      rawReaderParams(src),
    );
  } catch (e) {
    throw new StrataError("INPUT_UNREADABLE", `${file} cannot be read: ${firstLine(e)}`, { file });
  }
  const [lines, reps, hours, ftes] = res.columns as [
    number[],
    (string | null)[],
    (string | null)[],
    (string | null)[],
  ];
  const format = detectNumberFormat([...hours, ...ftes].filter((x): x is string => x !== null));
  const out: Reps = {
    file,
    mapping,
    names: [],
    hours: [],
    rowsRead: res.rowCount,
    rejects: [],
    warnings: [],
  };
  const reject = new Map<string, RejectReason>();
  const bad = (reason: string, line: number, column: string, value: string) => {
    const r = reject.get(reason) ?? { reason, count: 0, examples: [] };
    r.count++;
    if (r.examples.length < 3) r.examples.push({ line, column, value });
    reject.set(reason, r);
  };
  const seen = new Set<string>();
  for (let r = 0; r < res.rowCount; r++) {
    const line = src.xlsx ? (src.xlsx.rowOfLine[r] ?? r + 2) : Number(lines[r] ?? r + 2);
    const name = reps[r] ?? null;
    if (name === null) {
      bad("rep name is empty", line, mapping.rep, "");
      continue;
    }
    if (seen.has(name)) {
      bad("rep listed before (first row kept)", line, mapping.rep, name);
      continue;
    }
    const h = hours[r] ?? null;
    const f = ftes[r] ?? null;
    let value: number;
    if (h !== null) value = parsePotential(h, format);
    else if (f !== null) value = parsePotential(f, format) * opts.hoursPerFte;
    else {
      bad("no hours and no FTE", line, mapping.hours ?? mapping.fte ?? "", "");
      continue;
    }
    if (!Number.isFinite(value) || value < 0) {
      bad(
        h !== null ? "hours is not a number ≥ 0" : "FTE is not a number ≥ 0",
        line,
        (h !== null ? mapping.hours : mapping.fte) ?? "",
        h ?? f ?? "",
      );
      continue;
    }
    seen.add(name);
    out.names.push(name);
    out.hours.push(value);
  }
  out.rejects = [...reject.values()];
  if (out.names.length === 0) {
    throw new StrataError(
      "INPUT_NO_ROWS",
      `${file}: no rep with usable hours (${out.rejects.map((x) => `${x.count} ${x.reason}`).join("; ") || "the file has no rows"}).`,
      { file },
    );
  }
  return out;
}
