/**
 * The customer book: what the computations beyond billing (potential, profitability, strategy, coverage)
 * read per customer, beside the classification. One entry per customer, column by column, aligned with
 * CustomerFigures.ids; built by the app layer from the figures, the analysis, the customer list and the
 * activities. Pure data: no I/O. Missing numbers are NaN, missing text null.
 */
export interface CustomerBook {
  readonly ids: readonly string[];
  readonly name: readonly (string | null)[];
  /** Revenue in the window. */
  readonly revenue: Float64Array;
  /** Margin in the window; NaN for every customer when the data has no cost or margin. */
  readonly margin: Float64Array;
  /** The ranking value in the window (revenue or margin, per the measure). */
  readonly value: Float64Array;
  /** ABC class on the value ("A", "B", …), null when not ranked (no purchase, or value ≤ 0). */
  readonly abc: readonly (string | null)[];
  /** The ABC class labels, best first (A, B, C for the default two thresholds). */
  readonly abcLabels: readonly string[];
  /** Key client (share of value ≥ the key-client share). */
  readonly keyClient: Uint8Array;
  /** Value in the previous window of the same length (for growth and downgrades); NaN when unknown. */
  readonly previousValue: Float64Array;
  /** ABC class in the previous window; null when not ranked then or unknown. */
  readonly previousAbc: readonly (string | null)[];
  /** Yearly potential from the customer list (same currency as revenue); NaN when unknown. */
  readonly potential: Float64Array;
  /** Tags from the customer list, lower case, trimmed, without duplicates ([] when none). */
  readonly tags: readonly (readonly string[])[];
  /** Account manager from the customer list. */
  readonly accountManager: readonly (string | null)[];
  /** Status from the customer list: customer, prospect, suspect; null when not listed. */
  readonly status: readonly (string | null)[];
  /** From the activities, over the window: contacts (activities) and hours; 0 when none. */
  readonly contacts: Int32Array;
  readonly hours: Float64Array;
  /** Length of the window in years (12 months = 1), to turn yearly service levels into the window's. */
  readonly windowYears: number;
  /** True when activities were given (contacts and hours are then measured, not missing). */
  readonly hasActivities: boolean;
}
