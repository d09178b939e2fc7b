import { abcLabels } from "./classify-abc.js";
import { compareIds } from "./compare-ids.js";
import type { JoinedWindows } from "./migrate-join.js";
import type { ClassifiedCustomers, MigrationDimension, Movement } from "./migration-types.js";

/**
 * The class of a customer who bought in a window with net value ≤ 0: not ranked, so no ABC class and the
 * pyramid's NonPositive layer. The same key in both matrices (faces label it with PYRAMID_LABELS, "Value ≤ 0"),
 * ranked below every other class.
 */
export const NON_POSITIVE = "NonPositive";

/** The pyramid layers an active customer can be in, best first; NON_POSITIVE follows them. */
export const ACTIVE_PYRAMID_ORDER: readonly string[] = ["Top", "Big", "Medium", "Small"];

/** Class labels best first, per dimension; labels found in the data but not listed follow, in byte order. */
export interface ClassOrder {
  abc: readonly string[];
  pyramid: readonly string[];
}

/** Not active in the window: row `new` (previous side) or column `lost` (current side). */
export const NOT_ACTIVE = -1;

/** The classes of one dimension in both windows. */
export interface DimensionClasses {
  dimension: MigrationDimension;
  /** Class labels, best first, NON_POSITIVE last; the same list for rows and columns. */
  labels: string[];
  /** Index into `labels` per joined customer in the previous window; NOT_ACTIVE when not active then. */
  prev: Int32Array;
  /** Index into `labels` per joined customer in the current window; NOT_ACTIVE when not active now. */
  cur: Int32Array;
}

function labelOf(c: ClassifiedCustomers, dimension: MigrationDimension, i: number): string {
  const label = dimension === "abc" ? c.abc[i] : c.pyramid[i];
  return label ?? NON_POSITIVE;
}

/**
 * Without an explicit order: the pyramid's active layers; for ABC, when every label found is one of the
 * generated A, B, C, … (classifyAbc), all of them from A up to the lowest found, so that a class empty in
 * both windows (B, when one customer takes A past the B threshold) still has its row and column and A and B
 * keep their places for the action lists.
 */
function defaultOrder(dimension: MigrationDimension, found: ReadonlySet<string>): readonly string[] {
  if (dimension === "pyramid") return ACTIVE_PYRAMID_ORDER;
  let classes = 0;
  for (const l of found) {
    if (l === NON_POSITIVE) continue;
    const k = l.length === 1 ? l.charCodeAt(0) - 65 : -1;
    if (k < 0 || k >= MAX_ABC_CLASSES) return [];
    classes = Math.max(classes, k + 1);
  }
  return abcLabels(classes);
}

/** classifyAbc's labels beyond this are not letters; 26 classes (A…Z) is more than policy allows. */
const MAX_ABC_CLASSES = 26;

/**
 * Classes of active customers in both windows. An active customer without a class (value ≤ 0) is
 * NON_POSITIVE. Order: `order` (default: see defaultOrder), then labels found in either window but not in
 * `order` (byte order), then NON_POSITIVE, always present.
 */
export function classesOf(
  dimension: MigrationDimension,
  previous: ClassifiedCustomers,
  current: ClassifiedCustomers,
  join: JoinedWindows,
  order?: readonly string[],
): DimensionClasses {
  const n = join.ids.length;
  const prevLabel: (string | undefined)[] = new Array(n);
  const curLabel: (string | undefined)[] = new Array(n);
  const found = new Set<string>();
  for (let u = 0; u < n; u++) {
    if (join.prevActive[u]) {
      const l = labelOf(previous, dimension, join.prevIndex[u] ?? 0);
      prevLabel[u] = l;
      found.add(l);
    }
    if (join.curActive[u]) {
      const l = labelOf(current, dimension, join.curIndex[u] ?? 0);
      curLabel[u] = l;
      found.add(l);
    }
  }
  const listed = (order ?? defaultOrder(dimension, found)).filter((l) => l !== NON_POSITIVE);
  const labels = [...new Set(listed)];
  const known = new Set(labels);
  const extra = [...found].filter((l) => l !== NON_POSITIVE && !known.has(l)).sort(compareIds);
  labels.push(...extra, NON_POSITIVE);
  const index = new Map(labels.map((l, k) => [l, k]));
  const prev = new Int32Array(n).fill(NOT_ACTIVE);
  const cur = new Int32Array(n).fill(NOT_ACTIVE);
  for (let u = 0; u < n; u++) {
    const p = prevLabel[u];
    const c = curLabel[u];
    if (p !== undefined) prev[u] = index.get(p) ?? NOT_ACTIVE;
    if (c !== undefined) cur[u] = index.get(c) ?? NOT_ACTIVE;
  }
  return { dimension, labels, prev, cur };
}

/**
 * How a customer moved in one dimension, or null when active in neither window.
 * - `up` / `down`: active in both windows, in a better / worse class (by class order; NON_POSITIVE lowest);
 * - `stayed`: active in both windows, same class;
 * - `back`: not active in the previous window but Inactive in it (bought before it), active now;
 * - `new`: not active in the previous window and not Inactive in it (never bought, or only before the
 *   inactive lookback), active now;
 * - `lost`: active in the previous window, not now.
 */
export function movementOf(classes: DimensionClasses, join: JoinedWindows, u: number): Movement | null {
  const p = classes.prev[u] ?? NOT_ACTIVE;
  const c = classes.cur[u] ?? NOT_ACTIVE;
  if (p === NOT_ACTIVE && c === NOT_ACTIVE) return null;
  if (p === NOT_ACTIVE) return join.prevInactive[u] ? "back" : "new";
  if (c === NOT_ACTIVE) return "lost";
  return c < p ? "up" : c > p ? "down" : "stayed";
}
