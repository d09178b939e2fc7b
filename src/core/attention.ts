import type { CustomerBook } from "./book.js";
import { fromUnits, toUnits } from "./money-units.js";
import { rankCustomers } from "./rank.js";

/** The profile of a client by what they bring and what they take (the seeds' categories of profitability). */
export const PROFILES = ["vip", "regular", "problem"] as const;
export type Profile = (typeof PROFILES)[number];

export interface ProfileSettings {
  /** A problem client's time share is at least this multiple of their value share. */
  attentionFactor: number;
  /**
   * A problem client takes at least this multiple of the mean hours of the customers that got any time
   * ("maximum attention": more than an ordinary client gets); 0 drops the condition.
   */
  problemMinHoursRatio: number;
}

/** Time against value for one value class (or the customers not ranked on value). */
export interface AttentionClass {
  /** The ABC label, or null for the customers not ranked on value. */
  label: string | null;
  customers: number;
  hours: number;
  /** hours / total hours. */
  timeShare: number;
  /** Sum of the ranking value (may be ≤ 0 for the not-ranked group). */
  value: number;
  /** Share of the total value of ranked customers; 0 for the not-ranked group. */
  valueShare: number;
  /** timeShare / valueShare: above 1 the class takes more time than its share of income; null when valueShare is 0. */
  attentionIndex: number | null;
}

/** Attention vs income, measured when the book has activities with hours. */
export type Attention =
  | {
      measured: true;
      totalHours: number;
      /** Customers with hours > 0. */
      attendedCustomers: number;
      /** totalHours / attendedCustomers. */
      meanHours: number;
      /** Per customer: hours, NaN and negative hours counted as 0. */
      hours: Float64Array;
      /** Per customer: hours / total hours (the shares sum to 1). */
      timeShare: Float64Array;
      /** Per customer: value / total value of ranked customers (0 when not ranked). */
      valueShare: Float64Array;
      /** One per value class, best first, then the not-ranked group. */
      classes: AttentionClass[];
    }
  | {
      measured: false;
      /** noActivities: no activities were given; noHours: activities carry no hours. */
      reason: "noActivities" | "noHours";
      valueShare: Float64Array;
    };

export interface Profiles {
  /**
   * valueAndAttention: vip / regular / problem from value class and time; valueOnly: attention could not
   * be measured, so vip / regular from the value class alone and nobody is called a problem.
   */
  rule: "valueAndAttention" | "valueOnly";
  /** Per customer; null for a prospect or suspect from the customer list that is not ranked on value. */
  profile: (Profile | null)[];
  counts: Record<Profile, number>;
  /** Prospects and suspects not ranked on value: not clients yet, so not profiled. */
  notClients: number;
}

const NOT_CLIENT = new Set(["prospect", "suspect"]);

/** Time share against value share per customer and per value class. Hours NaN or below 0 count as 0. */
export function attentionVsIncome(book: CustomerBook): Attention {
  const n = book.ids.length;
  const valueShare = rankCustomers(book.value, book.ids).share;
  if (!book.hasActivities) return { measured: false, reason: "noActivities", valueShare };
  const hours = Float64Array.from(book.hours, (h) => (Number.isFinite(h) && h > 0 ? h : 0));
  let total = 0;
  let attended = 0;
  for (const h of hours) {
    total += h;
    if (h > 0) attended++;
  }
  if (total <= 0) return { measured: false, reason: "noHours", valueShare };
  const timeShare = Float64Array.from(hours, (h) => h / total);
  const labels = book.abcLabels;
  const index = new Map(labels.map((l, k) => [l, k]));
  const groups = Array.from({ length: labels.length + 1 }, () => ({ customers: 0, hours: 0, units: 0 }));
  for (let i = 0; i < n; i++) {
    const label = book.abc[i] ?? null;
    const g = groups[label === null ? labels.length : (index.get(label) ?? labels.length)];
    if (!g) continue;
    g.customers++;
    g.hours += hours[i] ?? 0;
    g.units += toUnits(book.value[i] ?? 0);
  }
  const rankedUnits = groups.slice(0, labels.length).reduce((s, g) => s + g.units, 0);
  const classes = groups.map((g, k): AttentionClass => {
    const ranked = k < labels.length;
    const ts = g.hours / total;
    const vs = ranked && rankedUnits > 0 ? g.units / rankedUnits : 0;
    return {
      label: ranked ? (labels[k] ?? null) : null,
      customers: g.customers,
      hours: g.hours,
      timeShare: ts,
      value: fromUnits(g.units),
      valueShare: vs,
      attentionIndex: vs > 0 ? ts / vs : null,
    };
  });
  return {
    measured: true,
    totalHours: total,
    attendedCustomers: attended,
    meanHours: total / attended,
    hours,
    timeShare,
    valueShare,
    classes,
  };
}

/**
 * VIP / regular / problem per customer:
 * - vip: in the first value class (A): "the clients giving the main income of the company";
 * - problem: in the last value class (C) or not ranked on value (minimum income), and taking much
 *   attention: hours > 0, time share ≥ attentionFactor × value share, and hours ≥ problemMinHoursRatio ×
 *   the mean hours of attended customers ("minimum income, maximum attention"; the second condition keeps a
 *   C customer with one call from being a problem, since time spreads far more evenly than value);
 * - regular: everyone else.
 * Prospects and suspects from the customer list that are not ranked on value are not profiled (null).
 * Without measured attention the rule is vip / regular from the value class alone.
 */
export function profileCustomers(book: CustomerBook, attention: Attention, s: ProfileSettings): Profiles {
  const labels = book.abcLabels;
  const top = labels[0];
  const bottom = labels[labels.length - 1];
  const counts: Record<Profile, number> = { vip: 0, regular: 0, problem: 0 };
  let notClients = 0;
  const profile = book.abc.map((label, i): Profile | null => {
    if (label === null && NOT_CLIENT.has(book.status[i] ?? "")) {
      notClients++;
      return null;
    }
    let p: Profile = "regular";
    if (label !== null && label === top) p = "vip";
    else if (attention.measured && (label === null || label === bottom)) {
      const hours = attention.hours[i] ?? 0;
      const ts = attention.timeShare[i] ?? 0;
      const much = hours >= s.problemMinHoursRatio * attention.meanHours;
      if (hours > 0 && much && ts >= s.attentionFactor * (attention.valueShare[i] ?? 0)) p = "problem";
    }
    counts[p]++;
    return p;
  });
  return { rule: attention.measured ? "valueAndAttention" : "valueOnly", profile, counts, notClients };
}
