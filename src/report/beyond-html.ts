/**
 * The beyond-billing sections of report.html, written for a sales director: each figure with a line on what
 * it means and what to do. Potential and share of wallet, profitability, strategic categories, coverage and
 * capacity, what was read from the activities and reps files, and ABC within `--by` groups.
 */
import type { EChartsOption } from "echarts";
import type { ActivitiesSummary, Beyond, GroupAnalysis, Groups } from "../core/beyond.js";
import { NOT_RANKED } from "../core/classify-abc.js";
import type { ServiceLevel } from "../core/coverage-settings.js";
import { type ClassCoverage, type ManagerCoverage, UNRANKED } from "../core/coverage-types.js";
import type { Warning } from "../core/errors.js";
import type { WalletItem } from "../core/potential.js";
import { POTENTIAL_ACTION_LABELS, type PotentialCell } from "../core/potential-matrix.js";
import { FLAG_REASON_LABELS, type FlaggedCustomer, type MarginFigures } from "../core/profitability.js";
import {
  type CategoryTotals,
  NOT_RANKED_LABEL,
  STRATEGIC_CATEGORIES,
  type StrategicCategory,
  type TierDifference,
  type TierTotals,
} from "../core/strategy-types.js";
import type { LineExample, RejectReason } from "../core/summary.js";
import type { WhaleCurve } from "../core/whale-curve.js";
import {
  ACTION_COLORS,
  BUBBLE_SIZE,
  bubblePlan,
  capacityChartOptions,
  capacityHeadline,
  MAX_BUBBLES,
  potentialBoundary,
  potentialBubbleOptions,
  timeValueChartOptions,
  valueBoundary,
  whaleChartOptions,
} from "./beyond-charts.js";
import { formatCount, formatFixed, formatMoney, formatNumber, formatPercent } from "./format.js";
import { type Column, factsTable, htmlTable } from "./html-table.js";
import { html, type SafeHtml } from "./html-template.js";

/** The ids of the beyond charts' containers. */
export const BEYOND_CHART_IDS = {
  bubbles: "chart-potential-bubbles",
  whale: "chart-whale-curve",
  timeValue: "chart-time-value",
  capacity: "chart-capacity",
} as const;

/** How many rows each list shows; the counts above each list give the full number. */
export const BEYOND_LIST_ROWS = {
  prospective: 20,
  competitors: 10,
  flagged: 30,
  problems: 20,
  differences: 30,
  atRisk: 30,
  served: 20,
} as const;

/** Styles of the beyond sections only, added to the report's stylesheet when they are shown. */
export const BEYOND_CSS = `
nav.sections { margin-top: 28px; padding: 8px 12px; background: var(--band); border-radius: 6px; font-size: 13px; }
nav.sections a { color: var(--accent); text-decoration: none; margin: 0 4px; }
nav.sections a:hover { text-decoration: underline; }
p.lead { margin: 0 0 10px; max-width: 90ch; }
table.pmatrix td { text-align: left; min-width: 128px; }
table.pmatrix td .act { display: block; font-weight: 650; }
table.pmatrix td .n { display: block; font-variant-numeric: tabular-nums; }
table.cross td.hot { background: var(--risk-bg) !important; color: var(--risk); font-weight: 650; }
.chart.bubbles { height: 480px; }
.chart.gauge { height: 340px; }
ul.plain { margin: 4px 0; padding-left: 20px; }
code.opt { white-space: nowrap; }
`;

const plural = (n: number, one: string, many: string): string => `${formatCount(n)} ${n === 1 ? one : many}`;
const classOrNone = (c: string | null | undefined): string => c ?? NOT_RANKED_LABEL;

/** "… and 12 more." under a cut list; nothing when the list is whole. */
function more(total: number, shown: number): SafeHtml {
  return total > shown ? html`<p class="muted">… and ${formatCount(total - shown)} more.</p>` : html``;
}

/** A list heading with its full count. */
function listHeading(title: string, total: number, shown: number): SafeHtml {
  return html`<h3>${title} <span class="muted">(${formatCount(total)}${total > shown ? `, the first ${formatCount(shown)} shown` : ""})</span></h3>`;
}

function customerColumns<T>(id: (r: T) => string, name: (r: T) => string | null): Column<T>[] {
  return [
    { header: "Customer", className: "id", cell: id },
    { header: "Name", className: "name", cell: (r) => name(r) ?? "" },
  ];
}

// ---------------------------------------------------------------- potential

function walletTable(items: readonly WalletItem[]): SafeHtml {
  return htmlTable<WalletItem>(
    "customers",
    [
      ...customerColumns<WalletItem>(
        (w) => w.id,
        (w) => w.name,
      ),
      { header: "Value class", cell: (w) => classOrNone(w.valueClass) },
      { header: "Potential class", cell: (w) => w.potentialClass },
      { header: "Revenue", num: true, cell: (w) => formatMoney(w.revenue) },
      { header: "Potential", num: true, cell: (w) => formatMoney(w.potential) },
      { header: "Share of wallet", num: true, cell: (w) => formatPercent(w.shareOfWallet) },
      { header: "Gap", num: true, cell: (w) => formatMoney(w.gap) },
    ],
    items,
  );
}

/** The value × potential matrix: per cell its action, customers and value. */
export function potentialMatrixTable(b: Beyond): SafeHtml {
  const m = b.potential.matrix;
  const cell = (r: number, c: number): PotentialCell | undefined => m.cells[r * m.columns.length + c];
  return html`<div class="scroll"><table class="matrix pmatrix">
<caption>Rows: class on value; columns: class on potential. Each cell: what to do, the customers in it and their value.</caption>
<thead><tr><th scope="col">value \\ potential</th>${m.columns.map((k) => html`<th scope="col">${k}</th>`)}</tr></thead>
<tbody>${m.rows.map(
    (row, r) =>
      html`<tr><th scope="row">${row}</th>${m.columns.map((_, c) => {
        const x = cell(r, c);
        if (x === undefined) return html`<td></td>`;
        return html`<td${x.customers === 0 ? html` class="empty"` : ""}><span class="act"><span class="swatch" style="background:${ACTION_COLORS[x.action]}"></span>${POTENTIAL_ACTION_LABELS[x.action]}</span><span class="n">${plural(x.customers, "customer", "customers")}</span><span class="v">${formatMoney(x.value)}</span></td>`;
      })}</tr>\n`,
  )}</tbody>
</table></div>`;
}

