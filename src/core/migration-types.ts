import type { Measure } from "./policy.js";

/** What a migration compares: ABC classes or pyramid layers. */
export const MIGRATION_DIMENSIONS = ["abc", "pyramid"] as const;
export type MigrationDimension = (typeof MIGRATION_DIMENSIONS)[number];

/** Row key `new`: not active in the previous window. Column key `lost`: not active in the current one. */
export const NEW = "new";
export const LOST = "lost";

/** One customer classified in one window: the input of a migration, from an analysis or a saved snapshot. */
export interface ClassifiedCustomers {
  ids: readonly string[];
  /** Value (revenue or margin) in the window; 0 when the customer did not buy in it. */
  value: Float64Array;
  /** ABC class label ("A", "B", …) or null when not ranked (value ≤ 0 or no purchase). */
  abc: readonly (string | null)[];
  /** Pyramid layer ("Top", "Big", "Medium", "Small", "NonPositive", "Inactive", "Prospect", "Suspect") or null. */
  pyramid: readonly (string | null)[];
  /** Bought in the window (at least one invoice line in it). */
  active: Uint8Array;
  /** Optional facts for action lists. */
  name?: readonly (string | null)[];
  accountManager?: readonly (string | null)[];
  /** Last purchase before the window (epoch day, -1 none), for the win-back list. */
  lastDayBefore?: Int32Array;
}

export interface MigrationCell {
  from: string;
  to: string;
  customers: number;
  previousValue: number;
  currentValue: number;
}

export interface MigrationMatrix {
  dimension: MigrationDimension;
  /** Row labels in order: the previous classes, then `new`. */
  rows: string[];
  /** Column labels in order: the current classes, then `lost`. */
  columns: string[];
  /** Every (row, column) pair, row-major, including empty cells (customers 0). */
  cells: MigrationCell[];
}

export const MOVEMENTS = ["up", "down", "stayed", "new", "lost", "back"] as const;
/** up/down: moved class; stayed; new: first purchase ever in the current window; back: bought before the previous window, not in it, and again now; lost: active then, not now. */
export type Movement = (typeof MOVEMENTS)[number];

export interface ChurnFigures {
  retained: number;
  new: number;
  /** Among `new`: customers back from inactive (bought before the previous window). */
  back: number;
  lost: number;
  previousActive: number;
  currentActive: number;
  lostValue: number;
  newValue: number;
  /** Current value of customers active in both windows / previous value of customers active in the previous window. */
  netValueRetention: number;
  /** Like net, but each retained customer's current value capped at their previous value. */
  grossValueRetention: number;
  upgrades: number;
  downgrades: number;
  /** Value of all customers active in the previous window: the base of both retention figures (optional, added by migrate). */
  previousValue?: number;
  /** Value of all customers active in the current window (optional, added by migrate). */
  currentValue?: number;
}

/** One row of migration.csv. */
export interface MigrationRow {
  customer_id: string;
  previous_class: string;
  current_class: string;
  previous_value: number;
  current_value: number;
  change: number;
  movement: Movement;
}

export interface ActionItem {
  customerId: string;
  name: string | null;
  accountManager: string | null;
  previousClass: string;
  currentClass: string;
  previousValue: number;
  currentValue: number;
  /** Relative change of value, (current − previous) / previous; null when previous is 0. */
  change: number | null;
  /** Last purchase (YYYY-MM-DD) for win-back; null otherwise. */
  lastPurchase: string | null;
}

export interface ActionLists {
  /** B customers that fell to C (or lower). */
  slidingBToC: ActionItem[];
  /** A customers whose value fell by more than `aDropShare`. */
  aDropped: ActionItem[];
  /** Customers lost from A or B. */
  lostFromAB: ActionItem[];
  /** New customers (or back) entering A or B. */
  newInAB: ActionItem[];
  /** Inactive customers ranked by their past value (previous window value, else 0), best first. */
  winBack: ActionItem[];
}

export interface Migration {
  measure: Measure;
  previous: { firstDay: string; lastDay: string };
  current: { firstDay: string; lastDay: string };
  abc: MigrationMatrix;
  pyramid: MigrationMatrix;
  churn: ChurnFigures;
  actions: ActionLists;
  /** How many customers each action list held before `listLimit` cut it (optional, added by migrate). */
  actionTotals?: Record<keyof ActionLists, number>;
}
