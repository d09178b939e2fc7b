import { writeFile } from "node:fs/promises";
import type { MigrationRow } from "../core/migration-types.js";
import { csvField } from "./customers-csv.js";
import { formatPlain } from "./format.js";

export const MIGRATION_COLUMNS: readonly (keyof MigrationRow)[] = [
  "customer_id",
  "previous_class",
  "current_class",
  "previous_value",
  "current_value",
  "change",
  "movement",
];

/** migration.csv: one row per customer active in either window (RFC 4180, CRLF, money to 4 decimals). */
export async function writeMigrationCsv(path: string, rows: readonly MigrationRow[]): Promise<void> {
  const lines = [MIGRATION_COLUMNS.join(",")];
  for (const r of rows) {
    lines.push(
      MIGRATION_COLUMNS.map((k) => {
        const v = r[k];
        return typeof v === "number" ? formatPlain(v, 4) : csvField(v);
      }).join(","),
    );
  }
  await writeFile(path, `${lines.join("\r\n")}\r\n`);
}
