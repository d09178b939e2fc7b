import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { ClvRun } from "../../src/app/clv.js";
import type { ClvSettings } from "../../src/core/clv/predict.js";
import type { RfmSummary } from "../../src/engine/rfm-summary.js";
import { CLV_CHART_IDS } from "../../src/report/clv-charts.js";
import { buildClvReport, renderClvReport } from "../../src/report/clv-html.js";
import { dumpDom, findChromium } from "./chromium.js";
import {
  runOf as baseRunOf,
  CAL_END,
  HOLD_END,
  SETTINGS,
  type Sim,
  simulate,
  summarise,
} from "./clv-fixture.js";

const STUB_LIBRARY = "window.echarts = undefined; /* stand-in for echarts.min.js */";
/** An id that would run a script if it reached the page unescaped. */
const HOSTILE = '<img src=x onerror="alert(1)">&';

/** The fixture's run with hostile text where the page shows the file, a reject example and a warning. */
const runOf = (s: RfmSummary, settings: ClvSettings = SETTINGS): ClvRun =>
  baseRunOf(s, settings, {
    file: "sales<script>alert(0)</script>.csv",
    badValue: "<img src=x onerror=alert(7)>",
    warning: "4 customers first bought after the calibration end <b>.",
  });

/** The parts of a chart's options the tests read. */
interface Series {
  type: string;
  name: string;
  data: Array<number | [number, number] | { value: number }>;
  markLine?: { data: Array<{ xAxis?: number }> };
}
interface Options {
  series: Series[];
  xAxis: { type: string; data?: string[]; max?: number } | Array<{ type: string; data?: string[] }>;
}

function chartJson(page: string): Record<string, Options> {
  const m = /<script type="application\/json" id="strata-charts">([\s\S]*?)<\/script>/.exec(page);
  if (m === null) throw new Error("no chart data block");
  return JSON.parse(m[1] ?? "") as Record<string, Options>;
}

