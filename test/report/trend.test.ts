import * as echarts from "echarts";
import { describe, expect, it } from "vitest";
import { trendChartOptions } from "../../src/report/trend-charts.js";
import { trendCsv } from "../../src/report/trend-csv.js";
import { trendSection } from "../../src/report/trend-html.js";
import { renderTrendTerminal } from "../../src/report/trend-terminal.js";
import { fixtureTrend } from "./migration-fixture.js";

interface Series {
  type: string;
  name: string;
  stack?: string;
  xAxisIndex: number;
  yAxisIndex: number;
  data: number[];
}
interface Options {
  legend: { data: string[] };
  xAxis: Array<{ data: string[]; gridIndex: number }>;
  yAxis: Array<{ name: string; gridIndex: number; min?: number; max?: number; position?: string }>;
  series: Series[];
}

describe("trend chart", () => {
  const trend = fixtureTrend();
  const o = JSON.parse(JSON.stringify(trendChartOptions(trend))) as Options;
  const series = (name: string): Series => {
    const s = o.series.find((x) => x.name === name);
    if (s === undefined) throw new Error(`no series ${name}`);
    return s;
  };

  it("is plain data", () => {
    expect(JSON.parse(JSON.stringify(trendChartOptions(trend)))).toEqual(trendChartOptions(trend));
  });

  it("stacks the class sizes per window, oldest first, on the customers axis", () => {
    expect(o.xAxis.map((x) => x.data)).toEqual([
      ["2010-12-31", "2011-06-30", "2011-12-31"],
      ["2010-12-31", "2011-06-30", "2011-12-31"],
    ]);
    expect(series("Class A")).toMatchObject({
      type: "bar",
      stack: "classes",
      yAxisIndex: 0,
      data: [3, 4, 4],
    });
    expect(series("Class B").data).toEqual([3, 3, 2]);
    expect(series("Class C").data).toEqual([4, 5, 3]);
    // The stack adds up to the active customers of each window.
    const stacked = [0, 1, 2].map((k) =>
      ["Class A", "Class B", "Class C"].reduce((a, n) => a + (series(n).data[k] ?? 0), 0),
    );
    expect(stacked).toEqual(trend.points.map((p) => p.activeCustomers));
  });

  it("puts customers for 80% beside them, Gini on a second axis 0…1, total value in its own panel", () => {
    expect(series("Customers for 80%")).toMatchObject({ type: "line", yAxisIndex: 0, data: [3, 4, 4] });
    expect(series("Gini")).toMatchObject({ type: "line", yAxisIndex: 1, data: [0.512, 0.487, 0.4] });
    expect(o.yAxis[1]).toMatchObject({ name: "Gini", gridIndex: 0, min: 0, max: 1, position: "right" });
    expect(series("Total margin")).toMatchObject({
      type: "line",
      xAxisIndex: 1,
      yAxisIndex: 2,
      data: [1000, 1250.5, 1000],
    });
    expect(o.yAxis[2]).toMatchObject({ name: "Total margin", gridIndex: 1 });
    expect(o.legend.data).toEqual([
      "Class A",
      "Class B",
      "Class C",
      "Customers for 80%",
      "Gini",
      "Total margin",
    ]);
  });

  it("draws in ECharts", () => {
    const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width: 900, height: 470 });
    try {
      chart.setOption(trendChartOptions(trend));
      const svg = chart.renderToSVGString();
      for (const text of ["Class A", "Gini", "Total margin", "2011-06-30"])
        expect(svg).toContain(`>${text}<`);
    } finally {
      chart.dispose();
    }
  });
});

describe("trend section, CSV and terminal", () => {
  const trend = fixtureTrend();

  it("shows a table row per window with the chart above it", () => {
    const html = trendSection(trend).value;
    expect(html).toContain("<h2>Trend by margin: 3 rolling windows</h2>");
    expect(html).toContain('<div id="chart-trend" class="chart tall"');
    expect(html).toContain(
      '<tr><td class="nowrap">2010-07-01 … 2011-06-30</td><td class="num">12</td><td class="num">1,250.50</td><td class="num">4</td><td class="num">3</td><td class="num">5</td><td class="num">4 (33.3%)</td><td class="num">0.487</td></tr>',
    );
    expect(html.match(/<tr>/g)).toHaveLength(4);
  });

  it("says so when there is no window, and draws no chart", () => {
    const html = trendSection({ measure: "revenue", points: [] }).value;
    expect(html).toContain("No window.");
    expect(html).not.toContain("chart-trend");
  });

  it("writes trend.csv with a column pair per class", () => {
    expect(trendCsv(trend.points).split("\r\n")).toEqual([
      "first_day,last_day,active_customers,total_value,customers_for_80,customers_for_80_share,gini,A_customers,A_value,B_customers,B_value,C_customers,C_value",
      "2010-01-01,2010-12-31,10,1000,3,0.3,0.5123,3,800,3,150,4,50",
      "2010-07-01,2011-06-30,12,1250.5,4,0.333333,0.4871,4,1000.4,3,190.1,5,60",
      "2011-01-01,2011-12-31,9,1000,4,0.444444,0.3999,4,820,2,130,3,50",
      "",
    ]);
  });

  it("prints a line per window in the terminal", () => {
    const text = renderTrendTerminal(trend.points, "margin");
    expect(text.split("\n")[0]).toBe("Trend by margin");
    expect(text).toMatch(/2010-07-01 … 2011-06-30\s+12\s+1,250\.50\s+4\s+3\s+5\s+4 \(33\.3%\)\s+0\.487/);
  });

  it("is the same for the same input", async () => {
    await expect(trendSection(trend).value).toMatchFileSnapshot("__snapshots__/trend-section.html.snap");
  });
});
