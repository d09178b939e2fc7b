/**
 * Transactions for the lifetime-value benchmark (issue 5): C customers who buy as the BG/NBD and Gamma-Gamma
 * models say, written by one COPY in DuckDB; every random number a hash of (customer, purchase, seed, stream)
 * (src/sample/random-sql.ts), so the file is the same on any number of threads and no transaction becomes a
 * JavaScript object.
 *
 * The story, in weeks (the unit the benchmark fits in), over 78 weeks from START (calibration 39 + holdout 39):
 *   - each customer draws λ ~ Gamma(r, α) (purchases per week while alive), p ~ Beta(a, b) (the chance of leaving
 *     after each repeat purchase) and ν ~ Gamma(q, γ) (the rate of the values);
 *   - the first purchase is at a time uniform in the first 12 weeks;
 *   - while alive the customer buys as a Poisson process with rate λ: the gaps between purchases are
 *     exponential, −ln(U)/λ; after each repeat purchase (not the first purchase) the customer leaves for good with
 *     probability p; purchases after the 78 weeks are not in the file;
 *   - each purchase is worth z ~ Gamma(P, ν) (shape P, rate ν), rounded to cents (at least 0.01).
 * A purchase's date is the day its time falls in; two purchases on one day are one purchase day for the models
 * (a heavy buyer at 2 a week has ~1 in 7 chance of it per gap).
 *
 * Random draws:
 *   - Gamma with a non-integer shape k (λ, and the two Gammas of p = X / (X + Y)): Marsaglia & Tsang (2000),
 *     exact for k ≥ 1 (d = k − 1/3, c = 1/√(9d), v = (1 + c·Z)³, accepted when ln U < Z²/2 + d − d·v + d·ln v;
 *     at most TRIES = 6 candidates, the first accepted; each is accepted with chance above 0.95, so all six are
 *     rejected with chance below 2e-8, and then d is taken); k < 1 boosted as Gamma(k + 1) · U^(1/k). Normals by
 *     Box–Muller. Checked: 2M draws have the mean, variance and E[ln X] = ψ(k) of the Gamma to 3 decimals.
 *   - Gamma with an integer shape (ν and the values): −ln of the product of that many uniforms (a sum of
 *     exponentials), exact.
 *   - The purchases: a recursive CTE adds one purchase per step to the customers still buying (alive and inside
 *     the 78 weeks): exact for the Poisson process with drop-out, no cap on the number of purchases; as many steps
 *     as one customer's most purchases (183 at 1M customers, seed 42), the late ones over a few heavy buyers.
 *
 * Fitted on the exact purchase times (bench/clv-recover.ts), BG/NBD and Gamma-Gamma recover the true parameters
 * within one standard error at 1M customers; `strata clv` reads days, which moves r and α by a few per cent.
 */
import type { Engine } from "../src/engine/engine.js";
import { quoteLiteral } from "../src/engine/engine.js";
import { benchCustomerIdSql } from "../src/sample/generate-bench-lines.js";
import { normalSql, uniformSql as u } from "../src/sample/random-sql.js";

/** The parameters the transactions are drawn from: BG/NBD in weeks, Gamma-Gamma in currency units. */
export const CLV_TRUTH = {
  bgNbd: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 },
  /** p and q integers: their Gamma draws are exact sums of exponentials. */
  gammaGamma: { p: 6, q: 4, gamma: 15 },
} as const;

/** The first day of the transactions, the calibration end (day 273) and the last day (day 546). */
export const CLV_START = "2024-01-01";
export const CLV_CALIBRATION_WEEKS = 39;
export const CLV_HOLDOUT_WEEKS = 39;
/** First purchases fall uniformly in the first 12 weeks. */
export const CLV_FIRST_PURCHASE_WEEKS = 12;
const TRIES = 6;

