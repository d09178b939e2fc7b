/**
 * `strata coverage` in the terminal: the plan of contacts and hours per class against what the team did, the
 * under- and over-served customers, the capacity of the team, and the workload per account manager.
 */
import type { Beyond } from "../core/beyond.js";
import { compareIds } from "../core/compare-ids.js";
import { UNRANKED } from "../core/coverage-types.js";
import { bookOrder } from "./beyond-csv.js";
import {
  contacts,
  facts,
  hours,
  ID_WIDTH,
  id,
  L,
  list,
  NAME_WIDTH,
  name,
  pct,
  repsSource,
  section,
} from "./beyond-terminal-parts.js";
import { formatCount, formatMoney, formatNumber, formatPercent } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import { counted, INDENT, joinSections, type Palette, palette, table } from "./terminal-style.js";
import { printable, truncate } from "./text-table.js";

/** What `strata coverage` prints: plan against actual per class, under- and over-served, capacity, managers. */
export function renderCoverageTerminal(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const { book, coverage: c } = b;
  const levelText: string[] = [];
  for (const [label, lv] of [
    ...c.labels.map((l) => [l, c.settings.levels[l]] as const),
    [UNRANKED, c.settings.unrankedLevel] as const,
  ]) {
    if (lv !== undefined)
      levelText.push(
        `${printable(label)} ${formatNumber(lv.contactsPerYear, 0)} × ${formatNumber(lv.hoursPerContact, 1)} h`,
      );
  }
  const levels = levelText.join(", ");
  const window =
    c.windowYears === 1 ? "the 12-month window" : `the window (${formatNumber(c.windowYears, 2)} years)`;
  const rows = [...c.classes, c.total];
  const byClass = c.hasActivities
    ? table(
        [
          L("left", "Class"),
          L("right", "Customers"),
          L("right", "Planned contacts"),
          L("right", "Actual"),
          L("right", "Planned hours"),
          L("right", "Actual"),
          L("right", "% time"),
          L("right", "% value"),
          L("right", "Under"),
          L("right", "Over"),
        ],
        rows.map((r) => [
          printable(r.label),
          formatCount(r.customers),
          contacts(r.plannedContacts),
          contacts(r.actualContacts),
          hours(r.plannedHours),
          hours(r.actualHours),
          pct(r.timeShare),
          formatPercent(r.valueShare),
          formatCount(r.status["under-served"]),
          formatCount(r.status["over-served"]),
        ]),
        p,
      )
    : [
        p.yellow(
          `${INDENT}Actual contacts and hours are unknown: no activities were given. Give them with --activities FILE (customer, date, kind, hours, rep).`,
        ),
        ...table(
          [
            L("left", "Class"),
            L("right", "Customers"),
            L("right", "Planned contacts"),
            L("right", "Planned hours"),
            L("right", "% planned time"),
            L("right", "% value"),
          ],
          rows.map((r) => [
            printable(r.label),
            formatCount(r.customers),
            contacts(r.plannedContacts),
            hours(r.plannedHours),
            formatPercent(r.plannedTimeShare),
            formatPercent(r.valueShare),
          ]),
          p,
        ),
      ];
  const plan = section(
    p,
    "Coverage",
    `Does sales time follow value? Each class has a service level (contacts a year × hours each: ${levels}); the plan over ${window} is set against what the team did.`,
    byClass,
  );
  const order = bookOrder(book);
  const st = c.customers.status;
  const under = order.filter((i) => st[i] === "under-served");
  const over = order.filter((i) => st[i] === "over-served");
  const ah = (i: number) => c.customers.actualHours[i] ?? 0;
  over.sort((x, y) => ah(y) - ah(x) || compareIds(book.ids[x] ?? "", book.ids[y] ?? ""));
  const customerColumns = [
    L("left", "Customer"),
    L("left", "Name"),
    L("left", "Class"),
    L("left", "Manager"),
    L("right", "Planned contacts"),
    L("right", "Actual"),
    L("right", "Planned hours"),
    L("right", "Actual"),
  ];
  const customerRow = (i: number) => [
    id(book.ids[i] ?? ""),
    name(book.name[i]),
    printable(c.customers.level[i] ?? ""),
    truncate(printable(book.accountManager[i] ?? ""), ID_WIDTH),
    contacts(c.customers.plannedContacts[i]),
    contacts(c.customers.actualContacts[i]),
    hours(c.customers.plannedHours[i]),
    hours(c.customers.actualHours[i]),
  ];
  const lists = c.hasActivities
    ? [
        section(
          p,
          `Under-served: ${formatCount(under.length)}`,
          "Customers of the classes that need attention who had fewer contacts than their plan; largest value first.",
          list(under, 15, customerColumns, customerRow, p),
        ),
        section(
          p,
          `Over-served: ${formatCount(over.length)}`,
          "Customers of the last class, or without a class, taking more contacts or hours than their level; most hours first.",
          list(over, 15, customerColumns, customerRow, p),
        ),
      ]
    : [];
  return joinSections([plan, ...lists, capacitySection(b, p), managersSection(b, p)]);
}

