/**
 * `--by COLUMN`: the ABC classification run within each group of customers (region, sector, account
 * manager …), as a store or a region manager would rank their own customers. Each group is ranked on its
 * own value alone, with the analysis's thresholds; the overall class stays beside it.
 */
import type { GroupAnalysis, Groups } from "./beyond.js";
import { classifyAbc, NOT_RANKED } from "./classify-abc.js";
import { compareIds } from "./compare-ids.js";
import { rankCustomers } from "./rank.js";

export interface GroupInput {
  column: string;
  ids: readonly string[];
  name: readonly (string | null)[];
  /** The ranking value per customer. */
  value: Float64Array;
  /** Overall ABC class per customer (null when not ranked). */
  abc: readonly (string | null)[];
  /** The column's value per customer (null: none). */
  group: readonly (string | null)[];
  thresholds: readonly number[];
}

const TOP = 5;

/** Classes within each group; groups by positive value, largest first, the group without a value last. */
export function groupAnalysis(input: GroupInput): Groups {
  const n = input.ids.length;
  const members = new Map<string | null, number[]>();
  for (let i = 0; i < n; i++) {
    const g = input.group[i] ?? null;
    let list = members.get(g);
    if (!list) {
      list = [];
      members.set(g, list);
    }
    list.push(i);
  }
  const groupAbc: (string | null)[] = new Array(n).fill(null);
  const groupRank = new Int32Array(n);
  const groupShare = new Float64Array(n).fill(Number.NaN);
  const groups: GroupAnalysis[] = [];
  let allPositive = 0;
  for (const [group, idx] of members) {
    const ids = idx.map((i) => input.ids[i] ?? "");
    const values = Float64Array.from(idx, (i) => input.value[i] ?? Number.NaN);
    const ranking = rankCustomers(values, ids);
    const abc = classifyAbc(ranking, input.thresholds);
    idx.forEach((i, k) => {
      const c = abc.classOf[k] ?? NOT_RANKED;
      groupAbc[i] = c === NOT_RANKED ? null : (abc.labels[c] ?? null);
      groupRank[i] = ranking.rankOf[k] ?? 0;
      if ((ranking.rankOf[k] ?? 0) > 0) groupShare[i] = ranking.share[k] ?? 0;
    });
    allPositive += ranking.totalUnits;
    groups.push({
      group,
      customers: idx.length,
      ranked: ranking.order.length,
      value: ranking.total,
      valueShare: ranking.totalUnits,
      classes: abc.classes,
      top: Array.from(ranking.order.subarray(0, TOP), (k) => ({
        customerId: ids[k] ?? "",
        name: input.name[idx[k] ?? 0] ?? null,
        value: values[k] ?? 0,
        share: ranking.share[k] ?? 0,
      })),
    });
  }
  for (const g of groups) g.valueShare = allPositive > 0 ? g.valueShare / allPositive : 0;
  groups.sort(
    (a, b) =>
      Number(a.group === null) - Number(b.group === null) ||
      b.value - a.value ||
      compareIds(a.group ?? "", b.group ?? ""),
  );
  let differ = 0;
  for (let i = 0; i < n; i++) if ((groupAbc[i] ?? null) !== (input.abc[i] ?? null)) differ++;
  return {
    column: input.column,
    groups,
    group: Array.from({ length: n }, (_, i) => input.group[i] ?? null),
    groupAbc,
    groupRank,
    groupShare,
    differ,
  };
}
