/**
 * Profitability (domain.md, "Profitability"): margin classes beside revenue classes, the customers with
 * big billing and profit near zero, the whale curve, attention against income, and VIP / regular / problem
 * profiles. The seeds' point: "the client can pay huge funds, and the profit will tend to zero", and
 * problem clients give "minimum incomes, but require maximum attention".
 */
import { type Attention, attentionVsIncome, type Profiles, profileCustomers } from "./attention.js";
import type { CustomerBook } from "./book.js";
import { checkCount, checkRange, checkThresholds } from "./check-setting.js";
import { type ClassTotals, classifyAbc, NOT_RANKED } from "./classify-abc.js";
import { compareIds } from "./compare-ids.js";
import { toUnits } from "./money-units.js";
import { DEFAULT_POLICY } from "./policy.js";
import { rankCustomers } from "./rank.js";
import { type WhaleCurve, whaleCurve } from "./whale-curve.js";

export interface ProfitabilitySettings {
  /** ABC thresholds (percent) of the revenue classes; default the ABC default 80, 95. */
  revenueThresholds: readonly number[];
  /** ABC thresholds (percent) of the margin classes; default 80, 95. */
  marginThresholds: readonly number[];
  /** Margin % floor as a share (0.05 = 5%): a customer of the top revenue classes below it is flagged. */
  marginFloor: number;
  /** How many top revenue classes the floor applies to: 2 = A and B. */
  floorRevenueClasses: number;
  /** Problem client: time share ≥ this × value share (2). */
  attentionFactor: number;
  /** Problem client: hours ≥ this × the mean hours of attended customers (1); 0 drops the condition. */
  problemMinHoursRatio: number;
}

export const DEFAULT_PROFITABILITY_SETTINGS: Readonly<ProfitabilitySettings> = {
  revenueThresholds: DEFAULT_POLICY.abcThresholds,
  marginThresholds: DEFAULT_POLICY.abcThresholds,
  marginFloor: 0.05,
  floorRevenueClasses: 2,
  attentionFactor: 2,
  problemMinHoursRatio: 1,
};

/** Why a customer is flagged; one customer may have several reasons. */
export const FLAG_REASONS = ["lowMarginClass", "noProfit", "belowMarginFloor"] as const;
export type FlagReason = (typeof FLAG_REASONS)[number];

/** How each reason reads for a user. */
export const FLAG_REASON_LABELS: Record<FlagReason, string> = {
  lowMarginClass: "top class on revenue, lowest class on margin",
  noProfit: "top class on revenue, margin zero or negative",
  belowMarginFloor: "margin % below the floor",
};

/** A customer with big billing and profit near zero. Money in the currency. */
export interface FlaggedCustomer {
  index: number;
  id: string;
  name: string | null;
  revenueClass: string;
  /** null when not ranked on margin (margin ≤ 0). */
  marginClass: string | null;
  revenue: number;
  margin: number;
  /** margin / revenue. */
  marginPercent: number;
  reasons: FlagReason[];
}

/** The margin figures, when the data has a margin. */
export interface MarginFigures {
  kind: "margin";
  marginLabels: readonly string[];
  /** Per customer into marginLabels; NOT_RANKED when margin ≤ 0 or unknown. */
  marginClassOf: Uint8Array;
  marginClasses: ClassTotals[];
  /** Per customer margin / revenue; NaN when revenue ≤ 0 or the margin is unknown. */
  marginPercent: Float64Array;
  /** Customers with a known margin ≤ 0 (not ranked on margin). */
  notProfitable: number;
  /** Customers whose margin is unknown (NaN) although others have one. */
  marginUnknown: number;
  /**
   * Flagged: top revenue class with the lowest margin class (lowMarginClass) or margin ≤ 0 (noProfit); or
   * one of the top `floorRevenueClasses` revenue classes with margin % below the floor (belowMarginFloor).
   * Highest revenue first, ties by id.
   */
  flagged: FlaggedCustomer[];
  whale: WhaleCurve;
}

/** The data carries no cost or margin: margin figures cannot be computed (rather than NaN everywhere). */
export interface NoMargin {
  kind: "noMargin";
  message: string;
}

export interface ProfitabilityResult {
  settings: ProfitabilitySettings;
  revenueLabels: readonly string[];
  /** Per customer into revenueLabels; NOT_RANKED when revenue ≤ 0. */
  revenueClassOf: Uint8Array;
  revenueClasses: ClassTotals[];
  margin: MarginFigures | NoMargin;
  attention: Attention;
  profiles: Profiles;
}

