/**
 * The SQL of the sales team's files of the sample (see generate.ts for the model): activities.csv and reps.csv.
 * Pure text; reads the pool and customer tables that sample-sql.ts builds and the revenue per customer and year
 * that yearRevenueSql reads back from invoices.csv. Statements with random numbers take the seed as $1.
 */
import { quoteLiteral } from "../engine/engine.js";
import { intBelowSql, uniformSql as u } from "./random-sql.js";
import { hasManagerSql, listSql, MANAGERS, managerIndexSql, SAMPLE_TABLES } from "./sample-sql.js";

/**
 * How much attention a customer gets in a year. Invoiced customers by their net revenue of that year, as
 * the ABC split does: big (the first 80% of revenue; a quarter of them neglected), medium (up to 95%), small
 * (the rest, and customers who bought nothing that year); a handful of small steady customers are problem
 * clients in every year.
 */
export const ATTENTION_TIERS = [
  "big",
  "neglected",
  "medium",
  "small",
  "problem",
  "prospect",
  "suspect",
] as const;
export type AttentionTier = (typeof ATTENTION_TIERS)[number];

/** Contacts a year per tier: uniform between the two numbers, per customer. */
const CONTACTS_PER_YEAR: Record<AttentionTier, readonly [number, number]> = {
  big: [10, 13],
  neglected: [1, 4],
  medium: [3.5, 4.8],
  small: [0, 1.2],
  problem: [20, 30],
  prospect: [1, 2],
  suspect: [0, 0.4],
};

export const ACTIVITY_KINDS = ["visit", "meeting", "call", "email"] as const;

/** Share of each kind per tier, in the order of ACTIVITY_KINDS. */
const KIND_MIX: Record<AttentionTier, readonly [number, number, number, number]> = {
  big: [0.35, 0.15, 0.3, 0.2],
  neglected: [0.2, 0.1, 0.4, 0.3],
  medium: [0.2, 0.1, 0.4, 0.3],
  small: [0.1, 0.05, 0.45, 0.4],
  problem: [0.55, 0.15, 0.22, 0.08],
  prospect: [0.3, 0.1, 0.4, 0.2],
  suspect: [0.05, 0, 0.55, 0.4],
};

/** Share of the big customers that get few contacts. */
const NEGLECTED_SHARE = 0.25;
/** Days of contacts before a customer's first invoice (winning them) and after their last (too late). */
const LIFE_MARGIN_DAYS = 60;
/** Activities without hours, so that the readers' default hours per kind get used. */
const NO_HOURS_SHARE = 0.2;
/** Customer ids in no other file, and lines each (all in the last year). */
export const UNMATCHED_IDS = 4;
export const UNMATCHED_LINES_PER_ID = 3;
/** Pool keys of the unmatched ids: far beyond any pool row, so their random numbers are their own. */
const UNMATCHED_KEY = 1_000_000_000;

/**
 * The first of the UNMATCHED_IDS numbers of customer ids ('C' + number) that exist in no file: 99001 unless
 * the customer list reaches that far, then just beyond it.
 */
export function firstUnmatchedId(poolSize: number): number {
  return Math.max(99_001, 10_001 + poolSize + 1000);
}

/** Small customers that take a lot of attention (many, long visits): a handful, at least 3. */
export function problemClientCount(customers: number): number {
  return Math.max(3, Math.round(customers / 400));
}

/** The three years of the sample, ending on endDate (SQL): y 0…2, first and last day, as dates and as day offsets. */
const yearsSql = (endDate: string) => `
  SELECT y::INTEGER AS y, start_date, days, first_day, last_day,
    (first_day - start_date)::INTEGER AS y_lo, (last_day - start_date)::INTEGER AS y_hi
  FROM (
    SELECT y, start_date, (end_date - start_date + 1)::INTEGER AS days,
      CAST(end_date - to_years(3 - y::INTEGER) + INTERVAL 1 DAY AS DATE) AS first_day,
      CAST(end_date - to_years(2 - y::INTEGER) AS DATE) AS last_day
    FROM (SELECT ${endDate}::DATE AS end_date, CAST(${endDate}::DATE - INTERVAL 3 YEAR + INTERVAL 1 DAY AS DATE) AS start_date),
      range(3) t(y)
  )`;

/**
 * Net revenue per customer and year, read back from the invoice lines just written: the account managers
 * see the customer's figures, so their attention follows them. $1 is the end date.
 */
export function yearRevenueSql(invoicesCsv: string): string {
  return `
CREATE OR REPLACE TEMP TABLE ${SAMPLE_TABLES.revenue} AS
WITH years AS (${yearsSql("$1")}), l AS (
  SELECT CustomerID AS customer_id, InvoiceDate AS date, Quantity * UnitPrice AS amount
  FROM read_csv(${quoteLiteral(invoicesCsv)}, header = true, auto_detect = false, columns = {
    'InvoiceNo': 'VARCHAR', 'InvoiceDate': 'DATE', 'CustomerID': 'VARCHAR', 'ProductCode': 'VARCHAR',
    'Quantity': 'INTEGER', 'UnitPrice': 'DECIMAL(12, 2)', 'UnitCost': 'DECIMAL(12, 2)'})
  WHERE CustomerID IS NOT NULL
)
SELECT l.customer_id, years.y, sum(l.amount) AS revenue
FROM l JOIN years ON l.date BETWEEN years.first_day AND years.last_day
GROUP BY ALL`;
}

