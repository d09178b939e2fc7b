import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { CustomerRow, Summary } from "../core/summary.js";
import { writeCustomersCsv } from "../report/customers-csv.js";
import { renderHtmlReport } from "../report/html.js";

/** Writes summary.json, customers.csv and report.html of a saved analysis; returns the file names. */
export async function writeSavedOutputs(
  dir: string,
  summary: Summary,
  rows: readonly CustomerRow[],
): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "summary.json"), `${JSON.stringify(summary, null, 2)}\n`);
  await writeCustomersCsv(join(dir, "customers.csv"), rows);
  await writeFile(join(dir, "report.html"), await renderHtmlReport(summary));
  return ["summary.json", "customers.csv", "report.html"];
}
