import type { Warning } from "./errors.js";
import type { Measure } from "./policy.js";
import type { PyramidLayer } from "./pyramid.js";

/** An example of a rejected or suspicious input line. */
export interface LineExample {
  /** 1-based line number in the file (the header is line 1); for XLSX the sheet row. */
  line: number;
  column: string | null;
  value: string | null;
}

export interface RejectReason {
  reason: string;
  count: number;
  examples: LineExample[];
}

/** What was read and what happened to it: nothing is dropped silently. */
export interface DataSummary {
  file: string;
  format: string;
  /** Details of how the file was read: delimiter, encoding, decimal separator, date format, sheet… */
  reading: Record<string, string>;
  linesRead: number;
  linesUsed: number;
  linesWithoutCustomer: number;
  revenueWithoutCustomer: number;
  linesOutsideWindow: number;
  linesBeforeWindow: number;
  linesAfterAsOf: number;
  linesRejected: number;
  rejects: RejectReason[];
  firstDate: string | null;
  lastDate: string | null;
  customersSeen: number;
}

export interface ClientLine {
  customerId: string;
  name: string | null;
  value: number;
  share: number;
}

/** The machine-readable result of `strata analyze` (summary.json): every figure of the terminal output. */
export interface Summary {
  /** The version, and the policy file the settings came from (null: defaults and flags only). */
  strata: { version: string; config?: string | null };
  data: DataSummary;
  /** Field → source column or expression, as used. */
  mapping: Record<string, string>;
  customerList: CustomerListSummary | null;
  window: {
    asOf: string;
    firstDay: string;
    lastDay: string;
    horizon: string;
    asOfSource: "option" | "latest invoice";
  };
  measure: Measure;
  measureSource: "option" | "default";
  /** With `--measure predicted`: the model, the horizon and the predicted classes beside the current ones. */
  predicted?: PredictedSummary;
  abc: {
    thresholds: number[];
    classes: Array<{
      label: string;
      upTo: number;
      customers: number;
      customersShare: number;
      value: number;
      valueShare: number;
    }>;
  };
  pyramid: {
    cuts: [number, number, number];
    layers: Array<{
      layer: PyramidLayer;
      label: string;
      customers: number;
      customersShare: number;
      customersShareOfActive: number | null;
      value: number;
      valueShare: number;
    }>;
  };
  concentration: {
    activeCustomers: number;
    totalValue: number;
    customersFor80: number;
    customersFor80Share: number;
    top1Share: number;
    top5Share: number;
    top10Share: number;
    top20PercentShare: number;
    gini: number;
    hhi: number;
    keyClientShare: number;
    monopolyClientShare: number;
    keyClients: ClientLine[];
    monopolyClients: ClientLine[];
  };
  nonPositive: { customers: number; value: number; list: ClientLine[] };
  topCustomers: CustomerRow[];
  /** Pareto curve: [share of customers, cumulative share of value], thinned. */
  curve: Array<[number, number]>;
  warnings: Warning[];
}

export interface CustomerListSummary {
  file: string;
  mapping: Record<string, string>;
  rowsRead: number;
  rowsUsed: number;
  rowsRejected: number;
  rejects: RejectReason[];
  /** Rows kept whose value in one column was not usable (potential not a number, a tag cell not yes/no). */
  valueProblems?: RejectReason[];
  /** Listed ids with no invoice line at all. */
  listedWithoutInvoices: number;
  /** Invoice customers missing from the list. */
  invoicedNotListed: number;
  statuses: Record<string, number>;
}

/** One row of customers.csv / customers.xlsx. */
export interface CustomerRow {
  customer_id: string;
  name: string | null;
  revenue: number;
  cost: number | null;
  margin: number | null;
  invoices: number;
  first_date: string | null;
  last_date: string | null;
  recency_days: number | null;
  value: number;
  rank: number | null;
  share: number | null;
  cum_share: number | null;
  abc: string | null;
  pyramid: string | null;
}

/**
 * Every customer of an analysis as the history store saves them, column by column (typed arrays, no row
 * objects): what a saved analysis keeps, built straight from the classification. Missing values: −1 for
 * days, 0 for rank, NaN for shares and money, null for text.
 */
export interface SavedCustomerColumns {
  ids: readonly string[];
  name: readonly (string | null)[];
  revenue: Float64Array;
  /** Null when the data has no cost. */
  cost: Float64Array | null;
  margin: Float64Array | null;
  invoices: Int32Array;
  firstDay: Int32Array;
  lastDay: Int32Array;
  recencyDays: Int32Array;
  value: Float64Array;
  rank: Int32Array;
  share: Float64Array;
  cumShare: Float64Array;
  abc: readonly (string | null)[];
  pyramid: readonly (string | null)[];
  active: Uint8Array;
  lastDayBefore: Int32Array;
  accountManager: readonly (string | null)[];
}

/** A customer as a saved analysis keeps it: the row of customers.csv plus what a later migration needs. */
export type SavedCustomerRow = CustomerRow & {
  /** Bought in the analysis window. */
  active: boolean;
  /** Last purchase before the window, 'YYYY-MM-DD', or null when none. */
  last_date_before: string | null;
  /** From the customer list, when it has one. */
  account_manager: string | null;
};

export const CUSTOMER_COLUMNS: readonly (keyof CustomerRow)[] = [
  "customer_id",
  "name",
  "revenue",
  "cost",
  "margin",
  "invoices",
  "first_date",
  "last_date",
  "recency_days",
  "value",
  "rank",
  "share",
  "cum_share",
  "abc",
  "pyramid",
];

/** The prediction `--measure predicted` ranks by, and how its classes compare with the current ones. */
export interface PredictedSummary {
  model: "BG/NBD + Gamma-Gamma";
  /** Fitted on purchases up to the as-of date; predicting the next `horizon`. */
  horizon: string;
  bgnbd: { r: number; alpha: number; a: number; b: number; logLikelihood: number; converged: boolean };
  gammaGamma: { p: number; q: number; gamma: number; converged: boolean } | null;
  /** Customers with a prediction (every customer who bought up to the as-of date). */
  customers: number;
  /** Sum of the predicted value over the horizon, and of the current revenue in the window. */
  predictedValue: number;
  currentRevenue: number;
  /** Customers by current class (ABC on revenue in the window; "-" when not ranked) × predicted class. */
  classes: string[];
  crosstab: Record<string, Record<string, number>>;
}
