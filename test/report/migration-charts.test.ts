import { describe, expect, it } from "vitest";
import type { MigrationMatrix } from "../../src/core/migration-types.js";
import { formatCompact } from "../../src/report/format.js";
import {
  heatColor,
  heatLevel,
  migrationHeatmapOptions,
  migrationSankeyOptions,
  SIDE,
} from "../../src/report/migration-charts.js";
import { classLabel } from "../../src/report/migration-labels.js";
import { fixtureMigration } from "./migration-fixture.js";
import { golden, renderSvg } from "./svg.js";

interface HeatItem {
  value: [number, number, number, number | "-"];
  label: { formatter: string; color: string };
  tooltip: { formatter: string };
}
interface SankeyNode {
  name: string;
  depth: number;
  label: { formatter: string };
}
interface SankeyLink {
  source: string;
  target: string;
  value: number;
}
interface Plain {
  xAxis: { data: string[] };
  yAxis: { data: string[] };
  series: Array<{ type: string; data: unknown[]; links?: SankeyLink[] }>;
}

const plain = (o: unknown): Plain => JSON.parse(JSON.stringify(o)) as Plain;

function heatItems(m: MigrationMatrix): HeatItem[] {
  return plain(migrationHeatmapOptions(m)).series[0]?.data as HeatItem[];
}

function sankey(m: MigrationMatrix) {
  const s = plain(migrationSankeyOptions(m, fixtureMigration())).series[0];
  return { nodes: (s?.data ?? []) as SankeyNode[], links: s?.links ?? [] };
}

/** Customers per row and per column of a matrix, from its cells. */
function totals(m: MigrationMatrix) {
  const rows = new Map(m.rows.map((r) => [r, 0]));
  const columns = new Map(m.columns.map((c) => [c, 0]));
  for (const c of m.cells) {
    rows.set(c.from, (rows.get(c.from) ?? 0) + c.customers);
    columns.set(c.to, (columns.get(c.to) ?? 0) + c.customers);
  }
  return { rows, columns };
}

