import { customersToReach, type Ranking } from "./rank.js";

export interface ClientShare {
  index: number;
  share: number;
  value: number;
}

export interface Concentration {
  activeCustomers: number;
  totalValue: number;
  /** Smallest number of top customers that make at least 80% of value. */
  customersFor80: number;
  /** customersFor80 / activeCustomers. */
  customersFor80Share: number;
  /** Shares of value of the top 1, 5 and 10 customers. */
  top1Share: number;
  top5Share: number;
  top10Share: number;
  /** Share of value of the top 20% of customers (ceil). */
  top20PercentShare: number;
  /** Gini coefficient of value over active customers, 0 (equal) … 1 (one customer has all). */
  gini: number;
  /** Herfindahl–Hirschman index: sum of squared shares, 1/N … 1. */
  hhi: number;
  keyClients: ClientShare[];
  monopolyClients: ClientShare[];
}

/** Concentration of value over the ranked (active) customers. */
export function concentration(ranking: Ranking, keyShare: number, monopolyShare: number): Concentration {
  const n = ranking.order.length;
  const total = ranking.totalUnits;
  const topShare = (k: number): number => (n === 0 ? 0 : (ranking.cumUnits[Math.min(k, n) - 1] ?? 0) / total);
  // Gini from the ranked (descending) values: G = (n + 1 − 2·Σ cum_i / cum_n) / n over ascending order.
  let gini = 0;
  let hhi = 0;
  if (n > 0) {
    let sumCum = 0;
    let cum = 0;
    for (let r = n - 1; r >= 0; r--) {
      const u = ranking.units[ranking.order[r] ?? 0] ?? 0;
      cum += u;
      sumCum += cum;
      const s = u / total;
      hhi += s * s;
    }
    gini = (n + 1 - (2 * sumCum) / cum) / n;
  }
  const key: ClientShare[] = [];
  const monopoly: ClientShare[] = [];
  for (let r = 0; r < n; r++) {
    const i = ranking.order[r] ?? 0;
    const share = ranking.share[i] ?? 0;
    if (share < keyShare) break;
    const c = { index: i, share, value: (ranking.units[i] ?? 0) / 10_000 };
    key.push(c);
    if (share >= monopolyShare) monopoly.push(c);
  }
  const for80 = n === 0 ? 0 : customersToReach(ranking, 80);
  return {
    activeCustomers: n,
    totalValue: ranking.total,
    customersFor80: for80,
    customersFor80Share: n === 0 ? 0 : for80 / n,
    top1Share: topShare(1),
    top5Share: topShare(5),
    top10Share: topShare(10),
    top20PercentShare: topShare(Math.ceil((20 * n) / 100 - 1e-9)),
    gini,
    hhi,
    keyClients: key,
    monopolyClients: monopoly,
  };
}

/**
 * The Pareto (Lorenz) curve in rank order: points (share of customers, cumulative share of value),
 * starting at (0, 0), thinned to at most `maxPoints` while keeping the first customers exactly.
 */
export function paretoCurve(ranking: Ranking, maxPoints = 400): Array<[number, number]> {
  const n = ranking.order.length;
  const pts: Array<[number, number]> = [[0, 0]];
  if (n === 0) return pts;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  for (let r = 0; r < n; r++) {
    if (r < 20 || r % step === step - 1 || r === n - 1) {
      pts.push([(r + 1) / n, (ranking.cumUnits[r] ?? 0) / ranking.totalUnits]);
    }
  }
  return pts;
}