/** The gap in words: "The plan needs 2 more people" or "The team has 0.4 FTE to spare". */
export function capacityVerdict(gapPeople: number, gapFte: number, gapHours: number): string {
  const h = `${formatNumber(Math.abs(gapHours), 0)} hours a year`;
  if (gapPeople > 0)
    return `The plan needs ${counted(gapPeople, "more person", "more people")} (${formatNumber(gapFte, 1)} FTE, ${h}).`;
  if (gapHours < 0) return `The team has ${formatNumber(-gapFte, 1)} FTE to spare (${h}).`;
  return "The team has exactly the hours the plan needs.";
}

function capacitySection(b: Beyond, p: Palette): string[] {
  const k = b.coverage.capacity;
  const lines = [
    ...facts([
      ["Hours the plan needs", formatNumber(k.neededHours, 0), `${formatNumber(k.neededFte, 2)} FTE`],
      [
        "Hours the team has",
        formatNumber(k.availableHours, 0),
        `${counted(k.reps, "rep")}, ${repsSource(b.reps)}`,
      ],
      ["Hours per rep", formatNumber(k.hoursPerRep, 0), "selling hours a year of a full-time rep"],
    ]),
    `${INDENT}${p.bold(capacityVerdict(k.gapPeople, k.gapFte, k.gapHours))}`,
  ];
  if (k.reps === 0)
    lines.push(
      p.yellow(
        `${INDENT}! No reps: give the team with --reps FILE, or account managers in the customer list.`,
      ),
    );
  return section(p, "Capacity (a year)", "The hours the plan needs against the hours the team has.", lines);
}

function managersSection(b: Beyond, p: Palette): string[] {
  const c = b.coverage;
  if (c.managers.length === 0) return [];
  const labels = c.classes.map((r) => r.label);
  const rows = c.managers.map((m) => [
    m.accountManager === null ? "(none)" : truncate(printable(m.accountManager), NAME_WIDTH),
    formatCount(m.customers),
    ...labels.map((l) => formatCount(m.byClass[l] ?? 0)),
    formatMoney(m.value),
    formatNumber(m.plannedHoursPerYear, 0),
    formatNumber(m.workloadFte, 2),
    hours(m.actualHours),
    c.hasActivities ? formatCount(m.underServed) : "-",
    c.hasActivities ? formatCount(m.overServed) : "-",
  ]);
  return section(
    p,
    "Per account manager",
    "The workload of each book at the planned service levels: hours a year and the people they need.",
    table(
      [
        L("left", "Account manager"),
        L("right", "Customers"),
        ...labels.map((l) => L("right", printable(l))),
        L("right", "Value"),
        L("right", "Planned h/year"),
        L("right", "FTE"),
        L("right", "Actual hours"),
        L("right", "Under"),
        L("right", "Over"),
      ],
      rows,
      p,
    ),
  );
}
