import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

let source: Promise<string> | undefined;

/**
 * The text of the installed ECharts browser bundle (echarts/dist/echarts.min.js, about 1 MB), read once per
 * process and cached, for inlining into the self-contained HTML report.
 */
export function loadEchartsSource(): Promise<string> {
  if (source === undefined) {
    const path = createRequire(import.meta.url).resolve("echarts/dist/echarts.min.js");
    source = readFile(path, "utf8");
    // A failed read must not be cached: the next report tries again.
    source.catch(() => {
      source = undefined;
    });
  }
  return source;
}
