/**
 * Coverage and sales capacity (domain.md, "Coverage and sales capacity"): does sales time follow value?
 * Pure and deterministic.
 * - Each customer gets the service level of its class (ABC by default, or classes given, such as strategic
 *   tiers): planned contacts over the window = contacts a year × book.windowYears, planned hours = planned
 *   contacts × hours per contact.
 * - Status, from the activities: under-served when a checked class (A, B) had fewer contacts than planned ×
 *   the tolerance; over-served when a customer of the last class (C) or without a class took more contacts
 *   or more hours than planned × the tolerance; on-plan otherwise. Without activities the plan and the
 *   capacity still work, and actual figures and status are unknown (NaN, null, `unknown`), never zero.
 *   Comparisons allow a relative 1e-9 so that rounding in a planned figure does not flip a customer that is
 *   exactly on the line.
 * - Capacity per year: hours the plan needs against the team's hours, the gap in hours and in people.
 */
import type { CustomerBook } from "./book.js";
import { capacityFor } from "./coverage-capacity.js";
import { managerCoverage } from "./coverage-managers.js";
import { type CoverageSettings, makeCoverageSettings, type ServiceLevel } from "./coverage-settings.js";
import {
  type ClassCoverage,
  type Coverage,
  type CoverageStatus,
  type CustomerCoverage,
  UNRANKED,
} from "./coverage-types.js";
import { StrataError, type Warning } from "./errors.js";

export {
  type CoverageSettings,
  DEFAULT_COVERAGE_SETTINGS,
  makeCoverageSettings,
  type Rep,
  type ServiceLevel,
} from "./coverage-settings.js";
export {
  type Capacity,
  type ClassCoverage,
  COVERAGE_STATUSES,
  type Coverage,
  type CoverageStatus,
  type CustomerCoverage,
  type ManagerCoverage,
  UNRANKED,
} from "./coverage-types.js";

/** Classes to plan by instead of book.abc, e.g. strategic tiers. */
export interface CoverageInputs {
  /** Class label per customer, null for none. */
  classes?: readonly (string | null)[] | undefined;
  /** The labels best first. */
  labels?: readonly string[] | undefined;
}

const EPS = 1e-9;

/** Service level per label: its own, else the nearest label above with one, else the unranked level. */
function levelsFor(labels: readonly string[], s: CoverageSettings, warnings: Warning[]): ServiceLevel[] {
  const out: ServiceLevel[] = [];
  labels.forEach((label, k) => {
    const own = s.levels[label];
    if (own) {
      out.push(own);
      return;
    }
    const above = k > 0 ? out[k - 1] : undefined;
    const level = above ?? s.unrankedLevel;
    warnings.push({
      code: "NO_SERVICE_LEVEL",
      message: `Class ${label} has no service level; it gets ${labels[k - 1] ?? UNRANKED}'s (${level.contactsPerYear} contacts a year, ${level.hoursPerContact} h each).`,
    });
    out.push(level);
  });
  return out;
}

function statusOf(
  a: { contacts: number; hours: number },
  p: { contacts: number; hours: number },
  checks: { under: boolean; over: boolean },
  s: CoverageSettings,
): CoverageStatus {
  if (checks.under && a.contacts < p.contacts * s.underServedTolerance * (1 - EPS)) return "under-served";
  const over = p.contacts * s.overServedTolerance * (1 + EPS);
  const overHours = p.hours * s.overServedTolerance * (1 + EPS);
  if (checks.over && (a.contacts > over || a.hours > overHours)) return "over-served";
  return "on-plan";
}

const emptyStatus = (): Record<CoverageStatus, number> => ({
  "under-served": 0,
  "on-plan": 0,
  "over-served": 0,
  unknown: 0,
});

function emptyRow(label: string): ClassCoverage {
  return {
    label,
    customers: 0,
    value: 0,
    valueShare: 0,
    plannedContacts: 0,
    plannedHours: 0,
    plannedTimeShare: 0,
    actualContacts: 0,
    actualHours: 0,
    timeShare: null,
    contactShare: null,
    status: emptyStatus(),
  };
}

/**
 * Planned against actual attention per customer, per class and per account manager, and the capacity the
 * plan needs (hours a year). Settings left out take DEFAULT_COVERAGE_SETTINGS; invalid ones, or a book whose
 * window is not longer than 0 years, throw StrataError BAD_OPTION.
 */
