import { compareIds } from "./compare-ids.js";
import { type ClassOrder, classesOf, movementOf, NOT_ACTIVE } from "./migrate-classes.js";
import { joinWindows, MONEY_UNITS } from "./migrate-join.js";
import {
  type ClassifiedCustomers,
  LOST,
  type MigrationDimension,
  type MigrationRow,
  NEW,
} from "./migration-types.js";

/**
 * The rows of migration.csv for one dimension: one per customer active in either window, ordered by
 * customer id (byte order). previous_class is `new` when the customer did not buy in the previous window,
 * current_class `lost` when not in the current one; values are 0 in a window without purchases; change is
 * current − previous value (currency, exact to 1/10 000); movement as in `movementOf` (by this dimension's
 * class order, so a customer can be `down` in ABC and `stayed` in the pyramid). Pass the same `classOrder`
 * as to `migrate` when the class labels are not A, B, C, … / the default pyramid layers.
 */
export function migrationRows(
  previous: ClassifiedCustomers,
  current: ClassifiedCustomers,
  dimension: MigrationDimension,
  classOrder?: ClassOrder,
): MigrationRow[] {
  const join = joinWindows(previous, current);
  const classes = classesOf(dimension, previous, current, join, classOrder?.[dimension]);
  const rows: MigrationRow[] = [];
  for (let u = 0; u < join.ids.length; u++) {
    const movement = movementOf(classes, join, u);
    if (movement === null) continue;
    const p = classes.prev[u] ?? NOT_ACTIVE;
    const c = classes.cur[u] ?? NOT_ACTIVE;
    const pu = join.prevUnits[u] ?? 0;
    const cu = join.curUnits[u] ?? 0;
    rows.push({
      customer_id: join.ids[u] ?? "",
      previous_class: p === NOT_ACTIVE ? NEW : (classes.labels[p] ?? NEW),
      current_class: c === NOT_ACTIVE ? LOST : (classes.labels[c] ?? LOST),
      previous_value: pu / MONEY_UNITS,
      current_value: cu / MONEY_UNITS,
      change: (cu - pu) / MONEY_UNITS,
      movement,
    });
  }
  return rows.sort((a, b) => compareIds(a.customer_id, b.customer_id));
}
