import { migrate } from "../../src/core/migrate.js";
import type { ClassifiedCustomers, Migration } from "../../src/core/migration-types.js";
import type { Trend } from "../../src/core/trend.js";
import { current2011, previous2010, WINDOWS } from "../fixtures/migration/customers.js";

/**
 * The hand-checked migration of test/fixtures/migration (EXPECTED.md there): 13 customers active in 2010 or
 * 2011. ABC rows A 3, B 3, C 3, NonPositive 1, new 3; columns A 4, B 2, C 3, NonPositive 1, lost 3.
 */
export function fixtureMigration(
  more: { listLimit?: number; previous?: ClassifiedCustomers; current?: ClassifiedCustomers } = {},
): Migration {
  return migrate(more.previous ?? previous2010, more.current ?? current2011, {
    measure: "revenue",
    ...WINDOWS,
    ...(more.listLimit === undefined ? {} : { listLimit: more.listLimit }),
  });
}

/** Three yearly windows ending every six months, figures made up but consistent (classes add up). */
export function fixtureTrend(): Trend {
  return {
    measure: "margin",
    points: [
      {
        firstDay: "2010-01-01",
        lastDay: "2010-12-31",
        activeCustomers: 10,
        totalValue: 1000,
        customersFor80: 3,
        customersFor80Share: 0.3,
        gini: 0.5123,
        classes: [
          { label: "A", customers: 3, value: 800 },
          { label: "B", customers: 3, value: 150 },
          { label: "C", customers: 4, value: 50 },
        ],
      },
      {
        firstDay: "2010-07-01",
        lastDay: "2011-06-30",
        activeCustomers: 12,
        totalValue: 1250.5,
        customersFor80: 4,
        customersFor80Share: 4 / 12,
        gini: 0.4871,
        classes: [
          { label: "A", customers: 4, value: 1000.4 },
          { label: "B", customers: 3, value: 190.1 },
          { label: "C", customers: 5, value: 60 },
        ],
      },
      {
        firstDay: "2011-01-01",
        lastDay: "2011-12-31",
        activeCustomers: 9,
        totalValue: 1000,
        customersFor80: 4,
        customersFor80Share: 4 / 9,
        gini: 0.3999,
        classes: [
          { label: "A", customers: 4, value: 820 },
          { label: "B", customers: 2, value: 130 },
          { label: "C", customers: 3, value: 50 },
        ],
      },
    ],
  };
}
