/**
 * report.html of `strata clv`: one self-contained page (inline CSS, ECharts inlined, chart options as JSON)
 * with what was read, the model fits, the calibration/holdout tracking chart and the per-frequency check when
 * there is a holdout, the distribution of CLV and p(alive), the most valuable customers and the valuable
 * customers probably gone. Every name goes through the escaping `html` template.
 */
import type { ClvRun } from "../app/clv.js";
import type { ClvValidation } from "../core/clv/predict.js";
import type { RejectReason } from "../core/summary.js";
import { CLV_CHART_IDS, clvCharts } from "./clv-charts.js";
import {
  type ClvModel,
  type ClvParam,
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
import { loadEchartsSource } from "./echarts-source.js";
import { formatCount, formatMoney, formatNumber, formatPercent } from "./format.js";
import { BOOT } from "./html.js";
import { REPORT_CSS } from "./html-style.js";
import { type Column, factsTable, htmlTable } from "./html-table.js";
import { html, jsonForScript, rawHtml, type SafeHtml } from "./html-template.js";

const CLV_CSS = `
.bad { color: var(--warn); font-weight: 650; }
p.lead { margin: 0 0 10px; }
.role { color: var(--muted); font-size: 12px; font-weight: normal; }
.status { color: var(--muted); font-size: 12px; }
table.fits td { line-height: 1.6; }
table.top, table.lost { width: auto; min-width: 70%; }
`;

/** The report around the installed ECharts bundle. */
export async function renderClvReport(run: ClvRun): Promise<string> {
  return buildClvReport(run, await loadEchartsSource());
}

/** The report around a given ECharts bundle text. Pure: the same inputs give the same bytes. */
export function buildClvReport(run: ClvRun, echartsSource: string): string {
  const library = echartsSource.replace(/<\/script/gi, "<\\/script");
  const title = "Customer lifetime value";
  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<title>${title}: ${run.file}</title>
<style>${rawHtml(REPORT_CSS + CLV_CSS)}</style>
</head>
<body>
<main>
${header(run, title)}
${dataSection(run)}
${fitSection(run)}
${validationSection(run)}
${predictionSection(run)}
${lostSection(run)}
${run.warnings.length === 0 ? "" : html`<section id="warnings"><h2>Warnings</h2><ul class="warnings">${run.warnings.map((w) => html`<li>${w.message}</li>`)}</ul></section>`}
<footer>Made with Strata.</footer>
</main>
<script type="application/json" id="strata-charts">${rawHtml(jsonForScript(clvCharts(run)))}</script>
<script>${rawHtml(library)}</script>
<script>${rawHtml(BOOT)}</script>
</body>
</html>
`;
  return page.value;
}

function header(run: ClvRun, title: string): SafeHtml {
  const cal = calibrationPeriod(run);
  const hold = holdoutPeriod(run);
  const t = clvTotals(run);
  const v = run.result.validation;
  const s = run.result.settings;
  const lost = likelyLost(run, 0).count;
  const kpi = (label: string, figure: string, note: string): SafeHtml =>
    html`<div class="kpi"><div class="label">${label}</div><div class="figure">${figure}</div><div class="note">${note}</div></div>`;
  return html`<header>
<h1>${title}</h1>
<p class="subtitle">${run.file}</p>
<dl class="meta">
<dt>Calibration</dt><dd>${cal.from} to ${cal.to} (${unitsText(cal.length, run.unit)}): the models learn from it</dd>
<dt>Holdout</dt><dd>${hold === null ? html`none: run with <code>--calibration-end DATE</code> to check the models on what followed` : `${hold.from} to ${hold.to} (${unitsText(hold.length, run.unit)}): the models are checked on it`}</dd>
<dt>Predictions</dt><dd>the next ${horizonText(run)} from ${run.calibrationEnd}, discounted at ${formatPercent(s.discountRate)} a year</dd>
</dl>
</header>
<div class="kpis">
${kpi("Customers modelled", formatCount(run.result.customers), `${formatCount(run.result.repeaters)} bought again`)}
${kpi("Expected purchases", formatNumber(t.purchases, 0), `next ${horizonText(run, false)}`)}
${kpi("CLV", formatMoney(t.clv), `undiscounted ${formatMoney(t.value)}`)}
${v === null ? kpi("Probably active", formatCount(t.likelyAlive), `p(alive) ≥ ${formatPercent(LOST_P_ALIVE, 0)}`) : kpi("Holdout, BG/NBD", errorText(v.predictedBgNbd, v.actual), `predicted ${formatNumber(v.predictedBgNbd, 0)}, actual ${formatNumber(v.actual, 0)}`)}
${kpi("Valuable, probably gone", formatCount(lost), `p(alive) < ${formatPercent(LOST_P_ALIVE, 0)}`)}
</div>`;
}

function rejectList(rejects: readonly RejectReason[]): SafeHtml {
  if (rejects.length === 0) return html``;
  return html`<h3>Rejected lines</h3>
<ul class="rejects">${rejects.map(
    (r) =>
      html`<li><strong>${r.reason}</strong>: ${formatCount(r.count)} ${r.count === 1 ? "line" : "lines"}<ul>${r.examples.map(
        (e) =>
          html`<li>line ${e.line}${e.column === null ? "" : html`, column <code>${e.column}</code>`}${e.value === null ? "" : html`: <code>'${e.value}'</code>`}</li>`,
      )}${r.count > r.examples.length ? html`<li>… ${formatCount(r.count - r.examples.length)} more</li>` : ""}</ul></li>`,
  )}</ul>`;
}

function dataSection(run: ClvRun): SafeHtml {
  const r = run.reading;
  const res = run.result;
  return html`<section id="data">
<h2>Data</h2>
<p class="muted">Invoice dates ${r.firstDate ?? "-"} to ${r.lastDate ?? "-"}. A purchase is a day with a customer's net value ≥ 0; several invoices on one day are one purchase.</p>
${factsTable([
  ["Lines read", formatCount(r.linesRead)],
  ["Lines rejected", formatCount(r.linesRejected)],
  [
    "Lines without a customer",
    formatCount(r.linesWithoutCustomer),
    "skipped: a purchase needs a customer id",
  ],
  ["Days of returns only", formatCount(r.returnDays), "not counted as purchases"],
  ["Customers modelled", formatCount(res.customers), "first purchase by the calibration end"],
  [
    "Repeaters",
    formatCount(res.repeaters),
    res.customers > 0
      ? `${formatPercent(res.repeaters / res.customers)} bought again in the calibration period`
      : "",
  ],
  [
    "New after the calibration end",
    formatCount(r.newInHoldout),
    "not modelled: the models only know customers seen by the calibration end",
  ],
])}
${rejectList(r.rejects)}
</section>`;
}

function fitSection(run: ClvRun): SafeHtml {
  const models = clvModels(run.result);
  const stacked = (m: ClvModel, cell: (q: ClvParam) => string): SafeHtml =>
    html`${(m.fit?.params ?? []).map((q, k) => html`${k === 0 ? "" : html`<br>`}${cell(q)}`)}`;
  const cols: Column<ClvModel>[] = [
    { header: "Model", cell: (m) => html`<strong>${m.name}</strong><div class="role">${m.role}</div>` },
    { header: "Parameter", cell: (m) => stacked(m, (q) => q.label) },
    { header: "Estimate ± s.e.", num: true, cell: (m) => stacked(m, paramText) },
    {
      header: "Log-likelihood",
      num: true,
      cell: (m) => (m.fit === null ? "" : formatNumber(m.fit.logLikelihood, 2)),
    },
    {
      header: "Fit",
      cell: (m) => {
        const f = m.fit;
        if (f === null) return html`<span class="muted">${m.absent}</span>`;
        return f.report.converged
          ? html`converged<div class="status">${fitStatus(f.report)}</div>`
          : html`<span class="bad">NOT converged</span><div class="status">${fitStatus(f.report)}</div>`;
      },
    },
  ];
  const failed = models.filter((m) => m.fit !== null && !m.fit.report.converged);
  return html`<section id="fits">
<h2>Model fits</h2>
<p class="lead muted">Fitted by maximum likelihood on the ${formatCount(run.result.customers)} customers' calibration purchases. ± is one standard error: a wide one means the data say little about that parameter.</p>
${failed.map((m) => html`<div class="box warn"><p><strong>The ${m.name} fit did not converge</strong>: ${m.fit?.report.message ?? ""}. Its parameters and predictions are the best found, not a maximum.</p></div>`)}
${models.map((m) => {
  const caution = unknownErrorsNote(m);
  return caution === null ? "" : html`<p class="bad">${caution}.</p>`;
})}
${htmlTable("fits", cols, models)}
</section>`;
}
function validationSection(run: ClvRun): SafeHtml {
  const v = run.result.validation;
  if (v === null)
    return html`<section id="validation">
<h2>Validation</h2>
<p>No holdout, so the models are not checked against what happened. Run again with <code>--calibration-end DATE</code>, a day before the last invoice date: the models then learn from the purchases up to that day, and this section compares their predictions with what the customers bought after it (the tracking chart and the check by number of purchases).</p>
</section>`;
  const pareto = v.predictedParetoNbd !== null;
  const cols: Column<ClvValidation["byFrequency"][number]>[] = [
    { header: "x", num: true, cell: (r) => r.x },
    { header: "Customers", num: true, cell: (r) => formatCount(r.customers) },
    { header: "Actual", num: true, cell: (r) => formatNumber(r.actual, 2) },
    { header: "BG/NBD", num: true, cell: (r) => formatNumber(r.bgNbd, 2) },
    ...(pareto
      ? [
          {
            header: "Pareto/NBD",
            num: true,
            cell: (r) => (r.paretoNbd === null ? "-" : formatNumber(r.paretoNbd, 2)),
          } as Column<ClvValidation["byFrequency"][number]>,
        ]
      : []),
  ];
  return html`<section id="validation">
<h2>Validation: the holdout of ${unitsText(v.length, run.unit)}</h2>
<p class="lead muted">The models, fitted on the calibration period only, against what the customers actually bought in the holdout.</p>
${factsTable([
  ["Actual repeat purchases", formatNumber(v.actual, 0)],
  [
    "BG/NBD predicted",
    formatNumber(v.predictedBgNbd, 1),
    `${errorText(v.predictedBgNbd, v.actual)} against actual`,
  ],
  ...(v.predictedParetoNbd === null
    ? []
    : [
        [
          "Pareto/NBD predicted",
          formatNumber(v.predictedParetoNbd, 1),
          `${errorText(v.predictedParetoNbd, v.actual)} against actual`,
        ] as const,
      ]),
  ["Mean absolute error", formatNumber(v.meanAbsoluteError, 3), "purchases per customer (BG/NBD)"],
])}
<h3>Cumulative repeat purchases, calibration then holdout</h3>
<p class="muted">Left of the dashed line the models describe the data they learnt from; right of it they forecast.</p>
<div id="${CLV_CHART_IDS.tracking}" class="chart" role="img" aria-label="Cumulative repeat purchases per ${run.unit}: actual, BG/NBD and Pareto/NBD"></div>
<div class="two even"><div>
<h3>Holdout purchases by calibration purchases</h3>
<div id="${CLV_CHART_IDS.frequency}" class="chart short" role="img" aria-label="Mean holdout purchases by x; the table beside holds the same figures"></div>
</div><div>
<h3>Mean holdout purchases per customer</h3>
${htmlTable("frequency", cols, v.byFrequency)}
</div></div>
</section>`;
}

function predictionSection(run: ClvRun): SafeHtml {
  const s = run.summary;
  const pr = run.result.predictions;
  const t = clvTotals(run);
  const n = run.result.customers;
  const cols: Column<number>[] = [
    { header: "Customer", className: "id", cell: (i) => s.ids[i] ?? "" },
    { header: "x", num: true, cell: (i) => formatCount(s.x[i] ?? 0) },
    { header: "p(alive)", num: true, cell: (i) => formatPercent(pr.pAlive[i] ?? 0, 0) },
    { header: "Exp. purchases", num: true, cell: (i) => formatNumber(pr.expectedPurchases[i] ?? 0, 2) },
    { header: "Exp. mean value", num: true, cell: (i) => formatMoney(pr.expectedMeanValue[i] ?? 0) },
    { header: "CLV", num: true, cell: (i) => formatMoney(pr.clv[i] ?? 0) },
  ];
  const top = topByClv(run);
  return html`<section id="predictions">
<h2>Predictions over the next ${horizonText(run)}</h2>
<p class="lead muted">From ${predictionStart(run)}: what the customers are expected to buy. CLV is that value discounted at ${formatPercent(run.result.settings.discountRate)} a year.</p>
${factsTable([
  ["Expected purchases", formatNumber(t.purchases, 1)],
  ["Expected value", formatMoney(t.value), "undiscounted"],
  ["CLV", formatMoney(t.clv), `discounted; ${formatMoney(n > 0 ? t.clv / n : 0)} per customer`],
  ["Probably still active", formatCount(t.likelyAlive), `p(alive) ≥ ${formatPercent(LOST_P_ALIVE, 0)}`],
])}
<div class="two even"><div>
<h3>CLV by tenth of customers</h3>
<div id="${CLV_CHART_IDS.deciles}" class="chart short" role="img" aria-label="CLV per tenth of customers, highest first, with the share of the total"></div>
</div><div>
<h3>Customers and CLV by p(alive)</h3>
<div id="${CLV_CHART_IDS.pAlive}" class="chart short" role="img" aria-label="Customers and CLV by p(alive) in steps of 10%"></div>
</div></div>
<h3>Highest lifetime value: top ${formatCount(top.length)}</h3>
<p class="muted">x: repeat purchases in the calibration period; p(alive): the chance the customer is still active on ${run.calibrationEnd}.</p>
${htmlTable("top", cols, top)}
</section>`;
}

function lostSection(run: ClvRun): SafeHtml {
  const s = run.summary;
  const pr = run.result.predictions;
  const hold = s.holdout;
  const { rows, count } = likelyLost(run);
  const cols: Column<number>[] = [
    { header: "Customer", className: "id", cell: (i) => s.ids[i] ?? "" },
    { header: "Past value", num: true, cell: (i) => formatMoney(s.value[i] ?? 0) },
    { header: "x", num: true, cell: (i) => formatCount(s.x[i] ?? 0) },
    { header: "Last purchase", className: "nowrap", cell: (i) => lastPurchaseDay(run, i) },
    { header: "p(alive)", num: true, cell: (i) => formatPercent(pr.pAlive[i] ?? 0, 0) },
    { header: "CLV", num: true, cell: (i) => formatMoney(pr.clv[i] ?? 0) },
    ...(hold === null
      ? []
      : [{ header: "Bought since", num: true, cell: (i: number) => formatCount(hold.purchases[i] ?? 0) }]),
  ];
  return html`<section id="lost">
<h2>Valuable customers probably gone: ${formatCount(count)}</h2>
<p class="lead">They bought the most so far but have been quiet long enough that they have probably left (p(alive) below ${formatPercent(LOST_P_ALIVE, 0)} at ${run.calibrationEnd}): <strong>call them before they are lost</strong>.${hold === null ? "" : " Bought since: their purchases in the holdout, after the calibration end."}</p>
${rows.length === 0 ? html`<p class="none">None.</p>` : htmlTable("lost", cols, rows)}
${count > rows.length ? html`<p class="muted">… and ${formatCount(count - rows.length)} more in clv.csv.</p>` : ""}
</section>`;
}
