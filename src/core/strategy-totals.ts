/** Totals per strategic tier and per category, for strategy.ts. */
import type { CustomerBook } from "./book.js";
import { compareIds } from "./compare-ids.js";
import {
  type CategoryTotals,
  NOT_RANKED_LABEL,
  STRATEGIC_CATEGORIES,
  type TierTotals,
} from "./strategy-types.js";

/** Customers and value per tier, with the ABC classes they come from. */
export function tierTotals(book: CustomerBook, labels: readonly string[], tierIdx: Int32Array): TierTotals[] {
  const out = labels.map((label) => {
    const byClass: Record<string, number> = {};
    for (const c of [...book.abcLabels, NOT_RANKED_LABEL]) byClass[c] = 0;
    return { label, customers: 0, value: 0, byClass };
  });
  for (let i = 0; i < book.ids.length; i++) {
    const t = out[tierIdx[i] ?? 0];
    if (!t) continue;
    const v = book.value[i] ?? Number.NaN;
    const c = book.abc[i] ?? NOT_RANKED_LABEL;
    t.customers++;
    if (Number.isFinite(v)) t.value += v;
    t.byClass[c] = (t.byClass[c] ?? 0) + 1;
  }
  return out;
}

/** Customers and value per category: the known ones always, then custom tags in byte order. */
export function categoryTotals(book: CustomerBook, categories: readonly string[][]): CategoryTotals[] {
  const known = new Set<string>(STRATEGIC_CATEGORIES);
  const totals = new Map<string, CategoryTotals>();
  for (const c of STRATEGIC_CATEGORIES) totals.set(c, { category: c, custom: false, customers: 0, value: 0 });
  const custom = new Set<string>();
  for (const cats of categories) for (const c of cats) if (!known.has(c)) custom.add(c);
  for (const c of [...custom].sort(compareIds))
    totals.set(c, { category: c, custom: true, customers: 0, value: 0 });
  categories.forEach((cats, i) => {
    const v = book.value[i] ?? Number.NaN;
    for (const c of cats) {
      const t = totals.get(c);
      if (!t) continue;
      t.customers++;
      if (Number.isFinite(v)) t.value += v;
    }
  });
  return [...totals.values()];
}
