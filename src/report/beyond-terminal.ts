/**
 * Beyond billing in the terminal (issue 4): potential, profitability, strategy, coverage, what the activities
 * and reps files gave, `--by` groups, and the short brief at the end of `strata analyze`. Written for a sales
 * director on Monday morning: every section opens with one sentence of what it means, lists are cut to their
 * top, and data text goes through printable() so a name cannot move the cursor. Each area renders in its own
 * module; this one renders the rest and gathers them.
 */
import type { ActivitiesSummary, Beyond, Groups, RepsSummary } from "../core/beyond.js";
import {
  facts,
  hours,
  id,
  L,
  NAME_WIDTH,
  name,
  repsSource,
  section,
  sum,
  sumMoney,
} from "./beyond-terminal-parts.js";
import { capacityVerdict } from "./coverage-terminal.js";
import { formatCount, formatMoney, formatNumber, formatPercent } from "./format.js";
import type { TerminalOptions } from "./terminal.js";
import {
  counted,
  INDENT,
  joinSections,
  type Palette,
  palette,
  rejectLines,
  table,
} from "./terminal-style.js";
import { printable, truncate } from "./text-table.js";

export { capacityVerdict, renderCoverageTerminal } from "./coverage-terminal.js";
export { renderPotentialTerminal } from "./potential-terminal.js";
export { renderProfitTerminal } from "./profit-terminal.js";
export { renderStrategyTerminal } from "./strategy-terminal.js";

/** The commands that show each area in full, named in the brief. */
export const BEYOND_COMMANDS = {
  potential: "strata potential",
  profit: "strata profit",
  strategy: "strata strategy",
  coverage: "strata coverage",
} as const;

// ---------------------------------------------------------------------------------------------------------
// Reading the activities and reps

/** What the activities file and the team gave: read, used, outside the window, rejected, kinds, unmatched ids. */
export function renderActivitiesReading(
  a: ActivitiesSummary | null,
  reps: RepsSummary,
  opts: TerminalOptions = {},
): string {
  const p = palette(opts.color === true);
  const team = teamSection(reps, p);
  if (a === null)
    return joinSections([
      [
        `${p.bold("Activities")}: none given, so actual contacts and hours are unknown (give them with --activities FILE).`,
      ],
      team,
    ]);
  const outside = a.beforeWindow + a.afterAsOf;
  const lines = [
    p.bold(`Activities: ${printable(a.file)} (dates ${printable(a.dateFormat)})`),
    `${INDENT}Visits, calls and other contacts per customer: the lines in the window count as contacts.`,
    ...facts([
      ["Lines read", formatCount(a.rowsRead), ""],
      ["Used", formatCount(a.used), `contacts in the window, of ${counted(a.customers, "customer")}`],
      [
        "Outside the window",
        formatCount(outside),
        `${formatCount(a.beforeWindow)} before it, ${formatCount(a.afterAsOf)} after the as-of date`,
      ],
      ["Rejected", formatCount(a.rowsRejected), ""],
    ]),
    ...rejectLines(a.rejects, "line", p),
  ];
  if (a.unmatchedCustomers > 0) {
    const sample = a.unmatchedSample.map((s) => printable(s)).join(", ");
    lines.push(
      p.yellow(
        `${INDENT}${counted(a.unmatchedCustomers, "customer id")} neither invoiced nor in the customer list, kept out: ${counted(a.unmatchedActivities, "activity", "activities")}, ${hours(a.unmatchedHours)} hours${sample === "" ? "" : ` (${sample}${a.unmatchedCustomers > a.unmatchedSample.length ? ", …" : ""})`}`,
      ),
    );
  }
  const mapping = Object.entries(a.mapping).map(([f, col]) => [f, printable(col)]);
  if (mapping.length > 0) lines.push("", ...table([L("left", "Field"), L("left", "Column")], mapping, p));
  if (a.kinds.length > 0)
    lines.push(
      "",
      ...table(
        [
          L("left", "Kind"),
          L("right", "Activities"),
          L("right", "Default hours used"),
          L("right", "Default hours"),
        ],
        a.kinds.map((k) => [
          printable(k.kind),
          formatCount(k.activities),
          formatCount(k.defaulted),
          hours(k.defaultHours),
        ]),
        p,
      ),
    );
  if (a.reps.length > 0)
    lines.push(
      "",
      ...table(
        [L("left", "Rep"), L("right", "Contacts"), L("right", "Hours")],
        a.reps.map((r) => [
          r.rep === null ? "(none)" : truncate(printable(r.rep), NAME_WIDTH),
          formatCount(r.contacts),
          hours(r.hours),
        ]),
        p,
      ),
    );
  return joinSections([lines, team]);
}

