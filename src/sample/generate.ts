/**
 * The sample data set: a B2B distributor's invoice lines and customer list, seeded and reproducible.
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
 */
import { mkdir } from "node:fs/promises";
import { join } from "node:path";
import { StrataError } from "../core/errors.js";
import { type Engine, quoteLiteral } from "../engine/engine.js";
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
 * Writes invoices.csv and customers.csv of a seeded sample distributor into dir (created if missing).
 * Same options, same DuckDB version → byte-identical files. Takes well under a second for 3,000 customers.
 */
export async function generateSample(
  engine: Engine,
  dir: string,
  opts: SampleOptions = {},
): Promise<SampleFiles> {
  const { seed, customers, endDate } = validate(opts);
  const prospects = Math.round(customers / 10);
  const suspects = Math.round(customers / 6);
  const files: SampleFiles = { invoices: join(dir, "invoices.csv"), customers: join(dir, "customers.csv") };
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
  } finally {
    for (const table of Object.values(SAMPLE_TABLES)) await engine.run(`DROP TABLE IF EXISTS ${table}`);
  }
  return files;
}
