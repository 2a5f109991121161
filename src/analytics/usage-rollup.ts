import { type RawBuilder, sql } from 'kysely';
import { DAY_MS } from './finance/calendar.js';

const columns = [
  'customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency',
  'requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum',
].join(', ');

/** A part of a range read from one rollup table: rows whose period starts in [fromMs, toMs). */
export interface RollupSegment {
  table: 'usage_daily' | 'usage_hourly';
  /** The table's period column (the first of its primary key). */
  startColumn: 'day_ms' | 'hour_ms';
  fromMs: number;
  toMs: number;
}

/**
 * Where the rows of [fromMs, toMs) are: the whole UTC days inside the range in `usage_daily`, the
 * hours at either edge in `usage_hourly` (a month is ~31 rows per key instead of ~744). Hours
 * that start in the range count, as with the hourly rollup alone. Both tables are written by the
 * same transaction, so the parts never disagree (`tollgate verify` checks it).
 */
export function rollupSegments(fromMs: number, toMs: number): RollupSegment[] {
  const firstDayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const endDayMs = Math.floor(toMs / DAY_MS) * DAY_MS;
  if (firstDayMs >= endDayMs) return [{ table: 'usage_hourly', startColumn: 'hour_ms', fromMs, toMs }];
  return [
    ...(fromMs < firstDayMs ? [{ table: 'usage_hourly' as const, startColumn: 'hour_ms' as const, fromMs, toMs: firstDayMs }] : []),
    { table: 'usage_daily', startColumn: 'day_ms', fromMs: firstDayMs, toMs: endDayMs },
    ...(endDayMs < toMs ? [{ table: 'usage_hourly' as const, startColumn: 'hour_ms' as const, fromMs: endDayMs, toMs }] : []),
  ];
}

/**
 * The usage rollup of [fromMs, toMs) as one derived table with the hourly rollup's columns, built
 * from `rollupSegments`; it holds only the range's rows, so callers need no range filter of their
 * own. Its `hour_ms` is the start of each row's period, a day or an hour, so group it only into
 * days or longer.
 */
export function usageRollup(fromMs: number, toMs: number, alias = 'r'): RawBuilder<unknown> {
  const parts = rollupSegments(fromMs, toMs).map(
    (s) => sql`select ${sql.raw(s.startColumn)} as hour_ms, ${sql.raw(columns)} from ${sql.raw(s.table)} where ${segmentRange(s)}`,
  );
  return sql`(${sql.join(parts, sql` union all `)}) ${sql.raw(alias)}`;
}

/** The segment's rows, by the leading column of the table's primary key. */
export function segmentRange(s: RollupSegment): RawBuilder<unknown> {
  const column = sql.raw(s.startColumn);
  return sql`${column} >= ${BigInt(s.fromMs)} and ${column} < ${BigInt(s.toMs)}`;
}
