/**
 * The history store's schema, as an ordered list of migrations. Version 1 is the initial layout; each
 * later version is one more entry, never an edit of an old one (a store written by an older Strata
 * replays only the entries it lacks). All migrations pending for a file run in ONE transaction with
 * the bump of `schema_version`: a failure leaves the file exactly as it was.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { StrataError } from "../core/errors.js";

/** One step of the schema: the statements that take a store from `version - 1` to `version`. */
export interface Migration {
  version: number;
  description: string;
  statements: readonly string[];
}

/** The table every Strata store has; its absence in a non-empty database marks a foreign file. */
export const META_TABLE = "strata_meta";

/**
 * The columns of `analysis_customers` in table order — the order the appender writes them in. A migration
 * that adds a column must add it here too (DuckDB appends new columns at the end of the table).
 */
export const CUSTOMER_TABLE_COLUMNS = [
  "analysis_id",
  "customer_id",
  "name",
  "revenue",
  "cost",
  "margin",
  "invoices",
  "first_date",
  "last_date",
  "recency_days",
  "value",
  "rank",
  "share",
  "cum_share",
  "abc",
  "pyramid",
  "active",
  "last_date_before",
  "account_manager",
] as const;

/** Every migration, in order; the last one's version is the schema this Strata writes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "initial layout: saved analyses and their customers",
    statements: [
      `CREATE TABLE strata_meta (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)`,
      `INSERT INTO strata_meta VALUES ('application', 'strata')`,
      `CREATE SEQUENCE analyses_id_seq START 1`,
      `CREATE TABLE analyses (
        id INTEGER PRIMARY KEY DEFAULT nextval('analyses_id_seq'),
        created_at TIMESTAMP NOT NULL,
        label VARCHAR,
        file VARCHAR NOT NULL,
        fingerprint VARCHAR NOT NULL,
        policy_json VARCHAR NOT NULL,
        summary_json VARCHAR NOT NULL,
        as_of DATE NOT NULL,
        first_day DATE NOT NULL,
        last_day DATE NOT NULL,
        measure VARCHAR NOT NULL
      )`,
      // No FOREIGN KEY to analyses: DuckDB checks one per appended row and forbids deleting a parent
      // in the transaction that deletes its children; the store writes both tables itself.
      `CREATE TABLE analysis_customers (
        analysis_id INTEGER NOT NULL,
        customer_id VARCHAR NOT NULL,
        name VARCHAR,
        revenue DECIMAL(38, 4) NOT NULL,
        cost DECIMAL(38, 4),
        margin DECIMAL(38, 4),
        invoices INTEGER NOT NULL,
        first_date DATE,
        last_date DATE,
        recency_days INTEGER,
        value DECIMAL(38, 4) NOT NULL,
        rank INTEGER,
        share DOUBLE,
        cum_share DOUBLE,
        abc VARCHAR,
        pyramid VARCHAR,
        active BOOLEAN NOT NULL,
        last_date_before DATE,
        PRIMARY KEY (analysis_id, customer_id)
      )`,
    ],
  },
  {
    version: 2,
    description: "the account manager of each saved customer, for the action lists of history compare",
    // Analyses saved under version 1 keep NULL: their action lists name no account manager.
    statements: [`ALTER TABLE analysis_customers ADD COLUMN account_manager VARCHAR`],
  },
];

/** The schema version this Strata reads and writes. */
export const SCHEMA_VERSION: number = MIGRATIONS[MIGRATIONS.length - 1]?.version ?? 0;

function refuse(file: string, why: string, details: Record<string, unknown> = {}): never {
  throw new StrataError("INPUT_UNREADABLE", `Cannot use ${file} as the history database: ${why}`, {
    file,
    ...details,
  });
}

async function scalarStrings(conn: DuckDBConnection, sql: string): Promise<string[]> {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowsJS().map((row) => String(row[0]));
}

/**
 * The schema version of the open database: 0 when it is empty (a new store), else the version its
 * `strata_meta` records. Refuses a database that is not a Strata store or whose version is unreadable.
 */
export async function readSchemaVersion(conn: DuckDBConnection, file: string): Promise<number> {
  const tables = await scalarStrings(
    conn,
    `SELECT table_name FROM information_schema.tables
     WHERE table_catalog = current_database() ORDER BY table_name`,
  );
  if (!tables.includes(META_TABLE)) {
    if (tables.length === 0) return 0;
    const shown = tables.slice(0, 5).join(", ") + (tables.length > 5 ? ", …" : "");
    refuse(
      file,
      `it is a DuckDB database that Strata did not create (it holds ${shown} and no ${META_TABLE} table). ` +
        "Choose another file with --db; Strata leaves this one untouched.",
      { tables },
    );
  }
  const reader = await conn.runAndReadAll(`SELECT value FROM strata_meta WHERE key = 'schema_version'`);
  const raw = reader.getRowsJS()[0]?.[0];
  const text = typeof raw === "string" ? raw : "";
  if (!/^\d{1,9}$/.test(text)) {
    refuse(
      file,
      `its ${META_TABLE} table records no readable schema_version (found ${JSON.stringify(raw ?? null)}).`,
      { schemaVersion: raw ?? null },
    );
  }
  return Number(text);
}

/**
 * Brings the open database up to the last of `migrations`, all pending steps in one transaction, and
 * returns the version it now has. Refuses (StrataError INPUT_UNREADABLE, nothing written) a database
 * written by a newer Strata or not written by Strata at all.
 */
export async function applyMigrations(
  conn: DuckDBConnection,
  file: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number> {
  const latest = migrations[migrations.length - 1]?.version ?? 0;
  const current = await readSchemaVersion(conn, file);
  if (current > latest) {
    refuse(
      file,
      `it was written by a newer version of Strata (schema version ${current}; this Strata knows up to ${latest}). ` +
        "Upgrade Strata to read it, or choose another file with --db.",
      { schemaVersion: current, supported: latest },
    );
  }
  const pending = migrations.filter((m) => m.version > current);
  if (pending.length === 0) return current;
  await conn.run("BEGIN TRANSACTION");
  try {
    for (const migration of pending) {
      for (const statement of migration.statements) await conn.run(statement);
    }
    await conn.run(
      `INSERT INTO strata_meta VALUES ('schema_version', $1)
       ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
      [String(latest)],
    );
    await conn.run("COMMIT");
  } catch (e) {
    await rollback(conn);
    throw e;
  }
  return latest;
}

/** Rolls back the open transaction; a failure to do so must not hide the error that caused it. */
export async function rollback(conn: DuckDBConnection): Promise<void> {
  try {
    await conn.run("ROLLBACK");
  } catch {
    // No transaction left to roll back (DuckDB ended it on a fatal error): nothing was committed.
  }
}
