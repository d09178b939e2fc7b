/** How the report names and colours the classes of a migration matrix: rows, columns and Sankey nodes. */
import { NON_POSITIVE } from "../core/migrate.js";
import { LOST, type MigrationDimension, NEW } from "../core/migration-types.js";
import { PYRAMID_COLORS } from "./charts.js";

/** ABC classes from A down: the pyramid's blues; classes beyond the fifth take the lightest. */
const ABC_RAMP = ["#17324d", "#4a83b7", "#93bbe0", "#bcd3ea", "#d9e5f2"] as const;

/** New customers in green, lost ones in grey: the two ends of the flow. */
export const FLOW_COLORS = { new: "#4f8f5f", lost: "#8c8c8c" } as const;

/** The label of a matrix key: "NonPositive" → "Value ≤ 0", `new` → "New", `lost` → "Lost", classes as they are. */
export function classLabel(key: string): string {
  if (key === NEW) return "New";
  if (key === LOST) return "Lost";
  if (key === NON_POSITIVE) return "Value ≤ 0";
  return key;
}

/** The colour of a class in one dimension; `rank` is its place in the class order (0 = best). */
export function classColor(dimension: MigrationDimension, key: string, rank: number): string {
  if (key === NEW) return FLOW_COLORS.new;
  if (key === LOST) return FLOW_COLORS.lost;
  if (key === NON_POSITIVE) return PYRAMID_COLORS.NonPositive;
  if (dimension === "pyramid" && key in PYRAMID_COLORS)
    return PYRAMID_COLORS[key as keyof typeof PYRAMID_COLORS];
  return ABC_RAMP[Math.min(Math.max(rank, 0), ABC_RAMP.length - 1)] ?? ABC_RAMP[0];
}

/** The title of a dimension's matrix. */
export const DIMENSION_TITLES: Record<MigrationDimension, string> = {
  abc: "ABC classes",
  pyramid: "Pyramid layers",
};
