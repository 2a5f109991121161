import { toBigInt } from '../../core/money.js';
import type { ProfitAmounts } from './types.js';

/** A driver's integer (bigint on SQLite, numeric text for PostgreSQL sums) as a bigint. */
export function big(value: unknown): bigint {
  return toBigInt(value as bigint | number | string | null | undefined);
}

export function count(value: unknown): number {
  return Number(big(value));
}

export function revenueOf(a: ProfitAmounts): bigint {
  return a.usageRevenueNanos + a.subscriptionRevenueNanos;
}

export function costOf(a: ProfitAmounts): bigint {
  return a.tokenCostNanos + a.gpuCostNanos + a.idleGpuNanos;
}

/** Splits `items` into arrays of at most `size`, for IN lists that stay under every driver's parameter limit. */
export function chunks<T>(items: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
