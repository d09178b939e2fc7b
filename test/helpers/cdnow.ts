/**
 * The CDNOW reference data in ../shared/data/cdnow (tests skip, saying so, when the folder is absent): file
 * paths, the published RFM summary as rows, and the rounding the published estimates are compared at.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export const CDNOW_DIR = join(import.meta.dirname, "..", "..", "..", "shared", "data", "cdnow");
/** ID,frequency,recency,T of the 2,357 sample customers (weeks, calibration to 1997-09-30). */
export const CDNOW_SUMMARY = join(CDNOW_DIR, "cdnow_customers_summary.csv");
/** ID,x,t_x,T,zbar: the same with the mean value of the repeat purchases. */
export const CDNOW_SUMMARY_WITH_SPEND = join(CDNOW_DIR, "cdnow_customers_summary_with_transactions.csv");
export const CDNOW_SAMPLE = join(CDNOW_DIR, "CDNOW_sample.txt");

export const cdnowPresent = (file: string): boolean => existsSync(file);

/** The rows of a summary CSV as numbers, without the ID column. */
export function readCdnowRows(file: string): number[][] {
  return readFileSync(file, "utf8")
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(",").slice(1).map(Number));
}

/** (x, t_x, T) per customer of the published summary. */
export function readCdnowRfm(): [number, number, number][] {
  return readCdnowRows(CDNOW_SUMMARY).map(([x, tx, T]) => [
    x ?? Number.NaN,
    tx ?? Number.NaN,
    T ?? Number.NaN,
  ]);
}

export const round = (v: number, decimals: number): number => Math.round(v * 10 ** decimals) / 10 ** decimals;
export const relative = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);
