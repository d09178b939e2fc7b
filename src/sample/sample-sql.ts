/**
 * The SQL that builds the sample data set (see generate.ts for the model). Pure text; every statement takes
 * the seed as $1. Temporary tables are prefixed strata_sample_ and dropped by generateSample.
 */
import { quoteLiteral } from "../engine/engine.js";
import { hashSql, intBelowSql, normalSql, uniformSql as u } from "./random-sql.js";
import {
  ACCOUNT_MANAGERS,
  NAME_FIRST,
  NAME_SECOND,
  NAME_SUFFIX,
  PRODUCT_FAMILIES,
  REGIONS,
  TAGS,
} from "./word-lists.js";

/** Account managers used by the sample (8 of the word list); the reps of reps.csv. */
export const MANAGERS = ACCOUNT_MANAGERS.slice(0, 8);
const PRODUCTS = 2400;
/** Coprime with NAME_COMBOS (50 × 30 × 8 = 12,000), so consecutive ids get unrelated names. */
const NAME_COMBO_STEP = 7919;
export const SAMPLE_TABLES = {
  pool: "strata_sample_pool",
  cust: "strata_sample_cust",
  product: "strata_sample_product",
  docs: "strata_sample_docs",
  revenue: "strata_sample_revenue",
} as const;

/** A SQL list literal of constant strings. */
export function listSql(values: readonly string[]): string {
  return `[${values.map(quoteLiteral).join(", ")}]`;
}

/** SQL picking one element of a constant list by a pseudo-random index. */
function pickSql(values: readonly string[], keys: readonly string[], stream: number): string {
  return `list_element(${listSql(values)}, 1 + ${intBelowSql(keys, stream, String(values.length))})`;
}

/** SQL: whether the pool row r0 of that status has an account manager (every customer and prospect, 30% of suspects). */
export function hasManagerSql(r0: string, status: string): string {
  return `(${status} <> 'suspect' OR ${u([r0], 32)} < 0.3)`;
}

/** SQL: the 0-based index in MANAGERS of the account manager of pool row r0 (when it has one). */
export function managerIndexSql(r0: string): string {
  return intBelowSql([r0], 33, String(MANAGERS.length));
}

/** Every customer id of the list ($2 invoiced customers, then $3 prospects, then $4 suspects). */
export const POOL_SQL = `
CREATE OR REPLACE TEMP TABLE ${SAMPLE_TABLES.pool} AS
SELECT r0, r0 + 1 AS r, nidx,
  CASE WHEN r0 < $2 THEN 'customer' WHEN r0 < $2 + $3 THEN 'prospect' ELSE 'suspect' END AS status,
  'C' || CAST(10001 + nidx AS VARCHAR) AS customer_id
FROM (
  SELECT r0, row_number() OVER (ORDER BY ${hashSql(["r0"], 0)}, r0) - 1 AS nidx
  FROM range($2::BIGINT + $3::BIGINT + $4::BIGINT) t(r0)
)`;

