/**
 * The history store: saved analyses (policy, data-set fingerprint, summary, every customer's figures
 * and classes) in one DuckDB database file. It holds its own DuckDB connection — it is the persistence
 * layer, not an analytical engine — and serialises its operations on it.
 */
import { type DuckDBAppender, type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { StrataError } from "../core/errors.js";
import type { ClassifiedCustomers } from "../core/migration-types.js";
import { MEASURES, type Measure, makePolicy, type Policy } from "../core/policy.js";
import type { CustomerRow, SavedCustomerColumns, Summary } from "../core/summary.js";
import { checkDuckDbFile } from "./check-duckdb-file.js";
import {
  appendCustomerColumns,
  columnsOfRows,
  readClassified,
  readCustomerRows,
  type SavedCustomerRow,
} from "./customer-rows.js";
import { applyMigrations, rollback } from "./schema.js";

export type { SavedCustomerRow } from "./customer-rows.js";

/** One saved analysis, as `strata history list` shows it. */
export interface AnalysisInfo {
  id: number;
  /** When it was saved: ISO 8601 in UTC, e.g. '2024-05-01T09:30:00.000Z'. */
  createdAt: string;
  label: string | null;
  /** The invoice file (or source) as the user named it. */
  file: string;
  /** fingerprintFile() of the input when saved. */
  fingerprint: string;
  measure: Measure;
  /** The window, 'YYYY-MM-DD': last day counted, first and last day. */
  asOf: string;
  firstDay: string;
  lastDay: string;
  /** Customers saved (every row, active or not) and those active in the window. */
  customers: number;
  activeCustomers: number;
}

/** What saveAnalysis() stores. */
export interface SaveAnalysisInput {
  label?: string;
  file: string;
  fingerprint: string;
  policy: Policy;
  summary: Summary;
  /** Every customer: as columns (from an analysis), or as rows (checked, then turned into columns). */
  rows: Iterable<SavedCustomerRow> | SavedCustomerColumns;
}

/** Saved analyses in a database file. */
export interface Store {
  /** Saves an analysis and its customers in one transaction; returns its id. Nothing is kept on error. */
  saveAnalysis(input: SaveAnalysisInput): Promise<number>;
  /** Every saved analysis, oldest first. */
  listAnalyses(): Promise<AnalysisInfo[]>;
  /** One saved analysis with its summary and policy; StrataError BAD_OPTION when the id is unknown. */
  getAnalysis(id: number): Promise<AnalysisInfo & { summary: Summary; policy: Policy }>;
  /** The customers of a saved analysis as migration input (ordered by customer id). */
  classified(id: number): Promise<ClassifiedCustomers>;
  /** The customers of a saved analysis as rows of customers.csv, ranked customers first. */
  customerRows(id: number): Promise<CustomerRow[]>;
  close(): Promise<void>;
}

/** Options of openStore(); for tests and the server. */
export interface StoreOptions {
  /** The clock stamping `created_at`; defaults to the system clock. */
  now?: () => Date;
  /** How long to wait for another process that has the file open (DuckDB locks it); default 15 s. */
  lockWaitMs?: number;
}

/** DuckDB's message when another process holds the database file. */
const LOCKED = /Could not set lock on file/i;

/** Opens the database, waiting while another Strata process has it open (two saves at once queue up). */
async function createInstance(path: string, waitMs: number): Promise<DuckDBInstance> {
  const deadline = Date.now() + waitMs;
  for (let pause = 50; ; pause = Math.min(pause * 2, 1000)) {
    try {
      return await DuckDBInstance.create(path);
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      if (LOCKED.test(reason) && Date.now() + pause < deadline) {
        await new Promise((done) => setTimeout(done, pause));
        continue;
      }
      const why = LOCKED.test(reason)
        ? `another process has kept it open for more than ${Math.round(waitMs / 1000)} s (${reason.split("\n")[0]}).`
        : `${reason.split("\n")[0]}`;
      throw new StrataError(
        "INPUT_UNREADABLE",
        `Cannot open ${path} as the history database: ${why.replace(/\.?$/, ".")} Choose another file with --db.`,
        { file: path, cause: reason },
      );
    }
  }
}

const INFO_SQL = `
  SELECT a.id, a.created_at, a.label, a.file, a.fingerprint, a.measure,
    CAST(a.as_of AS VARCHAR) AS as_of, CAST(a.first_day AS VARCHAR) AS first_day,
    CAST(a.last_day AS VARCHAR) AS last_day,
    (SELECT count(*) FROM analysis_customers c WHERE c.analysis_id = a.id) AS customers,
    (SELECT count(*) FROM analysis_customers c WHERE c.analysis_id = a.id AND c.active) AS active_customers
  FROM analyses a`;

/** Converts a row of INFO_SQL at the boundary: BIGINT → number, TIMESTAMP → ISO string. */
function toInfo(r: Record<string, unknown>): AnalysisInfo {
  const measure = String(r.measure);
  if (!(MEASURES as readonly string[]).includes(measure)) {
    throw new StrataError(
      "INPUT_UNREADABLE",
      `Saved analysis ${String(r.id)} has an unknown measure '${measure}'.`,
    );
  }
  const created = r.created_at;
  return {
    id: Number(r.id),
    createdAt: created instanceof Date ? created.toISOString() : String(created),
    label: r.label === null || r.label === undefined ? null : String(r.label),
    file: String(r.file),
    fingerprint: String(r.fingerprint),
    measure: measure as Measure,
    asOf: String(r.as_of),
    firstDay: String(r.first_day),
    lastDay: String(r.last_day),
    customers: Number(r.customers),
    activeCustomers: Number(r.active_customers),
  };
}

/** 'YYYY-MM-DD HH:MM:SS.mmm' in UTC, the text DuckDB casts to TIMESTAMP. */
function timestampText(d: Date): string {
  return d.toISOString().replace("T", " ").replace("Z", "");
}

class DuckDbStore implements Store {
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    private readonly file: string,
    private readonly now: () => Date,
  ) {}

  /** Runs `work` after every earlier operation: one connection carries one transaction at a time. */
  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(() => {
      if (this.closed) throw new Error(`The history database ${this.file} is closed.`);
      return work();
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  saveAnalysis(input: SaveAnalysisInput): Promise<number> {
    return this.exclusive(async () => {
      const { summary } = input;
      const conn = this.conn;
      let appender: DuckDBAppender | undefined;
      await conn.run("BEGIN TRANSACTION");
      try {
        const inserted = await conn.runAndReadAll(
          `INSERT INTO analyses (created_at, label, file, fingerprint, policy_json, summary_json,
             as_of, first_day, last_day, measure)
           VALUES (CAST($1 AS TIMESTAMP), $2, $3, $4, $5, $6,
             CAST($7 AS DATE), CAST($8 AS DATE), CAST($9 AS DATE), $10)
           RETURNING id`,
          [
            timestampText(this.now()),
            input.label ?? null,
            input.file,
            input.fingerprint,
            JSON.stringify(input.policy),
            JSON.stringify(summary),
            summary.window.asOf,
            summary.window.firstDay,
            summary.window.lastDay,
            summary.measure,
          ],
        );
        const id = Number(inserted.getRowsJS()[0]?.[0]);
        appender = await conn.createAppender("analysis_customers");
        const rows = input.rows;
        appendCustomerColumns(appender, id, "ids" in rows ? rows : columnsOfRows(rows));
        appender.flushSync();
        const done = appender;
        appender = undefined;
        done.closeSync();
        await conn.run("COMMIT");
        return id;
      } catch (e) {
        // Closing flushes what was appended into the transaction that is rolled back just after.
        try {
          appender?.closeSync();
        } catch {
          // The appender's own error (a half row, a duplicate id) is not the one to report.
        }
        await rollback(conn);
        throw e;
      }
    });
  }

  listAnalyses(): Promise<AnalysisInfo[]> {
    return this.exclusive(async () => {
      const reader = await this.conn.runAndReadAll(`${INFO_SQL} ORDER BY a.id`);
      return reader.getRowObjectsJS().map(toInfo);
    });
  }

  getAnalysis(id: number): Promise<AnalysisInfo & { summary: Summary; policy: Policy }> {
    return this.exclusive(async () => {
      const reader = await this.conn.runAndReadAll(
        `SELECT i.*, a.summary_json, a.policy_json FROM (${INFO_SQL}) i JOIN analyses a USING (id)
         WHERE id = $1`,
        [this.checkId(id)],
      );
      const row = reader.getRowObjectsJS()[0];
      if (!row) this.unknown(id);
      // makePolicy validates and fills settings added since the analysis was saved with their defaults.
      const policy = makePolicy(JSON.parse(String(row.policy_json)) as Partial<Policy>);
      const summary = JSON.parse(String(row.summary_json)) as Summary;
      return { ...toInfo(row), summary, policy };
    });
  }

  classified(id: number): Promise<ClassifiedCustomers> {
    return this.exclusive(async () => {
      await this.mustExist(id);
      return readClassified(this.conn, id);
    });
  }

  customerRows(id: number): Promise<CustomerRow[]> {
    return this.exclusive(async () => {
      await this.mustExist(id);
      return readCustomerRows(this.conn, id);
    });
  }

  private async mustExist(id: number): Promise<void> {
    const exists = await this.conn.runAndReadAll(`SELECT 1 FROM analyses WHERE id = $1`, [this.checkId(id)]);
    if (exists.currentRowCount === 0) this.unknown(id);
  }

  close(): Promise<void> {
    // After every operation already asked for; any asked for later is refused.
    this.closing ??= this.exclusive(async () => {
      this.closed = true;
      try {
        this.conn.closeSync();
      } finally {
        this.instance.closeSync();
      }
    });
    return this.closing;
  }

  private checkId(id: number): number {
    if (!(Number.isSafeInteger(id) && id > 0 && id < 2 ** 31)) this.unknown(id);
    return id;
  }

  private unknown(id: unknown): never {
    throw new StrataError(
      "BAD_OPTION",
      `No saved analysis with id ${JSON.stringify(id)} in ${this.file}; \`strata history list\` shows the saved ones.`,
      { id, file: this.file },
    );
  }
}

/**
 * Opens the history database at `path` (created when missing; ':memory:' for a throw-away one) and
 * migrates it to this Strata's schema in one transaction. Refuses with StrataError INPUT_UNREADABLE,
 * leaving the file untouched, a file that is not a DuckDB database, a DuckDB database Strata did not
 * create, one written by a newer Strata, and one another process keeps open longer than `lockWaitMs`.
 */
export async function openStore(path: string, options: StoreOptions = {}): Promise<Store> {
  await checkDuckDbFile(path);
  const instance = await createInstance(path, options.lockWaitMs ?? 15_000);
  let conn: DuckDBConnection | undefined;
  try {
    conn = await instance.connect();
    await applyMigrations(conn, path);
    return new DuckDbStore(instance, conn, path, options.now ?? (() => new Date()));
  } catch (e) {
    conn?.closeSync();
    instance.closeSync();
    throw e;
  }
}
