/** Command-line options of the benchmark. */
import { parseArgs } from "node:util";

export const FORMATS = ["csv", "parquet"] as const;
export type Format = (typeof FORMATS)[number];

export interface BenchArgs {
  lines: number;
  runs: number;
  formats: Format[];
  /** Keep the generated files in bench/data/ for the next run (they are reused whenever present). */
  keep: boolean;
  seed: number;
  customers: number;
  /** The analysis date passed to both commands; the generated lines end on it. */
  asOf: string;
  /** Also time `analyze --out` (writing customers.csv/.xlsx, summary.json, report.html). */
  withOutputs: boolean;
  /** Also time `migrate` and `trend` (12 monthly windows) against `analyze`. */
  withMovement: boolean;
  /**
   * `--beyond`: also time `analyze --customers --activities --by region` (potential, profitability, strategy,
   * coverage and groups, issue 4) against `analyze`, and with `--out` against `analyze --out` unless
   * `--no-outputs`. Opt-in: it generates two more files and adds ~50 s a run at 10M lines. Absent when off.
   */
  withBeyond?: true;
  /**
   * `--clv`: also time `strata clv` (issue 5) on the CDNOW sample and on `customers` simulated customers (default
   * 1,000,000, `--clv-customers`); `only` (`--clv-only`) skips the invoice-lines benchmark. Absent when off.
   */
  clv?: { customers: number; only: boolean };
}

export const USAGE = `usage: npm run bench -- [--lines N] [--runs K] [--formats csv,parquet] [--keep]
                      [--seed S] [--customers C] [--as-of YYYY-MM-DD] [--no-outputs] [--no-movement]
                      [--beyond] [--clv] [--clv-only] [--clv-customers N]`;

function count(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll(/[_,]/g, ""));
  if (!Number.isSafeInteger(n) || n < 1)
    throw new Error(`--${name} must be a positive integer, got '${text}'.\n${USAGE}`);
  return n;
}

/** Parses argv (without node and the script); throws an Error with the usage on bad input. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      lines: { type: "string" },
      runs: { type: "string" },
      formats: { type: "string" },
      keep: { type: "boolean", default: false },
      seed: { type: "string" },
      customers: { type: "string" },
      "as-of": { type: "string" },
      "no-outputs": { type: "boolean", default: false },
      "no-movement": { type: "boolean", default: false },
      beyond: { type: "boolean", default: false },
      clv: { type: "boolean", default: false },
      "clv-only": { type: "boolean", default: false },
      "clv-customers": { type: "string" },
    },
    strict: true,
  });
  const formats = (values.formats ?? "csv,parquet").split(",").map((f) => f.trim());
  for (const f of formats) {
    if (!(FORMATS as readonly string[]).includes(f)) {
      throw new Error(`--formats takes csv and/or parquet, got '${f}'.\n${USAGE}`);
    }
  }
  const asOf = values["as-of"] ?? "2025-12-31";
  if (!/^\d{4}-\d{2}-\d{2}$/.test(asOf))
    throw new Error(`--as-of must be YYYY-MM-DD, got '${asOf}'.\n${USAGE}`);
  return {
    lines: count("lines", values.lines, 10_000_000),
    runs: count("runs", values.runs, 3),
    formats: [...new Set(formats)] as Format[],
    keep: values.keep ?? false,
    seed: count("seed", values.seed, 42),
    customers: count("customers", values.customers, 50_000),
    asOf,
    withOutputs: !(values["no-outputs"] ?? false),
    withMovement: !(values["no-movement"] ?? false),
    ...(values.beyond ? { withBeyond: true as const } : {}),
    ...(values.clv || values["clv-only"] || values["clv-customers"] !== undefined
      ? {
          clv: {
            customers: count("clv-customers", values["clv-customers"], 1_000_000),
            only: values["clv-only"] ?? false,
          },
        }
      : {}),
  };
}