describe("migration charts on the hand-checked fixture", () => {
  const m = fixtureMigration();

  it("are plain data: no functions, unchanged by a JSON round trip", () => {
    for (const d of ["abc", "pyramid"] as const) {
      for (const o of [migrationHeatmapOptions(m[d]), migrationSankeyOptions(m[d], m)])
        expect(JSON.parse(JSON.stringify(o))).toEqual(o);
    }
  });

  it("heat-map: one data item per matrix cell, [column, row, customers, level] equal to the matrix", () => {
    for (const d of ["abc", "pyramid"] as const) {
      const matrix = m[d];
      const o = plain(migrationHeatmapOptions(matrix));
      expect(o.xAxis.data).toEqual(matrix.columns.map(classLabel));
      expect(o.yAxis.data).toEqual(matrix.rows.map(classLabel));
      const items = heatItems(matrix);
      expect(items).toHaveLength(matrix.rows.length * matrix.columns.length);
      const seen = new Set<string>();
      for (const item of items) {
        const [x, y, n, level] = item.value;
        const cell = matrix.cells.find((c) => c.from === matrix.rows[y] && c.to === matrix.columns[x]);
        expect(cell, `cell ${x},${y}`).toBeDefined();
        expect(n).toBe(cell?.customers);
        expect(level).toBe(n === 0 ? "-" : heatLevel(n, Math.max(...matrix.cells.map((c) => c.customers))));
        seen.add(`${x},${y}`);
      }
      expect(seen.size).toBe(items.length);
    }
  });

  it("heat-map: the ABC cells worked out by hand, labelled with customers and value", () => {
    const abc = m.abc;
    const at = (from: string, to: string) =>
      heatItems(abc).find(
        (i) => i.value[0] === abc.columns.indexOf(to) && i.value[1] === abc.rows.indexOf(from),
      );
    expect(abc.rows).toEqual(["A", "B", "C", "NonPositive", "new"]);
    expect(abc.columns).toEqual(["A", "B", "C", "NonPositive", "lost"]);
    // A → A: c01, c03, now worth 300 + 120; the Lost column shows what was lost (c02's 250 before).
    expect(at("A", "A")?.value[2]).toBe(2);
    expect(at("A", "A")?.label.formatter).toBe("2\n420");
    expect(at("A", "lost")?.label.formatter).toBe("1\n250");
    expect(at("C", "NonPositive")?.label.formatter).toBe("1\n-5");
    expect(at("new", "A")?.label.formatter).toBe("1\n250");
    expect(at("A", "B")?.label.formatter).toBe("");
    expect(at("A", "B")?.value[3]).toBe("-");
    // The fullest cell is the darkest, with white text; one customer of a maximum of two is lighter.
    expect(at("A", "A")?.value[3]).toBe(1);
    expect(at("A", "A")?.label.color).toBe("#ffffff");
    expect(at("B", "C")?.value[3]).toBe(heatLevel(1, 2));
    expect(at("B", "C")?.value[3]).toBeLessThan(1);
    expect(at("A", "lost")?.tooltip.formatter).toBe(
      "A → Lost<br/>1 customer<br/>value before 250.00, now 0.00",
    );
  });

  it("heat level grows with customers, 0 only for an empty cell", () => {
    expect(heatLevel(0, 10)).toBe(0);
    expect(heatLevel(10, 10)).toBe(1);
    const levels = [1, 2, 5, 9, 10].map((n) => heatLevel(n, 10));
    for (let k = 1; k < levels.length; k++) expect(levels[k]).toBeGreaterThan(levels[k - 1] ?? 1);
    expect(levels[0]).toBeGreaterThan(0);
    expect(heatColor(0)).toBe("#ffffff");
    expect(heatColor(1)).toBe("#17324d");
  });

  it("Sankey: distinct node names, before on the left and now on the right, no empty link", () => {
    for (const d of ["abc", "pyramid"] as const) {
      const { nodes, links } = sankey(m[d]);
      const names = nodes.map((n) => n.name);
      expect(new Set(names).size).toBe(names.length);
      const depth = new Map(nodes.map((n) => [n.name, n.depth]));
      for (const l of links) {
        expect(l.value).toBeGreaterThan(0);
        expect(depth.get(l.source)).toBe(0);
        expect(depth.get(l.target)).toBe(1);
        expect(l.source.endsWith(SIDE.before)).toBe(true);
        expect(l.target.endsWith(SIDE.now)).toBe(true);
      }
      // Every node carries customers: no dangling node that ECharts would place at the wrong side.
      for (const n of nodes) expect(links.some((l) => l.source === n.name || l.target === n.name)).toBe(true);
    }
  });

  it("Sankey: links out of a class add up to its row, links into a class to its column", () => {
    for (const d of ["abc", "pyramid"] as const) {
      const { links } = sankey(m[d]);
      const t = totals(m[d]);
      for (const [row, n] of t.rows) {
        const out = links.filter((l) => l.source === `${classLabel(row)}${SIDE.before}`);
        expect(
          out.reduce((a, l) => a + l.value, 0),
          `${d} row ${row}`,
        ).toBe(n);
      }
      for (const [col, n] of t.columns) {
        const into = links.filter((l) => l.target === `${classLabel(col)}${SIDE.now}`);
        expect(
          into.reduce((a, l) => a + l.value, 0),
          `${d} column ${col}`,
        ).toBe(n);
      }
      expect(links.reduce((a, l) => a + l.value, 0)).toBe(13);
    }
  });

  it("Sankey: the fixture's nodes and links, by hand", () => {
    const abc = sankey(m.abc);
    expect(abc.nodes.map((n) => n.label.formatter)).toEqual([
      "A: 3",
      "B: 3",
      "C: 3",
      "Value ≤ 0: 1",
      "New: 3",
      "A: 4",
      "B: 2",
      "C: 3",
      "Value ≤ 0: 1",
      "Lost: 3",
    ]);
    expect(abc.links).toHaveLength(12);
    expect(abc.links).toContainEqual(
      expect.objectContaining({ source: "B · before", target: "A · now", value: 1 }),
    );
    // Pyramid: nobody was Big in either window, so neither side has a Big node.
    const pyramid = sankey(m.pyramid);
    expect(pyramid.nodes.map((n) => n.name)).toEqual([
      "Top · before",
      "Medium · before",
      "Small · before",
      "Value ≤ 0 · before",
      "New · before",
      "Top · now",
      "Medium · now",
      "Small · now",
      "Value ≤ 0 · now",
      "Lost · now",
    ]);
    expect(pyramid.links).toContainEqual(
      expect.objectContaining({ source: "Small · before", target: "Small · now", value: 4 }),
    );
  });

  it("ECharts draws them: the labels are in the SVG", () => {
    const heat = renderSvg(migrationHeatmapOptions(m.abc), 560, 360);
    expect(heat).toContain(">420<");
    expect(heat).toContain(">Value ≤ 0<");
    // The visualMap colours cells as heatColor does (the HTML table's shading); empty cells are not filled.
    const rgb = (hex: string) =>
      `rgb(${[1, 3, 5].map((k) => Number.parseInt(hex.slice(k, k + 2), 16)).join(",")})`;
    const fills = [...heat.matchAll(/fill="(rgb\([^)]*\))"/g)].map((x) => x[1]);
    expect(fills.sort()).toEqual(
      m.abc.cells
        .filter((c) => c.customers > 0)
        .map((c) => rgb(heatColor(heatLevel(c.customers, 2))))
        .sort(),
    );
    const flow = renderSvg(migrationSankeyOptions(m.abc, m), 560, 360);
    for (const label of ["A: 3", "A: 4", "New: 3", "Lost: 3", "2010-01-01 … 2010-12-31"])
      expect(flow).toContain(`>${label}<`);
  });

  it("a migration without customers draws without error: empty cells, no Sankey node", () => {
    const empty = {
      ids: [],
      value: new Float64Array(0),
      abc: [],
      pyramid: [],
      active: new Uint8Array(0),
    };
    const none = fixtureMigration({ previous: empty, current: empty });
    for (const d of ["abc", "pyramid"] as const) {
      expect(heatItems(none[d]).every((i) => i.value[2] === 0 && i.label.formatter === "")).toBe(true);
      expect(sankey(none[d])).toEqual({ nodes: [], links: [] });
      expect(() => renderSvg(migrationHeatmapOptions(none[d]), 560, 360)).not.toThrow();
      expect(() => renderSvg(migrationSankeyOptions(none[d], none), 560, 360)).not.toThrow();
    }
  });

  it("render to the same SVG as reviewed (golden files)", async () => {
    await expect(golden(renderSvg(migrationHeatmapOptions(m.abc), 560, 360))).toMatchFileSnapshot(
      "__snapshots__/migration-heatmap.svg.snap",
    );
    await expect(golden(renderSvg(migrationSankeyOptions(m.abc, m), 560, 360))).toMatchFileSnapshot(
      "__snapshots__/migration-sankey.svg.snap",
    );
  });

  it("compact labels keep three significant figures", () => {
    expect([1234567, 45300, 999999, 987.6, -2500, 0, -0.0001].map(formatCompact)).toEqual([
      "1.23M",
      "45.3k",
      "1M",
      "988",
      "-2.5k",
      "0",
      "0",
    ]);
  });
});
