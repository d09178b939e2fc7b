/**
 * Migration between two windows classified with one policy (domain.md, "Migration between periods"): who
 * moved between ABC classes and pyramid layers, who is new, who was lost, and who to call. Pure.
 *
 * A customer is active in a window when `active` is 1 (bought in it). Every customer active in either
 * window is in exactly one cell of each matrix: row = previous class, or `new` when not active then;
 * column = current class, or `lost` when not active now. Customers who bought with net value ≤ 0 have the
 * class NON_POSITIVE ("NonPositive", ranked below the last class) in both matrices.
 */
import { actionLists } from "./migrate-actions.js";
import { type ClassOrder, classesOf, type DimensionClasses, NOT_ACTIVE } from "./migrate-classes.js";
import { type JoinedWindows, joinWindows, MONEY_UNITS } from "./migrate-join.js";
import {
  type ChurnFigures,
  type ClassifiedCustomers,
  LOST,
  type Migration,
  type MigrationCell,
  type MigrationMatrix,
  NEW,
} from "./migration-types.js";
import type { Measure } from "./policy.js";

export type { ClassOrder } from "./migrate-classes.js";
export { ACTIVE_PYRAMID_ORDER, movementOf, NON_POSITIVE } from "./migrate-classes.js";
export { migrationRows } from "./migrate-rows.js";

/** First and last day of a window, YYYY-MM-DD. */
export interface WindowDays {
  firstDay: string;
  lastDay: string;
}

export interface MigrateOptions {
  measure: Measure;
  previousWindow: WindowDays;
  currentWindow: WindowDays;
  /** Class labels best first. Default: ABC labels found, in byte order (A, B, C, …); Top, Big, Medium, Small. */
  classOrder?: ClassOrder;
  /** A customers are listed in `aDropped` when their value fell by more than this share; default 0.2. */
  aDropShare?: number;
  /** Items kept per action list; default 50. `actionTotals` tells how many there were. */
  listLimit?: number;
}

/**
 * Compares the previous and the current window: both matrices, churn figures and action lists. The inputs
 * may list different customers; they are matched by id. Money is summed exactly (units of 1/10 000).
 */
export function migrate(
  previous: ClassifiedCustomers,
  current: ClassifiedCustomers,
  opts: MigrateOptions,
): Migration {
  const join = joinWindows(previous, current);
  const abc = classesOf("abc", previous, current, join, opts.classOrder?.abc);
  const pyramid = classesOf("pyramid", previous, current, join, opts.classOrder?.pyramid);
  const { lists, totals } = actionLists(previous, current, join, abc, {
    aDropShare: opts.aDropShare ?? 0.2,
    listLimit: opts.listLimit ?? 50,
  });
  return {
    measure: opts.measure,
    previous: { firstDay: opts.previousWindow.firstDay, lastDay: opts.previousWindow.lastDay },
    current: { firstDay: opts.currentWindow.firstDay, lastDay: opts.currentWindow.lastDay },
    abc: migrationMatrix(abc, join),
    pyramid: migrationMatrix(pyramid, join),
    churn: churnFigures(join, abc),
    actions: lists,
    actionTotals: totals,
  };
}

/** The matrix of one dimension: (classes + `new`) × (classes + `lost`), row-major, empty cells included. */
export function migrationMatrix(classes: DimensionClasses, join: JoinedWindows): MigrationMatrix {
  const k = classes.labels.length;
  const width = k + 1;
  const customers = new Float64Array(width * width);
  const prevUnits = new Float64Array(width * width);
  const curUnits = new Float64Array(width * width);
  for (let u = 0; u < join.ids.length; u++) {
    const p = classes.prev[u] ?? NOT_ACTIVE;
    const c = classes.cur[u] ?? NOT_ACTIVE;
    if (p === NOT_ACTIVE && c === NOT_ACTIVE) continue;
    const cell = (p === NOT_ACTIVE ? k : p) * width + (c === NOT_ACTIVE ? k : c);
    customers[cell] = (customers[cell] ?? 0) + 1;
    prevUnits[cell] = (prevUnits[cell] ?? 0) + (join.prevUnits[u] ?? 0);
    curUnits[cell] = (curUnits[cell] ?? 0) + (join.curUnits[u] ?? 0);
  }
  const rows = [...classes.labels, NEW];
  const columns = [...classes.labels, LOST];
  const cells: MigrationCell[] = [];
  for (let r = 0; r < width; r++) {
    for (let c = 0; c < width; c++) {
      const cell = r * width + c;
      cells.push({
        from: rows[r] ?? NEW,
        to: columns[c] ?? LOST,
        customers: customers[cell] ?? 0,
        previousValue: (prevUnits[cell] ?? 0) / MONEY_UNITS,
        currentValue: (curUnits[cell] ?? 0) / MONEY_UNITS,
      });
    }
  }
  return { dimension: classes.dimension, rows, columns, cells };
}

/**
 * Churn figures. Retention base = previous value of every customer active in the previous window (value
 * ≤ 0 included); net = current value of customers active in both / base; gross = the same with each
 * retained customer's current value capped at their previous value. Both are 0 when the base is ≤ 0.
 * Upgrades and downgrades count retained customers whose ABC class rose or fell (value ≤ 0 lowest).
 */
export function churnFigures(join: JoinedWindows, abc: DimensionClasses): ChurnFigures {
  let retained = 0;
  let added = 0;
  let back = 0;
  let lost = 0;
  let upgrades = 0;
  let downgrades = 0;
  let previousUnits = 0;
  let currentUnits = 0;
  let lostUnits = 0;
  let newUnits = 0;
  let retainedUnits = 0;
  let cappedUnits = 0;
  for (let u = 0; u < join.ids.length; u++) {
    const wasActive = join.prevActive[u] === 1;
    const isActive = join.curActive[u] === 1;
    const pu = join.prevUnits[u] ?? 0;
    const cu = join.curUnits[u] ?? 0;
    previousUnits += pu;
    currentUnits += cu;
    if (wasActive && isActive) {
      retained++;
      retainedUnits += cu;
      cappedUnits += Math.min(cu, pu);
      const p = abc.prev[u] ?? NOT_ACTIVE;
      const c = abc.cur[u] ?? NOT_ACTIVE;
      if (c < p) upgrades++;
      else if (c > p) downgrades++;
    } else if (wasActive) {
      lost++;
      lostUnits += pu;
    } else if (isActive) {
      added++;
      newUnits += cu;
      if (join.prevInactive[u]) back++;
    }
  }
  const ratio = (units: number) => (previousUnits > 0 ? units / previousUnits : 0);
  return {
    retained,
    new: added,
    back,
    lost,
    previousActive: retained + lost,
    currentActive: retained + added,
    lostValue: lostUnits / MONEY_UNITS,
    newValue: newUnits / MONEY_UNITS,
    netValueRetention: ratio(retainedUnits),
    grossValueRetention: ratio(cappedUnits),
    upgrades,
    downgrades,
    previousValue: previousUnits / MONEY_UNITS,
    currentValue: currentUnits / MONEY_UNITS,
  };
}
