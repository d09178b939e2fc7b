/**
 * The sample data set: a B2B distributor's invoice lines, customer list, sales activities and sales team,
 * seeded and reproducible.
 *
 * Everything is generated inside the engine (invoice lines never become JS objects) from hash-derived
 * pseudo-random numbers (see random-sql.ts) and written with ORDER BY, so the same seed gives
 * byte-identical files with the same DuckDB version, on any number of threads.
 *
 * The model, per invoiced customer of rank r (1 = biggest): a yearly spend ∝ r^-0.9 with log-normal
 * noise below rank 5 (top customer ≈ 10% of revenue, top 20% ≈ 75%), a life cycle (steady, new,
 * churned before or during the last year, net returns in the last year, exactly zero in the last year),
 * an invoice rate ∝ 1/√r, invoices of 1–15 lines, a margin of 10–45% (ranks 3, 7 and 12: thin or
 * negative), credit notes on ~10% of invoices returning part of it, and ~0.5% of invoices without a
 * customer id. The customer list adds prospects (10% of customers) and suspects (1/6).
 *
 * activities.csv (customer_id, date, kind, hours, rep) covers the same three years, year by year (the three
 * 12-month periods ending on endDate), on weekdays, while a customer is alive (from 60 days before the first
 * invoice to 60 days after the last). Attention follows each customer's net revenue of the year (read back
 * from invoices.csv), split as ABC splits: the first 80% of revenue get 10–13 contacts a year, up to 95%
 * 3.5–4.8, the rest 0–1.2; prospects 1–2, suspects 0–0.4 (activities-sql.ts). Kinds visit, meeting, call and
 * email (more visits for bigger customers) take 1–3, 1–2, 0.1–0.5 and 0.05–0.2 hours, left empty on 20% of
 * lines so that the default hours per kind get used; the rep is the customer's account manager on 85% of
 * lines, another rep on 10%, nobody on 5%. Planted for the sales director to find: a quarter of the big
 * customers neglected (1–4 contacts a year); a handful of small steady customers (customers / 400, at least
 * 3) taking 20–30 contacts a year with visits of 2–4 h (problem clients); 4 customer ids in no other file
 * (C99001–C99004, 3 lines each in the last year); and 3 lines a reader must reject: 2 with negative hours,
 * 1 dated 30 February. reps.csv (rep, fte) lists the 8 account managers with FTE 1, 1, 1, 1, 1, 0.8, 0.8
 * and 0.5, shuffled over them by the seed.
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { StrataError } from "../core/errors.js";
import { type Engine, quoteLiteral } from "../engine/engine.js";
import {
  ACTIVITIES_SQL,
  firstUnmatchedId,
  problemClientCount,
  REPS_SQL,
  yearRevenueSql,
} from "./activities-sql.js";
import {
  CUST_SQL,
  CUSTOMERS_SQL,
  DOCS_SQL,
  LINES_SQL,
  POOL_SQL,
  PRODUCT_SQL,
  SAMPLE_TABLES,
} from "./sample-sql.js";

export {
  type BenchLinesOptions,
  type BenchLinesResult,
  benchCsvFromParquet,
  generateBenchLines,
} from "./generate-bench-lines.js";

export interface SampleOptions {
  /** Seed of the pseudo-random numbers; default 42. */
  seed?: number;
  /** Invoiced customers; default 3000 (at least 20). */
  customers?: number;
  /** Last invoice date, 'YYYY-MM-DD'; default '2025-12-31'. Three years of lines end on it. */
  endDate?: string;
}

/** Paths of the files generateSample wrote. */
export interface SampleFiles {
  invoices: string;
  customers: string;
  /** The sales team's visits, calls, meetings and e-mails: customer_id, date, kind, hours, rep. */
  activities: string;
  /** The account managers and their FTE: rep, fte. */
  reps: string;
}

export const SAMPLE_DEFAULTS = { seed: 42, customers: 3000, endDate: "2025-12-31" } as const;

function validate(opts: SampleOptions): Required<SampleOptions> {
  const seed = opts.seed ?? SAMPLE_DEFAULTS.seed;
  const customers = opts.customers ?? SAMPLE_DEFAULTS.customers;
  const endDate = opts.endDate ?? SAMPLE_DEFAULTS.endDate;
  if (!Number.isSafeInteger(seed)) {
    throw new StrataError("BAD_OPTION", `The seed must be an integer, got ${seed}.`, { seed });
  }
  if (!Number.isSafeInteger(customers) || customers < 20 || customers > 10_000_000) {
    throw new StrataError(
      "BAD_OPTION",
      `customers must be an integer from 20 to 10,000,000, got ${customers}.`,
      {
        customers,
      },
    );
  }
  if (!/^\d{4}-\d{2}-\d{2}$/.test(endDate) || Number.isNaN(Date.parse(endDate))) {
    throw new StrataError("BAD_DATE_FORMAT", `endDate must be a date as YYYY-MM-DD, got '${endDate}'.`, {
      endDate,
    });
  }
  return { seed, customers, endDate };
}

/**
 * Writes invoices.csv, customers.csv, activities.csv and reps.csv of a seeded sample distributor into dir
 * (created if missing).
 * Same options, same DuckDB version → byte-identical files. Takes under a second for 3,000 customers.
 */
export async function generateSample(
  engine: Engine,
  dir: string,
  opts: SampleOptions = {},
): Promise<SampleFiles> {
  const { seed, customers, endDate } = validate(opts);
  const prospects = Math.round(customers / 10);
  const suspects = Math.round(customers / 6);
  const files: SampleFiles = {
    invoices: join(dir, "invoices.csv"),
    customers: join(dir, "customers.csv"),
    activities: join(dir, "activities.csv"),
    reps: join(dir, "reps.csv"),
  };
  await mkdir(dir, { recursive: true });
  try {
    await engine.run(POOL_SQL, [seed, customers, prospects, suspects]);
    await engine.run(CUST_SQL, [seed, endDate]);
    await engine.run(PRODUCT_SQL, [seed]);
    await engine.run(DOCS_SQL, [seed]);
    await engine.run(`COPY (${LINES_SQL}) TO ${quoteLiteral(files.invoices)} (FORMAT csv, HEADER true)`, [
      seed,
    ]);
    await engine.run(
      `COPY (${CUSTOMERS_SQL}) TO ${quoteLiteral(files.customers)} (FORMAT csv, HEADER true)`,
      [seed],
    );
    await engine.run(yearRevenueSql(files.invoices), [endDate]);
    await engine.run(
      `COPY (${ACTIVITIES_SQL}) TO ${quoteLiteral(files.activities)} (FORMAT csv, HEADER true)`,
      [seed, endDate, firstUnmatchedId(customers + prospects + suspects), problemClientCount(customers)],
    );
    await engine.run(`COPY (${REPS_SQL}) TO ${quoteLiteral(files.reps)} (FORMAT csv, HEADER true)`, [seed]);
  } finally {
    for (const table of Object.values(SAMPLE_TABLES)) await engine.run(`DROP TABLE IF EXISTS ${table}`);
  }
  return files;
}
