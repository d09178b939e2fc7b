import type { ClassifiedCustomers } from "./migration-types.js";

/** Money is summed in exact units of 1/10 000, as in rank.ts. */
export const MONEY_UNITS = 10_000;

/** A window's value in exact units of 1/10 000; NaN counts as 0. */
export function toUnits(value: number): number {
  return Math.round(value * MONEY_UNITS) || 0;
}

/** The customers of two windows matched by id: every id listed in either input, once. */
export interface JoinedWindows {
  /** Customer ids: the previous input's order, then the ids listed only in the current input. */
  readonly ids: readonly string[];
  /** Index into the previous input per customer; -1 when it does not list the customer. */
  readonly prevIndex: Int32Array;
  /** Index into the current input per customer; -1 when it does not list the customer. */
  readonly curIndex: Int32Array;
  /** 1 when the customer bought in the previous window. */
  readonly prevActive: Uint8Array;
  /** 1 when the customer bought in the current window. */
  readonly curActive: Uint8Array;
  /** Previous value in units of 1/10 000; 0 when not active then (whatever the input says). */
  readonly prevUnits: Float64Array;
  /** Current value in units of 1/10 000; 0 when not active now. */
  readonly curUnits: Float64Array;
  /** 1 when the previous classification put the customer in the Inactive layer (bought before it, not in it). */
  readonly prevInactive: Uint8Array;
}

function checkShape(c: ClassifiedCustomers, which: string): Map<string, number> {
  const n = c.ids.length;
  const columns: Array<[string, { length: number } | undefined]> = [
    ["value", c.value],
    ["abc", c.abc],
    ["pyramid", c.pyramid],
    ["active", c.active],
    ["name", c.name],
    ["accountManager", c.accountManager],
    ["lastDayBefore", c.lastDayBefore],
  ];
  for (const [field, column] of columns) {
    if (column !== undefined && column.length !== n)
      throw new Error(`migrate: the ${which} window has ${n} ids but ${column.length} entries in ${field}`);
  }
  const at = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = c.ids[i] ?? "";
    if (at.has(id)) throw new Error(`migrate: customer id '${id}' appears twice in the ${which} window`);
    at.set(id, i);
  }
  return at;
}

/** Matches two classified windows by customer id (ids are text, compared exactly). Throws on duplicate ids. */
export function joinWindows(previous: ClassifiedCustomers, current: ClassifiedCustomers): JoinedWindows {
  checkShape(previous, "previous");
  const curAt = checkShape(current, "current");
  const prevIdx: number[] = [];
  const curIdx: number[] = [];
  const ids: string[] = [];
  const matched = new Uint8Array(current.ids.length);
  for (let i = 0; i < previous.ids.length; i++) {
    const id = previous.ids[i] ?? "";
    const j = curAt.get(id) ?? -1;
    if (j >= 0) matched[j] = 1;
    ids.push(id);
    prevIdx.push(i);
    curIdx.push(j);
  }
  for (let j = 0; j < current.ids.length; j++) {
    if (matched[j]) continue;
    ids.push(current.ids[j] ?? "");
    prevIdx.push(-1);
    curIdx.push(j);
  }
  const n = ids.length;
  const prevIndex = Int32Array.from(prevIdx);
  const curIndex = Int32Array.from(curIdx);
  const prevActive = new Uint8Array(n);
  const curActive = new Uint8Array(n);
  const prevUnits = new Float64Array(n);
  const curUnits = new Float64Array(n);
  const prevInactive = new Uint8Array(n);
  for (let u = 0; u < n; u++) {
    const i = prevIndex[u] ?? -1;
    const j = curIndex[u] ?? -1;
    if (i >= 0 && previous.active[i] === 1) {
      prevActive[u] = 1;
      prevUnits[u] = toUnits(previous.value[i] ?? 0);
    } else if (i >= 0 && previous.pyramid[i] === "Inactive") prevInactive[u] = 1;
    if (j >= 0 && current.active[j] === 1) {
      curActive[u] = 1;
      curUnits[u] = toUnits(current.value[j] ?? 0);
    }
  }
  return { ids, prevIndex, curIndex, prevActive, curActive, prevUnits, curUnits, prevInactive };
}
