import { type AbcResult, classifyAbc } from "./classify-abc.js";
import { type Concentration, concentration, paretoCurve } from "./concentration.js";
import { addMonths } from "./dates.js";
import type { CustomerFacts, CustomerFigures } from "./figures.js";
import type { Measure, Policy, Window } from "./policy.js";
import { assignPyramid, NO_LAYER, PYRAMID_LAYERS, type PyramidLayer } from "./pyramid.js";
import { type Ranking, rankCustomers } from "./rank.js";

export interface LayerTotals {
  layer: PyramidLayer;
  customers: number;
  /** Share of all customers in the pyramid table, 0…1. */
  customersShare: number;
  /** Share of active customers (value > 0); null for the layers below them. */
  customersShareOfActive: number | null;
  value: number;
  /** Share of total active value, 0…1. */
  valueShare: number;
}

/** Everything core derives from per-customer figures for one window and one policy. */
export interface Analysis {
  measure: Measure;
  /** The ranking value per customer (revenue or margin). */
  value: Float64Array;
  ranking: Ranking;
  abc: AbcResult;
  /** Index into PYRAMID_LAYERS per customer, NO_LAYER when none. */
  layerOf: Uint8Array;
  pyramid: LayerTotals[];
  concentration: Concentration;
  /** Customers who bought in the window with net value ≤ 0, worst first. */
  nonPositive: Int32Array;
  curve: Array<[number, number]>;
}

/** The measure to use when the user did not choose: margin when cost or margin is known. */
export function defaultMeasure(hasCost: boolean): Measure {
  return hasCost ? "margin" : "revenue";
}

/** Classifies customers: ranking, ABC, pyramid, concentration. Pure. */
export function analyzeCustomers(
  figures: CustomerFigures,
  measure: Measure,
  policy: Policy,
  window: Window,
  facts?: CustomerFacts,
  /** The values to rank by when the measure is `predicted` (one per customer of the figures). */
  predicted?: Float64Array,
): Analysis {
  const value =
    measure === "predicted" && predicted !== undefined
      ? predicted
      : measure === "margin"
        ? figures.margin
        : figures.revenue;
  const ranking = rankCustomers(value, figures.ids);
  const abc = classifyAbc(ranking, policy.abcThresholds);
  const inactiveSince =
    policy.inactiveLookbackMonths === undefined
      ? undefined
      : addMonths(window.after, -policy.inactiveLookbackMonths);
  const layerOf = assignPyramid({
    ranking,
    cuts: policy.pyramidCuts,
    lines: figures.lines,
    lastDayBefore: figures.lastDayBefore,
    inactiveSince,
    status: facts?.status,
  });
  const nonPositive: number[] = [];
  const layerIdx = PYRAMID_LAYERS.indexOf("NonPositive");
  for (let i = 0; i < layerOf.length; i++) if (layerOf[i] === layerIdx) nonPositive.push(i);
  nonPositive.sort((a, b) => (value[a] ?? 0) - (value[b] ?? 0));
  return {
    measure,
    value,
    ranking,
    abc,
    layerOf,
    pyramid: pyramidTotals(layerOf, ranking, value),
    concentration: concentration(ranking, policy.keyClientShare, policy.monopolyClientShare),
    nonPositive: Int32Array.from(nonPositive),
    curve: paretoCurve(ranking),
  };
}

function pyramidTotals(layerOf: Uint8Array, ranking: Ranking, value: Float64Array): LayerTotals[] {
  const counts = new Array<number>(PYRAMID_LAYERS.length).fill(0);
  const units = new Array<number>(PYRAMID_LAYERS.length).fill(0);
  let all = 0;
  for (let i = 0; i < layerOf.length; i++) {
    const l = layerOf[i] ?? NO_LAYER;
    if (l === NO_LAYER) continue;
    all++;
    counts[l] = (counts[l] ?? 0) + 1;
    units[l] = (units[l] ?? 0) + Math.round((value[i] ?? 0) * 10_000 || 0);
  }
  const active = ranking.order.length;
  return PYRAMID_LAYERS.map((layer, k) => ({
    layer,
    customers: counts[k] ?? 0,
    customersShare: all === 0 ? 0 : (counts[k] ?? 0) / all,
    customersShareOfActive: k < 4 ? (active === 0 ? 0 : (counts[k] ?? 0) / active) : null,
    value: (units[k] ?? 0) / 10_000,
    valueShare: ranking.totalUnits === 0 || k >= 4 ? 0 : (units[k] ?? 0) / ranking.totalUnits,
  }));
}
