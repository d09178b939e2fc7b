/**
 * The trend over rolling windows (`strata trend`): where each window ends, and the figures of one window as a
 * point of the trend. Pure: the windows are classified elsewhere, in one pass over the file.
 */
import type { Analysis } from "./analyze.js";
import { addMonths } from "./dates.js";
import { describeWindow, type Horizon, type Measure, type Window, windowFor } from "./policy.js";

/** One rolling window of the trend: its days, how many customers bought, their value and its concentration. */
export interface TrendPoint {
  firstDay: string;
  lastDay: string;
  activeCustomers: number;
  /** Value (revenue or margin, currency) of the active customers. */
  totalValue: number;
  customersFor80: number;
  /** customersFor80 / activeCustomers, 0…1. */
  customersFor80Share: number;
  /** Gini coefficient, 0 (equal) … 1 (one customer has all). */
  gini: number;
  /** Per ABC class, best first: customers and value (currency). */
  classes: Array<{ label: string; customers: number; value: number }>;
}

/** The trend as trend.json holds it: the measure and the points, oldest window first. */
export interface Trend {
  measure: Measure;
  points: TrendPoint[];
}

/**
 * The windows of a trend before the main one, oldest first: `count − 1` windows of length `horizon` ending
 * every `stepMonths` months before the main window's as-of day (the main window is the last point).
 */
export function trendWindows(main: Window, horizon: Horizon, count: number, stepMonths: number): Window[] {
  return Array.from({ length: Math.max(0, count - 1) }, (_, k) =>
    windowFor(addMonths(main.asOf, -stepMonths * (count - 1 - k)), horizon),
  );
}

/** One window's analysis as a point of the trend. */
export function trendPoint(window: Window, analysis: Analysis): TrendPoint {
  const w = describeWindow(window);
  const c = analysis.concentration;
  return {
    firstDay: w.firstDay,
    lastDay: w.lastDay,
    activeCustomers: c.activeCustomers,
    totalValue: c.totalValue,
    customersFor80: c.customersFor80,
    customersFor80Share: c.customersFor80Share,
    gini: c.gini,
    classes: analysis.abc.classes.map((k) => ({ label: k.label, customers: k.customers, value: k.value })),
  };
}

/** The points of a trend, in the order of the windows given (oldest first). */
export function trendPoints(windows: ReadonlyArray<{ window: Window; analysis: Analysis }>): TrendPoint[] {
  return windows.map(({ window, analysis }) => trendPoint(window, analysis));
}
