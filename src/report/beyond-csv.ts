/**
 * The files beyond billing (issue 4): potential.csv, profitability.csv, strategy.csv, coverage.csv,
 * groups.csv and capacity.json, as text for the caller to write. Each CSV is built as a typed table first,
 * so that the spreadsheet sheets (customers-xlsx.ts) carry the same columns with real numbers. RFC 4180,
 * CRLF, UTF-8; like customers.csv, fields are quoted when needed and written as they are (no formula guard).
 */
import type { Beyond, Groups } from "../core/beyond.js";
import type { CustomerBook } from "../core/book.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import { compareIds } from "../core/compare-ids.js";
import { assertNever } from "../core/errors.js";
import { fromUnits, toUnits } from "../core/money-units.js";
import { rankCustomers } from "../core/rank.js";
import { csvField } from "./customers-csv.js";
import { formatPlain } from "./format.js";

/**
 * How a column is written: money (4 decimals), fraction (a ratio such as share of wallet, 4 decimals),
 * share (a share of value, 6 decimals as in customers.csv), number (hours, contacts: 4 decimals),
 * count (whole), score (4 decimals), text.
 */
export type BeyondColumnKind = "text" | "money" | "fraction" | "share" | "number" | "count" | "score";

export interface BeyondColumn {
  key: string;
  kind: BeyondColumnKind;
}

/** A cell: null is unknown or none (an empty field), numbers are finite. */
export type BeyondCell = string | number | null;

/** One file's columns and rows, before formatting. */
export interface BeyondTable {
  columns: readonly BeyondColumn[];
  rows: BeyondCell[][];
}

/** Decimals kept in CSV per numeric kind. */
export const BEYOND_DECIMALS: Record<Exclude<BeyondColumnKind, "text">, number> = {
  money: 4,
  fraction: 4,
  share: 6,
  number: 4,
  count: 0,
  score: 4,
};

const EOL = "\r\n";

const cols = (spec: ReadonlyArray<readonly [string, BeyondColumnKind]>): BeyondColumn[] =>
  spec.map(([key, kind]) => ({ key, kind }));

/** A known number, or null (NaN and ±Infinity are unknown). */
const num = (x: number | undefined): number | null => (x !== undefined && Number.isFinite(x) ? x : null);

/**
 * Book indices, best value first: the ranked customers by value descending, then the others (value ≤ 0 or
 * unknown) by value descending, unknown last; ties by id in byte order, as everywhere in Strata.
 */
export function bookOrder(book: CustomerBook): number[] {
  const ranking = rankCustomers(book.value, book.ids);
  const rest: number[] = [];
  for (let i = 0; i < book.ids.length; i++) if ((ranking.rankOf[i] ?? 0) === 0) rest.push(i);
  const v = (i: number) => {
    const x = book.value[i] ?? Number.NaN;
    return Number.isFinite(x) ? toUnits(x) : Number.NEGATIVE_INFINITY;
  };
  rest.sort((a, b) => {
    const d = v(b) - v(a);
    return (Number.isNaN(d) ? 0 : d) || compareIds(book.ids[a] ?? "", book.ids[b] ?? "");
  });
  return [...ranking.order, ...rest];
}

export const POTENTIAL_COLUMNS = cols([
  ["customer_id", "text"],
  ["value_class", "text"],
  ["potential", "money"],
  ["potential_class", "text"],
  ["share_of_wallet", "fraction"],
  ["cell", "text"],
  ["name", "text"],
  ["revenue", "money"],
  ["gap", "money"],
]);

/**
 * potential.csv as a table: per customer, best value first. `cell` is the action of the customer's cell in
 * the value × potential matrix (a POTENTIAL_ACTIONS key), empty outside it; `gap` = potential − max(revenue,
 * 0) in exact units, empty when share of wallet is undefined (potential unknown or ≤ 0).
 */