/** The text of a page: tags dropped, the escaper's entities undone, spaces folded. */
function text(page: string): string {
  return page
    .replace(/<script[\s\S]*?<\/script>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const sumOf = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);
const sectionOf = (page: string, id: string): string => {
  const from = page.indexOf(`<section id="${id}"`);
  return from < 0 ? "" : page.slice(from, page.indexOf("</section>", from));
};

describe("buildClvReport on 300 simulated customers with a holdout", () => {
  let sims: Sim[];
  let run: ClvRun;
  let page: string;
  let topIndex: number;
  beforeAll(() => {
    sims = simulate(20_240_101, 300);
    const s = summarise(sims, true);
    run = runOf(s);
    const clv = run.result.predictions.clv;
    topIndex = Array.from(clv).reduce((b, v, i, a) => (v > (a[b] ?? 0) ? i : b), 0);
    s.ids[topIndex] = HOSTILE;
    page = buildClvReport(run, STUB_LIBRARY);
  });

  it("shows the key figures, computed here from the simulation", () => {
    const t = text(page);
    const actual = sumOf(sims.map((x) => x.days.filter((d) => d > CAL_END).length));
    const v = run.result.validation;
    if (v === null) throw new Error("no validation");
    expect(t).toContain(`Customers modelled 300`);
    expect(t).toContain("Lines without a customer 3 skipped: a purchase needs a customer id");
    expect(t).toContain(`Actual repeat purchases ${actual.toLocaleString("en-US")}`);
    const err = (100 * (v.predictedBgNbd - actual)) / actual;
    expect(t).toContain(`${err >= 0 ? "+" : "-"}${Math.abs(err).toFixed(1)}% against actual`);
    expect(t).toContain(`CLV ${money(sumOf(run.result.predictions.clv))} discounted`);
    const bg = run.result.bgNbd;
    expect(t).toContain(`${bg.params.alpha.toFixed(3)} ± ${bg.standardErrors.alpha.toFixed(3)}`);
    expect(t).toContain(`Mean absolute error ${v.meanAbsoluteError.toFixed(3)}`);
    expect(t).toContain("Holdout 2024-09-30 to 2025-03-30 (26.0 weeks)");
    expect(t).toContain("call them before they are lost");
    expect(t).not.toContain("NOT converged");
  });

  it("escapes every name: ids, the file, reject examples, warnings", () => {
    expect(page).not.toContain("<img");
    expect(page).not.toContain("alert(0)</script>");
    expect(page.match(/<script/g)).toHaveLength(3);
    expect(page).toContain("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&amp;");
    expect(page).toContain("&lt;img src=x onerror=alert(7)&gt;");
    expect(page).toContain("calibration end &lt;b&gt;.");
    expect(page).toContain("<title>Customer lifetime value: sales&lt;script&gt;");
    // The hostile id is the top customer by CLV: first row of the table.
    const top = sectionOf(page, "predictions");
    const row = /<table class="top">[\s\S]*?<tbody><tr>([\s\S]*?)<\/tr>/.exec(top)?.[1] ?? "";
    expect(text(row)).toBe(
      `${HOSTILE} ${run.summary.x[topIndex]} ${Math.round(100 * (run.result.predictions.pAlive[topIndex] ?? 0))}% ${(run.result.predictions.expectedPurchases[topIndex] ?? 0).toFixed(2)} ${money(run.result.predictions.expectedMeanValue[topIndex] ?? 0)} ${money(run.result.predictions.clv[topIndex] ?? 0)}`,
    );
  });

  it("loads nothing from outside the file", () => {
    expect(page).not.toMatch(/\b(src|href)=["']?(https?:)?\/\//i);
    expect(page).not.toMatch(/https?:\/\//);
  });

  it("tracks cumulative repeat purchases per week: actual, BG/NBD, Pareto/NBD, calibration end marked", () => {
    const o = chartJson(page)[CLV_CHART_IDS.tracking];
    if (o === undefined) throw new Error("no tracking chart");
    const start = Math.min(...sims.map((s) => s.days[0] ?? 0));
    const periods = Math.floor((HOLD_END - start) / 7) + 1;
    expect(o.series.map((s) => s.name)).toEqual(["Actual", "BG/NBD", "Pareto/NBD"]);
    for (const s of o.series) expect(s.data).toHaveLength(periods);
    expect(o.series[0]?.markLine?.data).toEqual([{ xAxis: Math.floor((CAL_END - start) / 7) + 1 }]);
    const repeats = sumOf(sims.map((s) => s.days.length - 1));
    expect(o.series[0]?.data.at(-1)).toEqual([periods, repeats]);
    // The models' curves are close to what happened at the calibration end: within 10 %.
    const k = Math.floor((CAL_END - start) / 7);
    const at = (s: Series | undefined): number => ((s?.data[k] as [number, number] | undefined) ?? [0, 0])[1];
    expect(Math.abs(at(o.series[1]) / at(o.series[0]) - 1)).toBeLessThan(0.1);
  });

  it("compares the mean holdout purchases by x = 0 … 7+ with both models", () => {
    const o = chartJson(page)[CLV_CHART_IDS.frequency];
    if (o === undefined) throw new Error("no frequency chart");
    const xs = sims.map((s) => Math.min(7, s.days.filter((d) => d <= CAL_END).length - 1));
    const present = [...new Set(xs)].sort((a, b) => a - b).map((x) => (x === 7 ? "7+" : String(x)));
    expect(Array.isArray(o.xAxis) ? undefined : o.xAxis.data).toEqual(present);
    const zero = sims.filter((_, i) => xs[i] === 0);
    const mean = sumOf(zero.map((s) => s.days.filter((d) => d > CAL_END).length)) / zero.length;
    expect(o.series.map((s) => s.name)).toEqual(["Actual", "BG/NBD", "Pareto/NBD"]);
    expect(o.series[0]?.data[0]).toBeCloseTo(mean, 3);
    for (const s of o.series) expect(s.data).toHaveLength(present.length);
  });

  it("splits the CLV into tenths of customers and by p(alive)", () => {
    const charts = chartJson(page);
    const deciles = charts[CLV_CHART_IDS.deciles];
    const byAlive = charts[CLV_CHART_IDS.pAlive];
    const clv = Array.from(run.result.predictions.clv).sort((a, b) => b - a);
    const first = deciles?.series[0]?.data[0] as { value: number } | undefined;
    expect(first?.value).toBeCloseTo(sumOf(clv.slice(0, 30)), 1);
    expect(sumOf((byAlive?.series[0]?.data ?? []) as number[])).toBe(300);
  });

  it("shows a fit that did not converge in a warning box and in the table", () => {
    const message = "iteration limit 500 reached (gradient 0.31 above 0.0001)";
    const bad: ClvRun = {
      ...run,
      result: {
        ...run.result,
        bgNbd: { ...run.result.bgNbd, report: { ...run.result.bgNbd.report, converged: false, message } },
      },
    };
    const fits = sectionOf(buildClvReport(bad, STUB_LIBRARY), "fits");
    expect(fits).toContain(
      `<div class="box warn"><p><strong>The BG/NBD fit did not converge</strong>: ${message}.`,
    );
    expect(fits).toContain('<span class="bad">NOT converged</span>');
  });
});

describe("buildClvReport without a holdout", () => {
  it("leaves the validation charts out and says how to get them", () => {
    const run = runOf(summarise(simulate(7, 300), false), { ...SETTINGS, paretoNbd: false });
    const page = buildClvReport(run, STUB_LIBRARY);
    const charts = chartJson(page);
    expect(Object.keys(charts).sort()).toEqual([CLV_CHART_IDS.deciles, CLV_CHART_IDS.pAlive].sort());
    expect(page).not.toContain(CLV_CHART_IDS.tracking);
    expect(page).not.toContain(CLV_CHART_IDS.frequency);
    const validation = text(sectionOf(page, "validation"));
    expect(validation).toContain("No holdout");
    expect(validation).toContain("--calibration-end DATE");
    expect(text(page)).toContain("not fitted (--no-pareto)");
    expect(page).not.toContain("Bought since");
  });
});

const chromium = findChromium();

// Skipped only on a machine without Chromium outside CI; CI installs it, so there it must run.
describe.skipIf(chromium === undefined && !process.env.CI)(
  chromium === undefined
    ? "clv report in Chromium (offline) — SKIPPED: no chromium on PATH (apt-get install chromium)"
    : "clv report in Chromium (offline)",
  () => {
    it("draws the four charts as SVG from the file alone", async () => {
      const dir = await mkdtemp(join(tmpdir(), "strata-clv-"));
      try {
        const file = join(dir, "report.html");
        await writeFile(file, await renderClvReport(runOf(summarise(simulate(20_240_101, 300), true))));
        const dom = await dumpDom(chromium ?? "chromium", file, join(dir, "profile"));
        for (const id of Object.values(CLV_CHART_IDS))
          expect(dom).toMatch(new RegExp(`id="${id}"[^>]*>\\s*<div[^>]*>\\s*<svg`));
        expect(dom).toContain(">Pareto/NBD<");
        expect(dom).toMatch(/>calibration end 2024-09-29</);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    });
  },
);
