import type { Currency } from '../../core/money.js';

export const profitDimensions = ['customer', 'key', 'model', 'plan', 'upstream'] as const;
export type ProfitDimension = (typeof profitDimensions)[number];

export const profitPeriods = ['all', 'day', 'week', 'month'] as const;
/** UTC calendar buckets; weeks start on Monday. */
export type ProfitPeriod = (typeof profitPeriods)[number];

export const profitSorts = ['margin', 'revenue', 'cost', 'key'] as const;
/** margin: ascending (biggest losers first); revenue and cost: descending; key: ascending. */
export type ProfitSort = (typeof profitSorts)[number];

export interface ProfitQuery {
  /** One dimension, or several for their cross product (customer × model). */
  groupBy: readonly ProfitDimension[];
  period: ProfitPeriod;
  /** Hours that start in [fromMs, toMs): the rollup is hourly. */
  fromMs: number;
  toMs: number;
  currency: Currency;
  sort?: ProfitSort;
  /** Rows returned at most (after sorting); totals always cover every row. */
  limit?: number;
}

/** Money of one group in one currency. Revenue here is recognised revenue only. */
export interface ProfitAmounts {
  /** Usage charged less the part paid with granted credit. */
  usageRevenueNanos: bigint;
  /** Plan fees earned in the range, where the grouping can carry them (customer, plan). */
  subscriptionRevenueNanos: bigint;
  /** Usage paid with granted credit: reported beside revenue, never in it. */
  promotionalNanos: bigint;
  /** Usage value a plan's allowance covered: reported beside revenue, never in it. */
  includedNanos: bigint;
  /** What per-token upstreams cost. */
  tokenCostNanos: bigint;
  /** GPU hours allocated to this usage. */
  gpuCostNanos: bigint;
  /** GPU hours nobody used: only on upstream rows (and in totals). */
  idleGpuNanos: bigint;
}

export interface ProfitRow extends ProfitAmounts {
  /** The group's id per dimension (a model's id is its name; '' for none). */
  keys: Partial<Record<ProfitDimension, string>>;
  /** The ids joined with " / ", in the order of groupBy. */
  key: string;
  /** The names joined with " / ". */
  name: string;
  /** "2026-03-05", "2026-W10" or "2026-03"; null when the period is 'all'. */
  period: string | null;
  periodStartMs: number | null;
  requests: bigint;
  failedRequests: bigint;
  tokens: bigint;
  revenueNanos: bigint;
  costNanos: bigint;
  marginNanos: bigint;
  /** margin / revenue in percent with two decimals; null when revenue is 0. */
  marginPct: number | null;
}

export interface ProfitTotalsRow extends Omit<ProfitRow, 'keys' | 'key' | 'name' | 'period' | 'periodStartMs'> {
  /** Revenue of the range that no row carries (plan fees unless grouping by customer or plan alone or together). */
  unattributedRevenueNanos: bigint;
  /** Cost of the range that no row carries (idle GPU hours unless grouping by upstream alone). */
  unattributedCostNanos: bigint;
}

export interface DailyProfit {
  day: string;
  revenueNanos: bigint;
  costNanos: bigint;
}

export interface ProfitReport {
  currency: Currency;
  groupBy: ProfitDimension[];
  period: ProfitPeriod;
  fromMs: number;
  toMs: number;
  rows: ProfitRow[];
  /** Rows before `limit`. */
  rowCount: number;
  totals: ProfitTotalsRow;
  daily: DailyProfit[];
}

/** "customer,model" → the dimensions in order, without repeats; null when one is unknown or none is given. */
export function parseDimensions(text: string): ProfitDimension[] | null {
  const parts = text.split(',').map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0 || parts.some((p) => !(profitDimensions as readonly string[]).includes(p))) return null;
  return [...new Set(parts as ProfitDimension[])];
}
