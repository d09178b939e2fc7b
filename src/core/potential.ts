/**
 * Potential and share of wallet (domain.md, "Potential and share of wallet"): how much of what a customer
 * could buy they buy from us, which customers have the largest potential, the value × potential matrix
 * with an action per cell, and the two lists the seeds ask for: where the growth is (high potential, low
 * share of wallet) and where competitors sit (high value, low share of wallet).
 */
import type { CustomerBook } from "./book.js";
import { checkCount, checkRange, checkThresholds } from "./check-setting.js";
import { type ClassTotals, classifyAbc, NOT_RANKED } from "./classify-abc.js";
import { compareIds } from "./compare-ids.js";
import { fromUnits, toUnits } from "./money-units.js";
import { DEFAULT_POLICY } from "./policy.js";
import { type PotentialMatrix, potentialMatrix } from "./potential-matrix.js";
import { rankCustomers } from "./rank.js";

export interface PotentialSettings {
  /**
   * Cumulative-share thresholds of the potential classes, in percent; the ABC rule applied to potential.
   * Default: the ABC default 80, 95. Pass the analysis's `abcThresholds` to follow a changed ABC split.
   */
  potentialThresholds: readonly number[];
  /** How many top potential classes count as high potential on the prospective list: 1 = A, 2 = A and B. */
  highPotentialClasses: number;
  /** How many top value classes count as high value on the competitors list: 1 = A. */
  highValueClasses: number;
  /** A share of wallet strictly below this is low (0.5 = the customer buys less than half from us). */
  lowShareOfWallet: number;
}

export const DEFAULT_POTENTIAL_SETTINGS: Readonly<PotentialSettings> = {
  potentialThresholds: DEFAULT_POLICY.abcThresholds,
  highPotentialClasses: 1,
  highValueClasses: 1,
  lowShareOfWallet: 0.5,
};

/** How the book's customers split by what is known of their potential. */
export interface PotentialCounts {
  customers: number;
  /** Potential ≥ 0.0001 (one unit): share of wallet and potential class are defined. */
  withPotential: number;
  /** Potential NaN (not in the customer list, or no potential given) or infinite: share of wallet NaN. */
  potentialUnknown: number;
  /** Potential given but ≤ 0 (below half a unit counts as 0): share of wallet NaN. */
  potentialNotPositive: number;
  /** Revenue above potential: share of wallet capped at 1. */
  capped: number;
}

/** A customer on the prospective or competitors list. Money in the currency. */
export interface WalletItem {
  /** Index into the book. */
  index: number;
  id: string;
  name: string | null;
  /** ABC class on value; null when not ranked (e.g. a prospect that has not bought). */
  valueClass: string | null;
  potentialClass: string;
  /** Revenue in the window, as is (share of wallet and gap use it per year). */
  revenue: number;
  value: number;
  potential: number;
  shareOfWallet: number;
  /** Yearly potential − yearly revenue (negative counted as 0): what the customer buys elsewhere a year. */
  gap: number;
}

export interface PotentialResult {
  settings: PotentialSettings;
  /** False when no customer has a potential: no classes, every customer outside the matrix, empty lists. */
  hasPotential: boolean;
  counts: PotentialCounts;
  /**
   * Per customer: max(revenue per year, 0) / potential, capped at 1; NaN when the potential is unknown or
   * ≤ 0. Revenue per year = the window's revenue / the window's years.
   */
  shareOfWallet: Float64Array;
  /** Potential class labels, best first. */
  potentialLabels: readonly string[];
  /** Potential class index per customer into potentialLabels; NOT_RANKED when no potential. */
  potentialClassOf: Uint8Array;
  potentialClasses: ClassTotals[];
  /** Sum of the known potentials. */
  totalPotential: number;
  matrix: PotentialMatrix;
  /** High potential class, low share of wallet (whatever the value class): largest gap first. */
  prospective: WalletItem[];
  /** High value class, low share of wallet: the rest of their spend goes to competitors; largest gap first. */
  competitors: WalletItem[];
}

/**
 * Share of wallet, potential classes, the value × potential matrix and the prospective and competitors
 * lists of a book. Potential classes rank every customer with a potential, prospects that have not bought
 * included (they are where "develop" growth often sits). Money is compared and summed in exact units of
 * 1/10 000. Ties by customer id.
 */