/** iso + days, as 'YYYY-MM-DD'. */
function addDays(iso: string, days: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The calibration end (last day the models learn from) and the last day of the transactions. */
export const CLV_CALIBRATION_END = addDays(CLV_START, CLV_CALIBRATION_WEEKS * 7 - 1);
export const CLV_LAST_DAY = addDays(CLV_START, (CLV_CALIBRATION_WEEKS + CLV_HOLDOUT_WEEKS) * 7 - 1);

/**
 * SQL of a Gamma(shape, 1) draw for key expressions, on streams stream … stream + 3·TRIES (Marsaglia–Tsang,
 * see above). Pure, for tests.
 */
export function gammaSql(keys: readonly string[], stream: number, shape: number): string {
  if (!(shape > 0)) throw new Error(`gammaSql: the shape must be positive, got ${shape}`);
  if (Number.isInteger(shape) && shape <= 12) {
    const product = Array.from({ length: shape }, (_, i) => u(keys, stream + i)).join(" * ");
    return `(-ln(${product}))`;
  }
  const k = shape < 1 ? shape + 1 : shape;
  const d = k - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  const branches = Array.from({ length: TRIES }, (_, i) => {
    const z = normalSql(keys, stream + 3 * i);
    const base = `(1 + ${c} * ${z})`;
    const v = `pow(${base}, 3)`;
    const accept = `${base} > 0 AND ln(${u(keys, stream + 3 * i + 2)}) < 0.5 * pow(${z}, 2) + ${d} - ${d} * ${v} + ${d} * ln(greatest(${v}, 1e-300))`;
    return `WHEN ${accept} THEN ${d} * ${v}`;
  });
  const draw = `(CASE ${branches.join(" ")} ELSE ${d} END)`;
  return shape < 1 ? `(${draw} * pow(${u(keys, stream + 3 * TRIES)}, ${1 / shape}))` : draw;
}

/**
 * The purchases before the transactions are written: `WITH RECURSIVE c AS (…), purchase(j, k, s, lam, p_leave, nu)
 * AS (…)`, one row per purchase of customer index j: k = 0 the first purchase, k ≥ 1 the repeat purchases, s its
 * time in days since START (continuous), lam λ per day, p_leave p, nu ν. $1 seed, $2 customers. Pure.
 */
export function clvPurchasesSql(): string {
  const { r, alpha, a, b } = CLV_TRUTH.bgNbd;
  const { q, gamma } = CLV_TRUTH.gammaGamma;
  const days = (CLV_CALIBRATION_WEEKS + CLV_HOLDOUT_WEEKS) * 7;
  // Streams: λ 200…, X 240…, Y 280…, ν 320…, first purchase 330, gaps 331, drop-out 332, values 340….
  const lambdaPerDay = `${gammaSql(["j"], 200, r)} / ${alpha * 7}`;
  const gap = `(-ln(${u(["j", "k + 1"], 331)}) / lam)`;
  return `
WITH RECURSIVE c AS (
  SELECT j, ${lambdaPerDay} AS lam, ${gammaSql(["j"], 240, a)} AS gx, ${gammaSql(["j"], 280, b)} AS gy,
    ${gammaSql(["j"], 320, q)} / ${gamma} AS nu,
    ${CLV_FIRST_PURCHASE_WEEKS * 7} * ${u(["j"], 330)} AS s0
  FROM range($2::BIGINT) t(j)
), purchase(j, k, s, lam, p_leave, nu) AS (
  SELECT j, 0, s0, lam, gx / (gx + gy), nu FROM c
  UNION ALL
  SELECT j, k + 1, s + ${gap}, lam, p_leave, nu FROM purchase
  WHERE (k = 0 OR ${u(["j", "k"], 332)} >= p_leave) AND s + ${gap} < ${days}
)`;
}

/** SQL of the value of purchase k of customer j: Gamma(P, ν), before rounding. */
export function clvValueSql(): string {
  return `(${gammaSql(["j", "k"], 340, CLV_TRUTH.gammaGamma.p)} / nu)`;
}

/** The transactions' SELECT (customer_id, date, revenue), in date order; $1 seed, $2 customers. Pure, for tests. */
export function clvTransactionsSql(customers: number): string {
  return `${clvPurchasesSql()}
SELECT ${benchCustomerIdSql("j", customers)} AS customer_id,
  DATE '${CLV_START}' + CAST(floor(s) AS INTEGER) AS date,
  CAST(greatest(0.01, round(${clvValueSql()}, 2)) AS DECIMAL(12, 2)) AS revenue
FROM purchase
ORDER BY date, customer_id, revenue`;
}

export interface ClvDataOptions {
  customers: number;
  seed: number;
  parquetPath: string;
}

/** Writes the transactions as Parquet. */
export async function generateClvTransactions(engine: Engine, opts: ClvDataOptions): Promise<void> {
  if (!Number.isSafeInteger(opts.customers) || opts.customers < 1 || opts.customers > 9_999_999) {
    throw new Error(`customers must be an integer from 1 to 9,999,999, got ${opts.customers}`);
  }
  await engine.run(
    `COPY (${clvTransactionsSql(opts.customers)}) TO ${quoteLiteral(opts.parquetPath)} (FORMAT parquet)`,
    [opts.seed, opts.customers],
  );
}

/** Rows of a Parquet file (from its metadata). */
export async function countParquetRows(engine: Engine, path: string): Promise<number> {
  const rows = await engine.rows(`SELECT count(*) AS n FROM read_parquet(${quoteLiteral(path)})`);
  return Number(rows[0]?.n ?? 0);
}
