import { existsSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalyzeResult } from "../../src/app/analyze.js";
import { parseIsoDay } from "../../src/core/dates.js";
import { ACTIVE_PYRAMID_ORDER, migrate, NON_POSITIVE } from "../../src/core/migrate.js";
import type { ClassifiedCustomers, Migration, MigrationMatrix } from "../../src/core/migration-types.js";
import { describeWindow, makePolicy, parseHorizon, type Window } from "../../src/core/policy.js";
import { DuckDbEngine } from "../../src/engine/duckdb.js";
import { analyze, CDNOW_MASTER } from "../helpers/analyze.js";
import { cli } from "../helpers/cli.js";

const FILE = CDNOW_MASTER;
const present = existsSync(FILE);

const day = (iso: string) => parseIsoDay(iso) ?? Number.NaN;
/** The window (after, asOf]: from `first` to `last`, both included. */
const windowOf = (first: string, last: string): Window => ({ asOf: day(last), after: day(first) - 1 });

/**
 * The oracle: DuckDB reads the file its own way, by position (every line is 26 characters:
 * ' 00001 19970101  1   11.77'), not by splitting on whitespace as Strata does, and the SQL below
 * computes the expected figures without Strata's code.
 */
const ORACLE_LINES = `
  WITH raw AS (
    SELECT l FROM read_csv($1, columns = {'l': 'VARCHAR'}, header = false, delim = '|', quote = '', auto_detect = false)),
  lines AS (
    SELECT substr(l, 2, 5) AS id, CAST(strptime(substr(l, 8, 8), '%Y%m%d') AS DATE) AS d,
           CAST(trim(substr(l, 19)) AS DECIMAL(12, 2)) AS usd,
           regexp_full_match(l, ' \\d{5} \\d{8} +\\d+ +\\d+\\.\\d{2}') AS well_formed
    FROM raw)`;

/** Per window ('prev', 'cur'): each active customer's value and ABC class (80/95, ties by id), as Strata defines them. */
const ORACLE_CLASSES = `${ORACLE_LINES},
  win AS (
    SELECT id, CASE WHEN d BETWEEN DATE '1997-01-01' AND DATE '1997-09-30' THEN 'prev' ELSE 'cur' END AS w,
           sum(usd) AS v
    FROM lines WHERE d BETWEEN DATE '1997-01-01' AND DATE '1998-06-30' GROUP BY ALL),
  ranked AS (
    SELECT id, w, v,
           coalesce(sum(v) FILTER (WHERE v > 0) OVER (PARTITION BY w ORDER BY v DESC, id
                    ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS before,
           sum(v) FILTER (WHERE v > 0) OVER (PARTITION BY w) AS total
    FROM win),
  classes AS (
    SELECT id, w, v, CASE WHEN v <= 0 THEN '${NON_POSITIVE}' WHEN before * 100 < 80 * total THEN 'A'
                          WHEN before * 100 < 95 * total THEN 'B' ELSE 'C' END AS cls
    FROM ranked)`;

async function oracle(sql: string): Promise<Record<string, unknown>[]> {
  const engine = await DuckDbEngine.open();
  try {
    return await engine.rows(sql, [FILE]);
  } finally {
    await engine.close();
  }
}

function rowSums(m: MigrationMatrix): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of m.cells) out[c.from] = (out[c.from] ?? 0) + c.customers;
  return out;
}

function columnSums(m: MigrationMatrix): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of m.cells) out[c.to] = (out[c.to] ?? 0) + c.customers;
  return out;
}

/** Active customers per class of one dimension in one window, value ≤ 0 as NonPositive. */
function classSizes(c: ClassifiedCustomers, dimension: "abc" | "pyramid"): Record<string, number> {
  const out: Record<string, number> = {};
  const labels = dimension === "abc" ? c.abc : c.pyramid;
  c.ids.forEach((_, i) => {
    if (!c.active[i]) return;
    const label = labels[i] ?? NON_POSITIVE;
    out[label] = (out[label] ?? 0) + 1;
  });
  return out;
}

function nonEmpty(cells: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(cells).filter(([, n]) => n > 0));
}

