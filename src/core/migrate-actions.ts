import { compareIds } from "./compare-ids.js";
import { formatDay } from "./dates.js";
import { type DimensionClasses, NON_POSITIVE, NOT_ACTIVE } from "./migrate-classes.js";
import { type JoinedWindows, MONEY_UNITS } from "./migrate-join.js";
import { type ActionItem, type ActionLists, type ClassifiedCustomers, LOST, NEW } from "./migration-types.js";

/** The pyramid layer of customers who bought before a window but not in it. */
const INACTIVE = "Inactive";

export interface ActionOptions {
  /** A customers are listed when their value fell by more than this share of it (0.2 = 20%). */
  aDropShare: number;
  /** Items kept per list, best first. */
  listLimit: number;
}

/** How many customers each list held before `listLimit` cut it. */
export type ActionTotals = Record<keyof ActionLists, number>;

/**
 * The action lists, from the ABC classes of both windows (A = first class, B = second):
 * - slidingBToC: B then, active now in a lower class (C, lower, or value ≤ 0); largest value drop first;
 * - aDropped: A then, active now, value fell by more than `aDropShare` of the previous value (whatever the
 *   current class); largest value drop first. A customers who stopped buying are in lostFromAB instead;
 * - lostFromAB: A or B then, not active now; highest previous value first;
 * - newInAB: not active then (new or back), A or B now; highest current value first;
 * - winBack: not active now, and either active then with previous value > 0 (lost since) or Inactive in the
 *   previous window (stopped before it; past value 0 here); highest previous value first, then most recent
 *   last purchase, then id.
 * Ties by customer id. In items a class is the ABC class when active in that window, otherwise `Inactive` for
 * a customer the previous window's pyramid put there, else `new` (previous side) / `lost` (current side).
 */
export function actionLists(
  previous: ClassifiedCustomers,
  current: ClassifiedCustomers,
  join: JoinedWindows,
  abc: DimensionClasses,
  opts: ActionOptions,
): { lists: ActionLists; totals: ActionTotals } {
  const ranked = abc.labels.filter((l) => l !== NON_POSITIVE).length;
  const aIdx = ranked >= 1 ? 0 : Number.NaN;
  const bIdx = ranked >= 2 ? 1 : Number.NaN;
  const sliding: number[] = [];
  const dropped: number[] = [];
  const lostAB: number[] = [];
  const newAB: number[] = [];
  const winBack: number[] = [];
  for (let u = 0; u < join.ids.length; u++) {
    const p = abc.prev[u] ?? NOT_ACTIVE;
    const c = abc.cur[u] ?? NOT_ACTIVE;
    const pu = join.prevUnits[u] ?? 0;
    const cu = join.curUnits[u] ?? 0;
    if (p === bIdx && c !== NOT_ACTIVE && c > bIdx) sliding.push(u);
    if (p === aIdx && c !== NOT_ACTIVE && pu > 0 && pu - cu > opts.aDropShare * pu) dropped.push(u);
    if ((p === aIdx || p === bIdx) && c === NOT_ACTIVE) lostAB.push(u);
    if (p === NOT_ACTIVE && (c === aIdx || c === bIdx)) newAB.push(u);
    if (c === NOT_ACTIVE && ((p !== NOT_ACTIVE && pu > 0) || join.prevInactive[u])) winBack.push(u);
  }
  const id = (u: number) => join.ids[u] ?? "";
  const prevU = (u: number) => join.prevUnits[u] ?? 0;
  const curU = (u: number) => join.curUnits[u] ?? 0;
  const drop = (u: number) => prevU(u) - curU(u);
  const lastDay = (u: number): number => {
    const j = join.curIndex[u] ?? -1;
    const fromCurrent = j >= 0 ? (current.lastDayBefore?.[j] ?? -1) : -1;
    if (fromCurrent >= 0 || join.prevActive[u]) return fromCurrent;
    // Inactive in both windows: the last purchase before the previous window is the last purchase.
    const i = join.prevIndex[u] ?? -1;
    return i >= 0 ? (previous.lastDayBefore?.[i] ?? -1) : -1;
  };
  const byDrop = (a: number, b: number) => drop(b) - drop(a) || compareIds(id(a), id(b));
  const byPrev = (a: number, b: number) => prevU(b) - prevU(a) || compareIds(id(a), id(b));
  const byCur = (a: number, b: number) => curU(b) - curU(a) || compareIds(id(a), id(b));
  const byPast = (a: number, b: number) =>
    prevU(b) - prevU(a) || lastDay(b) - lastDay(a) || compareIds(id(a), id(b));

  const pick = (column: readonly (string | null)[] | undefined, i: number): string | null =>
    i >= 0 ? (column?.[i] ?? null) : null;
  const item = (u: number, withLastPurchase: boolean): ActionItem => {
    const i = join.prevIndex[u] ?? -1;
    const j = join.curIndex[u] ?? -1;
    const p = abc.prev[u] ?? NOT_ACTIVE;
    const c = abc.cur[u] ?? NOT_ACTIVE;
    const pu = prevU(u);
    const last = withLastPurchase ? lastDay(u) : -1;
    const inactive = join.prevInactive[u] === 1;
    return {
      customerId: id(u),
      name: pick(current.name, j) ?? pick(previous.name, i),
      accountManager: pick(current.accountManager, j) ?? pick(previous.accountManager, i),
      previousClass: p !== NOT_ACTIVE ? (abc.labels[p] ?? NEW) : inactive ? INACTIVE : NEW,
      currentClass: c !== NOT_ACTIVE ? (abc.labels[c] ?? LOST) : p === NOT_ACTIVE ? INACTIVE : LOST,
      previousValue: pu / MONEY_UNITS,
      currentValue: curU(u) / MONEY_UNITS,
      change: pu > 0 ? (curU(u) - pu) / pu : null,
      lastPurchase: last >= 0 ? formatDay(last) : null,
    };
  };
  const limit = Math.max(0, opts.listLimit);
  const top = (us: number[], order: (a: number, b: number) => number, withLast = false) =>
    us
      .sort(order)
      .slice(0, limit)
      .map((u) => item(u, withLast));
  return {
    lists: {
      slidingBToC: top(sliding, byDrop),
      aDropped: top(dropped, byDrop),
      lostFromAB: top(lostAB, byPrev),
      newInAB: top(newAB, byCur),
      winBack: top(winBack, byPast, true),
    },
    totals: {
      slidingBToC: sliding.length,
      aDropped: dropped.length,
      lostFromAB: lostAB.length,
      newInAB: newAB.length,
      winBack: winBack.length,
    },
  };
}
