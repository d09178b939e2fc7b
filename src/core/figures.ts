/**
 * Per-customer figures over the window, one entry per customer, column by column.
 * Built by the engine from invoice lines; core never sees a line.
 * Money is in the data's currency, summed exactly by the engine and rounded to 4 decimals.
 * Days are epoch days; -1 means "none".
 */
export interface CustomerFigures {
  readonly ids: readonly string[];
  readonly revenue: Float64Array;
  /** NaN when the data has no cost or margin. */
  readonly cost: Float64Array;
  /** revenue − cost; NaN when the data has no cost or margin. */
  readonly margin: Float64Array;
  /**
   * Distinct invoices in the window (distinct days when there is no invoice id); −1 in the windows read
   * beside the main one (previous, trend), where nothing reports them and counting would cost.
   */
  readonly invoices: Int32Array;
  /** Invoice lines in the window. */
  readonly lines: Int32Array;
  readonly firstDay: Int32Array;
  readonly lastDay: Int32Array;
  /** Last purchase before the window (for Inactive); -1 when none. */
  readonly lastDayBefore: Int32Array;
}

/** Optional facts about customers from a customer list, aligned with CustomerFigures.ids. */
export interface CustomerFacts {
  readonly name: readonly (string | null)[];
  readonly status: readonly (CustomerStatus | null)[];
}

export const CUSTOMER_STATUSES = ["customer", "prospect", "suspect"] as const;
export type CustomerStatus = (typeof CUSTOMER_STATUSES)[number];