/** Per invoiced customer: spend, life cycle (day offsets from start_date), margin, invoice count. $2 = end date. */
export const CUST_SQL = `
CREATE OR REPLACE TEMP TABLE ${SAMPLE_TABLES.cust} AS
WITH k AS (
  SELECT $2::DATE AS end_date, CAST($2::DATE - INTERVAL 3 YEAR + INTERVAL 1 DAY AS DATE) AS start_date
), d AS (
  SELECT start_date, (end_date - start_date + 1)::INTEGER AS days,
    (CAST(end_date - INTERVAL 1 YEAR AS DATE) - start_date + 1)::INTEGER AS w0
  FROM k
), n AS (SELECT count(*) AS n FROM ${SAMPLE_TABLES.pool} WHERE status = 'customer'
), c AS (
  SELECT p.r0, p.r, p.customer_id,
    CASE
      WHEN p.r = greatest(8, n.n // 2) THEN 'zero'
      WHEN p.r <= 5 THEN 'steady'
      WHEN ${u(["p.r0"], 3)} < 0.17 THEN 'new'
      WHEN ${u(["p.r0"], 3)} < 0.32 THEN 'churn'
      WHEN ${u(["p.r0"], 3)} < 0.325 THEN 'returner'
      ELSE 'steady' END AS kind,
    4000000.0 * pow(p.r, -0.9) * CASE WHEN p.r = 1 THEN 1.1 WHEN p.r <= 5 THEN 1.0 ELSE exp(0.35 * ${normalSql(["p.r0"], 4)}) END
      AS yearly,
    CASE p.r WHEN 1 THEN 0.25 WHEN 3 THEN 0.012 WHEN 7 THEN -0.025 WHEN 12 THEN 0.03 ELSE 0.10 + 0.35 * ${u(["p.r0"], 6)} END
      AS margin,
    least(0.15, 0.15 * pow(p.r, -0.3)) AS discount,
    greatest(1.0, 100.0 / sqrt(p.r)) AS rate
  FROM ${SAMPLE_TABLES.pool} p, n WHERE p.status = 'customer'
), life AS (
  SELECT c.*, d.start_date, d.days, d.w0,
    CASE kind WHEN 'new' THEN 200 + floor(${u(["r0"], 7)} * (days - 260)) ELSE 0 END::INTEGER AS first_day,
    CASE kind
      WHEN 'churn' THEN 150 + floor(${u(["r0"], 8)} * (days - 240))
      WHEN 'returner' THEN w0 - 1 - floor(${u(["r0"], 8)} * 200)
      WHEN 'zero' THEN w0 - 1 - floor(${u(["r0"], 8)} * 100)
      ELSE days - 1 END::INTEGER AS last_day
  FROM c, d
)
SELECT *,
  greatest(1, round(rate * (last_day - first_day + 1) / 365.25 * (0.85 + 0.3 * ${u(["r0"], 9)})))::INTEGER AS n_inv
FROM life`;

/** The product catalogue: code and list price. */
export const PRODUCT_SQL = `
CREATE OR REPLACE TEMP TABLE ${SAMPLE_TABLES.product} AS
SELECT p::INTEGER AS p,
  list_element(${listSql(PRODUCT_FAMILIES)}, 1 + (p % ${PRODUCT_FAMILIES.length})::INTEGER) || '-'
    || CAST(1000 + p // ${PRODUCT_FAMILIES.length} AS VARCHAR) AS code,
  round(greatest(0.5, exp(ln(18.0) + 1.1 * ${normalSql(["p"], 21)})), 2) AS list_price
FROM range(${PRODUCTS}) t(p)`;

const linesOf = (k: string) => `least(15, 1 + floor(15 * pow(${u(["c.r0", k], 11)}, 2.2)))::INTEGER`;

/**
 * Invoices and credit notes. Each document has a line key (r0, k): a credit note reuses the key of the
 * invoice it returns, so its lines return the same products at the same prices; frac is the share of
 * each line's quantity returned. $1 is the only parameter.
 */
