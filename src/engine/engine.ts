/** A value bound to a SQL parameter ($1, $2, … or named). */
export type SqlValue = string | number | bigint | boolean | null;

/** Columns of a result, each as an array, in the order of the SELECT list. */
export interface Columns {
  names: string[];
  columns: unknown[][];
  rowCount: number;
}

/** A result column read straight into a typed array: numbers (NULL as NaN), or text (NULL as null). */
export type TypedColumn = Float64Array | (string | null)[];

export interface TypedColumns {
  names: string[];
  columns: TypedColumn[];
  rowCount: number;
}

/**
 * The analytical engine: runs SQL text with bound parameters. SQL is built by pure functions elsewhere.
 * Numbers arrive as JS numbers (BIGINT and DECIMAL are converted at this boundary), dates as 'YYYY-MM-DD'.
 */
export interface Engine {
  /** Runs a statement, returns nothing; `onProgress` receives 0…1 while a long statement runs. */
  run(sql: string, params?: readonly SqlValue[], onProgress?: (fraction: number) => void): Promise<void>;
  /** Runs a query and returns its result column by column. */
  columns(sql: string, params?: readonly SqlValue[]): Promise<Columns>;
  /**
   * Runs a query whose columns are numbers or text and returns them as typed arrays: for results of a
   * million rows, where building one JavaScript value per number would cost more than the query.
   */
  typedColumns(sql: string, params?: readonly SqlValue[]): Promise<TypedColumns>;
  /** Runs a query and returns rows as records (for small results only). */
  rows(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
  close(): Promise<void>;
}

/** The one quoting function for identifiers (column names from a user's header, table names). */
export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A SQL string literal, for the few places DuckDB does not accept a parameter (table-function options). */
export function quoteLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