/**
 * Margin and revenue classes, flagged customers, the whale curve, attention vs income and profiles of a
 * book. Classes by the ABC rule (exact units of 1/10 000, ties by id).
 */
export function profitability(
  book: CustomerBook,
  input: Partial<ProfitabilitySettings> = {},
): ProfitabilityResult {
  const settings = resolve(input);
  const revenue = classifyAbc(rankCustomers(book.revenue, book.ids), settings.revenueThresholds);
  const attention = attentionVsIncome(book);
  return {
    settings,
    revenueLabels: revenue.labels,
    revenueClassOf: revenue.classOf,
    revenueClasses: revenue.classes,
    margin: book.margin.some((m) => Number.isFinite(m))
      ? marginFigures(book, revenue.labels, revenue.classOf, settings)
      : {
          kind: "noMargin",
          message:
            "The data has no cost or margin, so margin classes, flagged customers and the whale curve cannot be computed; map a cost or margin column to get them.",
        },
    attention,
    profiles: profileCustomers(book, attention, settings),
  };
}

function marginFigures(
  book: CustomerBook,
  revenueLabels: readonly string[],
  revenueClassOf: Uint8Array,
  s: ProfitabilitySettings,
): MarginFigures {
  const n = book.ids.length;
  const abc = classifyAbc(rankCustomers(book.margin, book.ids), s.marginThresholds);
  const lowest = abc.labels.length >= 2 ? abc.labels.length - 1 : -1;
  const marginPercent = new Float64Array(n).fill(Number.NaN);
  const flagged: FlaggedCustomer[] = [];
  let notProfitable = 0;
  let marginUnknown = 0;
  for (let i = 0; i < n; i++) {
    const m = book.margin[i] ?? Number.NaN;
    const r = book.revenue[i] ?? 0;
    if (!Number.isFinite(m)) {
      marginUnknown++;
      continue;
    }
    if (toUnits(m) <= 0) notProfitable++;
    if (toUnits(r) > 0) marginPercent[i] = m / r;
    const rc = revenueClassOf[i] ?? NOT_RANKED;
    if (rc === NOT_RANKED) continue;
    const mc = abc.classOf[i] ?? NOT_RANKED;
    const reasons: FlagReason[] = [];
    if (rc === 0 && mc === lowest) reasons.push("lowMarginClass");
    if (rc === 0 && mc === NOT_RANKED) reasons.push("noProfit");
    if (rc < s.floorRevenueClasses && (marginPercent[i] ?? 0) < s.marginFloor)
      reasons.push("belowMarginFloor");
    if (reasons.length === 0) continue;
    flagged.push({
      index: i,
      id: book.ids[i] ?? "",
      name: book.name[i] ?? null,
      revenueClass: revenueLabels[rc] ?? "",
      marginClass: mc === NOT_RANKED ? null : (abc.labels[mc] ?? null),
      revenue: r,
      margin: m,
      marginPercent: marginPercent[i] ?? 0,
      reasons,
    });
  }
  flagged.sort(
    (a, b) => toUnits(b.revenue) - toUnits(a.revenue) || compareIds(a.id, b.id) || a.index - b.index,
  );
  return {
    kind: "margin",
    marginLabels: abc.labels,
    marginClassOf: abc.classOf,
    marginClasses: abc.classes,
    marginPercent,
    notProfitable,
    marginUnknown,
    flagged,
    whale: whaleCurve(book.margin, book.revenue, book.ids),
  };
}

function resolve(input: Partial<ProfitabilitySettings>): ProfitabilitySettings {
  const s: ProfitabilitySettings = { ...DEFAULT_PROFITABILITY_SETTINGS, ...input };
  checkThresholds("revenueThresholds", s.revenueThresholds);
  checkThresholds("marginThresholds", s.marginThresholds);
  checkRange("marginFloor", s.marginFloor, -1, 1);
  checkCount("floorRevenueClasses", s.floorRevenueClasses);
  checkRange("attentionFactor", s.attentionFactor, 0, 1_000_000);
  checkRange("problemMinHoursRatio", s.problemMinHoursRatio, 0, 1_000_000);
  return {
    ...s,
    revenueThresholds: [...s.revenueThresholds],
    marginThresholds: [...s.marginThresholds],
  };
}