function noPotential(): SafeHtml {
  return html`<section id="potential">
<h2>Potential and share of wallet</h2>
<p class="lead">No customer has a potential: no potential column was found in the customer list (or it holds no amount above 0). Without it there is no share of wallet, no value × potential matrix and no list of where to grow. Map the column that holds each customer's yearly potential with <code class="opt">--customers-map potential=&lt;column&gt;</code>.</p>
</section>`;
}

/** Potential, share of wallet, the matrix with its bubble chart, and the prospective and competitors lists. */
export function potentialSection(b: Beyond): SafeHtml {
  const p = b.potential;
  if (!p.hasPotential) return noPotential();
  const c = p.counts;
  const out = p.matrix.outside;
  const plan = bubblePlan(b);
  const left = plan.valueNotPositive + plan.noPotential;
  const px = potentialBoundary(b);
  const vy = valueBoundary(b);
  const low = formatPercent(p.settings.lowShareOfWallet, 0);
  const prospective = p.prospective.slice(0, BEYOND_LIST_ROWS.prospective);
  const competitors = p.competitors.slice(0, BEYOND_LIST_ROWS.competitors);
  return html`<section id="potential">
<h2>Potential and share of wallet</h2>
<p class="lead">Share of wallet is the part of what a customer could buy that it buys from us: revenue / potential, at most 100%. A small customer with a large potential is where growth is; a large customer with a low share of wallet buys the rest from competitors.</p>
<p class="muted">${plural(c.customers, "customer", "customers")}: ${formatCount(c.withPotential)} with a potential (${formatMoney(p.totalPotential)} in total), ${formatCount(c.potentialUnknown)} unknown, ${formatCount(c.potentialNotPositive)} given as 0 or less.${c.capped === 0 ? "" : ` ${plural(c.capped, "customer buys", "customers buy")} more than the potential given (share of wallet counted as 100%): check those potentials.`}</p>
<h3>What to do, by value class and potential class</h3>
<p>Read each cell as an instruction. <strong>Develop</strong> (small now, large potential) is the growth an ABC list hides; <strong>grow</strong> are the B customers that can become A; <strong>defend</strong> are large accounts with room left, the ones competitors want most; <strong>serve efficiently</strong> are small and staying small: low-cost contact only.</p>
${potentialMatrixTable(b)}
<p class="muted">Outside the matrix: ${plural(out.notRanked.customers, "customer", "customers")} with a potential but no value in the window (often prospects; ${formatMoney(out.notRanked.potential)} potential), ${formatCount(out.noPotential.customers)} with value but no potential, ${formatCount(out.neither.customers)} with neither.</p>
${
  plan.plotted.length === 0
    ? html`<p class="none">No customer has both a value above 0 and a potential: nothing to draw.</p>`
    : html`<div id="${BEYOND_CHART_IDS.bubbles}" class="chart bubbles" role="img" aria-label="Value against potential per customer; the matrix above holds the same customers per cell"></div>
<p class="muted">One bubble per customer, its area growing with revenue (${BUBBLE_SIZE.min} to ${BUBBLE_SIZE.max} px across), coloured by its cell. The dashed lines are where class A begins: potential ${px === null ? "-" : formatMoney(px)}, value ${vy === null ? "-" : formatMoney(vy)}; right of the vertical line is high potential, above the horizontal line high value. ${plural(plan.plotted.length, "customer is", "customers are")} drawn; ${plural(left, "customer is", "customers are")} left out (${formatCount(plan.valueNotPositive)} with value 0 or less, ${formatCount(plan.noPotential)} without potential)${plan.cut > 0 ? html`, and ${plural(plan.cut, "smaller customer", "smaller customers")} beyond the ${formatCount(MAX_BUBBLES)} largest by potential + value` : ""}.</p>`
}
${listHeading("Prospective: high potential, low share of wallet", p.prospective.length, prospective.length)}
<p>Potential class A and share of wallet below ${low}: they buy most of what they need elsewhere. Largest gap (potential − revenue) first; this is where extra visits pay.</p>
${prospective.length === 0 ? html`<p class="none">None.</p>` : walletTable(prospective)}
${more(p.prospective.length, prospective.length)}
${listHeading("Competitors: high value, low share of wallet", p.competitors.length, competitors.length)}
<p>Class A on value yet below ${low} share of wallet: a competitor holds the larger part. Ask why, and what it would take to win it; the gap is what is at stake.</p>
${competitors.length === 0 ? html`<p class="none">None.</p>` : walletTable(competitors)}
${more(p.competitors.length, competitors.length)}
</section>`;
}

// ---------------------------------------------------------------- profitability