export function potentialTable(b: Beyond): BeyondTable {
  const { book, potential: p } = b;
  const m = p.matrix;
  const rows = bookOrder(book).map((i): BeyondCell[] => {
    const pc = p.potentialClassOf[i] ?? NOT_RANKED;
    const vc = book.abc[i] ?? null;
    const r = vc === null ? -1 : m.rows.indexOf(vc);
    const c = pc === NOT_RANKED ? -1 : pc;
    const action = r >= 0 && c >= 0 ? (m.cells[r * m.columns.length + c]?.action ?? null) : null;
    const sow = num(p.shareOfWallet[i]);
    const pot = num(book.potential[i]);
    const rev = book.revenue[i] ?? 0;
    return [
      book.ids[i] ?? "",
      vc,
      pot,
      c >= 0 ? (p.potentialLabels[c] ?? null) : null,
      sow,
      action,
      book.name[i] ?? null,
      num(rev),
      sow === null || pot === null ? null : fromUnits(toUnits(pot) - Math.max(0, toUnits(rev))),
    ];
  });
  return { columns: POTENTIAL_COLUMNS, rows };
}

export const PROFITABILITY_COLUMNS = cols([
  ["customer_id", "text"],
  ["revenue_class", "text"],
  ["margin_class", "text"],
  ["margin_pct", "fraction"],
  ["attention_hours", "number"],
  ["profile", "text"],
  ["name", "text"],
  ["revenue", "money"],
  ["margin", "money"],
  ["flagged", "text"],
]);

/**
 * profitability.csv as a table: revenue and margin classes, margin % (margin / revenue), hours of attention
 * (empty without activities), VIP / regular / problem, and the FLAG_REASONS keys of flagged customers.
 */
export function profitabilityTable(b: Beyond): BeyondTable {
  const { book, profitability: pr } = b;
  const mf = pr.margin.kind === "margin" ? pr.margin : null;
  const reasons = new Map(mf?.flagged.map((f) => [f.index, f.reasons.join(";")]) ?? []);
  const att = pr.attention;
  const label = (labels: readonly string[], k: number | undefined) =>
    k === undefined || k === NOT_RANKED ? null : (labels[k] ?? null);
  const rows = bookOrder(book).map((i): BeyondCell[] => [
    book.ids[i] ?? "",
    label(pr.revenueLabels, pr.revenueClassOf[i]),
    mf === null ? null : label(mf.marginLabels, mf.marginClassOf[i]),
    mf === null ? null : num(mf.marginPercent[i]),
    !book.hasActivities ? null : att.measured ? (att.hours[i] ?? 0) : Math.max(0, num(book.hours[i]) ?? 0),
    pr.profiles.profile[i] ?? null,
    book.name[i] ?? null,
    num(book.revenue[i]),
    num(book.margin[i]),
    reasons.get(i) ?? null,
  ]);
  return { columns: PROFITABILITY_COLUMNS, rows };
}

export const STRATEGY_COLUMNS = cols([
  ["customer_id", "text"],
  ["categories", "text"],
  ["score", "score"],
  ["strategic_tier", "text"],
  ["abc", "text"],
  ["name", "text"],
  ["tier_differs", "text"],
  ["reasons", "text"],
  ["at_risk_reasons", "text"],
]);

/** strategy.csv as a table: categories (';'), score, tier beside ABC, and why the two differ ('; '). */
export function strategyTable(b: Beyond): BeyondTable {
  const { book, strategy: s } = b;
  const differs = new Map(s.differences.map((d) => [d.index, d.reasons.join("; ")]));
  const rows = bookOrder(book).map((i): BeyondCell[] => [
    book.ids[i] ?? "",
    (s.categories[i] ?? []).join(";") || null,
    num(s.score[i]),
    s.tier[i] ?? null,
    book.abc[i] ?? null,
    book.name[i] ?? null,
    differs.has(i) ? "yes" : "no",
    differs.get(i) || null,
    (s.atRiskReasons[i] ?? []).join("; ") || null,
  ]);
  return { columns: STRATEGY_COLUMNS, rows };
}

export const COVERAGE_COLUMNS = cols([
  ["customer_id", "text"],
  ["class", "text"],
  ["planned_contacts", "number"],
  ["actual_contacts", "number"],
  ["status", "text"],
  ["name", "text"],
  ["account_manager", "text"],
  ["planned_hours", "number"],
  ["actual_hours", "number"],
]);

/**
 * coverage.csv as a table: the class whose service level applies ("unranked" for customers without one),
 * planned and actual contacts and hours over the window (actuals empty without activities), and the status.
 */
