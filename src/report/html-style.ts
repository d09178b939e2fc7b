/** The report's stylesheet, inlined so that the file opens offline; sober enough to print and forward. */
export const REPORT_CSS = `
:root {
  --ink: #1d2733; --muted: #5d6b7a; --rule: #d9dee4; --band: #f4f6f8; --accent: #2b5783;
  --risk: #a83226; --risk-bg: #fbece9; --warn: #8a5a00; --warn-bg: #fdf5e3; --ok-bg: #eef5ee;
}
* { box-sizing: border-box; }
html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body {
  margin: 0; color: var(--ink); background: #fff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, Helvetica, Arial, sans-serif;
}
main { max-width: 1120px; margin: 0 auto; padding: 32px 40px 48px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 16px; margin-bottom: 8px; }
h1 { font-size: 26px; margin: 0 0 4px; font-weight: 650; letter-spacing: -0.01em; }
h2 {
  font-size: 18px; margin: 0 0 12px; padding-bottom: 6px; border-bottom: 1px solid var(--rule);
  color: var(--accent); font-weight: 650;
}
h3 { font-size: 14px; margin: 16px 0 6px; }
.two > div > h3:first-child { margin-top: 0; }
.subtitle { color: var(--muted); margin: 0 0 12px; font-size: 15px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
section { margin-top: 28px; break-inside: avoid; page-break-inside: avoid; }
.kpis { display: grid; grid-template-columns: repeat(5, 1fr); gap: 12px; margin-top: 20px; }
.kpi { background: var(--band); border-radius: 6px; padding: 10px 14px; }
.kpi .label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: 0.04em; }
.kpi .figure { font-size: 22px; font-weight: 650; font-variant-numeric: tabular-nums; }
.kpi .note { color: var(--muted); font-size: 12px; }
.two { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 24px; align-items: start; }
.two.even { grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); }
.two.table-wide { grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); }
.chart { width: 100%; height: 380px; }
.chart.tall { height: 470px; }
.chart.short { height: 300px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 7px; border-bottom: 1px solid var(--rule); vertical-align: top; text-align: left; }
th { font-weight: 600; color: var(--muted); font-size: 11px; text-transform: uppercase; letter-spacing: 0.02em; }
.scroll { overflow-x: auto; }
td.num, th.num { text-align: right; white-space: nowrap; }
tbody tr:nth-child(even) td { background: #fafbfc; }
tfoot td { font-weight: 650; border-top: 2px solid var(--ink); border-bottom: none; }
td.id { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px; white-space: nowrap; }
td.name { word-break: break-word; }
.nowrap { white-space: nowrap; }
table.facts { width: auto; min-width: 60%; }
table.facts td:first-child { padding-right: 24px; white-space: nowrap; }
.muted { color: var(--muted); }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-right: 6px; vertical-align: baseline; }
.box { border-radius: 6px; padding: 12px 16px; margin-top: 20px; border-left: 5px solid; }
.box h2 { border: none; margin: 0 0 6px; padding: 0; }
.box p { margin: 4px 0; }
.box.risk { background: var(--risk-bg); border-color: var(--risk); }
.box.risk h2 { color: var(--risk); }
.box.warn { background: var(--warn-bg); border-color: #d9a03f; }
.box.warn h2 { color: var(--warn); }
.box.ok { background: var(--ok-bg); border-color: #6a9f6a; }
.box.ok h2 { color: #3d6b3d; }
.box table { margin-top: 6px; }
.box tbody tr:nth-child(even) td { background: transparent; }
.tag { display: inline-block; font-size: 11px; font-weight: 650; padding: 1px 6px; border-radius: 3px;
  background: var(--risk); color: #fff; margin-left: 6px; letter-spacing: 0.03em; }
ul.rejects { margin: 6px 0 0; padding-left: 20px; }
ul.rejects ul { margin: 2px 0 6px; padding-left: 18px; color: var(--muted); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12.5px;
  background: var(--band); padding: 0 3px; border-radius: 3px; white-space: pre-wrap; }
ul.warnings li { margin: 3px 0; }
table.matrix { width: auto; min-width: 60%; margin-top: 8px; }
table.matrix caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 12px; padding-top: 6px; }
table.matrix th[scope="row"] { text-align: left; white-space: nowrap; color: var(--ink); font-size: 13px; text-transform: none; }
table.matrix td { text-align: right; border: 1px solid var(--rule); min-width: 72px; }
table.matrix td .v { display: block; font-size: 11px; opacity: 0.85; }
table.matrix td.empty { color: var(--rule); }
table.matrix tfoot td.label { text-align: left; }
table.matrix tbody tr:nth-child(even) td.empty { background: #fff; }
.chart.matrix { height: 360px; }
.action-list h3 .count { display: inline-block; min-width: 22px; padding: 0 6px; border-radius: 10px;
  background: var(--band); color: var(--muted); font-size: 12px; text-align: center; }
.action-list p { margin: 2px 0 6px; }
p.none { color: var(--muted); font-style: italic; }
section.long { break-inside: auto; page-break-inside: auto; }
.action-list { break-inside: avoid; page-break-inside: avoid; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); color: var(--muted); font-size: 12px; }
@media (max-width: 860px) {
  main { padding: 20px; }
  .two { grid-template-columns: 1fr; }
  .kpis { grid-template-columns: repeat(2, 1fr); }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  main { max-width: none; padding: 0; }
  body { font-size: 11px; }
  .two { grid-template-columns: 1fr; }
  .chart { height: 320px; }
  .chart.tall { height: 400px; }
  section { margin-top: 18px; }
}
`;
