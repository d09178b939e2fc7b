/**
 * `strata clv` in the terminal, for a sales director: what was read, the calibration and holdout periods,
 * the model fits (never hiding a fit that did not converge), how well the models predicted the holdout, the
 * predictions with the most valuable customers, and the valuable customers most likely gone. Each section
 * opens with one sentence of what it means; data text goes through printable(). The lists and figures shared
 * with the HTML report (clv-html.ts) come from clv-view.ts.
 */
import type { ClvRun } from "../app/clv.js";
import {
  calibrationPeriod,
  clvModels,
  clvTotals,
  errorText,
  fitStatus,
  holdoutPeriod,
  horizonText,
  LOST_P_ALIVE,
  lastPurchaseDay,
  likelyLost,
  paramText,
  predictionStart,
  topByClv,
  unitsText,
  unknownErrorsNote,
} from "./clv-view.js";
import { formatCount, formatMoney, formatNumber, formatPercent } from "./format.js";
import {
  counted,
  INDENT,
  indent,
  joinSections,
  type Palette,
  palette,
  rejectLines,
  table,
} from "./terminal-style.js";
import { printable, type TextColumn, textTable, truncate } from "./text-table.js";

/** Ids are cut so that one long id does not push a list off the screen. */
const ID_WIDTH = 20;

const L = (align: "left" | "right", header = ""): TextColumn => ({ header, align });
const id = (s: string | undefined): string => truncate(printable(s ?? ""), ID_WIDTH);
const prob = (x: number | undefined): string => (x === undefined ? "-" : formatPercent(x, 0));
const facts = (rows: readonly (readonly string[])[]): string[] =>
  indent(textTable([L("left"), L("right"), L("left")], rows));

/** The report `strata clv` prints, ending in a newline. */
export function renderClvTerminal(run: ClvRun, opts: { color?: boolean } = {}): string {
  const p = palette(opts.color === true);
  return joinSections([
    [p.bold(`Customer lifetime value: ${printable(run.file)}`)],
    readSection(run, p),
    periodSection(run, p),
    fitSection(run, p),
    validationSection(run, p),
    predictionSection(run, p),
    topSection(run, p),
    lostSection(run, p),
    run.warnings.length === 0
      ? []
      : [p.bold("Warnings"), ...run.warnings.map((w) => p.yellow(`${INDENT}! ${printable(w.message)}`))],
  ]);
}

function readSection(run: ClvRun, p: Palette): string[] {
  const r = run.reading;
  return [
    p.bold("Data"),
    `${INDENT}Every invoice line read; a purchase is a day with a customer's net value ≥ 0 (several invoices on one day are one purchase).`,
    ...facts([
      ["Lines read", formatCount(r.linesRead), ""],
      ["Rejected", formatCount(r.linesRejected), r.linesRejected > 0 ? "see the reasons below" : ""],
      ["Without a customer", formatCount(r.linesWithoutCustomer), "skipped: a purchase needs a customer id"],
      ["Days of returns only", formatCount(r.returnDays), "not counted as purchases"],
    ]),
    `${INDENT}Invoice dates from ${r.firstDate ?? "-"} to ${r.lastDate ?? "-"}`,
    ...rejectLines(r.rejects, "line", p),
  ];
}

function periodSection(run: ClvRun, p: Palette): string[] {
  const res = run.result;
  const cal = calibrationPeriod(run);
  const hold = holdoutPeriod(run);
  return [
    p.bold("Calibration and holdout"),
    `${INDENT}The models learn each customer's buying rhythm from the calibration period${hold === null ? "" : " and are checked on the holdout that follows it"}.`,
    ...facts([
      ["Calibration", `${cal.from} … ${cal.to}`, unitsText(cal.length, run.unit)],
      hold === null
        ? ["Holdout", "none", "give --calibration-end DATE before the last invoice date to check the models"]
        : ["Holdout", `${hold.from} … ${hold.to}`, unitsText(hold.length, run.unit)],
      ["Customers modelled", formatCount(res.customers), "first purchase by the calibration end"],
      [
        "Repeaters",
        formatCount(res.repeaters),
        `${res.customers > 0 ? formatPercent(res.repeaters / res.customers) : "-"} bought again in the calibration period`,
      ],
      [
        "New after the calibration end",
        formatCount(run.reading.newInHoldout),
        "not modelled: the models only know customers seen by the calibration end",
      ],
    ]),
  ];
}

