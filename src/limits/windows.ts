import type { LimitWindow } from './types.js';

/**
 * Window and bucket arithmetic shared by every limiter, so that memory and Redis agree to the
 * millisecond. Pure: time always comes in as `nowMs`.
 */

export const DEFAULT_BUCKETS_PER_WINDOW = 60;
/** A refused concurrency slot is worth retrying soon: settles free slots long before leases expire. */
export const CONCURRENCY_RETRY_CAP_MS = 1000;

/** One bucket of a window: the amounts charged from `startMs` until the next bucket starts. */
export interface Bucket {
  startMs: number;
  amount: bigint;
}

/** Where `nowMs` falls in a window. */
export interface WindowSpan {
  /** The bucket an amount charged now is recorded in. */
  bucketStartMs: number;
  /** When that bucket stops counting. */
  countsUntilMs: number;
  /** Buckets starting at or after this count now; older ones can be dropped. */
  countedFromMs: number;
  /** The window's length (for a calendar window, the current period's own length). */
  windowMs: number;
}

export function bucketWidthMs(windowMs: number, bucketsPerWindow: number): number {
  return Math.max(1, Math.floor(windowMs / bucketsPerWindow));
}

export function spanAt(window: LimitWindow, nowMs: number, bucketsPerWindow: number): WindowSpan {
  if (window.kind === 'rolling') {
    const bucketStartMs = floorToMultiple(nowMs, bucketWidthMs(window.ms, bucketsPerWindow));
    // A bucket counts while its start is after now − window, i.e. at or after now − window + 1.
    return { bucketStartMs, countsUntilMs: bucketStartMs + window.ms, countedFromMs: nowMs - window.ms + 1, windowMs: window.ms };
  }
  const period = calendarPeriod(window.unit, window.utcOffsetMinutes, nowMs);
  return { bucketStartMs: period.startMs, countsUntilMs: period.endMs, countedFromMs: period.startMs, windowMs: period.endMs - period.startMs };
}

/** The day or month containing `nowMs` on a clock `utcOffsetMinutes` ahead of UTC. */
export function calendarPeriod(unit: 'day' | 'month', utcOffsetMinutes: number, nowMs: number): { startMs: number; endMs: number } {
  const offsetMs = utcOffsetMinutes * 60_000;
  const local = new Date(nowMs + offsetMs);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth();
  const day = local.getUTCDate();
  const [startLocalMs, endLocalMs] = unit === 'day' ? [Date.UTC(year, month, day), Date.UTC(year, month, day + 1)] : [Date.UTC(year, month, 1), Date.UTC(year, month + 1, 1)];
  return { startMs: startLocalMs - offsetMs, endMs: endLocalMs - offsetMs };
}

/** The buckets that count at the span's time, oldest first. */
export function countedBuckets(buckets: Iterable<Bucket>, span: WindowSpan): Bucket[] {
  const counted: Bucket[] = [];
  for (const bucket of buckets) if (bucket.startMs >= span.countedFromMs) counted.push(bucket);
  return counted.sort((a, b) => a.startMs - b.startMs);
}

export function sumAmounts(buckets: readonly Bucket[]): bigint {
  let total = 0n;
  for (const bucket of buckets) total += bucket.amount;
  return total;
}

/** Whether `amount` fits on top of `usage`; an amount of 0 always fits, even when over the limit. */
export function fits(usage: bigint, amount: bigint, limit: bigint): boolean {
  return amount === 0n || usage + amount <= limit;
}

export function remainingOf(limit: bigint, usage: bigint): bigint {
  return usage >= limit ? 0n : limit - usage;
}

/**
 * How long until `amount` fits. Rolling: until enough of the oldest buckets have left the window.
 * Calendar: until the next period. An amount larger than the limit never fits: one window length.
 */
export function windowRetryAfterMs(window: LimitWindow, span: WindowSpan, counted: readonly Bucket[], amount: bigint, limit: bigint, nowMs: number): number {
  if (amount > limit) return span.windowMs;
  if (window.kind === 'calendar') return span.countsUntilMs - nowMs;
  let usage = sumAmounts(counted);
  for (const bucket of counted) {
    usage -= bucket.amount;
    if (usage + amount <= limit) return bucket.startMs + window.ms - nowMs;
  }
  return span.windowMs;
}

/** Until the earliest live lease expires, capped; with none live (limit 0) just the cap. */
export function slotRetryAfterMs(earliestExpiryMs: number | null, nowMs: number): number {
  if (earliestExpiryMs === null) return CONCURRENCY_RETRY_CAP_MS;
  return Math.min(CONCURRENCY_RETRY_CAP_MS, Math.max(0, earliestExpiryMs - nowMs));
}

/** Until everything counted now has left the window (0 when nothing counts). */
export function windowResetMs(window: LimitWindow, span: WindowSpan, counted: readonly Bucket[], nowMs: number): number {
  const used = counted.filter((bucket) => bucket.amount > 0n);
  const newest = used[used.length - 1];
  if (!newest) return 0;
  return window.kind === 'rolling' ? newest.startMs + window.ms - nowMs : span.countsUntilMs - nowMs;
}

/** Until the last live lease expires (0 when none is live); settles usually free slots sooner. */
export function slotResetMs(latestExpiryMs: number | null, nowMs: number): number {
  return latestExpiryMs === null ? 0 : Math.max(0, latestExpiryMs - nowMs);
}

function floorToMultiple(value: number, step: number): number {
  return value - (((value % step) + step) % step);
}
