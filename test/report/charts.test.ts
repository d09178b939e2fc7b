import { describe, expect, it } from "vitest";
import type { Summary } from "../../src/core/summary.js";
import { abcChartOptions, paretoChartOptions, pyramidChartOptions } from "../../src/report/charts.js";
import { fixtureSummary } from "./fixture.js";
import { golden, renderSvg } from "./svg.js";

/** The parts of an option tree the tests look at, after a JSON round trip. */
interface Series {
  type: string;
  name?: string;
  sort?: string;
  data: unknown[];
  markPoint?: { data: Array<{ coord: [number, number] }> };
  markLine?: { data: Array<[{ coord: [number, number] }, { coord: [number, number] }]> };
}
interface Options {
  series: Series[];
  xAxis: { data?: string[] };
  yAxis: { data?: string[] };
}

function plain(o: unknown): Options {
  return JSON.parse(JSON.stringify(o)) as Options;
}

function seriesOf(o: Options, type: string, k = 0): Series {
  const s = o.series.filter((x) => x.type === type)[k];
  if (s === undefined) throw new Error(`no ${type} series`);
  return s;
}

describe("chart options", () => {
  const s = fixtureSummary();

  it("are plain data: no functions, unchanged by a JSON round trip", () => {
    for (const build of [paretoChartOptions, pyramidChartOptions, abcChartOptions]) {
      const o = build(s);
      expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    }
  });

  it("Pareto: the curve in percent, the diagonal, and the 80% point", () => {
    const o = plain(paretoChartOptions(s));
    const curve = seriesOf(o, "line", 0);
    expect(curve.data[0]).toEqual([0, 0]);
    expect(curve.data[1]).toEqual([8.33, 30]);
    expect(curve.data.at(-1)).toEqual([100, 100]);
    expect(seriesOf(o, "line", 1).data).toEqual([
      [0, 0],
      [100, 100],
    ]);
    // customersFor80Share = 7/12
    expect(curve.markPoint?.data[0]?.coord).toEqual([58.33, 80]);
    expect(curve.markLine?.data).toContainEqual([{ coord: [58.33, 0] }, { coord: [58.33, 80] }]);
    expect(curve.markLine?.data).toContainEqual([{ coord: [0, 80] }, { coord: [58.33, 80] }]);
    expect(JSON.stringify(o)).toContain("80% of value from\\n7 customers (58.3%)");
  });

  it("Pareto: no 80% mark without active customers", () => {
    const empty: Summary = fixtureSummary();
    empty.curve = [[0, 0]];
    empty.concentration = {
      ...empty.concentration,
      activeCustomers: 0,
      customersFor80: 0,
      customersFor80Share: 0,
    };
    const curve = seriesOf(plain(paretoChartOptions(empty)), "line", 0);
    expect(curve.markPoint).toBeUndefined();
    expect(() => renderSvg(paretoChartOptions(empty))).not.toThrow();
  });

  it("pyramid: Top … Small as a funnel narrowing to the top, the other layers as bars", () => {
    const o = plain(pyramidChartOptions(s));
    const funnel = seriesOf(o, "funnel");
    expect(funnel.sort).toBe("ascending");
    const data = funnel.data as Array<{ name: string; value: number }>;
    expect(data.map((d) => d.name)).toEqual(["Top", "Big", "Medium", "Small"]);
    expect(data.map((d) => d.value)).toEqual([1, 2, 3, 4]);
    expect(o.yAxis.data).toEqual(["Value ≤ 0", "Inactive", "Prospect", "Suspect"]);
    expect((seriesOf(o, "bar").data as Array<{ value: number }>).map((d) => d.value)).toEqual([2, 3, 2, 1]);
    expect(JSON.stringify(o)).toContain("Top: 1 · 30.0% of value");
  });

  it("pyramid: drawn with Top at the apex and Small at the base", () => {
    const svg = renderSvg(pyramidChartOptions(s));
    const tops = new Map<number, number>();
    const bottoms = new Map<number, number>();
    for (const m of svg.matchAll(
      /<polygon points="([^"]+)"[^>]*ecmeta_series_index="0" ecmeta_data_index="(\d)"/g,
    )) {
      const ys = (m[1] ?? "")
        .trim()
        .split(/\s+/)
        .filter((_, k) => k % 2 === 1)
        .map(Number);
      tops.set(Number(m[2]), Math.min(...ys));
      bottoms.set(Number(m[2]), Math.max(...ys));
    }
    expect([...tops.keys()].sort()).toEqual([0, 1, 2, 3]);
    // Top (index 0) highest on the page (smallest y), each layer below the previous one.
    for (let k = 1; k < 4; k++) expect(tops.get(k)!).toBeGreaterThan(tops.get(k - 1)!);
    expect(bottoms.get(3)!).toBe(Math.max(...bottoms.values()));
  });

  it("ABC: customers share beside value share per class, in percent with one decimal", () => {
    const o = plain(abcChartOptions(s));
    expect(o.xAxis.data).toEqual(["A", "B", "C"]);
    expect(seriesOf(o, "bar", 0).name).toBe("% of customers");
    expect(seriesOf(o, "bar", 0).data).toEqual([58.3, 25, 16.7]);
    expect(seriesOf(o, "bar", 1).data).toEqual([85, 12, 3]);
  });

  it("render to the same SVG as reviewed (golden files)", async () => {
    await expect(golden(renderSvg(paretoChartOptions(s)))).toMatchFileSnapshot(
      "__snapshots__/pareto.svg.snap",
    );
    await expect(golden(renderSvg(pyramidChartOptions(s)))).toMatchFileSnapshot(
      "__snapshots__/pyramid.svg.snap",
    );
    await expect(golden(renderSvg(abcChartOptions(s), 600, 320))).toMatchFileSnapshot(
      "__snapshots__/abc.svg.snap",
    );
  });
});