function fitSection(run: ClvRun, p: Palette): string[] {
  const models = clvModels(run.result);
  const rows: string[][] = [];
  for (const m of models) {
    if (m.fit === null) {
      rows.push([m.name, "-", "", "", "not fitted"]);
      continue;
    }
    const f = m.fit;
    f.params.forEach((q, k) => {
      const head = k === 0;
      rows.push([
        head ? m.name : "",
        q.label,
        paramText(q),
        head ? formatNumber(f.logLikelihood, 2) : "",
        head ? (f.report.converged ? "converged" : "NOT converged") : "",
      ]);
    });
  }
  const cols = [
    L("left", "Model"),
    L("left", "Param"),
    L("right", "Estimate ± s.e."),
    L("right", "Log-lik."),
    L("left", "Fit"),
  ];
  const tableLines = table(cols, rows, p).map((line) =>
    line.includes("NOT converged") ? p.yellow(line) : line,
  );
  const notes = models.flatMap((m) => {
    if (m.fit === null) return [p.dim(`${INDENT}${m.name}: ${m.absent}.`)];
    const text = `${INDENT}${m.name}: ${m.fit.report.converged ? "converged" : "NOT converged"}, ${fitStatus(m.fit.report)}.`;
    const caution = unknownErrorsNote(m);
    return [
      m.fit.report.converged ? p.dim(text) : p.yellow(text),
      ...(caution === null ? [] : [p.yellow(`${INDENT}${caution}.`)]),
    ];
  });
  return [
    p.bold("Model fits"),
    ...models.map((m) => `${INDENT}${m.name}: ${m.role}.`),
    `${INDENT}Fitted on the calibration purchases; ± is one standard error: a wide one means the data say little.`,
    ...tableLines,
    ...notes,
  ];
}

function validationSection(run: ClvRun, p: Palette): string[] {
  const v = run.result.validation;
  if (v === null)
    return [
      p.bold("Validation"),
      `${INDENT}No holdout, so the models are not checked: run with --calibration-end DATE (a day before the last invoice date) to compare their predictions with what customers actually bought after it.`,
    ];
  const rows: string[][] = [["Actual repeat purchases", formatNumber(v.actual, 0), ""]];
  rows.push(["BG/NBD predicted", formatNumber(v.predictedBgNbd, 1), errorText(v.predictedBgNbd, v.actual)]);
  if (v.predictedParetoNbd !== null)
    rows.push([
      "Pareto/NBD predicted",
      formatNumber(v.predictedParetoNbd, 1),
      errorText(v.predictedParetoNbd, v.actual),
    ]);
  const pareto = v.predictedParetoNbd !== null;
  const cols = [
    L("right", "x"),
    L("right", "Customers"),
    L("right", "Actual"),
    L("right", "BG/NBD"),
    ...(pareto ? [L("right", "Pareto/NBD")] : []),
  ];
  const freq = v.byFrequency.map((f) => [
    f.x,
    formatCount(f.customers),
    formatNumber(f.actual, 2),
    formatNumber(f.bgNbd, 2),
    ...(pareto ? [f.paretoNbd === null ? "-" : formatNumber(f.paretoNbd, 2)] : []),
  ]);
  return [
    p.bold(`Validation: the holdout of ${unitsText(v.length, run.unit)}`),
    `${INDENT}What the models, fitted on the calibration period only, predicted for the holdout against what the customers actually bought.`,
    ...facts(rows),
    "",
    `${INDENT}Mean purchases in the holdout per customer, by repeat purchases x in the calibration period:`,
    ...table(cols, freq, p),
    `${INDENT}Mean absolute error per customer (BG/NBD): ${formatNumber(v.meanAbsoluteError, 3)} purchases`,
  ];
}

