/**
 * The commands beyond billing: `potential`, `profit`, `strategy` and `coverage`. Each reads the invoices
 * (and the customer list, activities, team) as `analyze` does, prints its own tables, and with `--out DIR`
 * writes its files; `--json` prints its figures (totals and lists, not the per-customer columns, which are
 * in the CSV files).
 */
import { basename, join, resolve } from "node:path";
import { Command } from "commander";
import type { Beyond } from "../core/beyond.js";
import { renderReadingTerminal } from "../report/terminal.js";
import {
  type AnalyzeCliOptions,
  addBeyondOptions,
  addReadOptions,
  type BeyondFile,
  runAnalysis,
  writeBeyondFiles,
} from "./analyze.js";
import type { Io } from "./io.js";

type Render = (b: Beyond, opts: { color?: boolean }) => string;

interface BeyondCommand {
  name: string;
  description: string;
  files: readonly BeyondFile[];
  render: () => Promise<Render>;
  json: (b: Beyond) => unknown;
}

function potentialJson(b: Beyond): unknown {
  const p = b.potential;
  return {
    settings: p.settings,
    hasPotential: p.hasPotential,
    counts: p.counts,
    totalPotential: p.totalPotential,
    potentialClasses: p.potentialClasses,
    matrix: p.matrix,
    prospective: p.prospective,
    competitors: p.competitors,
  };
}

function profitJson(b: Beyond): unknown {
  const p = b.profitability;
  const m = p.margin;
  return {
    settings: p.settings,
    revenueClasses: p.revenueClasses,
    margin:
      m.kind === "noMargin"
        ? m
        : {
            kind: m.kind,
            marginClasses: m.marginClasses,
            notProfitable: m.notProfitable,
            marginUnknown: m.marginUnknown,
            flagged: m.flagged,
            whale: {
              totalMargin: m.whale.totalMargin,
              peak: m.whale.peak,
              profitable: m.whale.profitable,
              breakEven: m.whale.breakEven,
              lossMaking: m.whale.lossMaking,
              leftOff: m.whale.leftOff,
            },
          },
    attention: p.attention,
    profiles: { rule: p.profiles.rule, counts: p.profiles.counts, notClients: p.profiles.notClients },
  };
}

function strategyJson(b: Beyond): unknown {
  const s = b.strategy;
  return {
    settings: s.settings,
    marginSource: s.marginSource,
    tierLabels: s.tierLabels,
    tiers: s.tiers,
    categoryTotals: s.categoryTotals,
    differences: s.differences,
    atRisk: b.book.ids.flatMap((id, i) =>
      s.atRisk[i] === 1
        ? [{ customerId: id, name: b.book.name[i] ?? null, reasons: s.atRiskReasons[i] }]
        : [],
    ),
  };
}

function coverageJson(b: Beyond): unknown {
  const c = b.coverage;
  return {
    settings: c.settings,
    windowYears: c.windowYears,
    hasActivities: c.hasActivities,
    classes: c.classes,
    total: c.total,
    capacity: c.capacity,
    reps: b.reps,
    managers: c.managers,
    activities: b.activities,
  };
}

const COMMANDS: readonly BeyondCommand[] = [
  {
    name: "potential",
    description:
      "share of wallet, potential classes, the value × potential matrix and the customers with room to grow",
    files: ["potential.csv"],
    render: async () => (await import("../report/beyond-terminal.js")).renderPotentialTerminal,
    json: potentialJson,
  },
  {
    name: "profit",
    description:
      "revenue classes beside margin classes, big customers that earn little, the whale curve, attention vs income",
    files: ["profitability.csv"],
    render: async () => (await import("../report/beyond-terminal.js")).renderProfitTerminal,
    json: profitJson,
  },
  {
    name: "strategy",
    description:
      "strategic categories (breadwinner, prospective, at risk, tags), the strategic score and tiers beside ABC",
    files: ["strategy.csv"],
    render: async () => (await import("../report/beyond-terminal.js")).renderStrategyTerminal,
    json: strategyJson,
  },
  {
    name: "coverage",
    description:
      "planned vs actual contacts per customer and class, under- and over-served customers, sales capacity",
    files: ["coverage.csv", "capacity.json"],
    render: async () => (await import("../report/beyond-terminal.js")).renderCoverageTerminal,
    json: coverageJson,
  },
];

function beyondCommand(io: Io, def: BeyondCommand): Command {
  const cmd = new Command(def.name)
    .description(def.description)
    .argument("<file>", "invoice lines: .csv/.tsv/.txt (also .gz), .parquet, .jsonl, .xlsx");
  addBeyondOptions(addReadOptions(cmd))
    .option("--out <dir>", `write ${def.files.join(" and ")} into this folder`)
    .option("--json", "print the figures as JSON to stdout instead of the tables")
    .option("--quiet", "print nothing but errors")
    .option("--no-color", "no colours in the terminal output")
    .action(async (file: string, o: AnalyzeCliOptions) => {
      const result = await runAnalysis(file, o, io, { beyond: true });
      const b = result.beyond;
      if (b === null) throw new Error(`${def.name}: the analysis beyond billing was not computed`);
      const color = io.color && o.color !== false;
      if (o.json) io.stdout(`${JSON.stringify(def.json(b), null, 2)}\n`);
      else if (!o.quiet) {
        const t = await import("../report/beyond-terminal.js");
        const parts = [renderReadingTerminal(result.summary, { color })];
        if (b.activities) parts.push(t.renderActivitiesReading(b.activities, b.reps, { color }));
        parts.push((await def.render())(b, { color }));
        io.stdout(parts.join("\n"));
      }
      if (o.out !== undefined) {
        const written = await writeBeyondFiles(b, resolve(io.cwd, o.out), def.files);
        if (!o.quiet)
          io.stderr(
            written.length > 0
              ? `Wrote ${written.map((p) => join(o.out ?? "", basename(p))).join(", ")}\n`
              : "Nothing to write: no customer has a potential.\n",
          );
      }
    });
  return cmd;
}

/** `strata potential`, `strata profit`, `strata strategy`, `strata coverage`. */
export function beyondCommands(io: Io): Command[] {
  return COMMANDS.map((def) => beyondCommand(io, def));
}