/** Revenue class (rows) × margin class (columns), customers per cell; big billing with little margin shaded. */
export function revenueMarginTable(b: Beyond, mf: MarginFigures): SafeHtml {
  const pr = b.profitability;
  const rows = [...pr.revenueLabels, "revenue ≤ 0"];
  const hasUnknown = mf.marginUnknown > 0;
  const cols = [...mf.marginLabels, "margin ≤ 0", ...(hasUnknown ? ["margin unknown"] : [])];
  const counts = rows.map(() => new Array<number>(cols.length).fill(0));
  b.book.ids.forEach((_, i) => {
    const rc = pr.revenueClassOf[i] ?? NOT_RANKED;
    const r = rc === NOT_RANKED ? pr.revenueLabels.length : rc;
    const known = Number.isFinite(b.book.margin[i] ?? Number.NaN);
    const mc = mf.marginClassOf[i] ?? NOT_RANKED;
    const c = !known ? mf.marginLabels.length + 1 : mc === NOT_RANKED ? mf.marginLabels.length : mc;
    const row = counts[r];
    if (row !== undefined) row[c] = (row[c] ?? 0) + 1;
  });
  const lowest = mf.marginLabels.length - 1;
  const hot = (r: number, c: number) =>
    r === 0 && (c === mf.marginLabels.length || (lowest > 0 && c === lowest));
  return html`<div class="scroll"><table class="matrix cross">
<caption>Customers by class on revenue (rows) and class on margin (columns). Shaded: top class on revenue with the lowest class on margin or no margin at all.</caption>
<thead><tr><th scope="col">revenue \\ margin</th>${cols.map((k) => html`<th scope="col" class="num">${k}</th>`)}<th scope="col" class="num">Total</th></tr></thead>
<tbody>${rows.map(
    (label, r) =>
      html`<tr><th scope="row">${label}</th>${cols.map((_, c) => {
        const n = counts[r]?.[c] ?? 0;
        const cls = [n === 0 ? "empty" : "", hot(r, c) && n > 0 ? "hot" : ""].join(" ").trim();
        return html`<td class="num ${cls}">${n === 0 ? "·" : formatCount(n)}</td>`;
      })}<td class="num">${formatCount((counts[r] ?? []).reduce((a, x) => a + x, 0))}</td></tr>\n`,
  )}</tbody>
</table></div>`;
}

function flaggedTable(rows: readonly FlaggedCustomer[]): SafeHtml {
  return htmlTable<FlaggedCustomer>(
    "customers",
    [
      ...customerColumns<FlaggedCustomer>(
        (f) => f.id,
        (f) => f.name,
      ),
      { header: "Revenue class", cell: (f) => f.revenueClass },
      { header: "Margin class", cell: (f) => f.marginClass ?? "none (≤ 0)" },
      { header: "Revenue", num: true, cell: (f) => formatMoney(f.revenue) },
      { header: "Margin", num: true, cell: (f) => formatMoney(f.margin) },
      { header: "Margin %", num: true, cell: (f) => formatPercent(f.marginPercent) },
      { header: "Why", cell: (f) => f.reasons.map((r) => FLAG_REASON_LABELS[r]).join("; ") },
    ],
    rows,
  );
}

/** The whale curve in words: where it peaks, what the customers after the peak cost, where it ends. */
export function whaleWords(w: WhaleCurve): string {
  const n = w.order.length;
  if (n === 0) return "No customer has revenue or margin in the window: there is no curve.";
  const after = n - w.peak.customers;
  const peak = `Ranked by margin, the ${plural(w.peak.customers, "most profitable customer earns", "most profitable customers earn")} ${formatMoney(w.peak.margin)}${w.peak.share === null ? "" : ` (${formatPercent(w.peak.share)} of the total margin)`}.`;
  if (w.peak.customers === 0)
    return `No customer has a margin above 0: the curve only falls, to a total margin of ${formatMoney(w.totalMargin)}.`;
  if (w.lossMaking === 0)
    return `${peak} No customer loses money${after > 0 ? `; the other ${plural(after, "customer breaks", "customers break")} even` : ""}, so the curve ends at its peak.`;
  const eaten = w.peak.margin - w.totalMargin;
  const ending =
    w.totalMargin > 0
      ? `the total margin of ${formatMoney(w.totalMargin)}`
      : `a total margin of ${formatMoney(w.totalMargin)}: the losses exceed what the profitable customers earn`;
  return `${peak} The ${plural(w.lossMaking, "loss-making customer then takes", "loss-making customers then take")} ${formatMoney(eaten)} of it back, down to ${ending}. Every customer right of the peak costs profit: review their prices, discounts and cost to serve before anything else.`;
}

function whaleBlock(mf: MarginFigures): SafeHtml {
  const w = mf.whale;
  return html`<h3>Whale curve</h3>
<p>${whaleWords(w)}</p>
${
  w.order.length === 0
    ? ""
    : html`<div class="two"><div id="${BEYOND_CHART_IDS.whale}" class="chart" role="img" aria-label="Whale curve: cumulative margin against customers ranked by margin"></div><div>
${factsTable([
  ["Customers on the curve", formatCount(w.order.length)],
  ["Profitable (margin > 0)", formatCount(w.profitable)],
  ["Break even (margin 0)", formatCount(w.breakEven)],
  ["Loss-making (margin < 0)", formatCount(w.lossMaking)],
  ["Peak", formatMoney(w.peak.margin), `at customer ${formatCount(w.peak.customers)}`],
  ["Total margin", formatMoney(w.totalMargin)],
  ...(w.leftOff > 0 ? [["Not on the curve", formatCount(w.leftOff), "no sales in the window"] as const] : []),
])}
</div></div>`
}`;
}

function attentionBlock(b: Beyond): SafeHtml {
  const a = b.profitability.attention;
  if (!a.measured) {
    return html`<h3>Attention against income</h3>
<p class="muted">${
      a.reason === "noActivities"
        ? html`Attention cannot be measured: no activities file was given (<code class="opt">--activities FILE</code>).`
        : "Attention cannot be measured: the activities carry no hours."
    }</p>`;
  }
  type Row = (typeof a.classes)[number];
  return html`<h3>Attention against income</h3>
<p>Share of the sales time (${formatNumber(a.totalHours, 1)} hours on ${plural(a.attendedCustomers, "customer", "customers")}) against share of the value, per value class. An attention index above 1 means the class takes more time than it brings in.</p>
${htmlTable<Row>(
  "classes",
  [
    { header: "Class", cell: (r) => html`<strong>${classOrNone(r.label)}</strong>` },
    { header: "Customers", num: true, cell: (r) => formatCount(r.customers) },
    { header: "Hours", num: true, cell: (r) => formatNumber(r.hours, 1) },
    { header: "% time", num: true, cell: (r) => formatPercent(r.timeShare) },
    { header: "Value", num: true, cell: (r) => formatMoney(r.value) },
    { header: "% value", num: true, cell: (r) => (r.label === null ? "" : formatPercent(r.valueShare)) },
    {
      header: "Attention index",
      num: true,
      cell: (r) => (r.attentionIndex === null ? "" : formatFixed(r.attentionIndex, 2)),
    },
  ],
  a.classes,
)}`;
}