function teamSection(r: RepsSummary, p: Palette): string[] {
  const out = [
    `${p.bold("Team")}: ${counted(r.reps, "rep")}, ${formatNumber(r.hours, 0)} selling hours a year, ${repsSource(r)}`,
  ];
  if (r.source === "file") out.push(`${INDENT}Rows read: ${formatCount(r.rowsRead)}`);
  out.push(...rejectLines(r.rejects, "row", p));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// The brief at the end of `strata analyze`

/** A few lines for the end of `strata analyze`: the headline of each area and the command that shows it. */
export function renderBeyondBrief(b: Beyond, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const cmd = (c: string) => p.dim(`— ${c}`);
  const r = b.potential;
  const lines = [p.bold("Beyond billing")];
  if (!r.hasPotential)
    lines.push(`${INDENT}Potential: none in the customer list (--customers-map potential=<column>)`);
  else {
    const gap = sumMoney(r.prospective.map((w) => w.gap));
    lines.push(
      `${INDENT}Potential: ${counted(r.prospective.length, "prospective customer")} hold ${formatMoney(gap)} of untapped potential; ${counted(r.competitors.length, "top customer buys", "top customers buy")} mostly elsewhere ${cmd(BEYOND_COMMANDS.potential)}`,
    );
  }
  const pr = b.profitability;
  if (pr.margin.kind === "noMargin") lines.push(`${INDENT}Profit: no cost or margin in the data`);
  else {
    const w = pr.margin.whale;
    const peak =
      w.peak.share === null
        ? "total margin is 0 or below"
        : `the top ${formatCount(w.peak.customers)} by margin earn ${formatPercent(w.peak.share)} of it`;
    lines.push(
      `${INDENT}Profit: ${counted(pr.margin.flagged.length, "big customer")} with a thin margin; ${peak} ${cmd(BEYOND_COMMANDS.profit)}`,
    );
  }
  if (pr.profiles.rule === "valueAndAttention")
    lines.push(
      `${INDENT}Attention: ${counted(pr.profiles.counts.problem, "problem client")} (little income, much time) ${cmd(BEYOND_COMMANDS.profit)}`,
    );
  const s = b.strategy;
  lines.push(
    `${INDENT}Strategy: ${counted(s.differences.length, "customer weighs", "customers weigh")} more or less than their class; ${formatCount(sum(Array.from(s.atRisk)))} at risk ${cmd(BEYOND_COMMANDS.strategy)}`,
  );
  const c = b.coverage;
  const k = c.capacity;
  const said = capacityVerdict(k.gapPeople, k.gapFte, k.gapHours).replace(/\.$/, "");
  const verdict =
    k.reps === 0
      ? `the plan needs ${formatNumber(k.neededHours, 0)} hours a year and no reps are known (--reps FILE)`
      : `${said.charAt(0).toLowerCase()}${said.slice(1)}`;
  lines.push(
    c.hasActivities
      ? `${INDENT}Coverage: ${formatCount(c.total.status["under-served"])} customers under-served, ${formatCount(c.total.status["over-served"])} over-served ${cmd(BEYOND_COMMANDS.coverage)}`
      : `${INDENT}Coverage: no activities given, so only the plan is known (--activities FILE) ${cmd(BEYOND_COMMANDS.coverage)}`,
    `${INDENT}Capacity: ${verdict} ${cmd(BEYOND_COMMANDS.coverage)}`,
  );
  return `${lines.join("\n")}\n`;
}

// ---------------------------------------------------------------------------------------------------------
// Groups

/** What `--by COLUMN` prints: the ABC classes within each group, and who changes class. */
export function renderGroupsTerminal(g: Groups, opts: TerminalOptions = {}): string {
  const p = palette(opts.color === true);
  const labels: string[] = [];
  for (const x of g.groups) for (const c of x.classes) if (!labels.includes(c.label)) labels.push(c.label);
  const rows = g.groups.map((x) => {
    const top = x.top[0];
    return [
      x.group === null ? "(none)" : truncate(printable(x.group), NAME_WIDTH),
      formatCount(x.customers),
      formatCount(x.ranked),
      formatMoney(x.value),
      formatPercent(x.valueShare),
      ...labels.map((l) => formatCount(x.classes.find((c) => c.label === l)?.customers ?? 0)),
      top === undefined
        ? ""
        : `${id(top.customerId)}${top.name === null ? "" : ` ${name(top.name)}`} (${formatPercent(top.share)})`,
    ];
  });
  return joinSections([
    section(
      p,
      `Groups by ${printable(g.column)}`,
      "The ABC classes run within each group alone: every group has its own A customers, whatever their size overall.",
      [
        ...table(
          [
            L("left", "Group"),
            L("right", "Customers"),
            L("right", "Ranked"),
            L("right", "Value"),
            L("right", "% value"),
            ...labels.map((l) => L("right", printable(l))),
            L("left", "Top customer (share of group)"),
          ],
          rows,
          p,
        ),
        `${INDENT}${counted(g.differ, "customer")} ${g.differ === 1 ? "has" : "have"} a different class within ${g.differ === 1 ? "its" : "their"} group than overall.`,
      ],
    ),
  ]);
}