// The facts below are those stated in ../shared/data/README.md, section 1, for this file.
describe.skipIf(!present)(
  present
    ? "CDNOW master file (real data, ../shared/data): headerless, whitespace-separated"
    : "CDNOW master file — SKIPPED: ../shared/data/cdnow/CDNOW_master.txt is absent",
  () => {
    it("reads the file as it is, and the oracle reads it the same", async () => {
      const [facts] = await oracle(`${ORACLE_LINES}
        SELECT count(*) AS lines, count(*) FILTER (WHERE NOT well_formed) AS malformed,
               count(DISTINCT id) AS customers, CAST(sum(usd) AS VARCHAR) AS total,
               count(*) FILTER (WHERE usd = 0) AS zero_lines,
               CAST(min(d) AS VARCHAR) AS first, CAST(max(d) AS VARCHAR) AS last FROM lines`);
      expect(facts).toEqual({
        lines: 69_659,
        malformed: 0,
        customers: 23_570,
        total: "2500315.63",
        zero_lines: 80,
        first: "1997-01-01",
        last: "1998-06-30",
      });
    });

    it("matches the README over the whole period: 69,659 lines, 23,570 customers, 2,500,315.63, 68 with value 0", async () => {
      // 18 months back from 1998-06-30 covers every line (the window starts 1996-12-31).
      const r = await analyze(FILE, {
        asOf: day("1998-06-30"),
        policy: makePolicy({ horizon: parseHorizon("18m") }),
      });
      const d = r.summary.data;
      expect(d).toMatchObject({
        linesRead: 69_659,
        linesUsed: 69_659,
        linesRejected: 0,
        linesWithoutCustomer: 0,
        linesOutsideWindow: 0,
        customersSeen: 23_570,
        firstDate: "1997-01-01",
        lastDate: "1998-06-30",
      });
      expect(d.reading).toEqual({
        delimiter: "whitespace",
        encoding: "UTF-8",
        header: "none (detected: line 1 holds only numbers and dates)",
        dates: "YYYYMMDD",
        decimals: "point",
      });
      expect(r.summary.mapping).toEqual({ customer_id: "column1", date: "column2", revenue: "column4" });
      expect(r.summary.warnings.map((w) => w.message)).toContain(
        `${FILE} has no header line (detected: line 1 holds only numbers and dates); its columns were told from their values: customer_id = column 1 (zero-padded ids), date = column 2 (YYYYMMDD dates), revenue = column 4 (decimal amounts). If that is wrong, name them by number: --map customer=1,date=2,revenue=4.`,
      );
      const rows = [...r.rows()];
      expect(rows).toHaveLength(23_570);
      expect(rows.reduce((s, x) => s + Math.round(x.revenue * 100), 0)).toBe(250_031_563);
      expect(r.summary.concentration.totalValue).toBe(2_500_315.63);
      // 80 lines of value 0 leave 68 customers whose total is 0: "value ≤ 0", not ranked.
      const zero = await oracle(`${ORACLE_LINES}
        SELECT id FROM lines GROUP BY id HAVING sum(usd) <= 0 ORDER BY id`);
      expect(zero).toHaveLength(68);
      expect(r.summary.nonPositive).toMatchObject({ customers: 68, value: 0 });
      expect(
        rows
          .filter((x) => x.revenue <= 0)
          .map((x) => x.customer_id)
          .sort(),
      ).toEqual(zero.map((z) => z.id));
      expect(r.summary.concentration.activeCustomers).toBe(23_570 - 68);
      // Ids keep their zero padding; customer 00001 bought once, for 11.77.
      expect(rows.find((x) => x.customer_id === "00001")?.revenue).toBe(11.77);
    });

    it("says on the terminal how the file was read", async () => {
      const out = await cli(["analyze", FILE, "--as-of", "1998-06-30", "--horizon", "18m"]);
      expect(out.code).toBe(0);
      expect(out.stdout).toContain(
        "(csv, delimiter: whitespace, encoding: UTF-8, header: none (detected: line 1 holds only numbers and dates), dates: YYYYMMDD, decimals: point)",
      );
      expect(out.stdout).toMatch(/customer_id\s+column1/);
    });

    describe("migration: 1997-01-01 … 1997-09-30 against 1997-10-01 … 1998-06-30", () => {
      const previousWindow = windowOf("1997-01-01", "1997-09-30");
      let r: AnalyzeResult;
      let previous: ClassifiedCustomers;
      let m: Migration;
      let classes: Record<string, unknown>[];

      beforeAll(async () => {
        r = await analyze(FILE, {
          asOf: day("1998-06-30"),
          policy: makePolicy({ horizon: parseHorizon("9m") }),
          moreWindows: () => [previousWindow],
        });
        const more = r.more[0];
        if (!more) throw new Error("the previous window was not classified");
        previous = more.classified;
        m = migrate(previous, r.classified, {
          classOrder: { abc: [...r.analysis.abc.labels], pyramid: [...ACTIVE_PYRAMID_ORDER] },
          measure: r.summary.measure,
          previousWindow: describeWindow(more.window),
          currentWindow: describeWindow(r.window),
        });
        classes = await oracle(`${ORACLE_CLASSES} SELECT id, w, cls, CAST(v AS VARCHAR) AS v FROM classes`);
      });

      it("has the windows asked for, and the README's 49,086 / 20,573 lines before and in the current one", () => {
        expect(m.previous).toEqual({ firstDay: "1997-01-01", lastDay: "1997-09-30" });
        expect(m.current).toEqual({ firstDay: "1997-10-01", lastDay: "1998-06-30" });
        expect(r.summary.data).toMatchObject({ linesBeforeWindow: 49_086, linesUsed: 20_573 });
      });

      it("has no new customers: everyone first bought in Q1 1997", () => {
        expect(m.churn.new).toBe(0);
        expect(m.churn.back).toBe(0);
        expect(m.churn.newValue).toBe(0);
        for (const matrix of [m.abc, m.pyramid]) {
          expect(matrix.cells.filter((c) => c.from === "new" && c.customers > 0)).toEqual([]);
        }
      });

      it("puts every customer active in either window in exactly one cell; rows and columns add up to the classes", () => {
        for (const dimension of ["abc", "pyramid"] as const) {
          const matrix = m[dimension];
          expect(matrix.cells.reduce((s, c) => s + c.customers, 0)).toBe(23_570);
          expect(nonEmpty(rowSums(matrix))).toEqual(classSizes(previous, dimension));
          const { lost, ...current } = nonEmpty(columnSums(matrix));
          expect(current).toEqual(classSizes(r.classified, dimension));
          expect(lost).toBe(m.churn.lost);
        }
        const abcSizes = classSizes(previous, "abc");
        const more = r.more[0];
        for (const c of more?.analysis.abc.classes ?? []) expect(abcSizes[c.label]).toBe(c.customers);
      });

      it("agrees with the oracle: who bought in both windows, who was lost, and with what value", async () => {
        const [o] = await oracle(`${ORACLE_LINES},
          per AS (SELECT id, sum(usd) FILTER (WHERE d <= DATE '1997-09-30') AS before,
                         count(*) FILTER (WHERE d >= DATE '1997-10-01') AS after FROM lines GROUP BY id)
          SELECT count(*) FILTER (WHERE before IS NOT NULL) AS previous_active,
                 count(*) FILTER (WHERE after > 0) AS current_active,
                 count(*) FILTER (WHERE before IS NOT NULL AND after > 0) AS both_windows,
                 count(*) FILTER (WHERE before IS NOT NULL AND after = 0) AS lost,
                 CAST(sum(before) FILTER (WHERE after = 0) AS VARCHAR) AS lost_value
          FROM per`);
        expect(o).toEqual({
          previous_active: 23_570,
          current_active: 7_058,
          both_windows: 7_058,
          lost: 16_512,
          lost_value: "812146.58",
        });
        expect(m.churn).toMatchObject({
          previousActive: 23_570,
          currentActive: 7_058,
          retained: 7_058,
          lost: 16_512,
          lostValue: 812_146.58,
        });
      });

      it("has the oracle's ABC cells, classes computed in SQL", () => {
        const prev = new Map(classes.filter((c) => c.w === "prev").map((c) => [c.id, String(c.cls)]));
        const cur = new Map(classes.filter((c) => c.w === "cur").map((c) => [c.id, String(c.cls)]));
        const expected: Record<string, number> = {};
        for (const id of new Set([...prev.keys(), ...cur.keys()])) {
          const key = `${prev.get(id) ?? "new"}>${cur.get(id) ?? "lost"}`;
          expected[key] = (expected[key] ?? 0) + 1;
        }
        const actual = Object.fromEntries(
          m.abc.cells.filter((c) => c.customers > 0).map((c) => [`${c.from}>${c.to}`, c.customers]),
        );
        expect(actual).toEqual(expected);
        // Spot checks, also computed with Python's decimal module from the file split on whitespace.
        expect(actual).toMatchObject({ "A>A": 2_218, "A>lost": 4_635, "C>A": 120, "NonPositive>lost": 68 });
      });
    });
  },
);