export const DOCS_SQL = `
CREATE OR REPLACE TEMP TABLE ${SAMPLE_TABLES.docs} AS
WITH reg AS (
  SELECT c.r0, c.kind, t.k::INTEGER AS k,
    CASE WHEN c.r = 1 AND t.k = 0 THEN c.days - 1
      ELSE c.first_day + floor(${u(["c.r0", "t.k"], 10)} * (c.last_day - c.first_day + 1)) END::INTEGER AS day,
    c.r = 1 AND t.k = 0 AS pinned,
    ${linesOf("t.k")} AS lines,
    t.k > 0 AND ${u(["c.r0", "t.k"], 12)} < 0.005 AS no_customer,
    c.days
  FROM ${SAMPLE_TABLES.cust} c, range(c.n_inv) t(k)
), extra AS (
  SELECT c.r0, c.kind, 1000000 AS k, (c.w0 + 30 + floor(${u(["c.r0"], 13)} * 200))::INTEGER AS day,
    false AS pinned, ${linesOf("1000000")} AS lines, false AS no_customer, c.days
  FROM ${SAMPLE_TABLES.cust} c WHERE c.kind = 'zero'
)
SELECT r0, k, day, pinned, lines, no_customer, false AS credit, 1.0 AS frac FROM reg
UNION ALL
SELECT r0, k, day, pinned, lines, no_customer, false, 1.0 FROM extra
UNION ALL
SELECT r0, k, least(days - 1, day + 3 + floor(${u(["r0", "k"], 15)} * 28))::INTEGER, false,
  1 + floor(${u(["r0", "k"], 16)} * least(3, lines))::INTEGER, no_customer, true, ${u(["r0", "k"], 17)}
FROM reg WHERE kind <> 'zero' AND ${u(["r0", "k"], 14)} < 0.1
UNION ALL
SELECT reg.r0, reg.k, (c.w0 + 10 + floor(${u(["c.r0"], 18)} * 300))::INTEGER, false,
  1 + floor(${u(["c.r0"], 19)} * least(3, reg.lines))::INTEGER, reg.no_customer, true, ${u(["c.r0"], 20)}
FROM reg JOIN ${SAMPLE_TABLES.cust} c USING (r0) WHERE reg.kind = 'returner' AND reg.k = 0
UNION ALL
SELECT r0, k, day + 7, false, lines, no_customer, true, 1.0 FROM extra`;

/** The invoice lines, in file order. */
export const LINES_SQL = `
WITH adj AS (
  SELECT d.*,
    CASE WHEN d.pinned THEN d.day
      -- weekend dates move to a weekday of the week before (Saturday 1–5 days back, Sunday 2–6)
      WHEN dayofweek(c.start_date + d.day) IN (0, 6) THEN greatest(0, d.day
        - CASE dayofweek(c.start_date + d.day) WHEN 6 THEN 1 ELSE 2 END
        - ${intBelowSql(["d.r0", "d.k", "d.credit::INTEGER"], 26, "5")})
      ELSE d.day END AS doc_day
  FROM ${SAMPLE_TABLES.docs} d JOIN ${SAMPLE_TABLES.cust} c USING (r0)
), numbered AS (
  SELECT adj.*,
    CASE WHEN credit THEN 'CN' ELSE 'INV' END
      || lpad(CAST(row_number() OVER (PARTITION BY credit ORDER BY doc_day, r0, k) AS VARCHAR), 7, '0')
      AS invoice_no
  FROM adj
), lines AS (
  SELECT n.*, t.j::INTEGER AS j, c.customer_id, c.start_date, c.yearly, c.rate, c.margin, c.discount,
    CAST(floor(${PRODUCTS} * pow(${u(["n.r0", "n.k", "t.j"], 22)}, 1.6)) AS INTEGER) AS p,
    ${u(["n.r0", "n.k", "t.j"], 24)} AS u_cost,
    c.yearly / c.rate / 5.5 * exp(0.5 * ${normalSql(["n.r0", "n.k", "t.j"], 25)}) AS target
  FROM numbered n, range(n.lines) t(j), ${SAMPLE_TABLES.cust} c
  WHERE c.r0 = n.r0
), priced AS (
  SELECT l.*, pr.code, round(pr.list_price * (1 - l.discount), 2) AS price
  FROM lines l JOIN ${SAMPLE_TABLES.product} pr USING (p)
), qty AS (
  SELECT priced.*, greatest(1, round(target / price)) AS q FROM priced
)
SELECT invoice_no AS InvoiceNo,
  start_date + doc_day AS InvoiceDate,
  CASE WHEN no_customer THEN NULL ELSE customer_id END AS CustomerID,
  code AS ProductCode,
  CAST(CASE WHEN credit THEN -greatest(1, ceil(q * frac)) ELSE q END AS INTEGER) AS Quantity,
  CAST(price AS DECIMAL(12, 2)) AS UnitPrice,
  CAST(round(price * (1 - (margin + 0.08 * (u_cost - 0.5))), 2) AS DECIMAL(12, 2)) AS UnitCost
FROM qty
ORDER BY InvoiceDate, InvoiceNo, j`;

