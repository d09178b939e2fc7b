import { type DuckDBConnection, DuckDBInstance, DuckDBTypeId, type DuckDBValue } from "@duckdb/node-api";
import type { Columns, Engine, SqlValue, TypedColumn, TypedColumns } from "./engine.js";

/** Column types typedColumns reads into a Float64Array. */
const NUMERIC = new Set<DuckDBTypeId>([
  DuckDBTypeId.TINYINT,
  DuckDBTypeId.SMALLINT,
  DuckDBTypeId.INTEGER,
  DuckDBTypeId.BIGINT,
  DuckDBTypeId.UTINYINT,
  DuckDBTypeId.USMALLINT,
  DuckDBTypeId.UINTEGER,
  DuckDBTypeId.UBIGINT,
  DuckDBTypeId.FLOAT,
  DuckDBTypeId.DOUBLE,
]);

export interface DuckDbOptions {
  /** Database file; ':memory:' (the default) for an in-memory database. */
  path?: string;
  /** DuckDB's memory_limit, e.g. '1GB'; DuckDB spills to its temp directory beyond it. */
  memoryLimit?: string;
  threads?: number;
  tempDirectory?: string;
}

/** Converts what DuckDB's JS converter yields into plain JS: bigint → number, Date → 'YYYY-MM-DD'. */
function toJs(v: unknown): unknown {
  if (typeof v === "bigint") return Number(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  return v;
}

/** Embedded DuckDB behind the Engine interface. */
export class DuckDbEngine implements Engine {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
  ) {}

  static async open(options: DuckDbOptions = {}): Promise<DuckDbEngine> {
    const config: Record<string, string> = {};
    if (options.memoryLimit) config.memory_limit = options.memoryLimit;
    if (options.threads) config.threads = String(options.threads);
    if (options.tempDirectory) config.temp_directory = options.tempDirectory;
    const instance = await DuckDBInstance.create(options.path ?? ":memory:", config);
    const conn = await instance.connect();
    // Progress is tracked (for progress bars) but never printed by DuckDB itself.
    await conn.run("SET enable_progress_bar = true; SET enable_progress_bar_print = false");
    return new DuckDbEngine(instance, conn);
  }

  async run(
    sql: string,
    params: readonly SqlValue[] = [],
    onProgress?: (fraction: number) => void,
  ): Promise<void> {
    const running = this.conn.run(sql, params.length ? (params.slice() as DuckDBValue[]) : undefined);
    if (!onProgress) {
      await running;
      return;
    }
    // DuckDB reports the progress of the running query on its connection; poll it while we wait.
    const timer = setInterval(() => {
      const p = this.conn.progress.percentage;
      if (p >= 0) onProgress(Math.min(1, p / 100));
    }, 150);
    try {
      await running;
      onProgress(1);
    } finally {
      clearInterval(timer);
    }
  }

  async columns(sql: string, params: readonly SqlValue[] = []): Promise<Columns> {
    const reader = await this.conn.runAndReadAll(
      sql,
      params.length ? (params.slice() as DuckDBValue[]) : undefined,
    );
    const raw = reader.getColumnsJS() as unknown[][];
    const columns = raw.map((col) => {
      for (let i = 0; i < col.length; i++) {
        const v = col[i];
        if (typeof v === "bigint" || v instanceof Date) col[i] = toJs(v);
      }
      return col;
    });
    const names = reader.columnNames();
    // An empty result has no chunks, and so no columns: give every name an empty one.
    while (columns.length < names.length) columns.push([]);
    return { names, columns, rowCount: reader.currentRowCount };
  }

  async typedColumns(sql: string, params: readonly SqlValue[] = []): Promise<TypedColumns> {
    const result = await this.conn.run(sql, params.length ? (params.slice() as DuckDBValue[]) : undefined);
    const names = result.columnNames();
    const types = result.columnTypes();
    const chunks = await result.fetchAllChunks();
    const rowCount = chunks.reduce((n, c) => n + c.rowCount, 0);
    const columns = types.map((type, c): TypedColumn => {
      if (NUMERIC.has(type.typeId)) {
        const out = new Float64Array(rowCount);
        let offset = 0;
        for (const chunk of chunks) {
          const vector = chunk.getColumnVector(c);
          const n = chunk.rowCount;
          for (let i = 0; i < n; i++) {
            const v = vector.getItem(i);
            out[offset + i] = v === null ? Number.NaN : Number(v);
          }
          offset += n;
        }
        return out;
      }
      if (type.typeId !== DuckDBTypeId.VARCHAR) {
        throw new Error(
          `typedColumns: column ${names[c]} is ${type.toString()}; cast it to DOUBLE or VARCHAR`,
        );
      }
      const out: (string | null)[] = new Array(rowCount);
      let offset = 0;
      for (const chunk of chunks) {
        const vector = chunk.getColumnVector(c);
        const n = chunk.rowCount;
        for (let i = 0; i < n; i++) out[offset + i] = vector.getItem(i) as string | null;
        offset += n;
      }
      return out;
    });
    return { names, columns, rowCount };
  }

  async rows(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    const { names, columns, rowCount } = await this.columns(sql, params);
    const out: Record<string, unknown>[] = [];
    for (let r = 0; r < rowCount; r++) {
      const row: Record<string, unknown> = {};
      names.forEach((n, c) => {
        row[n] = columns[c]?.[r];
      });
      out.push(row);
    }
    return out;
  }

  async close(): Promise<void> {
    this.conn.closeSync();
    this.instance.closeSync();
  }
}
