import type { CustomerBook } from "./book.js";
import { compareIds } from "./compare-ids.js";
import type { CoverageSettings } from "./coverage-settings.js";
import { type CustomerCoverage, type ManagerCoverage, UNRANKED } from "./coverage-types.js";

const finite = (v: number) => (Number.isFinite(v) ? v : 0);

/**
 * The workload of each account manager's book: customers per class, value, planned and actual contacts
 * and hours over the window, planned hours a year and the people they need. `rowOf` indexes `rowLabels`.
 */
export function managerCoverage(
  book: CustomerBook,
  s: CoverageSettings,
  rowLabels: readonly string[],
  rowOf: Int32Array,
  cc: CustomerCoverage,
  perYear: Float64Array,
): ManagerCoverage[] {
  const byName = new Map<string | null, ManagerCoverage>();
  for (let i = 0; i < book.ids.length; i++) {
    const name = book.accountManager[i] ?? null;
    let m = byName.get(name);
    if (!m) {
      const byClass: Record<string, number> = {};
      for (const l of rowLabels) byClass[l] = 0;
      m = {
        accountManager: name,
        customers: 0,
        byClass,
        value: 0,
        plannedContacts: 0,
        plannedHours: 0,
        plannedHoursPerYear: 0,
        workloadFte: 0,
        actualContacts: book.hasActivities ? 0 : null,
        actualHours: book.hasActivities ? 0 : null,
        underServed: 0,
        overServed: 0,
      };
      byName.set(name, m);
    }
    const label = rowLabels[rowOf[i] ?? 0] ?? UNRANKED;
    m.customers++;
    m.byClass[label] = (m.byClass[label] ?? 0) + 1;
    m.value += finite(book.value[i] ?? 0);
    m.plannedContacts += cc.plannedContacts[i] ?? 0;
    m.plannedHours += cc.plannedHours[i] ?? 0;
    m.plannedHoursPerYear += perYear[i] ?? 0;
    if (m.actualContacts !== null) m.actualContacts += cc.actualContacts[i] ?? 0;
    if (m.actualHours !== null) m.actualHours += cc.actualHours[i] ?? 0;
    if (cc.status[i] === "under-served") m.underServed++;
    if (cc.status[i] === "over-served") m.overServed++;
  }
  const out = [...byName.values()];
  for (const m of out) m.workloadFte = m.plannedHoursPerYear / s.hoursPerRep;
  return out.sort((a, b) =>
    a.accountManager === null
      ? 1
      : b.accountManager === null
        ? -1
        : compareIds(a.accountManager, b.accountManager),
  );
}