export function coverageTable(b: Beyond): BeyondTable {
  const { book } = b;
  const cc = b.coverage.customers;
  const rows = bookOrder(book).map((i): BeyondCell[] => [
    book.ids[i] ?? "",
    cc.level[i] ?? null,
    num(cc.plannedContacts[i]),
    num(cc.actualContacts[i]),
    cc.status[i] ?? null,
    book.name[i] ?? null,
    book.accountManager[i] ?? null,
    num(cc.plannedHours[i]),
    num(cc.actualHours[i]),
  ]);
  return { columns: COVERAGE_COLUMNS, rows };
}

export const GROUPS_COLUMNS = cols([
  ["customer_id", "text"],
  ["group", "text"],
  ["group_abc", "text"],
  ["group_rank", "count"],
  ["group_share", "share"],
  ["abc", "text"],
  ["name", "text"],
]);

/**
 * groups.csv as a table: customers group by group (in the order of `g.groups`, customers without a group
 * last), within a group by rank, then the unranked best value first. Rank and share are empty when the
 * customer is not ranked within its group.
 */
export function groupsTable(g: Groups, book: CustomerBook): BeyondTable {
  const groupIndex = new Map(g.groups.map((x, k) => [x.group, k]));
  const position = new Map(bookOrder(book).map((i, k) => [i, k]));
  const gi = (i: number) => groupIndex.get(g.group[i] ?? null) ?? g.groups.length;
  const rank = (i: number) => {
    const r = g.groupRank[i] ?? 0;
    return r > 0 ? r : Number.POSITIVE_INFINITY;
  };
  const order = book.ids.map((_, i) => i);
  order.sort((a, b) => {
    const ra = rank(a);
    const rb = rank(b);
    return (
      gi(a) - gi(b) || (ra === rb ? 0 : ra < rb ? -1 : 1) || (position.get(a) ?? 0) - (position.get(b) ?? 0)
    );
  });
  const rows = order.map((i): BeyondCell[] => {
    const ranked = (g.groupRank[i] ?? 0) > 0;
    return [
      book.ids[i] ?? "",
      g.group[i] ?? null,
      g.groupAbc[i] ?? null,
      ranked ? (g.groupRank[i] ?? null) : null,
      ranked ? num(g.groupShare[i]) : null,
      book.abc[i] ?? null,
      book.name[i] ?? null,
    ];
  });
  return { columns: GROUPS_COLUMNS, rows };
}

function csvCell(v: BeyondCell, kind: BeyondColumnKind): string {
  if (v === null) return "";
  if (typeof v === "string") return csvField(v);
  switch (kind) {
    case "text":
      return csvField(String(v));
    case "money":
    case "fraction":
    case "share":
    case "number":
    case "count":
    case "score":
      return formatPlain(v, BEYOND_DECIMALS[kind]);
    default:
      return assertNever(kind);
  }
}

/** A table as CSV text: the header, then one record per row, each ending in CRLF. */
export function tableCsv(t: BeyondTable): string {
  const lines = [t.columns.map((c) => csvField(c.key)).join(",")];
  for (const row of t.rows) lines.push(t.columns.map((c, k) => csvCell(row[k] ?? null, c.kind)).join(","));
  return lines.join(EOL) + EOL;
}

/** potential.csv: one record per customer, best value first. */
export const potentialCsv = (b: Beyond): string => tableCsv(potentialTable(b));
/** profitability.csv: one record per customer, best value first. */
export const profitabilityCsv = (b: Beyond): string => tableCsv(profitabilityTable(b));
/** strategy.csv: one record per customer, best value first. */
export const strategyCsv = (b: Beyond): string => tableCsv(strategyTable(b));
/** coverage.csv: one record per customer, best value first; hours and contacts over the window. */
export const coverageCsv = (b: Beyond): string => tableCsv(coverageTable(b));
/** groups.csv: one record per customer, group by group. */
export const groupsCsv = (g: Groups, book: CustomerBook): string => tableCsv(groupsTable(g, book));

/**
 * capacity.json (camelCase, as summary.json): the window in years, whether activities were given, the
 * capacity (hours a year), where the reps came from, the per-class rows (UNRANKED last) and their total
 * apart (so a class named "total" cannot be mistaken for it), the account managers' books, and what the
 * activities file gave (null when none).
 */
export function capacityJson(b: Beyond): string {
  const c = b.coverage;
  const data = {
    windowYears: c.windowYears,
    hasActivities: c.hasActivities,
    capacity: c.capacity,
    reps: b.reps,
    classes: c.classes,
    total: c.total,
    managers: c.managers,
    activities: b.activities,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
