import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Command, Option } from "commander";
import { addMonths } from "../core/dates.js";
import { StrataError } from "../core/errors.js";
import { describeWindow, windowFor } from "../core/policy.js";
import { csvField } from "../report/customers-csv.js";
import { formatCount, formatFixed, formatMoney, formatPercent, formatPlain } from "../report/format.js";
import { type TextColumn, textTable } from "../report/text-table.js";
import { type AnalyzeCliOptions, addReadOptions, runAnalysis } from "./analyze.js";
import type { Io } from "./io.js";

interface TrendCliOptions extends AnalyzeCliOptions {
  every: "month" | "quarter";
  windows: string;
}

/** One rolling window of the trend. */
export interface TrendPoint {
  firstDay: string;
  lastDay: string;
  activeCustomers: number;
  totalValue: number;
  customersFor80: number;
  customersFor80Share: number;
  gini: number;
  classes: Array<{ label: string; customers: number; value: number }>;
}

/** `strata trend`: rolling windows ending every month or quarter, all from one pass over the file. */
export function trendCommand(io: Io): Command {
  const cmd = new Command("trend")
    .description("class sizes, value, customers for 80% and Gini over rolling windows")
    .argument("<file>", "invoice lines, as for analyze");
  addReadOptions(cmd)
    .addOption(
      new Option("--every <step>", "distance between window ends")
        .choices(["month", "quarter"])
        .default("quarter"),
    )
    .option("--windows <n>", "number of windows, the last ending at the as-of date", "12")
    .option("--out <dir>", "write trend.csv and trend.json into this folder")
    .option("--json", "print the trend as JSON")
    .option("--quiet", "print nothing but errors")
    .action(async (file: string, o: TrendCliOptions) => {
      const n = Number(o.windows);
      if (!Number.isInteger(n) || n < 1 || n > 120) {
        throw new StrataError(
          "BAD_OPTION",
          `--windows expects a whole number from 1 to 120; got '${o.windows}'.`,
          {
            value: o.windows,
          },
        );
      }
      const step = o.every === "month" ? 1 : 3;
      const result = await runAnalysis(file, o, io, (main, policy) =>
        Array.from({ length: n - 1 }, (_, k) =>
          windowFor(addMonths(main.asOf, -step * (n - 1 - k)), policy.horizon),
        ),
      );
      const windows = [
        ...result.more.map((m) => ({ window: m.window, analysis: m.analysis })),
        { window: result.window, analysis: result.analysis },
      ];
      const points: TrendPoint[] = windows.map(({ window, analysis }) => {
        const w = describeWindow(window);
        const c = analysis.concentration;
        return {
          firstDay: w.firstDay,
          lastDay: w.lastDay,
          activeCustomers: c.activeCustomers,
          totalValue: c.totalValue,
          customersFor80: c.customersFor80,
          customersFor80Share: c.customersFor80Share,
          gini: c.gini,
          classes: analysis.abc.classes.map((k) => ({
            label: k.label,
            customers: k.customers,
            value: k.value,
          })),
        };
      });
      if (o.json) io.stdout(`${JSON.stringify({ measure: result.summary.measure, points }, null, 2)}\n`);
      else if (!o.quiet) io.stdout(renderTrend(points, result.summary.measure));
      if (o.out !== undefined) {
        const dir = resolve(io.cwd, o.out);
        await mkdir(dir, { recursive: true });
        await writeFile(
          join(dir, "trend.json"),
          `${JSON.stringify({ measure: result.summary.measure, points }, null, 2)}\n`,
        );
        await writeFile(join(dir, "trend.csv"), trendCsv(points));
        if (!o.quiet) io.stderr(`Wrote ${join(o.out, "trend.csv")}, trend.json\n`);
      }
    });
  return cmd;
}

function renderTrend(points: readonly TrendPoint[], measure: string): string {
  const labels = points[0]?.classes.map((c) => c.label) ?? [];
  const columns: TextColumn[] = [
    { header: "Window", align: "left" },
    { header: "Active", align: "right" },
    { header: `Total ${measure}`, align: "right" },
    ...labels.map((l) => ({ header: `${l} customers`, align: "right" as const })),
    { header: "For 80%", align: "right" },
    { header: "Gini", align: "right" },
  ];
  const rows = points.map((p) => [
    `${p.firstDay} … ${p.lastDay}`,
    formatCount(p.activeCustomers),
    formatMoney(p.totalValue),
    ...p.classes.map((c) => formatCount(c.customers)),
    `${formatCount(p.customersFor80)} (${formatPercent(p.customersFor80Share)})`,
    formatFixed(p.gini, 3),
  ]);
  return `Trend by ${measure}\n${textTable(columns, rows)
    .map((l) => `  ${l}`.trimEnd())
    .join("\n")}\n`;
}

function trendCsv(points: readonly TrendPoint[]): string {
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