/** Distinct company names the word lists make; beyond them a name gets a number. */
const NAME_COMBOS = NAME_FIRST.length * NAME_SECOND.length * NAME_SUFFIX.length;

/**
 * The customer list, in file order. Names: nidx (a permutation of the pool) times a multiplier coprime with
 * NAME_COMBOS picks a distinct (first, second, suffix) combination for each of the first NAME_COMBOS ids.
 */
export const CUSTOMERS_SQL = `
WITH named AS (
  SELECT p.*, c.yearly,
    (p.nidx * ${NAME_COMBO_STEP} + 3) % ${NAME_COMBOS} AS combo,
    ${intBelowSql(["p.r0"], 37, String(TAGS.length))} AS t1,
    (${intBelowSql(["p.r0"], 37, String(TAGS.length))} + 1 + ${intBelowSql(["p.r0"], 38, String(TAGS.length - 1))})
      % ${TAGS.length} AS t2,
    ${u(["p.r0"], 39)} < CASE WHEN p.r <= 10 AND p.status = 'customer' THEN 0.3 ELSE 0.035 END AS tagged,
    ${u(["p.r0"], 40)} < 0.4 AS two_tags
  FROM ${SAMPLE_TABLES.pool} p LEFT JOIN ${SAMPLE_TABLES.cust} c USING (r0)
), parts AS (
  SELECT named.*,
    list_element(${listSql(NAME_FIRST)}, 1 + (combo % ${NAME_FIRST.length})::INTEGER) AS w1,
    1 + (combo // ${NAME_FIRST.length} % ${NAME_SECOND.length})::INTEGER AS i2,
    list_element(${listSql(NAME_SUFFIX)}, 1 + (combo // ${NAME_FIRST.length * NAME_SECOND.length})::INTEGER)
      AS suffix
  FROM named
), tl AS (SELECT ${listSql(TAGS)} AS tags)
SELECT customer_id,
  w1 || ' ' || list_element(${listSql(NAME_SECOND.map(([word]) => word))}, i2) || CASE WHEN suffix = '' THEN '' ELSE ' ' || suffix END
    || CASE WHEN nidx >= ${NAME_COMBOS} THEN ' ' || CAST(1 + nidx // ${NAME_COMBOS} AS VARCHAR) ELSE '' END AS name,
  status,
  CASE WHEN ${hasManagerSql("r0", "status")} THEN list_element(${listSql(MANAGERS)}, 1 + ${managerIndexSql("r0")}) END
    AS account_manager,
  CAST(CASE
    WHEN status = 'customer' THEN greatest(1000, round(yearly * CASE WHEN ${u(["r0"], 34)} < 0.1
      THEN 0.7 + 0.25 * ${u(["r0"], 35)} ELSE 1 / (0.2 + 0.7 * ${u(["r0"], 35)}) END, -3))
    WHEN status = 'prospect' OR ${u(["r0"], 34)} < 0.4
      THEN greatest(1000, round(exp(ln(15000.0) + 1.3 * ${normalSql(["r0"], 35)}), -3))
  END AS BIGINT) AS potential,
  ${pickSql(REGIONS, ["r0"], 36)} AS region,
  list_element(${listSql(NAME_SECOND.map(([, sector]) => sector))}, i2) AS sector,
  CASE WHEN NOT tagged THEN NULL
    WHEN NOT two_tags THEN list_element(tags, 1 + t1)
    ELSE list_element(tags, 1 + least(t1, t2)) || ';' || list_element(tags, 1 + greatest(t1, t2)) END AS tags
FROM parts, tl
ORDER BY customer_id`;
