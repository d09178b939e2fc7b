import type { TrendPoint } from "../core/trend.js";
import { csvField } from "./customers-csv.js";
import { formatPlain } from "./format.js";

/**
 * trend.csv: one row per window, oldest first (RFC 4180, CRLF): days, active customers, total value,
 * customers for 80% and their share, Gini, then customers and value per ABC class.
 */
export function trendCsv(points: readonly TrendPoint[]): string {
  const labels = points[0]?.classes.map((c) => c.label) ?? [];
  const header = [
    "first_day",
    "last_day",
    "active_customers",
    "total_value",
    "customers_for_80",
    "customers_for_80_share",
    "gini",
    ...labels.flatMap((l) => [`${l}_customers`, `${l}_value`]),
  ];
  const lines = [header.join(",")];
  for (const p of points) {
    lines.push(
      [
        csvField(p.firstDay),
        csvField(p.lastDay),
        String(p.activeCustomers),
        formatPlain(p.totalValue, 4),
        String(p.customersFor80),
        formatPlain(p.customersFor80Share, 6),
        formatPlain(p.gini, 6),
        ...p.classes.flatMap((c) => [String(c.customers), formatPlain(c.value, 4)]),
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