function tierCase(values: (t: AttentionTier) => string): string {
  return `CASE tier ${ATTENTION_TIERS.map((t) => `WHEN '${t}' THEN ${values(t)}`).join(" ")} END`;
}

/** SQL picking the kind of an activity from a uniform number by the tier's mix. */
function kindSql(uniform: string): string {
  return tierCase((t) => {
    let upTo = 0;
    const whens = ACTIVITY_KINDS.slice(0, -1).map((kind, i) => {
      upTo += KIND_MIX[t][i] ?? 0;
      return `WHEN ${uniform} < ${upTo} THEN '${kind}'`;
    });
    return `CASE ${whens.join(" ")} ELSE '${ACTIVITY_KINDS[ACTIVITY_KINDS.length - 1]}' END`;
  });
}

const managerName = (index: string) => `list_element(${listSql(MANAGERS)}, 1 + ${index})`;

/**
 * The activity lines with sort keys. Per customer and year, contacts = the tier's rate × the part of the year
 * the customer was alive, rounded at random (a full year gives at least the rate's floor), on weekdays.
 * $2 end date, $3 first unmatched id number, $4 problem clients.
 */
export const ACTIVITY_ROWS_SQL = `
WITH years AS (${yearsSql("$2")}
), sized AS (
  SELECT customer_id, y, CASE
      WHEN sum(revenue) OVER w - revenue < 0.8 * sum(revenue) OVER (PARTITION BY y) THEN 'big'
      WHEN sum(revenue) OVER w - revenue < 0.95 * sum(revenue) OVER (PARTITION BY y) THEN 'medium'
      ELSE 'small' END AS size
  FROM ${SAMPLE_TABLES.revenue} WHERE revenue > 0
  WINDOW w AS (PARTITION BY y ORDER BY revenue DESC, customer_id ROWS UNBOUNDED PRECEDING)
), problem AS (
  SELECT c.r0, row_number() OVER (ORDER BY ${u(["c.r0"], 50)}, c.r0) AS pick
  FROM ${SAMPLE_TABLES.cust} c JOIN sized s ON s.customer_id = c.customer_id AND s.y = 2
  WHERE c.kind = 'steady' AND s.size = 'small'
), who AS (
  SELECT p.r0, p.customer_id, p.status,
    CASE WHEN ${hasManagerSql("p.r0", "p.status")} THEN ${managerIndexSql("p.r0")} END AS mgr,
    coalesce(pb.pick <= $4, false) AS problem,
    greatest(0, coalesce(c.first_day - ${LIFE_MARGIN_DAYS}, 0)) AS lo,
    coalesce(c.last_day + ${LIFE_MARGIN_DAYS}, 1000000) AS hi
  FROM ${SAMPLE_TABLES.pool} p LEFT JOIN ${SAMPLE_TABLES.cust} c USING (r0) LEFT JOIN problem pb USING (r0)
), spans AS (
  SELECT who.r0, who.customer_id, who.mgr, years.y, years.y_hi - years.y_lo + 1 AS len,
    greatest(who.lo, years.y_lo) AS a, least(who.hi, years.y_hi) AS b,
    CASE WHEN who.status <> 'customer' THEN who.status WHEN who.problem THEN 'problem'
      WHEN s.size = 'big' AND ${u(["who.r0"], 51)} < ${NEGLECTED_SHARE} THEN 'neglected'
      ELSE coalesce(s.size, 'small') END AS tier
  FROM who CROSS JOIN years LEFT JOIN sized s ON s.customer_id = who.customer_id AND s.y = years.y
), counted AS (
  SELECT r0, customer_id, mgr, y, a, b, tier,
    CASE WHEN b < a THEN 0
      ELSE floor(${tierCase((t) => `${CONTACTS_PER_YEAR[t][0]} + ${CONTACTS_PER_YEAR[t][1] - CONTACTS_PER_YEAR[t][0]} * ${u(["r0"], 52)}`)}
        * (b - a + 1) / len + ${u(["r0", "y"], 53)}) END::INTEGER AS n_y
  FROM spans
), unmatched AS (
  SELECT ${UNMATCHED_KEY} + j AS r0, 'C' || CAST($3 + j AS VARCHAR) AS customer_id,
    ${managerIndexSql(`${UNMATCHED_KEY} + j`)} AS mgr, y, y_lo + ${LIFE_MARGIN_DAYS} AS a, y_hi AS b, 'medium' AS tier,
    ${UNMATCHED_LINES_PER_ID} AS n_y
  FROM range(${UNMATCHED_IDS}) t(j), years WHERE y = 2
), acts AS (
  SELECT c.r0, c.customer_id, c.tier, c.mgr, c.y, t.k::INTEGER AS k, c.a, c.b,
    c.a + floor(${u(["c.r0", "c.y", "t.k"], 54)} * (c.b - c.a + 1))::INTEGER AS day0,
    ${u(["c.r0", "c.y", "t.k"], 55)} AS u_kind, ${u(["c.r0", "c.y", "t.k"], 56)} AS u_hours,
    ${u(["c.r0", "c.y", "t.k"], 57)} AS u_none, ${u(["c.r0", "c.y", "t.k"], 58)} AS u_rep,
    ${intBelowSql(["c.r0", "c.y", "t.k"], 59, String(MANAGERS.length - 1))} AS other,
    -- a weekend day moves back 1–5 (Saturday) or 2–6 days (Sunday) to a weekday, or as far forward when
    -- that leaves the span
    CASE dayofweek(yr.start_date + day0) WHEN 6 THEN 1 WHEN 0 THEN 2 ELSE 0 END AS weekend,
    weekend + ${intBelowSql(["c.r0", "c.y", "t.k"], 60, "5")} AS back, yr.start_date
  FROM (SELECT r0, customer_id, mgr, y, a, b, tier, n_y FROM counted
    UNION ALL SELECT r0, customer_id, mgr, y, a, b, tier, n_y FROM unmatched) c
    JOIN years yr USING (y), range(c.n_y) t(k)
), dated AS (
  SELECT *, ${kindSql("u_kind")} AS kind,
    start_date + CASE WHEN weekend = 0 THEN day0 WHEN day0 - back >= a THEN day0 - back
      WHEN day0 + 7 - back <= b THEN day0 + 7 - back ELSE day0 END AS day
  FROM acts
)
SELECT customer_id, strftime(day, '%Y-%m-%d') AS date, kind,
  CASE WHEN u_none < ${NO_HOURS_SHARE} THEN NULL
    WHEN kind = 'visit' AND tier = 'problem' THEN round((2 + 2 * u_hours) * 4) / 4
    WHEN kind = 'visit' THEN round((1 + 2 * u_hours) * 4) / 4
    WHEN kind = 'meeting' THEN round((1 + u_hours) * 4) / 4
    WHEN kind = 'call' THEN round((0.1 + 0.4 * u_hours) * 20) / 20
    ELSE round((0.05 + 0.15 * u_hours) * 20) / 20 END AS hours,
  CASE WHEN mgr IS NULL THEN CASE WHEN u_rep < 0.8 THEN ${managerName(intBelowSql(["r0", "y", "k"], 61, String(MANAGERS.length)))} END
    WHEN u_rep < 0.85 THEN ${managerName("mgr")}
    WHEN u_rep < 0.95 THEN ${managerName(`(mgr + 1 + other) % ${MANAGERS.length}`)}
    END AS rep,
  0 AS src, r0, y, k
FROM dated`;

