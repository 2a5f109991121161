import { toBigInt } from '../../core/money.js';
import type { ProfitAmounts } from './types.js';

/** A driver's integer (bigint on SQLite, numeric text for PostgreSQL sums) as a bigint. */
export function big(value: unknown): bigint {
  return toBigInt(value as bigint | number | string | null | undefined);
}

export function count(value: unknown): number {
  return Number(big(value));
}

/** part / whole in percent, rounded half away from zero to two decimals; null when whole is 0. */
export function percentOf(part: bigint, whole: bigint): number | null {
  if (whole === 0n) return null;
  const scaled = part * 10_000n;
  const negative = scaled < 0n !== whole < 0n;
  const [a, b] = [scaled < 0n ? -scaled : scaled, whole < 0n ? -whole : whole];
  const hundredths = (a * 2n + b) / (b * 2n);
  return Number(negative ? -hundredths : hundredths) / 100;
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
