/**
 * Billing periods. A monthly period starting on the 31st ends on the last day of a shorter month
 * and the next one goes back to the 31st where it exists: periods are computed from the
 * subscription's anchor, not chained, so they never drift.
 */
export type Interval = 'month' | 'year';

/** The moment `count` intervals after `anchorMs`, keeping the anchor's day of month when it exists. */
export function addIntervals(anchorMs: number, interval: Interval, count: number): number {
  const anchor = new Date(anchorMs);
  const months = interval === 'month' ? count : count * 12;
  const targetMonth = anchor.getUTCMonth() + months;
  const year = anchor.getUTCFullYear() + Math.floor(targetMonth / 12);
  const month = ((targetMonth % 12) + 12) % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const day = Math.min(anchor.getUTCDate(), lastDay);
  return Date.UTC(year, month, day, anchor.getUTCHours(), anchor.getUTCMinutes(), anchor.getUTCSeconds(), anchor.getUTCMilliseconds());
}

/** The period containing `atMs` for a subscription anchored at `anchorMs`: [start, end). */
export function periodAt(anchorMs: number, interval: Interval, atMs: number): { startMs: number; endMs: number; index: number } {
  let index = Math.max(0, Math.floor((atMs - anchorMs) / (interval === 'month' ? 31 : 366) / 86_400_000) - 1);
  while (addIntervals(anchorMs, interval, index + 1) <= atMs) index++;
  return { startMs: addIntervals(anchorMs, interval, index), endMs: addIntervals(anchorMs, interval, index + 1), index };
}

/**
 * A fee's share for the part of a period from `fromMs` to its end, in nanos: credits round down
 * (the customer is never credited more than the unused time) and charges round up only by the
 * nano, so proration never creates or loses more than one nano per line.
 */
export function prorate(feeNanos: bigint, periodStartMs: number, periodEndMs: number, fromMs: number, rounding: 'floor' | 'ceil'): bigint {
  const total = BigInt(periodEndMs - periodStartMs);
  const remaining = BigInt(Math.max(0, periodEndMs - Math.max(fromMs, periodStartMs)));
  const product = feeNanos * remaining;
  return rounding === 'floor' ? product / total : (product + total - 1n) / total;
}
