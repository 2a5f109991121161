import { type RawBuilder, sql } from 'kysely';
import { DAY_MS, isMonth, monthEndMs, monthOf, monthStartMs, shiftMonth } from '../finance/calendar.js';
import type { ProfitPeriod } from './types.js';

const WEEK_MS = 7 * DAY_MS;
/** 1970-01-01 was a Thursday: shifting by three days puts Mondays on multiples of a week. */
const MONDAY_SHIFT_MS = 3 * DAY_MS;

export type Bucket = Exclude<ProfitPeriod, 'all'>;

/**
 * The SQL start of an epoch-ms column's UTC day or Monday week (integer division on both
 * dialects). Months vary in length, so they are grouped by day and folded here.
 */
export function bucketSql(period: ProfitPeriod, column: 'hour_ms' | 'p.hour_ms'): RawBuilder<bigint> | null {
  if (period === 'all') return null;
  const at = sql.raw(column);
  if (period === 'week') return sql<bigint>`((${at} + ${sql.lit(MONDAY_SHIFT_MS)}) / ${sql.lit(WEEK_MS)}) * ${sql.lit(WEEK_MS)} - ${sql.lit(MONDAY_SHIFT_MS)}`;
  return sql<bigint>`(${at} / ${sql.lit(DAY_MS)}) * ${sql.lit(DAY_MS)}`;
}

export function startOf(ms: number, bucket: Bucket): number {
  if (bucket === 'day') return Math.floor(ms / DAY_MS) * DAY_MS;
  if (bucket === 'week') return Math.floor((ms + MONDAY_SHIFT_MS) / WEEK_MS) * WEEK_MS - MONDAY_SHIFT_MS;
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

export function nextStart(ms: number, bucket: Bucket): number {
  if (bucket !== 'month') return startOf(ms, bucket) + (bucket === 'day' ? DAY_MS : WEEK_MS);
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** "2026-03-05", the ISO week "2026-W10", or "2026-03". */
export function labelOf(startMs: number, bucket: Bucket): string {
  const iso = new Date(startMs).toISOString();
  if (bucket === 'day') return iso.slice(0, 10);
  if (bucket === 'month') return iso.slice(0, 7);
  const thursday = new Date(startMs + MONDAY_SHIFT_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** The UTC month "YYYY-MM" as [startMs, endMs), or null for anything else. */
export function monthRange(month: string): { fromMs: number; toMs: number } | null {
  return isMonth(month) ? { fromMs: monthStartMs(month), toMs: monthEndMs(month) } : null;
}

/** The last whole UTC month before `nowMs`. */
export function lastMonth(nowMs: number): { fromMs: number; toMs: number } {
  return monthRange(shiftMonth(monthOf(nowMs), -1))!;
}