/** Lines a reader must reject: PLANTED_REJECTS_SQL writes them. */
export const PLANTED_REJECTS = { negativeHours: 2, badDates: 1 } as const;

/**
 * On the customers of pool rank 2, 15 and 6: a visit of −2 h, a call of −0.25 h, and a meeting dated 30 February
 * of the year before the end date ($2).
 */
const PLANTED_REJECTS_SQL = `
SELECT p.customer_id, x.date, x.kind, x.hours, ${managerName(managerIndexSql("p.r0"))} AS rep,
  1 AS src, p.r0, 0 AS y, 0 AS k
FROM (VALUES
    (1, strftime($2::DATE - 41, '%Y-%m-%d'), 'visit', -2.0),
    (14, strftime($2::DATE - 97, '%Y-%m-%d'), 'call', -0.25),
    (5, CAST(year($2::DATE) - 1 AS VARCHAR) || '-02-30', 'meeting', 1.5)
  ) x(r0, date, kind, hours)
  JOIN ${SAMPLE_TABLES.pool} p USING (r0)`;

/** activities.csv in file order: by date (as text, so 30 February sorts in February), customer, then keys. */
export const ACTIVITIES_SQL = `
SELECT customer_id, date, kind, CAST(hours AS DECIMAL(6, 2)) AS hours, rep
FROM (${ACTIVITY_ROWS_SQL} UNION ALL ${PLANTED_REJECTS_SQL})
ORDER BY date, customer_id, src, r0, y, k`;

/** The team's part-time factors, shuffled over the reps by the seed: 7.1 FTE in all. */
const FTES = [1, 1, 1, 1, 1, 0.8, 0.8, 0.5] as const;

/** reps.csv: one row per account manager, in MANAGERS order, with an FTE. $1 is the seed. */
export const REPS_SQL = `
SELECT list_element(${listSql(MANAGERS)}, i::INTEGER + 1) AS rep,
  CAST(list_element([${FTES.join(", ")}], row_number() OVER (ORDER BY ${u(["i"], 62)}, i)::INTEGER) AS DECIMAL(2, 1)) AS fte
FROM range(${MANAGERS.length}) t(i)
ORDER BY i`;
