import type { CustomerRow } from "../core/summary.js";

/** How a customer column is written: the CSV number precision and the spreadsheet format follow from it. */
export type ColumnKind = "text" | "money" | "share" | "count" | "date";

/** The kind of every column of customers.csv / customers.xlsx; a Record, so a new column must be given one. */
export const CUSTOMER_COLUMN_KINDS: Record<keyof CustomerRow, ColumnKind> = {
  customer_id: "text",
  name: "text",
  revenue: "money",
  cost: "money",
  margin: "money",
  invoices: "count",
  first_date: "date",
  last_date: "date",
  recency_days: "count",
  value: "money",
  rank: "count",
  share: "share",
  cum_share: "share",
  abc: "text",
  pyramid: "text",
};

/** Decimals kept in CSV per numeric kind: money to 1/100 of a cent, shares to 6 decimals (0.0001%). */
export const CSV_DECIMALS: Record<Exclude<ColumnKind, "text" | "date">, number> = {
  money: 4,
  share: 6,
  count: 0,
};