export function coverage(
  book: CustomerBook,
  settings: Partial<CoverageSettings> = {},
  inputs: CoverageInputs = {},
): Coverage {
  const s = makeCoverageSettings(settings);
  const years = book.windowYears;
  if (!(Number.isFinite(years) && years > 0)) {
    throw new StrataError(
      "BAD_OPTION",
      `The analysis window must be longer than 0 years to plan contacts in it; got ${years}.`,
      { value: years },
    );
  }
  const n = book.ids.length;
  const given = inputs.classes ?? book.abc;
  const labels = [...(inputs.labels ?? book.abcLabels)];
  for (let i = 0; i < n; i++) {
    const c = given[i] ?? null;
    if (c !== null && !labels.includes(c)) labels.push(c);
  }
  const warnings: Warning[] = [];
  if (!book.hasActivities)
    warnings.push({
      code: "NO_ACTIVITIES",
      message:
        "No activities given: the plan and the capacity are computed; actual contacts, hours and status are unknown.",
    });
  const levels = levelsFor(labels, s, warnings);
  const under = new Set(s.underServedClasses ?? labels.slice(0, -1));
  const over = new Set(s.overServedClasses ?? labels.slice(-1));

  const rows = [...labels, UNRANKED].map(emptyRow);
  const customers: CustomerCoverage = {
    level: [],
    plannedContacts: new Float64Array(n),
    plannedHours: new Float64Array(n),
    actualContacts: new Float64Array(n),
    actualHours: new Float64Array(n),
    status: [],
  };
  // Time on prospects and suspects is acquisition, not time leaking into small customers: never over-served.
  const acquiring = (i: number) => book.status[i] === "prospect" || book.status[i] === "suspect";
  const perYear = new Float64Array(n);
  const rowOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = given[i] ?? null;
    const k = c === null ? labels.length : labels.indexOf(c);
    const level = levels[k] ?? s.unrankedLevel;
    rowOf[i] = k;
    const pc = level.contactsPerYear * years;
    const p = { contacts: pc, hours: pc * level.hoursPerContact };
    perYear[i] = level.contactsPerYear * level.hoursPerContact;
    customers.level.push(c ?? UNRANKED);
    customers.plannedContacts[i] = p.contacts;
    customers.plannedHours[i] = p.hours;
    if (book.hasActivities) {
      const h = book.hours[i] ?? 0;
      const a = { contacts: book.contacts[i] ?? 0, hours: Number.isFinite(h) ? h : 0 };
      customers.actualContacts[i] = a.contacts;
      customers.actualHours[i] = a.hours;
      customers.status.push(
        statusOf(
          a,
          p,
          { under: c !== null && under.has(c), over: c === null ? !acquiring(i) : over.has(c) },
          s,
        ),
      );
    } else {
      customers.actualContacts[i] = Number.NaN;
      customers.actualHours[i] = Number.NaN;
      customers.status.push("unknown");
    }
  }
  const classes = classRows(book, rows, rowOf, customers);
  return {
    settings: s,
    windowYears: years,
    hasActivities: book.hasActivities,
    labels,
    customers,
    classes: classes.rows,
    total: classes.total,
    capacity: capacityFor(book, s, perYear, warnings),
    managers: managerCoverage(book, s, [...labels, UNRANKED], rowOf, customers, perYear),
    warnings,
  };
}

const positive = (v: number) => (Number.isFinite(v) && v > 0 ? v : 0);
const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/** Adds customer i to a row; shares are filled in by classRows. */
function addTo(row: ClassCoverage, book: CustomerBook, i: number, cc: CustomerCoverage): void {
  row.customers++;
  row.value += finite(book.value[i] ?? 0);
  row.valueShare += positive(book.value[i] ?? 0);
  row.plannedContacts += cc.plannedContacts[i] ?? 0;
  row.plannedHours += cc.plannedHours[i] ?? 0;
  row.actualContacts = (row.actualContacts ?? 0) + finite(cc.actualContacts[i] ?? 0);
  row.actualHours = (row.actualHours ?? 0) + finite(cc.actualHours[i] ?? 0);
  const st = cc.status[i] ?? "unknown";
  row.status[st]++;
}

function classRows(book: CustomerBook, rows: ClassCoverage[], rowOf: Int32Array, cc: CustomerCoverage) {
  const total = emptyRow("total");
  for (let i = 0; i < book.ids.length; i++) {
    const row = rows[rowOf[i] ?? 0];
    if (row) addTo(row, book, i, cc);
    addTo(total, book, i, cc);
  }
  const positiveTotal = total.valueShare;
  for (const r of [...rows, total]) {
    r.valueShare = positiveTotal > 0 ? r.valueShare / positiveTotal : 0;
    r.plannedTimeShare = total.plannedHours > 0 ? r.plannedHours / total.plannedHours : 0;
    if (!book.hasActivities) {
      r.actualContacts = null;
      r.actualHours = null;
      continue;
    }
    const h = total.actualHours ?? 0;
    const c = total.actualContacts ?? 0;
    r.timeShare = h > 0 ? (r.actualHours ?? 0) / h : null;
    r.contactShare = c > 0 ? (r.actualContacts ?? 0) / c : null;
  }
  return { rows, total };
}