export function potentialAnalysis(
  book: CustomerBook,
  input: Partial<PotentialSettings> = {},
): PotentialResult {
  const settings = resolve(input);
  const n = book.ids.length;
  const ranking = rankCustomers(book.potential, book.ids);
  const abc = classifyAbc(ranking, settings.potentialThresholds);
  const valueClass = valueClassIndex(book);
  const revenueUnits = Float64Array.from(book.revenue, toUnits);
  // Potential is yearly: the window's revenue is compared as a yearly rate (a 6-month window counts twice).
  const yearlyUnits = yearly(book);
  const potentialUnits = Float64Array.from(ranking.units, (u, i) => ((ranking.rankOf[i] ?? 0) > 0 ? u : 0));
  const shareOfWallet = new Float64Array(n).fill(Number.NaN);
  const counts: PotentialCounts = {
    customers: n,
    withPotential: 0,
    potentialUnknown: 0,
    potentialNotPositive: 0,
    capped: 0,
  };
  for (let i = 0; i < n; i++) {
    const pu = potentialUnits[i] ?? 0;
    if (pu > 0) {
      const ru = Math.max(0, yearlyUnits[i] ?? 0);
      counts.withPotential++;
      if (ru > pu) counts.capped++;
      shareOfWallet[i] = ru >= pu ? 1 : ru / pu;
    } else if (!Number.isFinite(book.potential[i] ?? Number.NaN)) counts.potentialUnknown++;
    else counts.potentialNotPositive++;
  }
  const potentialClass = Int32Array.from(abc.classOf, (k) => (k === NOT_RANKED ? -1 : k));
  const matrix = potentialMatrix({
    rows: book.abcLabels,
    columns: abc.labels,
    valueClass,
    potentialClass,
    valueUnits: Float64Array.from(book.value, toUnits),
    revenueUnits,
    potentialUnits,
  });
  const item = (i: number): WalletItem => {
    const pu = potentialUnits[i] ?? 0;
    return {
      index: i,
      id: book.ids[i] ?? "",
      name: book.name[i] ?? null,
      valueClass: book.abc[i] ?? null,
      potentialClass: abc.labels[potentialClass[i] ?? 0] ?? "",
      revenue: book.revenue[i] ?? 0,
      value: book.value[i] ?? 0,
      potential: fromUnits(pu),
      shareOfWallet: shareOfWallet[i] ?? 0,
      gap: fromUnits(pu - Math.max(0, yearlyUnits[i] ?? 0)),
    };
  };
  const low = (i: number) => (shareOfWallet[i] ?? 1) < settings.lowShareOfWallet;
  const prospective: number[] = [];
  const competitors: number[] = [];
  for (let i = 0; i < n; i++) {
    if (!low(i)) continue; // NaN (no potential) is never low
    const pc = potentialClass[i] ?? -1;
    const vc = valueClass[i] ?? -1;
    if (pc >= 0 && pc < settings.highPotentialClasses) prospective.push(i);
    if (vc >= 0 && vc < settings.highValueClasses) competitors.push(i);
  }
  const gapUnits = (i: number) => (potentialUnits[i] ?? 0) - Math.max(0, yearlyUnits[i] ?? 0);
  const byGap = (a: number, b: number) =>
    gapUnits(b) - gapUnits(a) || compareIds(book.ids[a] ?? "", book.ids[b] ?? "");
  return {
    settings,
    hasPotential: counts.withPotential > 0,
    counts,
    shareOfWallet,
    potentialLabels: abc.labels,
    potentialClassOf: abc.classOf,
    potentialClasses: abc.classes,
    totalPotential: ranking.total,
    matrix,
    prospective: prospective.sort(byGap).map(item),
    competitors: competitors.sort(byGap).map(item),
  };
}

function resolve(input: Partial<PotentialSettings>): PotentialSettings {
  const s: PotentialSettings = { ...DEFAULT_POTENTIAL_SETTINGS, ...input };
  checkThresholds("potentialThresholds", s.potentialThresholds);
  checkCount("highPotentialClasses", s.highPotentialClasses);
  checkCount("highValueClasses", s.highValueClasses);
  checkRange("lowShareOfWallet", s.lowShareOfWallet, 0, 1);
  return { ...s, potentialThresholds: [...s.potentialThresholds] };
}

/**
 * Revenue per year in units: the window's revenue divided by the window's length in years (unchanged for
 * the usual 12-month window), so that it compares with a yearly potential.
 */
export function yearly(book: CustomerBook): Float64Array {
  const years = book.windowYears > 0 && Number.isFinite(book.windowYears) ? book.windowYears : 1;
  return Float64Array.from(book.revenue, (r) => toUnits(years === 1 ? r : r / years));
}

/** The book's value class per customer as an index into its labels; -1 when not ranked. */
export function valueClassIndex(book: CustomerBook): Int32Array {
  const index = new Map(book.abcLabels.map((l, k) => [l, k]));
  return Int32Array.from(book.abc, (label, i) => {
    if (label === null) return -1;
    const k = index.get(label);
    if (k === undefined) {
      throw new Error(
        `customer book: class '${label}' of ${book.ids[i]} is not one of its labels ${book.abcLabels.join(", ")}`,
      );
    }
    return k;
  });
}
