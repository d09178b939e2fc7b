/**
 * Summarises a V8 CPU profile (`node --cpu-prof dist/cli/main.js …`) by source line of src/: where the built
 * JavaScript's time goes, mapped back through dist/'s source maps.
 *
 *   tsx bench/cpu-profile.ts PROFILE.cpuprofile [--top N]
 *
 * Prints three lists with seconds and shares of the profile's whole time: self time per line (V8's per-line
 * ticks), self time per function, and inclusive time per function (a function's own time and that of what it
 * calls, counted once when it recurses). "(idle)" is the main thread waiting, mostly for DuckDB's threads.
 */
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  hitCount?: number;
  children?: number[];
  positionTicks?: Array<{ line: number; ticks: number }>;
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** Maps (file URL, 1-based line) of built code to 'src/…:line'; other files keep their own place. */
class Locator {
  private readonly maps = new Map<string, { map: SourceMap | null; lines: string[] }>();

  place(url: string, line: number): string {
    if (!url.startsWith("file://")) return url === "" ? "" : `${url}:${line}`;
    const path = fileURLToPath(url);
    let entry = this.maps.get(path);
    if (entry === undefined) {
      let map: SourceMap | null = null;
      let lines: string[] = [];
      try {
        lines = readFileSync(path, "utf8").split("\n");
        map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, "utf8")));
      } catch {
        map = null;
      }
      entry = { map, lines };
      this.maps.set(path, entry);
    }
    const fallback = `${relative(ROOT, path)}:${line}`;
    if (!entry.map) return fallback;
    // The first mapped column of the line: its first non-blank character.
    const column = Math.max(0, (entry.lines[line - 1] ?? "").search(/\S/));
    const found = entry.map.findEntry(line - 1, column);
    if (!("originalSource" in found) || found.originalSource === undefined) return fallback;
    const source = found.originalSource.startsWith("file://")
      ? fileURLToPath(found.originalSource)
      : resolve(dirname(path), found.originalSource);
    return `${relative(ROOT, source)}:${found.originalLine + 1}`;
  }
}

function main(argv: readonly string[]): void {
  const { values, positionals } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: { top: { type: "string", default: "25" } },
  });
  const file = positionals[0];
  if (file === undefined) throw new Error("usage: tsx bench/cpu-profile.ts PROFILE.cpuprofile [--top N]");
  const top = Number(values.top);
  const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMicros = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    selfMicros.set(id, (selfMicros.get(id) ?? 0) + dt);
  });
  const locator = new Locator();
  const fnName = (n: ProfileNode) => {
    const { functionName, url, lineNumber } = n.callFrame;
    const place = locator.place(url, lineNumber + 1);
    return `${functionName || "(anonymous)"}${place ? ` ${place}` : ""}`;
  };
  const byLine = new Map<string, number>();
  const selfByFn = new Map<string, number>();
  const inclusiveByFn = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [id, micros] of selfMicros) {
    const node = nodes.get(id);
    if (!node) continue;
    const name = fnName(node);
    add(selfByFn, name, micros);
    const ticks = node.positionTicks ?? [];
    const hits = ticks.reduce((s, t) => s + t.ticks, 0);
    if (hits === 0 || !node.callFrame.url) add(byLine, name, micros);
    for (const t of ticks) {
      const where = locator.place(node.callFrame.url, t.line);
      add(byLine, `${where} (${node.callFrame.functionName || "anonymous"})`, (micros * t.ticks) / hits);
    }
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const n = nodes.get(cur);
      if (!n) break;
      const k = fnName(n);
      if (seen.has(k)) continue;
      seen.add(k);
      add(inclusiveByFn, k, micros);
    }
  }
  const show = (title: string, m: Map<string, number>) => {
    process.stdout.write(`\n${title} (profile ${(total / 1e6).toFixed(2)} s)\n`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      process.stdout.write(
        `${(v / 1e6).toFixed(2).padStart(7)} s ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}\n`,
      );
    }
  };
  show("self time by line", byLine);
  show("self time by function", selfByFn);
  show("inclusive time by function", inclusiveByFn);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`cpu-profile: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
