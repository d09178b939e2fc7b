/**
 * Beyond billing (issue 4): the results of potential, profitability, strategy and coverage for one customer
 * book, with what was read from the activities and reps files. Built by the app layer (app/beyond.ts);
 * read by the terminal, file and report writers. Pure data.
 */
import type { CustomerBook } from "./book.js";
import type { ClassTotals } from "./classify-abc.js";
import type { Coverage } from "./coverage-types.js";
import type { Warning } from "./errors.js";
import type { PotentialResult } from "./potential.js";
import type { ProfitabilityResult } from "./profitability.js";
import type { Strategy } from "./strategy-types.js";
import type { RejectReason } from "./summary.js";

/** What the activities file gave: every line used, outside the window or rejected. */
export interface ActivitiesSummary {
  file: string;
  mapping: Record<string, string>;
  dateFormat: string;
  rowsRead: number;
  /** Lines in the window with a customer: counted as contacts. */
  used: number;
  beforeWindow: number;
  afterAsOf: number;
  rowsRejected: number;
  rejects: RejectReason[];
  /** Per kind (lower case): activities, how many took the kind's default hours, and those hours. */
  kinds: Array<{ kind: string; activities: number; defaulted: number; defaultHours: number }>;
  /** Customers with activities in the window. */
  customers: number;
  /** Of those, ids that are neither invoice customers nor in the customer list (kept out of the book). */
  unmatchedCustomers: number;
  /** Their activities and hours, and the first ids (byte order), so the user can look them up. */
  unmatchedActivities: number;
  unmatchedHours: number;
  unmatchedSample: string[];
  /** Per rep (null: lines without a rep), byte order: contacts and hours in the window. */
  reps: Array<{ rep: string | null; contacts: number; hours: number }>;
}

/** Where the team's hours came from. */
export interface RepsSummary {
  /** "option": a number of reps, from --reps N or the policy file's coverage.reps. */
  source: "file" | "option" | "account managers";
  /** The reps file as the user named it; null unless source is "file". */
  file: string | null;
  reps: number;
  hours: number;
  rowsRead: number;
  rejects: RejectReason[];
}

export interface Beyond {
  book: CustomerBook;
  potential: PotentialResult;
  profitability: ProfitabilityResult;
  strategy: Strategy;
  coverage: Coverage;
  /** null when no activities file was given. */
  activities: ActivitiesSummary | null;
  reps: RepsSummary;
  warnings: Warning[];
}

/** One group of `--by COLUMN`: the ABC classification run on the group's customers alone. */
export interface GroupAnalysis {
  /** The column's value; null for customers without one (not listed, or the cell is empty). */
  group: string | null;
  /** Customers in the group (every customer of the book with this value). */
  customers: number;
  /** Customers ranked (value > 0) within the group. */
  ranked: number;
  /** Sum of the positive values of the group, and its share of the positive value of all groups. */
  value: number;
  valueShare: number;
  /** The group's classes (thresholds of the analysis). */
  classes: ClassTotals[];
  /** Largest customers of the group (at most 5). */
  top: Array<{ customerId: string; name: string | null; value: number; share: number }>;
}

export interface Groups {
  /** The column as the user named it (a customer-list column, or "account_manager"). */
  column: string;
  groups: GroupAnalysis[];
  /** Per customer, aligned with the book: group, class within the group, rank and share within it. */
  group: (string | null)[];
  groupAbc: (string | null)[];
  groupRank: Int32Array;
  groupShare: Float64Array;
  /** Customers whose class within their group differs from their overall class. */
  differ: number;
}
