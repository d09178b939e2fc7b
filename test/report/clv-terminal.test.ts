import { beforeAll, describe, expect, it } from "vitest";
import type { ClvRun } from "../../src/app/clv.js";
import { formatDay } from "../../src/core/dates.js";
import { renderClvTerminal } from "../../src/report/clv-terminal.js";
import { CAL_END, runOf, SETTINGS, type Sim, simulate, summarise } from "./clv-fixture.js";

const ESC = "\u001b";
const HOSTILE_TOP = "\u001b[2Jtop\u001b[31m";
const HOSTILE_LOST = "lost\r\n<b>";

/** Money as the report prints it, computed here without the report's formatter. */
const money = (x: number): string =>
  x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const esc = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const sumOf = (a: ArrayLike<number>): number => Array.from(a).reduce((s, v) => s + v, 0);

describe("renderClvTerminal on 300 simulated customers with a holdout", () => {
  let sims: Sim[];
  let run: ClvRun;
  let out: string;
  let topIndex: number;
  let lostIndex: number;
  beforeAll(() => {
    sims = simulate(20_240_101, 300);
    const s = summarise(sims, true);
    run = runOf(s);
    const pr = run.result.predictions;
    // The ids are labels only: give the best and the most valuable lost customer hostile ones.
    topIndex = Array.from(pr.clv).reduce((b, v, i, a) => (v > (a[b] ?? 0) ? i : b), 0);
    const lost = s.ids
      .map((_, i) => i)
      .filter((i) => (pr.pAlive[i] ?? 1) < 0.5)
      .sort((a, b) => (s.value[b] ?? 0) - (s.value[a] ?? 0));
    lostIndex = lost[0] ?? -1;
    s.ids[topIndex] = HOSTILE_TOP;
    s.ids[lostIndex] = HOSTILE_LOST;
    out = renderClvTerminal(run);
  });

  it("says what was read, the periods and who was modelled", () => {
    expect(out).toMatch(/Lines read\s+2,345/);
    expect(out).toMatch(/Without a customer\s+3 {2}skipped: a purchase needs a customer id/);
    expect(out).toContain("Rejected, bad date: 2 lines");
    expect(out).toContain("line 7, column date: '31/02/2024'");
    const first = formatDay(Math.min(...sims.map((s) => s.days[0] ?? 0)));
    expect(out).toMatch(new RegExp(`Calibration\\s+${first} … 2024-09-29\\s+\\d+\\.\\d weeks`));
    expect(out).toMatch(/Holdout\s+2024-09-30 … 2025-03-30\s+26\.0 weeks/);
    expect(out).toMatch(/Customers modelled\s+300/);
    const repeaters = sims.filter((s) => s.days.filter((d) => d <= CAL_END).length > 1).length;
    expect(out).toMatch(new RegExp(`Repeaters\\s+${repeaters}\\s+${((100 * repeaters) / 300).toFixed(1)}%`));
    expect(out).toMatch(/New after the calibration end\s+4\s+not modelled/);
  });

  it("shows every parameter with its standard error, the log-likelihood and convergence", () => {
    const bg = run.result.bgNbd;
    expect(bg.report.converged).toBe(true);
    expect(out).toContain(`${bg.params.r.toFixed(3)} ± ${bg.standardErrors.r.toFixed(3)}`);
    expect(out).toMatch(
      new RegExp(`BG/NBD\\s+r\\s+${esc(bg.params.r.toFixed(3))} ± [\\d.]+\\s+-[\\d,]+\\.\\d\\d\\s+converged`),
    );
    for (const label of ["α", "a", "b", "s", "β", "p", "q", "γ"])
      expect(out).toMatch(new RegExp(` ${label}\\s+[\\d,.]+ ± [\\d,.]+`));
    expect(out).not.toContain("n/a");
    expect(out).not.toContain("standard errors are unknown");
    expect(out).toContain(`BG/NBD: converged, ${bg.report.message}`);
    expect(out).not.toContain("NOT converged");
  });

  it("compares the holdout with the predictions: totals, % error, per frequency, mean absolute error", () => {
    const v = run.result.validation;
    if (v === null) throw new Error("no validation");
    const actual = sumOf(sims.map((s) => s.days.filter((d) => d > CAL_END).length));
    expect(v.actual).toBe(actual);
    expect(out).toMatch(new RegExp(`Actual repeat purchases\\s+${actual.toLocaleString("en-US")}\\n`));
    const err = (100 * (v.predictedBgNbd - actual)) / actual;
    expect(out).toMatch(
      new RegExp(
        `BG/NBD predicted\\s+${esc(v.predictedBgNbd.toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 }))}\\s+${err >= 0 ? "\\+" : "-"}${Math.abs(err).toFixed(1)}%`,
      ),
    );
    expect(out).toMatch(/Pareto\/NBD predicted\s+[\d,]+\.\d\s+[+-][\d.]+%/);
    // The one-time buyers of the calibration: how many, and what they bought in the holdout on average.
    const zero = sims.filter((s) => s.days.filter((d) => d <= CAL_END).length === 1);
    const zeroMean = sumOf(zero.map((s) => s.days.filter((d) => d > CAL_END).length)) / zero.length;
    expect(out).toMatch(
      new RegExp(`\\n\\s+0\\s+${zero.length}\\s+${zeroMean.toFixed(2)}\\s+\\d\\.\\d\\d\\s+\\d\\.\\d\\d\\n`),
    );
    expect(out).toMatch(/\n\s+x\s+Customers\s+Actual\s+BG\/NBD\s+Pareto\/NBD\n/);
    expect(out).toContain(
      `Mean absolute error per customer (BG/NBD): ${v.meanAbsoluteError.toFixed(3)} purchases`,
    );
  });

  it("gives the totals over the horizon and the top customers by CLV", () => {
    const pr = run.result.predictions;
    expect(out).toContain("Predictions over the next 12 months (52.0 weeks)");
    expect(out).toMatch(new RegExp(`\\n\\s+CLV\\s+${esc(money(sumOf(pr.clv)))}\\s+discounted`));
    expect(out).toMatch(new RegExp(`Expected value\\s+${esc(money(sumOf(pr.expectedValue)))}`));
    expect(out).toContain("discounted at 10.0% a year");
    const top = out.slice(out.indexOf("Highest lifetime value"), out.indexOf("Valuable customers"));
    expect(top.split("\n").filter((l) => l.startsWith("  ") && /\d$/.test(l))).toHaveLength(15);
    const first = top.split("\n")[3] ?? "";
    expect(first).toContain("\\x1b[2Jtop\\x1b[31m");
    expect(first).toMatch(new RegExp(`${esc(money(pr.clv[topIndex] ?? 0))}$`));
  });

  it("lists the most valuable customers with p(alive) < 50%, to call", () => {
    const pAlive = run.result.predictions.pAlive;
    const count = Array.from(pAlive).filter((p, i) => p < 0.5 && (run.summary.value[i] ?? 0) > 0).length;
    expect(count).toBeGreaterThan(10);
    expect(out).toContain(`Valuable customers probably gone: ${count} customers with p(alive) < 50%`);
    expect(out).toContain("call them before they are lost");
    const lost = out.slice(out.indexOf("Valuable customers"));
    const row = lost.split("\n")[3] ?? "";
    expect(row).toMatch(
      new RegExp(`^\\s+lost\\\\r\\\\n<b>\\s+${esc(money(run.summary.value[lostIndex] ?? 0))}`),
    );
    expect(lost).toContain("Bought since");
    expect(lost).toContain(`… ${count - 10} more`);
  });

  it("shows the warnings, and no escape character reaches the output without colour", () => {
    expect(out).toContain("! 4 customers first bought after the calibration end.");
    expect(out).not.toContain(ESC);
    expect(out).not.toContain("\r");
  });

  it("shows a fit that did not converge, in yellow, with the optimiser's message", () => {
    const message = "iteration limit 500 reached (gradient 0.31 above 0.0001)";
    const bad: ClvRun = {
      ...run,
      result: {
        ...run.result,
        paretoNbd: run.result.paretoNbd && {
          ...run.result.paretoNbd,
          report: { ...run.result.paretoNbd.report, converged: false, message },
        },
      },
    };
    const plain = renderClvTerminal(bad);
    expect(plain).toMatch(/Pareto\/NBD\s+r\s+[\d.]+ ± [\d.]+\s+-[\d,.]+\s+NOT converged/);
    expect(plain).toContain(`Pareto/NBD: NOT converged, ${message}`);
    const color = renderClvTerminal(bad, { color: true });
    expect(color).toContain(`${ESC}[33m  Pareto/NBD: NOT converged, ${message}`);
    expect(color).toMatch(new RegExp(`${ESC}\\[33m\\s+Pareto/NBD\\s+r [^\\n]*NOT converged${esc(ESC)}\\[0m`));
  });
});

