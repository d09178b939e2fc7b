import { fromUnits } from "./money-units.js";

/**
 * What to do in each cell of the potential matrix (value class × potential class). Rows and columns are
 * read as tiers: the first class is high, the last is low, any class between is mid (with A/B/C: A high,
 * B mid, C low; with two classes there is no mid). The name is the action the cell asks for:
 *
 * | value \ potential | high    | mid        | low               |
 * | ----------------- | ------- | ---------- | ----------------- |
 * | high              | defend  | retain     | maintain          |
 * | mid               | grow    | strengthen | secure            |
 * | low               | develop | qualify    | serve efficiently |
 *
 * - defend: big now and could be bigger: the account competitors want most; defend it and deepen it.
 * - retain: big now, some room left: keep the full visit plan, grow where the room is.
 * - maintain: big now, little room left (they already buy most of what they can): keep the service level,
 *   do not invest in growth.
 * - grow: the B customers that can become A (the seeds: "may even become A"); invest sales time here.
 * - strengthen: B with B room: keep them close so they do not slide towards C, the B customer's main fear.
 * - secure: B near their ceiling: hold the business at a lower cost of service.
 * - develop: small now, large potential: "C with high potential is the exception to neglect"; the growth.
 * - qualify: small now, medium potential: check the potential is real before giving it time.
 * - serve efficiently: small and staying small: dose the time against the return (low-cost channels).
 */
export const POTENTIAL_ACTIONS = [
  "defend",
  "retain",
  "maintain",
  "grow",
  "strengthen",
  "secure",
  "develop",
  "qualify",
  "serveEfficiently",
] as const;
export type PotentialAction = (typeof POTENTIAL_ACTIONS)[number];

/** The action names as shown to a user. */
export const POTENTIAL_ACTION_LABELS: Record<PotentialAction, string> = {
  defend: "defend",
  retain: "retain",
  maintain: "maintain",
  grow: "grow",
  strengthen: "strengthen",
  secure: "secure",
  develop: "develop",
  qualify: "qualify",
  serveEfficiently: "serve efficiently",
};

const TIERS = ["high", "mid", "low"] as const;
type Tier = (typeof TIERS)[number];

const ACTION_OF: Record<Tier, Record<Tier, PotentialAction>> = {
  high: { high: "defend", mid: "retain", low: "maintain" },
  mid: { high: "grow", mid: "strengthen", low: "secure" },
  low: { high: "develop", mid: "qualify", low: "serveEfficiently" },
};

/** The tier of class `k` among `count` classes: first high, last low (a single class is high), else mid. */
export function tierOf(k: number, count: number): Tier {
  if (k === 0) return "high";
  return k === count - 1 ? "low" : "mid";
}

/** The action of the cell (value class `row` of `rows`, potential class `column` of `columns`). */
export function actionOf(row: number, rows: number, column: number, columns: number): PotentialAction {
  return ACTION_OF[tierOf(row, rows)][tierOf(column, columns)];
}

/** Customers and money of a group; money in the currency, summed exactly in units of 1/10 000. */
export interface GroupTotals {
  customers: number;
  /** Sum of the ranking value. */
  value: number;
  revenue: number;
  /** Sum of the known potentials (customers without potential add nothing). */
  potential: number;
}

export interface PotentialCell extends GroupTotals {
  valueClass: string;
  potentialClass: string;
  action: PotentialAction;
}

/** Customers outside the matrix, by why: the cells and these three groups partition the book. */
export interface OutsideMatrix {
  /** Not ranked on value (value ≤ 0: no purchases, or net returns) but with a potential: often prospects. */
  notRanked: GroupTotals;
  /** Ranked on value, potential unknown or ≤ 0. */
  noPotential: GroupTotals;
  /** Neither ranked on value nor with a potential. */
  neither: GroupTotals;
}

export interface PotentialMatrix {
  /** Value classes, best first (the book's ABC labels). */
  rows: readonly string[];
  /** Potential classes, best first. */
  columns: readonly string[];
  /** Row-major: the cell of row r and column c is cells[r · columns.length + c]. */
  cells: PotentialCell[];
  outside: OutsideMatrix;
}

/** Per customer: value class index, potential class index (-1 when none), and money in units. */
export interface MatrixInput {
  rows: readonly string[];
  columns: readonly string[];
  valueClass: Int32Array;
  potentialClass: Int32Array;
  valueUnits: Float64Array;
  revenueUnits: Float64Array;
  potentialUnits: Float64Array;
}

/** Value class × potential class, with customers, value, revenue and potential per cell. */
export function potentialMatrix(m: MatrixInput): PotentialMatrix {
  const nc = m.columns.length;
  const groups = m.rows.length * nc;
  // the last three slots: notRanked, noPotential, neither
  const sums = Array.from({ length: groups + 3 }, () => [0, 0, 0, 0]);
  for (let i = 0; i < m.valueClass.length; i++) {
    const r = m.valueClass[i] ?? -1;
    const c = m.potentialClass[i] ?? -1;
    const slot = r >= 0 && c >= 0 ? r * nc + c : r < 0 && c >= 0 ? groups : r >= 0 ? groups + 1 : groups + 2;
    const s = sums[slot] ?? [0, 0, 0, 0];
    s[0] = (s[0] ?? 0) + 1;
    s[1] = (s[1] ?? 0) + (m.valueUnits[i] ?? 0);
    s[2] = (s[2] ?? 0) + (m.revenueUnits[i] ?? 0);
    s[3] = (s[3] ?? 0) + (m.potentialUnits[i] ?? 0);
  }
  const totals = (slot: number): GroupTotals => {
    const s = sums[slot] ?? [0, 0, 0, 0];
    return {
      customers: s[0] ?? 0,
      value: fromUnits(s[1] ?? 0),
      revenue: fromUnits(s[2] ?? 0),
      potential: fromUnits(s[3] ?? 0),
    };
  };
  const cells: PotentialCell[] = [];
  for (let r = 0; r < m.rows.length; r++) {
    for (let c = 0; c < nc; c++) {
      cells.push({
        valueClass: m.rows[r] ?? "",
        potentialClass: m.columns[c] ?? "",
        action: actionOf(r, m.rows.length, c, nc),
        ...totals(r * nc + c),
      });
    }
  }
  return {
    rows: m.rows,
    columns: m.columns,
    cells,
    outside: { notRanked: totals(groups), noPotential: totals(groups + 1), neither: totals(groups + 2) },
  };
}
