import * as echarts from "echarts";

/** Server-side SVG rendering: proves ECharts accepts the options, and gives shapes to check. */
export function renderSvg(option: unknown, width = 800, height = 480): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption(option as echarts.EChartsOption);
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

/**
 * An SVG as its golden file keeps it: zrender numbers instances and style classes per process, so they are
 * renumbered in order of appearance.
 */
export function golden(svg: string): string {
  const ids = new Map<string, string>();
  const renumbered = svg.replace(/\bzr\d+-cls-\d+\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, `zr-cls-${ids.size}`);
    return ids.get(id) ?? id;
  });
  return `${renumbered.replace(/\bzr\d+-/g, "zr-")}\n`;
}
