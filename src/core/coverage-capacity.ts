import type { CustomerBook } from "./book.js";
import type { CoverageSettings } from "./coverage-settings.js";
import type { Capacity } from "./coverage-types.js";
import type { Warning } from "./errors.js";

/**
 * Hours a year the plan needs (Σ of each customer's contacts a year × hours per contact, given in
 * `perYear`) against the hours the team has: reps from the settings, or one per account manager in the book.
 */
export function capacityFor(
  book: CustomerBook,
  s: CoverageSettings,
  perYear: Float64Array,
  warnings: Warning[],
): Capacity {
  let needed = 0;
  for (const h of perYear) needed += h;
  let reps: number;
  let available: number;
  let source: Capacity["repsSource"] = "settings";
  if (typeof s.reps === "number") {
    reps = s.reps;
    available = s.reps * s.hoursPerRep;
  } else if (s.reps !== undefined) {
    reps = s.reps.length;
    available = s.reps.reduce((sum, r) => sum + r.hoursPerYear, 0);
  } else {
    source = "account managers";
    reps = new Set(book.accountManager.filter((m) => m !== null)).size;
    available = reps * s.hoursPerRep;
  }
  if (reps === 0)
    warnings.push({
      code: "NO_REPS",
      message: "No reps given and no account managers in the customer list: the team has 0 hours available.",
    });
  const gapHours = needed - available;
  const gapFte = gapHours / s.hoursPerRep;
  return {
    neededHours: needed,
    availableHours: available,
    reps,
    repsSource: source,
    hoursPerRep: s.hoursPerRep,
    gapHours,
    neededFte: needed / s.hoursPerRep,
    availableFte: available / s.hoursPerRep,
    gapFte,
    // rounded to 1e-9 first: 2.0000000000000004 people are 2
    gapPeople: Math.ceil(Math.round(gapFte * 1e9) / 1e9) || 0,
  };
}
