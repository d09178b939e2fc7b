/** The result types of coverage.ts, and its closed sets. */
import type { CoverageSettings } from "./coverage-settings.js";
import type { Warning } from "./errors.js";

/** How a customer's actual attention compares with its plan; `unknown` when there are no activities. */
export const COVERAGE_STATUSES = ["under-served", "on-plan", "over-served", "unknown"] as const;
export type CoverageStatus = (typeof COVERAGE_STATUSES)[number];

/** The level (and class row) of customers without a class. */
export const UNRANKED = "unranked";

/** Per customer, aligned with book.ids. Planned and actual figures are over the book's window. */
export interface CustomerCoverage {
  /** Class label whose service level applies, or UNRANKED. */
  level: string[];
  plannedContacts: Float64Array;
  plannedHours: Float64Array;
  /** NaN when there are no activities (unknown, not zero). */
  actualContacts: Float64Array;
  actualHours: Float64Array;
  status: CoverageStatus[];
}

/** One class (or UNRANKED, or the total) over the window. */
export interface ClassCoverage {
  label: string;
  customers: number;
  /** Sum of value, negative values included. */
  value: number;
  /** Positive value of the class / positive value of all customers (0 … 1; 0 when nobody has value). */
  valueShare: number;
  plannedContacts: number;
  plannedHours: number;
  /** plannedHours / all planned hours (0 when nothing is planned). */
  plannedTimeShare: number;
  /** null when there are no activities. */
  actualContacts: number | null;
  actualHours: number | null;
  /** actualHours / all actual hours; null without activities or when no hours were recorded. */
  timeShare: number | null;
  /** actualContacts / all actual contacts; null without activities or when there were no contacts. */
  contactShare: number | null;
  /** Customers per status. */
  status: Record<CoverageStatus, number>;
}

/** What the plan needs against what the team has, per year. */
export interface Capacity {
  /** Σ over customers of contacts a year × hours per contact of their level. */
  neededHours: number;
  availableHours: number;
  reps: number;
  /** Where the team came from: the settings, or one rep per account manager in the book. */
  repsSource: "settings" | "account managers";
  hoursPerRep: number;
  /** neededHours − availableHours: above 0 the team is short, below 0 it has time to spare. */
  gapHours: number;
  neededFte: number;
  availableFte: number;
  /** gapHours / hoursPerRep, exact. */
  gapFte: number;
  /** gapFte rounded up: people to add (above 0), or people the plan can spare (below 0, as −n). */
  gapPeople: number;
}

/** The book of one account manager (null: customers without one). Planned and actual over the window. */
export interface ManagerCoverage {
  accountManager: string | null;
  customers: number;
  /** Customers per class label and UNRANKED. */
  byClass: Record<string, number>;
  value: number;
  plannedContacts: number;
  plannedHours: number;
  plannedHoursPerYear: number;
  /** plannedHoursPerYear / hoursPerRep: the people this book needs. */
  workloadFte: number;
  actualContacts: number | null;
  actualHours: number | null;
  underServed: number;
  overServed: number;
}

export interface Coverage {
  settings: CoverageSettings;
  windowYears: number;
  hasActivities: boolean;
  /** Class labels best first, as used for the levels; UNRANKED follows them in `classes`. */
  labels: string[];
  customers: CustomerCoverage;
  /** One row per label, then UNRANKED. */
  classes: ClassCoverage[];
  total: ClassCoverage;
  capacity: Capacity;
  /** By account manager in byte order, customers without one last. */
  managers: ManagerCoverage[];
  warnings: Warning[];
}