function predictionSection(run: ClvRun, p: Palette): string[] {
  const t = clvTotals(run);
  const s = run.result.settings;
  const n = run.result.customers;
  return [
    p.bold(`Predictions over the next ${horizonText(run)}`),
    `${INDENT}From ${predictionStart(run)}: what the ${counted(n, "customer")} are expected to buy; CLV is that value discounted at ${formatPercent(s.discountRate)} a year.`,
    ...facts([
      ["Expected purchases", formatNumber(t.purchases, 1), ""],
      ["Expected value", formatMoney(t.value), "undiscounted"],
      ["CLV", formatMoney(t.clv), `discounted, ${formatMoney(n > 0 ? t.clv / n : 0)} per customer`],
      ["Probably still active", formatCount(t.likelyAlive), `p(alive) ≥ ${formatPercent(LOST_P_ALIVE, 0)}`],
    ]),
    ...(run.holdoutEnd === null
      ? []
      : [
          p.dim(
            `${INDENT}These start at the calibration end; for predictions from the last invoice date, run without --calibration-end.`,
          ),
        ]),
  ];
}

function topSection(run: ClvRun, p: Palette): string[] {
  const s = run.summary;
  const pr = run.result.predictions;
  const rows = topByClv(run).map((i) => [
    id(s.ids[i]),
    formatCount(s.x[i] ?? 0),
    prob(pr.pAlive[i]),
    formatNumber(pr.expectedPurchases[i] ?? 0, 2),
    formatMoney(pr.expectedMeanValue[i] ?? 0),
    formatMoney(pr.clv[i] ?? 0),
  ]);
  const cols = [
    L("left", "Customer"),
    L("right", "x"),
    L("right", "p(alive)"),
    L("right", "Exp. purchases"),
    L("right", "Exp. mean value"),
    L("right", "CLV"),
  ];
  return [
    p.bold(`Highest lifetime value: top ${formatCount(rows.length)}`),
    `${INDENT}The customers worth most over the horizon: x repeat purchases so far, the chance they are still active, and what they are expected to buy.`,
    ...(rows.length === 0 ? [`${INDENT}none`] : table(cols, rows, p)),
  ];
}

function lostSection(run: ClvRun, p: Palette): string[] {
  const s = run.summary;
  const pr = run.result.predictions;
  const hold = s.holdout;
  const { rows, count } = likelyLost(run);
  const cols = [
    L("left", "Customer"),
    L("right", "Past value"),
    L("right", "x"),
    L("left", "Last purchase"),
    L("right", "p(alive)"),
    L("right", "CLV"),
    ...(hold === null ? [] : [L("right", "Bought since")]),
  ];
  const body = rows.map((i) => [
    id(s.ids[i]),
    formatMoney(s.value[i] ?? 0),
    formatCount(s.x[i] ?? 0),
    lastPurchaseDay(run, i),
    prob(pr.pAlive[i]),
    formatMoney(pr.clv[i] ?? 0),
    ...(hold === null ? [] : [formatCount(hold.purchases[i] ?? 0)]),
  ]);
  const out = [
    p.bold(
      `Valuable customers probably gone: ${counted(count, "customer")} with p(alive) < ${formatPercent(LOST_P_ALIVE, 0)}`,
    ),
    `${INDENT}They bought the most so far but have been quiet for long enough that they have probably left, as of ${run.calibrationEnd}: call them before they are lost.`,
    ...(body.length === 0 ? [`${INDENT}none`] : table(cols, body, p)),
  ];
  if (count > rows.length)
    out.push(p.dim(`${INDENT}… ${formatCount(count - rows.length)} more in clv.csv (--out DIR)`));
  if (hold !== null && body.length > 0)
    out.push(p.dim(`${INDENT}Bought since: their purchases in the holdout, after the calibration end.`));
  return out;
}
