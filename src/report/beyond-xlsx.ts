/**
 * The sheets of customers.xlsx beyond billing: "Potential", "Profitability", "Strategy" and "Coverage" (the
 * columns of the matching CSV files, numbers rounded as there), "Capacity" (the figures of capacity.json with
 * the per-class and per-account-manager tables), and "Groups" for `--by`.
 */
import type { Beyond } from "../core/beyond.js";
import {
  BEYOND_DECIMALS,
  type BeyondColumnKind,
  type BeyondTable,
  coverageTable,
  groupsTable,
  potentialTable,
  profitabilityTable,
  strategyTable,
} from "./beyond-csv.js";
import type { CustomersXlsxExtra } from "./customers-xlsx.js";
import { roundTo } from "./format.js";
import {
  type Cell,
  COUNT,
  MONEY,
  PERCENT,
  put,
  type Sheet,
  title,
  type Workbook,
  writeTableSheet,
} from "./xlsx-sheet.js";

const TABLE_FORMATS: Record<BeyondColumnKind, string | undefined> = {
  text: undefined,
  money: MONEY,
  fraction: PERCENT,
  share: PERCENT,
  number: "#,##0.00",
  count: COUNT,
  score: "0.0000",
};
const TABLE_WIDTHS: Record<BeyondColumnKind, number> = {
  text: 14,
  money: 15,
  fraction: 12,
  share: 12,
  number: 12,
  count: 10,
  score: 10,
};
const TABLE_WIDER: Readonly<Record<string, number>> = {
  customer_id: 16,
  name: 36,
  categories: 30,
  reasons: 40,
  at_risk_reasons: 40,
  flagged: 24,
  account_manager: 18,
  group: 20,
};

/** Adds the sheets of `extra` that are there, in the order of the CSV files, then Capacity, then Groups. */
export async function writeBeyondSheets(wb: Workbook, extra: CustomersXlsxExtra): Promise<void> {
  const b = extra.beyond;
  const tables: Array<[string, () => BeyondTable]> = [];
  if (b !== undefined) {
    tables.push(
      ["Potential", () => potentialTable(b)],
      ["Profitability", () => profitabilityTable(b)],
      ["Strategy", () => strategyTable(b)],
      ["Coverage", () => coverageTable(b)],
    );
  }
  for (const [name, table] of tables) await writeBeyondTableSheet(wb, name, table());
  if (b !== undefined) writeCapacitySheet(wb.addWorksheet("Capacity"), b);
  const g = extra.groups;
  if (g !== undefined) await writeBeyondTableSheet(wb, "Groups", groupsTable(g.groups, g.book));
}

/** One row per table row, the header frozen and filtered, numbers rounded as in the CSV and formatted. */
async function writeBeyondTableSheet(wb: Workbook, name: string, t: BeyondTable): Promise<void> {
  const columns = t.columns.map(({ key, kind }) => ({
    key,
    width: TABLE_WIDER[key] ?? TABLE_WIDTHS[kind],
    numFmt: TABLE_FORMATS[kind],
  }));
  await writeTableSheet(wb, name, columns, t.rows, (row) =>
    t.columns.map(({ kind }, k): Cell => {
      const v = row[k] ?? null;
      return typeof v === "number" && kind !== "text" ? roundTo(v, BEYOND_DECIMALS[kind]) : v;
    }),
  );
}

const HOURS = "#,##0.0";
const FTE = "0.00";

/** The capacity figures as label / value rows, then the per-class and per-account-manager tables. */
function writeCapacitySheet(ws: Sheet, b: Beyond): void {
  const cov = b.coverage;
  const c = cov.capacity;
  ws.columns = [{ width: 34 }, ...Array.from({ length: 14 }, () => ({ width: 13 }))];
  put(ws, ["Capacity (hours a year)"], [], true);
  const repsFrom = b.reps.source === "file" ? `file ${b.reps.file ?? ""}` : b.reps.source;
  const figures: Array<[string, Cell, string | undefined]> = [
    ["Window (years)", cov.windowYears, "0.00"],
    ["Activities given", cov.hasActivities ? "yes" : "no", undefined],
    ["Hours the plan needs", c.neededHours, HOURS],
    ["Hours available", c.availableHours, HOURS],
    ["Reps", c.reps, COUNT],
    ["Reps from", repsFrom, undefined],
    ["Hours per rep", c.hoursPerRep, HOURS],
    ["Gap (hours; below 0: to spare)", c.gapHours, HOURS],
    ["FTE needed", c.neededFte, FTE],
    ["FTE available", c.availableFte, FTE],
    ["Gap (FTE)", c.gapFte, FTE],
    ["Gap (people, rounded up)", c.gapPeople, COUNT],
  ];
  for (const [label, v, f] of figures) put(ws, [label, v], [undefined, f]);

  title(ws, "Per class (planned and actual over the window)");
  put(
    ws,
    [
      "Class",
      "Customers",
      "Value",
      "% value",
      "Planned contacts",
      "Planned hours",
      "% planned time",
      "Actual contacts",
      "Actual hours",
      "% time",
      "% contacts",
      "Under-served",
      "On plan",
      "Over-served",
      "Unknown",
    ],
    [],
    true,
  );
  const classFormats = [
    undefined,
    COUNT,
    MONEY,
    PERCENT,
    HOURS,
    HOURS,
    PERCENT,
    HOURS,
    HOURS,
    PERCENT,
    PERCENT,
    COUNT,
    COUNT,
    COUNT,
    COUNT,
  ];
  for (const r of [...cov.classes, cov.total]) {
    put(
      ws,
      [
        r.label,
        r.customers,
        r.value,
        r.valueShare,
        r.plannedContacts,
        r.plannedHours,
        r.plannedTimeShare,
        r.actualContacts,
        r.actualHours,
        r.timeShare,
        r.contactShare,
        r.status["under-served"],
        r.status["on-plan"],
        r.status["over-served"],
        r.status.unknown,
      ],
      classFormats,
    );
  }

  title(ws, "Per account manager");
  // the class labels, then "unranked": the keys of byClass
  const labels = cov.classes.map((r) => r.label);
  put(
    ws,
    [
      "Account manager",
      "Customers",
      ...labels,
      "Value",
      "Planned contacts",
      "Planned hours",
      "Planned hours a year",
      "Workload (FTE)",
      "Actual contacts",
      "Actual hours",
      "Under-served",
      "Over-served",
    ],
    [],
    true,
  );
  const managerFormats = [
    undefined,
    COUNT,
    ...labels.map(() => COUNT),
    MONEY,
    HOURS,
    HOURS,
    HOURS,
    FTE,
    HOURS,
    HOURS,
    COUNT,
    COUNT,
  ];
  for (const m of cov.managers) {
    put(
      ws,
      [
        m.accountManager ?? "(none)",
        m.customers,
        ...labels.map((l) => m.byClass[l] ?? 0),
        m.value,
        m.plannedContacts,
        m.plannedHours,
        m.plannedHoursPerYear,
        m.workloadFte,
        m.actualContacts,
        m.actualHours,
        m.underServed,
        m.overServed,
      ],
      managerFormats,
    );
  }
  ws.commit();
}