interface ProblemRow {
  i: number;
  hours: number;
  timeShare: number;
  valueShare: number;
}

function profilesBlock(b: Beyond): SafeHtml {
  const pf = b.profitability.profiles;
  const a = b.profitability.attention;
  const problems: ProblemRow[] = [];
  if (a.measured) {
    pf.profile.forEach((p, i) => {
      if (p === "problem")
        problems.push({
          i,
          hours: a.hours[i] ?? 0,
          timeShare: a.timeShare[i] ?? 0,
          valueShare: a.valueShare[i] ?? 0,
        });
    });
  }
  problems.sort((x, y) => y.hours - x.hours || x.i - y.i);
  const shown = problems.slice(0, BEYOND_LIST_ROWS.problems);
  const book = b.book;
  return html`<h3>Profiles</h3>
<p><strong>VIP</strong> ${formatCount(pf.counts.vip)} · <strong>regular</strong> ${formatCount(pf.counts.regular)} · <strong>problem</strong> ${formatCount(pf.counts.problem)}${pf.notClients > 0 ? html` · not profiled (prospects and suspects) ${formatCount(pf.notClients)}` : ""}.
${
  pf.rule === "valueOnly"
    ? "Without measured attention the profiles come from the value class alone, and nobody is called a problem client."
    : `VIP: class ${book.abcLabels[0] ?? "A"}. Problem: little income (last class or no value) and much attention: at least ${formatFixed(b.profitability.settings.attentionFactor, 1)} × their share of value in time, and more hours than the average attended customer.`
}</p>
${
  pf.rule === "valueOnly"
    ? ""
    : html`${listHeading("Problem clients: minimum income, maximum attention", problems.length, shown.length)}
<p>Move them to a cheaper channel (phone, web shop, distributor), raise their prices or minimum order, or stop chasing them.</p>
${
  shown.length === 0
    ? html`<p class="none">None.</p>`
    : htmlTable<ProblemRow>(
        "customers",
        [
          ...customerColumns<ProblemRow>(
            (r) => book.ids[r.i] ?? "",
            (r) => book.name[r.i] ?? null,
          ),
          { header: "Class", cell: (r) => classOrNone(book.abc[r.i]) },
          { header: "Hours", num: true, cell: (r) => formatNumber(r.hours, 1) },
          { header: "% time", num: true, cell: (r) => formatPercent(r.timeShare) },
          { header: "Value", num: true, cell: (r) => formatMoney(book.value[r.i] ?? 0) },
          { header: "% value", num: true, cell: (r) => formatPercent(r.valueShare) },
        ],
        shown,
      )
}
${more(problems.length, shown.length)}`
}`;
}

/** Margin beside revenue, flagged customers, the whale curve, attention against income and profiles. */
export function profitabilitySection(b: Beyond): SafeHtml {
  const mf = b.profitability.margin;
  const floor = formatPercent(b.profitability.settings.marginFloor, 1);
  let marginPart: SafeHtml;
  if (mf.kind === "noMargin") {
    marginPart = html`<p class="box warn">${mf.message}</p>`;
  } else {
    const flagged = mf.flagged.slice(0, BEYOND_LIST_ROWS.flagged);
    marginPart = html`<h3>Class on revenue against class on margin</h3>
<p>A customer high on the first and low on the second bills a lot and earns little. ${plural(mf.notProfitable, "customer has", "customers have")} a margin of 0 or less${mf.marginUnknown > 0 ? `; ${plural(mf.marginUnknown, "customer has", "customers have")} no known margin` : ""}.</p>
${revenueMarginTable(b, mf)}
${listHeading("Flagged: big billing, profit near zero", mf.flagged.length, flagged.length)}
<p>Top revenue classes with the lowest margin class, no profit, or a margin below ${floor} of revenue. Check prices, discounts and cost to serve with the account manager.</p>
${flagged.length === 0 ? html`<p class="none">None.</p>` : flaggedTable(flagged)}
${more(mf.flagged.length, flagged.length)}
${whaleBlock(mf)}`;
  }
  return html`<section id="profitability" class="long">
<h2>Profitability</h2>
<p class="lead">Revenue is not profit: a customer can bill large amounts at a margin near zero, and a few loss makers can eat a good part of what the others earn.</p>
${marginPart}
${attentionBlock(b)}
${profilesBlock(b)}
</section>`;
}

// ---------------------------------------------------------------- strategy

/** How each known category reads, and what it means. */
export const CATEGORY_LABELS: Record<StrategicCategory, readonly [label: string, meaning: string]> = {
  breadwinner: ["Breadwinner", "key client, or top class on margin"],
  prospective: ["Prospective", "high potential, low share of wallet"],
  "at-risk": ["At risk", "downgraded, value falling, or unlikely to still be a customer"],
  kol: ["Opinion leader (KOL)", "reference others follow"],
  famous: ["Famous", "a name that opens doors"],
  mentor: ["Mentor", "teaches us the market"],
  partner: ["Partner", "works with us beyond buying"],
  innovator: ["Innovator", "tries new products first"],
};

function categoryLabel(t: CategoryTotals): readonly [string, string] {
  if (t.custom) return [t.category, "tag from the customer list"];
  return (STRATEGIC_CATEGORIES as readonly string[]).includes(t.category)
    ? CATEGORY_LABELS[t.category as StrategicCategory]
    : [t.category, ""];
}

function tierTable(b: Beyond): SafeHtml {
  const classes = [...b.book.abcLabels, NOT_RANKED_LABEL];
  return htmlTable<TierTotals>(
    "classes",
    [
      { header: "Tier", cell: (t) => html`<strong>${t.label}</strong>` },
      ...classes.map(
        (c): Column<TierTotals> => ({
          header: c === NOT_RANKED_LABEL ? "not ranked" : `ABC ${c}`,
          num: true,
          cell: (t) => formatCount(t.byClass[c] ?? 0),
        }),
      ),
      { header: "Customers", num: true, cell: (t) => formatCount(t.customers) },
      { header: "Value", num: true, cell: (t) => formatMoney(t.value) },
    ],
    b.strategy.tiers,
  );
}

