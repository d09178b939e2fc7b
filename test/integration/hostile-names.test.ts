import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { quoteIdent, quoteLiteral } from "../../src/engine/engine.js";
import { analyze, tempDir } from "../helpers/analyze.js";

const HOSTILE = [
  'cust"; DROP TABLE strata_docs; --',
  "date' OR '1'='1",
  "amount) FROM x; --",
  "naïve \\ name",
] as const;
const HOSTILE_MAP = { customer_id: HOSTILE[0], date: HOSTILE[1], revenue: HOSTILE[2] };

describe("hostile names never reach SQL unquoted", () => {
  it("quotes identifiers and literals", async () => {
    const engine = await DuckDbEngine.open();
    try {
      for (const name of HOSTILE) {
        const rows = await engine.rows(`SELECT 1 AS ${quoteIdent(name)}, ${quoteLiteral(name)} AS v`);
        expect(Object.keys(rows[0] ?? {})[0]).toBe(name);
        expect(rows[0]?.v).toBe(name);
      }
    } finally {
      await engine.close();
    }
  });

  it("reads a CSV whose header and path are hostile, mapped with --map", async () => {
    const dir = await tempDir();
    const file = join(dir, 'it\'s; a "file".csv');
    const header = HOSTILE.slice(0, 3)
      .map((h) => `"${h.replaceAll('"', '""')}"`)
      .join(",");
    await writeFile(file, `${header}\nA,2023-01-01,10\nB,2023-02-01,5\n`);
    const r = await analyze(file, {
      map: HOSTILE_MAP,
    });
    expect(r.summary.concentration.totalValue).toBe(15);
    expect(r.summary.mapping.customer_id).toBe(HOSTILE[0]);
  });

  it("reads Parquet columns with hostile names", async () => {
    const dir = await tempDir();
    const file = join(dir, "h.parquet");
    const engine = await DuckDbEngine.open();
    try {
      await engine.run(
        `COPY (SELECT 'A' AS ${quoteIdent(HOSTILE[0])}, DATE '2023-01-01' AS ${quoteIdent(HOSTILE[1])}, 7.5 AS ${quoteIdent(HOSTILE[2])}) TO ${quoteLiteral(file)} (FORMAT parquet)`,
      );
    } finally {
      await engine.close();
    }
    const r = await analyze(file, {
      map: HOSTILE_MAP,
    });
    expect(r.summary.concentration.totalValue).toBe(7.5);
  });
});
