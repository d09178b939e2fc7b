/**
 * Reads an invoice file for the lifetime-value models: one scan into the invoice-level table, then the
 * repeat-purchase summary per customer with a calibration end and, when data follow it, a holdout.
 */
import { formatDay, parseIsoDay } from "../core/dates.js";
import { StrataError } from "../core/errors.js";
import type { Engine } from "../engine/engine.js";
import { type ReadLines, type ReadLinesOptions, readLines } from "../engine/read-lines.js";
import { type RfmSummary, rfmSummary, type TimeUnit } from "../engine/rfm-summary.js";

export interface ClvReadInput
  extends Omit<ReadLinesOptions, "horizon" | "keepDocs" | "moreWindows" | "figures"> {
  file: string;
  /** Last day of the calibration period (epoch day); default the as-of date (no holdout). */
  calibrationEnd?: number | undefined;
  unit: TimeUnit;
}

export interface ClvRead {
  lines: ReadLines;
  summary: RfmSummary;
}

/** Scans the file once and summarises every customer's purchases up to the calibration end and after. */
export async function readClvSummary(engine: Engine, input: ClvReadInput): Promise<ClvRead> {
  const lines = await readLines(engine, input.file, {
    ...input,
    horizon: { count: 12, unit: "month" },
    keepDocs: true,
    // The models need the scanned table and the data summary's counts, not analyze's window figures.
    figures: false,
  });
  const asOf = lines.window.asOf;
  const first = lines.scan.firstDate === null ? undefined : parseIsoDay(lines.scan.firstDate);
  const calibrationEnd = input.calibrationEnd ?? asOf;
  if (first === undefined) {
    throw new StrataError("NO_DATA_IN_WINDOW", `${input.file} has no invoice line with a usable date.`, {});
  }
  if (calibrationEnd < first || calibrationEnd > asOf) {
    throw new StrataError(
      "BAD_OPTION",
      `--calibration-end ${formatDay(calibrationEnd)} is outside the data, which runs from ${lines.scan.firstDate} to ${formatDay(asOf)}; choose a day in between (the holdout is what follows it).`,
      { calibrationEnd: formatDay(calibrationEnd) },
    );
  }
  const summary = await rfmSummary(engine, {
    calibrationEnd,
    holdoutEnd: calibrationEnd < asOf ? asOf : null,
    unit: input.unit,
    docsPerDay: true,
  });
  return { lines, summary };
}