interface AtRiskRow {
  i: number;
  reasons: string[];
}

/** Categories, tiers beside ABC classes, the customers whose tier differs and why, and the at-risk list. */
export function strategySection(b: Beyond): SafeHtml {
  const s = b.strategy;
  const book = b.book;
  const diffs = s.differences.slice(0, BEYOND_LIST_ROWS.differences);
  const atRisk: AtRiskRow[] = [];
  s.atRisk.forEach((r, i) => {
    if (r === 1) atRisk.push({ i, reasons: s.atRiskReasons[i] ?? [] });
  });
  const before = (i: number) => {
    const v = book.previousValue[i] ?? Number.NaN;
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  atRisk.sort((x, y) => before(y.i) - before(x.i) || x.i - y.i);
  const risky = atRisk.slice(0, BEYOND_LIST_ROWS.atRisk);
  const w = s.settings.weights;
  return html`<section id="strategy" class="long">
<h2>Strategic categories and tiers</h2>
<p class="lead">The largest customer is not always the most strategic. A strategic score adds to the value (weight ${formatFixed(w.value, 2)}) the growth against the previous window (${formatFixed(w.growth, 2)}), the potential (${formatFixed(w.potential, 2)}) and points for tags such as opinion leader or partner; strategic tiers come from that score and stand beside the ABC class.</p>
<div class="two even"><div>
<h3>Categories</h3>
${htmlTable<CategoryTotals>(
  "categories",
  [
    { header: "Category", cell: (t) => html`<strong>${categoryLabel(t)[0]}</strong>` },
    { header: "Meaning", className: "muted", cell: (t) => categoryLabel(t)[1] },
    { header: "Customers", num: true, cell: (t) => formatCount(t.customers) },
    { header: "Value", num: true, cell: (t) => formatMoney(t.value) },
  ],
  s.categoryTotals,
)}
<p class="muted">A customer may carry several categories.</p>
</div><div>
<h3>Strategic tier against ABC class</h3>
${tierTable(b)}
<p class="muted">Customers off the diagonal are listed below with the reason.</p>
</div></div>
${listHeading("Tier differs from the ABC class", s.differences.length, diffs.length)}
<p>Give these customers the attention of their tier, not of their class: a C customer that is an opinion leader deserves an A visit plan.</p>
${
  diffs.length === 0
    ? html`<p class="none">None: every customer's tier is its ABC class.</p>`
    : htmlTable<TierDifference>(
        "customers",
        [
          ...customerColumns<TierDifference>(
            (d) => d.customerId,
            (d) => d.name,
          ),
          { header: "Class", cell: (d) => classOrNone(d.abc) },
          { header: "Tier", cell: (d) => html`<strong>${d.tier}</strong>` },
          { header: "Score", num: true, cell: (d) => formatFixed(d.score, 3) },
          { header: "Why", cell: (d) => d.text },
        ],
        diffs,
      )
}
${more(s.differences.length, diffs.length)}
${listHeading("At risk", atRisk.length, risky.length)}
<p>Customers that dropped a class, whose value fell by more than ${formatPercent(s.settings.lostValueShare, 0)}, or that are unlikely to still be buying. Largest value before first: call them before they are gone.</p>
${
  risky.length === 0
    ? html`<p class="none">None.</p>`
    : htmlTable<AtRiskRow>(
        "customers",
        [
          ...customerColumns<AtRiskRow>(
            (r) => book.ids[r.i] ?? "",
            (r) => book.name[r.i] ?? null,
          ),
          { header: "Class before", cell: (r) => classOrNone(book.previousAbc[r.i]) },
          { header: "Class now", cell: (r) => classOrNone(book.abc[r.i]) },
          {
            header: "Value before",
            num: true,
            cell: (r) =>
              Number.isFinite(book.previousValue[r.i] ?? Number.NaN) ? formatMoney(before(r.i)) : "",
          },
          { header: "Value now", num: true, cell: (r) => formatMoney(book.value[r.i] ?? 0) },
          { header: "Why", cell: (r) => r.reasons.join("; ") },
        ],
        risky,
      )
}
${more(atRisk.length, risky.length)}
</section>`;
}

// ---------------------------------------------------------------- coverage

const hoursText = (x: number): string => formatNumber(x, x % 1 === 0 ? 0 : 1);
const optional = (x: number | null, f: (v: number) => string): string => (x === null ? "?" : f(x));

function levelText(label: string, l: ServiceLevel | undefined): string {
  return l === undefined
    ? `${label}: none`
    : `${label} ${hoursText(l.contactsPerYear)} × ${hoursText(l.hoursPerContact)} h`;
}

function classTable(b: Beyond): SafeHtml {
  const c = b.coverage;
  const act = c.hasActivities;
  // Plan and actual share a column ("36.0 / 18"), so the table fits the page; without activities: the plan.
  const pair = (plan: string, actual: string | null): string => (act ? `${plan} / ${actual ?? "?"}` : plan);
  const head = (what: string): string => (act ? `${what} plan / actual` : `${what} planned`);
  const cols: Column<ClassCoverage>[] = [
    { header: "Class", cell: (k) => html`<strong>${k.label}</strong>` },
    { header: "Customers", num: true, cell: (k) => formatCount(k.customers) },
    { header: "% value", num: true, cell: (k) => formatPercent(k.valueShare) },
    {
      header: head("Contacts"),
      num: true,
      cell: (k) => pair(formatNumber(k.plannedContacts, 1), optional(k.actualContacts, formatCount)),
    },
    {
      header: head("Hours"),
      num: true,
      cell: (k) =>
        pair(
          formatNumber(k.plannedHours, 1),
          optional(k.actualHours, (x) => formatNumber(x, 1)),
        ),
    },
    {
      header: head("% time"),
      num: true,
      cell: (k) =>
        pair(
          formatPercent(k.plannedTimeShare),
          optional(k.timeShare, (x) => formatPercent(x)),
        ),
    },
    ...(act
      ? [
          {
            header: "Under-served",
            num: true,
            cell: (k: ClassCoverage) => formatCount(k.status["under-served"]),
          },
          {
            header: "Over-served",
            num: true,
            cell: (k: ClassCoverage) => formatCount(k.status["over-served"]),
          },
        ]
      : []),
  ];
  const foot = cols.map((col, k) => (k === 0 ? "Total" : col.cell(c.total)));
  return htmlTable("classes", cols, c.classes, foot);
}

/** One sentence per ranked class: its share of value against its share of the time. */
function timeValueWords(b: Beyond): SafeHtml {
  const c = b.coverage;
  const lines = c.classes
    .filter((k) => k.label !== UNRANKED)
    .map(
      (k) =>
        html`<li><strong>${k.label}</strong>: ${formatPercent(k.valueShare)} of the value, ${c.hasActivities ? `${optional(k.timeShare, (x) => formatPercent(x))} of the time spent, ` : ""}${formatPercent(k.plannedTimeShare)} of the time planned.</li>`,
    );
  return html`<ul class="plain">${lines}</ul>
<p class="muted">${c.hasActivities ? "Where the time spent exceeds the value by far, sales time goes to customers that bring little; where the plan is far above the time spent, the plan is not being worked." : "Only the plan is known: it shows how the service levels spread the time."}</p>`;
}

interface ServedRow {
  i: number;
}

function servedTable(b: Beyond, rows: readonly ServedRow[]): SafeHtml {
  const c = b.coverage.customers;
  const book = b.book;
  return htmlTable<ServedRow>(
    "customers",
    [
      ...customerColumns<ServedRow>(
        (r) => book.ids[r.i] ?? "",
        (r) => book.name[r.i] ?? null,
      ),
      { header: "Class", cell: (r) => c.level[r.i] ?? "" },
      { header: "Value", num: true, cell: (r) => formatMoney(book.value[r.i] ?? 0) },
      { header: "Contacts plan", num: true, cell: (r) => formatNumber(c.plannedContacts[r.i] ?? 0, 1) },
      { header: "Contacts actual", num: true, cell: (r) => formatCount(c.actualContacts[r.i] ?? 0) },
      { header: "Hours plan", num: true, cell: (r) => formatNumber(c.plannedHours[r.i] ?? 0, 1) },
      { header: "Hours actual", num: true, cell: (r) => formatNumber(c.actualHours[r.i] ?? 0, 1) },
      { header: "Account manager", cell: (r) => book.accountManager[r.i] ?? "" },
    ],
    rows,
  );
}

function servedLists(b: Beyond): SafeHtml {
  const c = b.coverage;
  const book = b.book;
  const rank = new Map([...c.labels, UNRANKED].map((l, k) => [l, k]));
  const under: ServedRow[] = [];
  const over: ServedRow[] = [];
  c.customers.status.forEach((s, i) => {
    if (s === "under-served") under.push({ i });
    else if (s === "over-served") over.push({ i });
  });
  const value = (i: number) => book.value[i] ?? 0;
  under.sort(
    (x, y) =>
      (rank.get(c.customers.level[x.i] ?? "") ?? 0) - (rank.get(c.customers.level[y.i] ?? "") ?? 0) ||
      value(y.i) - value(x.i) ||
      x.i - y.i,
  );
  const excess = (i: number) => (c.customers.actualHours[i] ?? 0) - (c.customers.plannedHours[i] ?? 0);
  over.sort((x, y) => excess(y.i) - excess(x.i) || x.i - y.i);
  const u = under.slice(0, BEYOND_LIST_ROWS.served);
  const o = over.slice(0, BEYOND_LIST_ROWS.served);
  return html`${listHeading("Under-served", under.length, u.length)}
<p>Customers of the top classes with fewer than ${formatPercent(c.settings.underServedTolerance, 0)} of their planned contacts: plan their visits first, highest class and value first.</p>
${u.length === 0 ? html`<p class="none">None.</p>` : servedTable(b, u)}
${more(under.length, u.length)}
${listHeading("Over-served", over.length, o.length)}
<p>Customers of the last class (or without a class) getting more than their level: the hours beyond the plan, largest first, are time to move to the under-served.</p>
${o.length === 0 ? html`<p class="none">None.</p>` : servedTable(b, o)}
${more(over.length, o.length)}`;
}

/** The capacity in words: hours needed, hours available, and the gap in people. */
export function capacityWords(b: Beyond): string {
  const cap = b.coverage.capacity;
  const r = b.reps;
  const team =
    r.source === "file"
      ? `from the reps file ${r.file ?? ""}`.trim()
      : r.source === "option"
        ? "as given"
        : "one per account manager in the customer list";
  const need = `The service levels need ${formatCount(cap.neededHours)} hours a year (${formatFixed(cap.neededFte, 1)} people at ${formatCount(cap.hoursPerRep)} selling hours each).`;
  const has = `The team has ${plural(cap.reps, "rep", "reps")} (${team}) with ${formatCount(cap.availableHours)} hours.`;
  let gap: string;
  if (cap.gapHours > 0)
    gap = `It is ${formatCount(cap.gapHours)} hours short: add ${plural(cap.gapPeople, "person", "people")} (${formatFixed(cap.gapFte, 1)} full-time) or lower the service levels.`;
  else if (cap.gapPeople < 0)
    gap = `It has ${formatCount(-cap.gapHours)} hours to spare: ${plural(-cap.gapPeople, "person", "people")} could be freed, or the levels raised for the A and B customers.`;
  else gap = `It has ${formatCount(-cap.gapHours)} hours to spare, less than one person.`;
  return `${need} ${has} ${gap}`;
}

const actualColumns: Column<ManagerCoverage>[] = [
  { header: "Contacts actual", num: true, cell: (m) => optional(m.actualContacts, formatCount) },
  { header: "Hours actual", num: true, cell: (m) => optional(m.actualHours, (x) => formatNumber(x, 1)) },
  { header: "Under", num: true, cell: (m) => formatCount(m.underServed) },
  { header: "Over", num: true, cell: (m) => formatCount(m.overServed) },
];

function managersTable(b: Beyond): SafeHtml {
  const c = b.coverage;
  const classes = [...c.labels, UNRANKED];
  return htmlTable<ManagerCoverage>(
    "managers",
    [
      { header: "Account manager", cell: (m) => m.accountManager ?? html`<span class="muted">none</span>` },
      { header: "Customers", num: true, cell: (m) => formatCount(m.customers) },
      ...classes.map(
        (k): Column<ManagerCoverage> => ({
          header: k,
          num: true,
          cell: (m) => formatCount(m.byClass[k] ?? 0),
        }),
      ),
      { header: "Value", num: true, cell: (m) => formatMoney(m.value) },
      { header: "Hours a year", num: true, cell: (m) => formatNumber(m.plannedHoursPerYear, 0) },
      { header: "Workload (people)", num: true, cell: (m) => formatFixed(m.workloadFte, 2) },
      // without activities there is nothing actual to show, and nobody is under- or over-served
      ...(c.hasActivities ? actualColumns : []),
    ],
    c.managers,
  );
}

/** Planned against actual per class, time against value, under- and over-served, capacity, managers. */
export function coverageSection(b: Beyond): SafeHtml {
  const c = b.coverage;
  const levels = [
    ...c.labels.map((l) => levelText(l, c.settings.levels[l])),
    levelText(UNRANKED, c.settings.unrankedLevel),
  ].join(", ");
  return html`<section id="coverage" class="long">
<h2>Coverage and sales capacity</h2>
<p class="lead">Each class has a service level: contacts a year × hours per contact (${levels}). The plan below is that level over the window (${formatNumber(c.windowYears * 12, Number.isInteger(c.windowYears * 12) ? 0 : 1)} months)${c.hasActivities ? "; the actual figures come from the activities" : ""}; capacity is per year.</p>
${
  c.hasActivities
    ? ""
    : html`<p class="box warn">Actual contacts and hours are unknown: no activities file was given, so nobody can be called under- or over-served. Add one with <code class="opt">--activities FILE</code> (a line per visit, call or meeting, with customer and date).</p>`
}
<h3>Planned against actual, per class</h3>
${classTable(b)}
<h3>Time against value</h3>
<div class="two"><div id="${BEYOND_CHART_IDS.timeValue}" class="chart short" role="img" aria-label="Share of value and share of time per class; the table above holds the same figures"></div><div>
${timeValueWords(b)}
</div></div>
${c.hasActivities ? servedLists(b) : ""}
<h3>Capacity: ${capacityHeadline(c.capacity)}</h3>
<div class="two even"><div id="${BEYOND_CHART_IDS.capacity}" class="chart gauge" role="img" aria-label="Hours needed against hours available"></div><div>
<p>${capacityWords(b)}</p>
${factsTable([
  ["Hours needed a year", formatCount(c.capacity.neededHours)],
  ["Hours available a year", formatCount(c.capacity.availableHours)],
  ["Gap in hours", formatCount(c.capacity.gapHours), "needed − available: above 0 short, below 0 spare"],
  [
    "Gap in people",
    formatCount(c.capacity.gapPeople),
    `${formatFixed(c.capacity.gapFte, 2)} full-time, in whole people`,
  ],
])}
</div></div>
<h3>Per account manager</h3>
<p>The workload of each book against one person's ${formatCount(c.capacity.hoursPerRep)} selling hours: above 1 the book needs more than one person.</p>
${managersTable(b)}
</section>`;
}

// ---------------------------------------------------------------- activities and reps read

function example(e: LineExample): SafeHtml {
  return html`<li>line ${e.line}${e.column === null ? "" : html`, column <code>${e.column}</code>`}${e.value === null ? "" : html`: <code>'${e.value}'</code>`}</li>`;
}

function rejectList(title: string, rejects: readonly RejectReason[]): SafeHtml {
  if (rejects.length === 0) return html``;
  return html`<h3>${title}</h3>
<ul class="rejects">${rejects.map(
    (r) =>
      html`<li><strong>${r.reason}</strong>: ${plural(r.count, "line", "lines")}<ul>${r.examples.map(example)}${r.count > r.examples.length ? html`<li>… ${formatCount(r.count - r.examples.length)} more</li>` : ""}</ul></li>`,
  )}</ul>`;
}

function activitiesFacts(a: ActivitiesSummary): SafeHtml {
  return factsTable([
    ["Lines read", formatCount(a.rowsRead)],
    ["Used (in the window, with a customer)", formatCount(a.used)],
    ["Before the window", formatCount(a.beforeWindow)],
    ["After the as-of date", formatCount(a.afterAsOf)],
    ["Rejected", formatCount(a.rowsRejected)],
    ["Customers with activities", formatCount(a.customers)],
    [
      "… not in the invoices or customer list",
      formatCount(a.unmatchedCustomers),
      `${plural(a.unmatchedActivities, "activity", "activities")}, ${formatNumber(a.unmatchedHours, 1)} hours: left out`,
    ],
  ]);
}

/** What the activities file and the reps file gave: lines used, outside the window, rejected, unmatched ids. */
export function activitiesSection(b: Beyond): SafeHtml {
  const a = b.activities;
  const r = b.reps;
  if (a === null && r.source !== "file") return html``;
  return html`<section id="activities">
<h2>Activities and reps read</h2>
${
  a === null
    ? html`<p class="muted">No activities file was given.</p>`
    : html`<p class="muted">${a.file} (dates ${a.dateFormat}).</p>
<div class="two"><div>
${activitiesFacts(a)}
${rejectList("Rejected lines", a.rejects)}
${
  a.unmatchedSample.length === 0
    ? ""
    : html`<p>Customer ids not found${a.unmatchedCustomers > a.unmatchedSample.length ? ` (the first ${formatCount(a.unmatchedSample.length)})` : ""}: ${a.unmatchedSample.map((id, k) => html`${k > 0 ? ", " : ""}<code>${id}</code>`)}. Check their spelling against the invoices.</p>`
}
</div><div>
<h3>Columns used</h3>
${htmlTable(
  "mapping",
  [
    { header: "Field", cell: (e: [string, string]) => e[0] },
    { header: "Column", cell: (e: [string, string]) => html`<code>${e[1]}</code>` },
  ],
  Object.entries(a.mapping),
)}
<h3>Kinds</h3>
${htmlTable(
  "kinds",
  [
    { header: "Kind", cell: (k: ActivitiesSummary["kinds"][number]) => k.kind },
    { header: "Activities", num: true, cell: (k) => formatCount(k.activities) },
    { header: "Default hours", num: true, cell: (k) => formatNumber(k.defaultHours, 2) },
    { header: "Took the default", num: true, cell: (k) => formatCount(k.defaulted) },
  ],
  a.kinds,
)}
<h3>Per rep, in the window</h3>
${htmlTable(
  "reps",
  [
    {
      header: "Rep",
      cell: (x: ActivitiesSummary["reps"][number]) => x.rep ?? html`<span class="muted">no rep</span>`,
    },
    { header: "Contacts", num: true, cell: (x) => formatCount(x.contacts) },
    { header: "Hours", num: true, cell: (x) => formatNumber(x.hours, 1) },
  ],
  a.reps,
)}
</div></div>`
}
${
  r.source === "file"
    ? html`<h3>Reps file${r.file === null ? "" : html`: ${r.file}`}</h3>
${factsTable([
  ["Rows read", formatCount(r.rowsRead)],
  ["Reps", formatCount(r.reps)],
  ["Hours a year", formatCount(r.hours)],
])}
${rejectList("Rejected rows", r.rejects)}`
    : ""
}
</section>`;
}

// ---------------------------------------------------------------- warnings, assembly

function beyondWarnings(b: Beyond): Warning[] {
  const seen = new Set<string>();
  return [...b.warnings, ...b.strategy.warnings, ...b.coverage.warnings].filter((w) => {
    const key = `${w.code}\u0000${w.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The options of the beyond charts by container id; only the charts whose container the sections show. */
export function beyondCharts(b: Beyond): Record<string, EChartsOption> {
  const out: Record<string, EChartsOption> = {};
  if (b.potential.hasPotential && bubblePlan(b).plotted.length > 0)
    out[BEYOND_CHART_IDS.bubbles] = potentialBubbleOptions(b);
  const mf = b.profitability.margin;
  if (mf.kind === "margin" && mf.whale.order.length > 0)
    out[BEYOND_CHART_IDS.whale] = whaleChartOptions(mf.whale);
  out[BEYOND_CHART_IDS.timeValue] = timeValueChartOptions(b.coverage);
  out[BEYOND_CHART_IDS.capacity] = capacityChartOptions(b.coverage.capacity);
  return out;
}

/** Every beyond-billing section as one HTML fragment, led by links to each. */
export function beyondSections(b: Beyond): string {
  const warnings = beyondWarnings(b);
  const links: Array<[string, string]> = [
    ["potential", "Potential"],
    ["profitability", "Profitability"],
    ["strategy", "Strategy"],
    ["coverage", "Coverage and capacity"],
    ...(b.activities !== null || b.reps.source === "file"
      ? [["activities", "Activities read"] as [string, string]]
      : []),
    ...(warnings.length > 0 ? [["beyond-warnings", "Warnings"] as [string, string]] : []),
  ];
  return html`<nav class="sections" aria-label="Beyond billing">Beyond billing: ${links.map(
    ([id, label], k) => html`${k > 0 ? " · " : ""}<a href="#${id}">${label}</a>`,
  )}</nav>
${potentialSection(b)}
${profitabilitySection(b)}
${strategySection(b)}
${coverageSection(b)}
${activitiesSection(b)}
${
  warnings.length === 0
    ? ""
    : html`<section id="beyond-warnings">
<h2>Warnings beyond billing</h2>
<ul class="warnings">${warnings.map((w) => html`<li>${w.message}</li>`)}</ul>
</section>`
}`.value;
}

// ---------------------------------------------------------------- groups

/** ABC within each group of `--by`: one row per group, and how many customers change class in their group. */
export function groupsSection(g: Groups): string {
  const labels = g.groups.reduce<string[]>(
    (acc, x) => (x.classes.length > acc.length ? x.classes.map((c) => c.label) : acc),
    [],
  );
  const cols: Column<GroupAnalysis>[] = [
    {
      header: g.column,
      cell: (x) =>
        x.group === null ? html`<span class="muted">none</span>` : html`<strong>${x.group}</strong>`,
    },
    { header: "Customers", num: true, cell: (x) => formatCount(x.customers) },
    { header: "Ranked", num: true, cell: (x) => formatCount(x.ranked) },
    { header: "Value", num: true, cell: (x) => formatMoney(x.value) },
    { header: "% value", num: true, cell: (x) => formatPercent(x.valueShare) },
    ...labels.map(
      (l): Column<GroupAnalysis> => ({
        header: l,
        num: true,
        cell: (x) => formatCount(x.classes.find((c) => c.label === l)?.customers ?? 0),
      }),
    ),
    {
      header: "Top customer",
      className: "name",
      cell: (x) => {
        const t = x.top[0];
        return t === undefined
          ? ""
          : html`<code>${t.customerId}</code>${t.name === null ? "" : html` ${t.name}`} <span class="muted">${formatMoney(t.value)}, ${formatPercent(t.share)} of the group</span>`;
      },
    },
  ];
  const customers = g.groups.reduce((a, x) => a + x.customers, 0);
  return html`<section id="groups">
<h2>ABC within groups: by ${g.column}</h2>
<p class="lead">Each group is classified on its own customers, with the same thresholds. A customer small in the whole book can be an A customer in its ${g.column}: that is the customer its local team should treat as A.</p>
${htmlTable("groups", cols, g.groups)}
<p>${plural(g.differ, "customer has", "customers have")} a different class within ${g.differ === 1 ? "its" : "their"} group than in the whole book (of ${plural(customers, "customer", "customers")} in ${plural(g.groups.length, "group", "groups")}).</p>
</section>`.value;
}
