import { priceUnits, unitsFromUsage } from './charge.js';
import { PricingError } from './errors.js';
import { discountRates } from './price-book.js';
import type { CostCard, CostOfUsage, GpuAllocation, GpuAllocationInput, GpuAllocationKey, GpuHourCostCard, UsageCounts } from './types.js';

const MS_PER_HOUR = 3_600_000n;
const SECONDS_PER_HOUR = 3_600n;

/**
 * What serving one request cost the operator. Per-token upstreams: list rates less the discount,
 * exact, then each line rounded UP once, so cost is never understated. GPU-hour upstreams cost the
 * same whatever one request does; their cost is allocated per hour by allocateGpuHour, so here it is
 * deferred (zero now, not "free").
 */
export function costOfUsage(card: CostCard, usage: UsageCounts, model?: string): CostOfUsage {
  if (card.kind === 'gpu_hour') return { allocation: 'deferred', currency: card.currency, costNanos: 0n };
  const priced = priceUnits(discountRates(card.rates, card.discountBps), unitsFromUsage(usage), 'ceil', model);
  return { allocation: 'direct', currency: card.currency, costNanos: priced.totalNanos, lines: priced.lines };
}

/** What the whole deployment costs for one hour: every GPU at the hourly price. */
export function gpuHourCostNanos(card: GpuHourCostCard): bigint {
  assertValidGpuCard(card);
  return card.hourlyNanos * BigInt(card.gpuCount);
}

/** An hour's capacity in the allocation key's unit: tokens the deployment can serve, or GPU-milliseconds. */
export function gpuHourCapacity(card: GpuHourCostCard, key: GpuAllocationKey): bigint {
  assertValidGpuCard(card);
  return key === 'tokens' ? BigInt(card.capacityTokensPerSecond) * SECONDS_PER_HOUR : MS_PER_HOUR * BigInt(card.gpuCount);
}

/**
 * Shares an hour's cost among its requests pro rata to tokens or busy time, and reports the share of
 * capacity nobody used as idleNanos, so utilisation is visible in money.
 *
 * Largest-remainder method: every participant (each request, then idle) first gets
 * ⌊hourCost·weight / capacity⌋; the few nanos left over (fewer than the participants) go one each to
 * the largest remainders, ties to the earlier participant. So parts + idle == hourCost exactly, every
 * part is within one nano of its exact share, and a request that used nothing pays nothing. When the
 * requests used more than the declared capacity, the capacity was understated: the hour is shared over
 * what they used and idle is zero.
 */
export function allocateGpuHour(input: GpuAllocationInput): GpuAllocation {
  const { hourCostNanos, capacity, requests, key } = input;
  assertNonNegative(hourCostNanos, 'hourCostNanos');
  assertNonNegative(capacity, 'capacity');
  const weights = requests.map((request) => (key === 'tokens' ? request.tokens : request.busyMs));
  weights.forEach((weight, i) => assertNonNegative(weight, `${key} of request ${requests[i]!.id}`));
  const usedUnits = weights.reduce((sum, weight) => sum + weight, 0n);
  const capacityUnits = usedUnits > capacity ? usedUnits : capacity;
  if (capacityUnits === 0n) {
    return { parts: requests.map(({ id }) => ({ id, costNanos: 0n })), idleNanos: hourCostNanos, usedUnits, capacityUnits };
  }
  const shares = largestRemainder(hourCostNanos, [...weights, capacityUnits - usedUnits], capacityUnits);
  return {
    parts: requests.map(({ id }, i) => ({ id, costNanos: shares[i]! })),
    idleNanos: shares[requests.length]!,
    usedUnits,
    capacityUnits,
  };
}

/** Splits `total` in proportion to weights summing to `denominator`; the parts sum to `total` exactly. */
function largestRemainder(total: bigint, weights: bigint[], denominator: bigint): bigint[] {
  const shares = weights.map((weight) => (total * weight) / denominator);
  const remainders = weights.map((weight) => (total * weight) % denominator);
  let left = total - shares.reduce((sum, share) => sum + share, 0n);
  const order = weights.map((_, i) => i).sort((a, b) => compareDescending(remainders[a]!, remainders[b]!) || a - b);
  for (const i of order) {
    if (left === 0n) break;
    shares[i]! += 1n;
    left -= 1n;
  }
  return shares;
}

function compareDescending(a: bigint, b: bigint): number {
  return a > b ? -1 : a < b ? 1 : 0;
}

function assertNonNegative(value: bigint, what: string): void {
  if (typeof value !== 'bigint' || value < 0n) {
    throw new PricingError('invalid_allocation', `${what} must be a non-negative bigint, got ${String(value)}.`);
  }
}

function assertValidGpuCard(card: GpuHourCostCard): void {
  const valid =
    card.hourlyNanos >= 0n &&
    Number.isSafeInteger(card.gpuCount) && card.gpuCount > 0 &&
    Number.isSafeInteger(card.capacityTokensPerSecond) && card.capacityTokensPerSecond >= 0;
  if (!valid) {
    throw new PricingError('invalid_cost_card', 'A GPU-hour cost card needs hourlyNanos ≥ 0, a positive whole gpuCount and a whole capacityTokensPerSecond ≥ 0.');
  }
}
