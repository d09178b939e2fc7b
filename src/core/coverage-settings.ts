/**
 * Settings of coverage and sales capacity (domain.md, "Coverage and sales capacity"), with their defaults
 * and their validation.
 */
import { settingError } from "./check-setting.js";

/** How much attention one class of customers is planned to get. */
export interface ServiceLevel {
  /** Contacts (visits, calls, meetings…) a year. */
  contactsPerYear: number;
  /** Hours one contact takes, travel and preparation included. */
  hoursPerContact: number;
}

/** A sales person and the selling hours they have in a year. */
export interface Rep {
  name: string;
  hoursPerYear: number;
}

export interface CoverageSettings {
  /**
   * Service level per class label. Defaults A 12 contacts a year × 2 h, B 4 × 1.5 h, C 1 × 1 h: the contacts
   * are domain.md's; the hours assume an A contact is a prepared visit (meeting plus travel), a B contact a
   * shorter visit or a long call, a C contact a call. A class without a level takes the level of the
   * nearest class above it that has one (with a warning).
   */
  levels: Readonly<Record<string, ServiceLevel>>;
  /**
   * Level of customers without a class (no value in the window: prospects, ex-customers, net returns).
   * Default 1 × 1 h, as C: one contact a year to win or win back, and no more.
   */
  unrankedLevel: ServiceLevel;
  /** Under-served when actual contacts < planned × this. Default 0.8: a fifth short of the plan. */
  underServedTolerance: number;
  /** Over-served when actual contacts or hours > planned × this. Default 1: anything beyond the level. */
  overServedTolerance: number;
  /** Classes checked for under-service. Default: every class but the last (A and B). */
  underServedClasses?: readonly string[] | undefined;
  /**
   * Classes checked for over-service, besides customers without a class (prospects and suspects excepted:
   * time on them is acquisition). Default: the last class (C).
   */
  overServedClasses?: readonly string[] | undefined;
  /**
   * Selling hours a rep has in a year. Default 1 100: about 1 700 working hours less admin, internal
   * meetings and training — the part of the year spent with or for customers.
   */
  hoursPerRep: number;
  /**
   * The team: a number of reps (× hoursPerRep) or each rep with their own hours. Default: one rep per
   * account manager named in the book.
   */
  reps?: number | readonly Rep[] | undefined;
}

export const DEFAULT_COVERAGE_SETTINGS: Readonly<CoverageSettings> = {
  levels: {
    A: { contactsPerYear: 12, hoursPerContact: 2 },
    B: { contactsPerYear: 4, hoursPerContact: 1.5 },
    C: { contactsPerYear: 1, hoursPerContact: 1 },
  },
  unrankedLevel: { contactsPerYear: 1, hoursPerContact: 1 },
  underServedTolerance: 0.8,
  overServedTolerance: 1,
  hoursPerRep: 1100,
};

function bad(setting: string, message: string, value: unknown): never {
  return settingError("coverage", setting, message, value);
}

const nonNegative = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x) && x >= 0;

function checkLevel(setting: string, l: ServiceLevel | undefined): void {
  if (!(l && nonNegative(l.contactsPerYear) && nonNegative(l.hoursPerContact)))
    bad(setting, "contacts a year and hours per contact, both numbers of at least 0", l);
}

/** The settings with every default filled in (levels merge over the defaults), each one checked. */
export function makeCoverageSettings(input: Partial<CoverageSettings> = {}): CoverageSettings {
  const d = DEFAULT_COVERAGE_SETTINGS;
  const s: CoverageSettings = { ...d, ...input, levels: { ...d.levels, ...input.levels } };
  for (const [label, l] of Object.entries(s.levels)) checkLevel(`levels.${label}`, l);
  checkLevel("unrankedLevel", s.unrankedLevel);
  for (const key of ["underServedTolerance", "overServedTolerance"] as const) {
    if (!(nonNegative(s[key]) && s[key] > 0)) bad(key, "a number above 0", s[key]);
  }
  if (!(nonNegative(s.hoursPerRep) && s.hoursPerRep > 0)) bad("hoursPerRep", "hours above 0", s.hoursPerRep);
  const r = s.reps;
  if (typeof r === "number") {
    if (!nonNegative(r)) bad("reps", "a number of people of at least 0", r);
  } else if (r !== undefined) {
    if (!Array.isArray(r) || r.some((x) => typeof x?.name !== "string" || !nonNegative(x.hoursPerYear)))
      bad("reps", "a list of reps, each with a name and hours a year of at least 0", r);
  }
  for (const key of ["underServedClasses", "overServedClasses"] as const) {
    const v = s[key];
    if (v !== undefined && !(Array.isArray(v) && v.every((x) => typeof x === "string")))
      bad(key, "a list of class labels", v);
  }
  return s;
}
