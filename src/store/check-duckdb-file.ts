import { open } from "node:fs/promises";
import { StrataError } from "../core/errors.js";

/** Bytes 8–11 of every DuckDB database file. */
const DUCKDB_MAGIC = "DUCK";

/**
 * Refuses an existing, non-empty file that is not a DuckDB database before DuckDB sees it: DuckDB would
 * open a CSV or Parquet file as a read-only database of views, which is never a history store.
 */
export async function checkDuckDbFile(path: string): Promise<void> {
  if (path === ":memory:" || path === "") return;
  let head: Buffer;
  try {
    const handle = await open(path, "r");
    try {
      head = Buffer.alloc(12);
      const { bytesRead } = await handle.read(head, 0, 12, 0);
      if (bytesRead === 0) return;
      head = head.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  } catch (e) {
    // A missing file becomes a new store; anything else (a directory, no permission) DuckDB reports.
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return;
    if ((e as NodeJS.ErrnoException).code === "EISDIR") {
      throw new StrataError("INPUT_IS_DIRECTORY", `${path} is a directory; --db expects a database file.`, {
        file: path,
      });
    }
    return;
  }
  if (head.subarray(8, 12).toString("latin1") !== DUCKDB_MAGIC) {
    throw new StrataError(
      "INPUT_UNREADABLE",
      `Cannot use ${path} as the history database: it is not a DuckDB database file. ` +
        "Choose another file with --db (a new name creates a new database); Strata leaves this one untouched.",
      { file: path },
    );
  }
}
