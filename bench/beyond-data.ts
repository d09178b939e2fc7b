/**
 * The customer list and the activities of the benchmark beyond billing, for the customers of the bench lines
 * (src/sample/generate-bench-lines.ts): each file streamed by one COPY (SELECT … FROM range(N)), every value a
 * hash of the row's index and the seed, like the lines; no row becomes a JavaScript object.
 *
 * The customer list has every customer index of the lines (their ids through benchCustomerIdSql) and 10% more
 * prospects, ids beyond the lines' (C0050000 … for 50,000 customers). A customer's potential follows its
 * expected yearly revenue in the lines (index j gets a share (j+1)^(1/5.6) − j^(1/5.6), scaled, of the
 * invoices): 1–5× that revenue, below it for 10% of them (the value is gone), unknown for 15%; prospects
 * ~15,000 (log-normal). One account manager per 200 customers (95% of customers and 70% of prospects have one).
 *
 * Activities (one per 10 invoice lines) spread evenly over the lines' three years, in date order as a CRM
 * exports them: 93.5% on invoiced customers (index ⌊C·u^1.5⌋, so big customers get more, far less steeply
 * than they buy), 6% on prospects, 0.5% on 20 ids in no other file. A quarter visits, a tenth meetings, then
 * calls and e-mails; 20% without hours (the reader takes the kind's default); 85% by the customer's account
 * manager, 3% without a rep.
 */
import type { Engine } from "../src/engine/engine.js";
import { quoteLiteral } from "../src/engine/engine.js";
import { benchCustomerIdSql } from "../src/sample/generate-bench-lines.js";
import { intBelowSql, normalSql, uniformSql as u } from "../src/sample/random-sql.js";
import { NAME_FIRST, NAME_SECOND, NAME_SUFFIX, REGIONS, TAGS } from "../src/sample/word-lists.js";

/** Mean net revenue of a bench line (measured on the 10M-line file: 130.06), for the potentials. */
const REVENUE_PER_LINE = 130;
/** The exponent of the lines' customer index ⌊C·u^5.6⌋. */
const LINES_PARETO = 5.6;
/** Prospects in the list, as a share of the invoiced customers. */
const PROSPECT_SHARE = 0.1;
const CUSTOMERS_PER_REP = 200;
const ACTIVITIES_PER_LINE = 0.1;
const UNMATCHED_IDS = 20;
/** Activities pick the customer index ⌊C·u^1.5⌋: the biggest buyer gets ~1 a working day at 10M lines. */
const ACTIVITY_PARETO = 1.5;
/** Distinct names of the word lists, and a step coprime with it (as the sample's customer list). */
const NAME_COMBOS = NAME_FIRST.length * NAME_SECOND.length * NAME_SUFFIX.length;
const NAME_COMBO_STEP = 7919;

export interface BenchBeyondOptions {
  /** Invoice lines of the bench file the list and activities go with; activities = lines / 10. */
  lines: number;
  customers: number;
  seed: number;
  /** Last day of the lines, 'YYYY-MM-DD'. */
  endDate: string;
  listPath: string;
  activitiesPath: string;
}

/** The sizes derived from the lines and customers. */
export function benchBeyondSizes(lines: number, customers: number) {
  return {
    prospects: Math.round(customers * PROSPECT_SHARE),
    reps: Math.max(3, Math.round(customers / CUSTOMERS_PER_REP)),
    activities: Math.max(1, Math.round(lines * ACTIVITIES_PER_LINE)),
  };
}

const list = (values: readonly string[]) => `[${values.map(quoteLiteral).join(", ")}]`;

/** SQL of the id of customer index j: the lines' ids below `customers`, then 'C' and the index itself. */
function idSql(j: string, customers: number): string {
  return `CASE WHEN ${j} < ${customers} THEN ${benchCustomerIdSql(j, customers)}
    ELSE 'C' || lpad(CAST(${j} AS VARCHAR), 7, '0') END`;
}

/** SQL of the account manager of customer index j (or NULL): the list's, and the rep of most of j's activities. */
function managerSql(j: string, customers: number, reps: number): string {
  return `CASE WHEN ${u([j], 111)} < CASE WHEN ${j} < ${customers} THEN 0.95 ELSE 0.7 END
    THEN 'Rep ' || CAST(1 + ${intBelowSql([j], 112, String(reps))} AS VARCHAR) END`;
}

