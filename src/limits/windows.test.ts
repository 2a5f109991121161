import { describe, expect, it } from 'vitest';
import { bucketWidthMs, calendarPeriod, countedBuckets, slotRetryAfterMs, spanAt, windowResetMs, windowRetryAfterMs } from './windows.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

describe('calendar periods', () => {
  it('finds the local day on clocks ahead of and behind UTC', () => {
    const nowMs = Date.UTC(2025, 0, 1, 2, 0); // 02:00 UTC on New Year's Day
    expect(calendarPeriod('day', 0, nowMs)).toEqual({ startMs: Date.UTC(2025, 0, 1), endMs: Date.UTC(2025, 0, 2) });
    // 11:00 on 1 January at UTC+9, whose day began at 15:00 UTC the day before.
    expect(calendarPeriod('day', 540, nowMs)).toEqual({ startMs: Date.UTC(2024, 11, 31, 15), endMs: Date.UTC(2025, 0, 1, 15) });
    // Still 31 December at UTC−5.
    expect(calendarPeriod('day', -300, nowMs)).toEqual({ startMs: Date.UTC(2024, 11, 31, 5), endMs: Date.UTC(2025, 0, 1, 5) });
  });

  it('finds months of every length, across the year boundary and in leap years', () => {
    expect(calendarPeriod('month', 0, Date.UTC(2024, 1, 29, 23))).toEqual({ startMs: Date.UTC(2024, 1, 1), endMs: Date.UTC(2024, 2, 1) });
    expect(calendarPeriod('month', 0, Date.UTC(2025, 11, 31, 23, 59))).toEqual({ startMs: Date.UTC(2025, 11, 1), endMs: Date.UTC(2026, 0, 1) });
    // 00:30 on 1 March at UTC+1 is already March there.
    expect(calendarPeriod('month', 60, Date.UTC(2025, 1, 28, 23, 30))).toEqual({ startMs: Date.UTC(2025, 1, 28, 23), endMs: Date.UTC(2025, 2, 31, 23) });
  });

  it('treats the boundary instant as the start of the new period', () => {
    const midnightMs = Date.UTC(2025, 5, 1);
    expect(spanAt({ kind: 'calendar', unit: 'day', utcOffsetMinutes: 0 }, midnightMs, 60)).toEqual({ bucketStartMs: midnightMs, countsUntilMs: midnightMs + DAY_MS, countedFromMs: midnightMs, windowMs: DAY_MS });
    expect(spanAt({ kind: 'calendar', unit: 'day', utcOffsetMinutes: 0 }, midnightMs - 1, 60).countsUntilMs).toBe(midnightMs);
  });
});

describe('rolling windows', () => {
  it('divides the window into buckets of whole milliseconds', () => {
    expect(bucketWidthMs(60_000, 60)).toBe(1000);
    expect(bucketWidthMs(100, 60)).toBe(1);
    expect(bucketWidthMs(10, 60)).toBe(1);
    expect(spanAt({ kind: 'rolling', ms: 60_000 }, 125_999, 60)).toEqual({ bucketStartMs: 125_000, countsUntilMs: 185_000, countedFromMs: 66_000, windowMs: 60_000 });
  });

  it('counts buckets that start after now − window, oldest first', () => {
    const span = spanAt({ kind: 'rolling', ms: 60_000 }, 120_000, 60);
    const buckets = [
      { startMs: 61_000, amount: 3n },
      { startMs: 60_000, amount: 5n },
      { startMs: 119_000, amount: 7n },
    ];
    expect(countedBuckets(buckets, span)).toEqual([
      { startMs: 61_000, amount: 3n },
      { startMs: 119_000, amount: 7n },
    ]);
  });

  it('retries when enough of the oldest buckets have left', () => {
    const window = { kind: 'rolling', ms: 60_000 } as const;
    const nowMs = 100_000;
    const span = spanAt(window, nowMs, 60);
    const counted = [
      { startMs: 50_000, amount: 4n },
      { startMs: 70_000, amount: 4n },
      { startMs: 90_000, amount: 2n },
    ];
    expect(windowRetryAfterMs(window, span, counted, 1n, 10n, nowMs)).toBe(10_000);
    expect(windowRetryAfterMs(window, span, counted, 5n, 10n, nowMs)).toBe(30_000);
    expect(windowRetryAfterMs(window, span, counted, 9n, 10n, nowMs)).toBe(50_000);
    expect(windowRetryAfterMs(window, span, counted, 11n, 10n, nowMs)).toBe(60_000);
    expect(windowResetMs(window, span, counted, nowMs)).toBe(50_000);
  });
});

describe('concurrency', () => {
  it('retries when the earliest lease expires, at most a second from now', () => {
    expect(slotRetryAfterMs(1_250, 1_000)).toBe(250);
    expect(slotRetryAfterMs(60_000, 1_000)).toBe(1000);
    expect(slotRetryAfterMs(null, 1_000)).toBe(1000);
  });
});