describe("renderClvTerminal with unknown standard errors", () => {
  it("prints n/a and cautions against the estimates", () => {
    const run = runOf(summarise(simulate(11, 300), true));
    const gg = run.result.gammaGamma;
    if (gg === null) throw new Error("no Gamma-Gamma fit");
    const nan = { p: Number.NaN, q: Number.NaN, gamma: Number.NaN };
    const out = renderClvTerminal({
      ...run,
      result: { ...run.result, gammaGamma: { ...gg, standardErrors: nan } },
    });
    expect(out).toContain(`${gg.params.q.toFixed(3)} ± n/a`);
    expect(out).toContain("Gamma-Gamma: some standard errors are unknown");
  });
});

describe("renderClvTerminal without a holdout", () => {
  it("says how to get the validation and leaves the holdout columns out", () => {
    const s = summarise(simulate(7, 300), false);
    const run = runOf(s, { ...SETTINGS, paretoNbd: false });
    expect(run.result.validation).toBeNull();
    const out = renderClvTerminal(run);
    expect(out).toMatch(/Holdout\s+none\s+give --calibration-end DATE/);
    expect(out).toContain("No holdout, so the models are not checked: run with --calibration-end DATE");
    expect(out).not.toContain("Validation: the holdout");
    expect(out).not.toContain("Bought since");
    expect(out).toMatch(/Pareto\/NBD\s+-\s+not fitted/);
    expect(out).toContain("Pareto/NBD: not fitted (--no-pareto).");
    expect(out).toMatch(/Customers modelled\s+300/);
  });
});