/** The customer list's SELECT, by customer id; $1 seed, $2 lines. Pure. */
export function benchListSql(lines: number, customers: number): string {
  const { prospects, reps } = benchBeyondSizes(lines, customers);
  const share = (j: string) =>
    `(pow((${j} + 1) / ${customers}, 1 / ${LINES_PARETO}) - pow(${j} / ${customers}, 1 / ${LINES_PARETO}))`;
  return `
WITH c AS (
  SELECT j, j < ${customers} AS invoiced,
    $2::BIGINT * ${REVENUE_PER_LINE} / 3 * ${share("j")} AS yearly,
    (j * ${NAME_COMBO_STEP} + 3) % ${NAME_COMBOS} AS combo,
    ${intBelowSql(["j"], 109, String(TAGS.length))} AS t1,
    (${intBelowSql(["j"], 109, String(TAGS.length))} + 1 + ${intBelowSql(["j"], 110, String(TAGS.length - 1))})
      % ${TAGS.length} AS t2,
    ${u(["j"], 107)} < CASE WHEN j < 10 THEN 0.3 ELSE 0.035 END AS tagged,
    ${u(["j"], 108)} < 0.4 AS two_tags
  FROM range(${customers + prospects}) t(j)
), parts AS (
  SELECT c.*,
    list_element(${list(NAME_FIRST)}, 1 + (combo % ${NAME_FIRST.length})::INTEGER) AS w1,
    1 + (combo // ${NAME_FIRST.length} % ${NAME_SECOND.length})::INTEGER AS i2,
    list_element(${list(NAME_SUFFIX)}, 1 + (combo // ${NAME_FIRST.length * NAME_SECOND.length})::INTEGER) AS suffix
  FROM c
), tl AS (SELECT ${list(TAGS)} AS tags)
SELECT ${idSql("j", customers)} AS customer_id,
  w1 || ' ' || list_element(${list(NAME_SECOND.map(([word]) => word))}, i2)
    || CASE WHEN suffix = '' THEN '' ELSE ' ' || suffix END
    || CASE WHEN j >= ${NAME_COMBOS} THEN ' ' || CAST(1 + j // ${NAME_COMBOS} AS VARCHAR) ELSE '' END AS name,
  CASE WHEN invoiced THEN 'customer' ELSE 'prospect' END AS status,
  ${managerSql("j", customers, reps)} AS account_manager,
  CAST(CASE WHEN ${u(["j"], 101)} < 0.15 THEN NULL
    WHEN invoiced THEN greatest(500, round(yearly * CASE WHEN ${u(["j"], 102)} < 0.1
      THEN 0.7 + 0.25 * ${u(["j"], 103)} ELSE 1 / (0.2 + 0.7 * ${u(["j"], 103)}) END, -2))
    ELSE greatest(1000, round(exp(ln(15000.0) + 1.3 * ${normalSql(["j"], 104)}), -3)) END AS BIGINT) AS potential,
  list_element(${list(REGIONS)}, 1 + ${intBelowSql(["j"], 106, String(REGIONS.length))}) AS region,
  list_element(${list(NAME_SECOND.map(([, sector]) => sector))}, i2) AS sector,
  CASE WHEN NOT tagged THEN NULL
    WHEN NOT two_tags THEN list_element(tags, 1 + t1)
    ELSE list_element(tags, 1 + least(t1, t2)) || ';' || list_element(tags, 1 + greatest(t1, t2)) END AS tags
FROM parts, tl
ORDER BY customer_id`;
}

/** The activities' SELECT, in date order; $1 seed, $2 activities, $3 end date. Pure. */
export function benchActivitiesSql(lines: number, customers: number): string {
  const { prospects, reps } = benchBeyondSizes(lines, customers);
  return `
WITH d AS (
  SELECT CAST($3::DATE - INTERVAL 3 YEAR + INTERVAL 1 DAY AS DATE) AS start_date,
    ($3::DATE - CAST($3::DATE - INTERVAL 3 YEAR + INTERVAL 1 DAY AS DATE) + 1)::INTEGER AS days
), a AS (
  SELECT i, ${u(["i"], 121)} AS u_who, ${u(["i"], 122)} AS u_kind, ${u(["i"], 123)} AS u_hours,
    ${u(["i"], 124)} AS u_rep,
    CAST(CASE WHEN ${u(["i"], 120)} < 0.06 THEN ${customers} + floor(${prospects} * ${u(["i"], 125)})
      WHEN ${u(["i"], 120)} < 0.065 THEN ${customers + prospects} + floor(${UNMATCHED_IDS} * ${u(["i"], 125)})
      ELSE floor(${customers} * pow(${u(["i"], 125)}, ${ACTIVITY_PARETO})) END AS BIGINT) AS j
  FROM range($2::BIGINT) t(i)
), k AS (
  SELECT a.*, CASE WHEN u_kind < 0.25 THEN 'visit' WHEN u_kind < 0.35 THEN 'meeting'
      WHEN u_kind < 0.75 THEN 'call' ELSE 'email' END AS kind,
    ${managerSql("j", customers, reps)} AS manager
  FROM a
)
SELECT ${idSql("j", customers)} AS customer_id,
  d.start_date + CAST(i * d.days // $2::BIGINT AS INTEGER) AS date,
  kind,
  CAST(CASE WHEN ${u(["i"], 126)} < 0.2 THEN NULL
    WHEN kind = 'visit' THEN round((1 + 2 * u_hours) * 4) / 4
    WHEN kind = 'meeting' THEN round((1 + u_hours) * 4) / 4
    WHEN kind = 'call' THEN round((0.1 + 0.4 * u_hours) * 20) / 20
    ELSE round((0.05 + 0.15 * u_hours) * 20) / 20 END AS DECIMAL(6, 2)) AS hours,
  CASE WHEN manager IS NOT NULL AND u_rep < 0.85 THEN manager
    WHEN u_rep < 0.97 THEN 'Rep ' || CAST(1 + ${intBelowSql(["i"], 127, String(reps))} AS VARCHAR) END AS rep
FROM k, d`;
}

/** Writes the bench customer list and activities as CSV. */
export async function generateBenchBeyond(engine: Engine, opts: BenchBeyondOptions): Promise<void> {
  const { lines, customers, seed, endDate } = opts;
  const { prospects, activities } = benchBeyondSizes(lines, customers);
  if (customers + prospects + UNMATCHED_IDS > 9_999_999) {
    throw new Error(`--customers ${customers}: the list's ids need at most 7 digits; use at most 9,000,000.`);
  }
  await engine.run(
    `COPY (${benchListSql(lines, customers)}) TO ${quoteLiteral(opts.listPath)} (FORMAT csv, HEADER true)`,
    [seed, lines],
  );
  await engine.run(
    `COPY (${benchActivitiesSql(lines, customers)}) TO ${quoteLiteral(opts.activitiesPath)} (FORMAT csv, HEADER true)`,
    [seed, activities, endDate],
  );
}
