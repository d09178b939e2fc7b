// The baseline of the benchmark: one hand-written DuckDB query that computes the per-customer figures
// `strata analyze` needs, run as a whole process like the CLI. Plain JavaScript so that node starts it
// without a TypeScript loader (tsx would add ~0.4 s to every run).
//
//   node bench/bare-query.mjs FILE [--as-of YYYY-MM-DD] [--print-sql]
//
// Prints one JSON line: customers, totals (a checksum to compare with the CLI's output) and the query time.
import { pathToFileURL } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";

/** Column types of invoice lines in CSV: money exact, dates as dates. */
const CSV_COLUMNS = {
  InvoiceNo: "VARCHAR",
  InvoiceDate: "DATE",
  CustomerID: "VARCHAR",
  ProductCode: "VARCHAR",
  Quantity: "DECIMAL(18,4)",
  UnitPrice: "DECIMAL(18,4)",
  UnitCost: "DECIMAL(18,4)",
};

/** A SQL string literal (table-function arguments cannot be parameters). */
function literal(value) {
  return `'${value.replaceAll("'", "''")}'`;
}

/** The source table function for a file: explicit column types for CSV, the file's own for Parquet. */
export function sourceSql(file) {
  if (file.endsWith(".parquet")) return `read_parquet(${literal(file)})`;
  const columns = Object.entries(CSV_COLUMNS)
    .map(([name, type]) => `${literal(name)}: ${literal(type)}`)
    .join(", ");
  return `read_csv(${literal(file)}, header = true, delim = ',', quote = '"', auto_detect = false, columns = {${columns}})`;
}

/**
 * Per customer over the window (asOf − 12 months, asOf]: revenue, cost, margin (exact DECIMAL sums, then
 * DOUBLE), lines, distinct invoices, first and last purchase in the window, last purchase before it
 * (days since 1970-01-01). $1 = asOf.
 */
export function bareQuerySql(source) {
  const inWindow = "InvoiceDate > CAST($1::DATE - INTERVAL 12 MONTH AS DATE)";
  const day = (x) => `CAST(${x} - DATE '1970-01-01' AS INTEGER)`;
  return `SELECT CustomerID AS customer_id,
  CAST(sum(Quantity * UnitPrice) FILTER (WHERE ${inWindow}) AS DOUBLE) AS revenue,
  CAST(sum(Quantity * UnitCost) FILTER (WHERE ${inWindow}) AS DOUBLE) AS cost,
  CAST(sum(Quantity * UnitPrice) FILTER (WHERE ${inWindow})
    - sum(Quantity * UnitCost) FILTER (WHERE ${inWindow}) AS DOUBLE) AS margin,
  CAST(count(*) FILTER (WHERE ${inWindow}) AS INTEGER) AS lines,
  CAST(count(DISTINCT InvoiceNo) FILTER (WHERE ${inWindow}) AS INTEGER) AS invoices,
  ${day(`min(InvoiceDate) FILTER (WHERE ${inWindow})`)} AS first_day,
  ${day(`max(InvoiceDate) FILTER (WHERE ${inWindow})`)} AS last_day,
  ${day(`max(InvoiceDate) FILTER (WHERE NOT (${inWindow}))`)} AS last_day_before
FROM ${source}
WHERE CustomerID IS NOT NULL AND InvoiceDate <= $1::DATE
GROUP BY CustomerID`;
}

async function main(argv) {
  const file = argv[0];
  const asOfAt = argv.indexOf("--as-of");
  const asOf = asOfAt >= 0 ? argv[asOfAt + 1] : "2025-12-31";
  if (!file || !asOf || !/^\d{4}-\d{2}-\d{2}$/.test(asOf)) {
    process.stderr.write("usage: node bench/bare-query.mjs FILE [--as-of YYYY-MM-DD] [--print-sql]\n");
    return 2;
  }
  const sql = bareQuerySql(sourceSql(file));
  if (argv.includes("--print-sql")) {
    process.stdout.write(`${sql}\n`);
    return 0;
  }
  const instance = await DuckDBInstance.create(":memory:");
  const conn = await instance.connect();
  try {
    const start = performance.now();
    const reader = await conn.runAndReadAll(sql, [asOf]);
    const columns = reader.getColumnsJS();
    const queryMs = performance.now() - start;
    const sum = (values) => values.reduce((a, v) => a + (typeof v === "number" ? v : 0), 0);
    const result = {
      customers: reader.currentRowCount,
      revenue: Math.round(sum(columns[1]) * 100) / 100,
      margin: Math.round(sum(columns[3]) * 100) / 100,
      lines: sum(columns[4]),
      queryMs: Math.round(queryMs),
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return 0;
  } finally {
    conn.closeSync();
    instance.closeSync();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`bare-query: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
