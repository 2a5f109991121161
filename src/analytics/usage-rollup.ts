import { type RawBuilder, sql } from 'kysely';
import { DAY_MS } from './finance/calendar.js';

const columns = [
  'customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency',
  'requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum',
].join(', ');

/**
 * The usage rollup of [fromMs, toMs) as one derived table with the hourly rollup's columns: the
 * whole UTC days inside the range from `usage_daily`, the hours at either edge from
 * `usage_hourly` (a month is ~31 rows per key instead of ~744). Its `hour_ms` is the start of
 * each row's period, a day or an hour, so group it only into days or longer; hours starting in
 * the range count, as with the hourly rollup alone. Both tables are written by the same
 * transaction, so the two parts never disagree (`tollgate verify` checks it).
 */
export function usageRollup(fromMs: number, toMs: number, alias = 'r'): RawBuilder<unknown> {
  const firstDayMs = Math.ceil(fromMs / DAY_MS) * DAY_MS;
  const endDayMs = Math.floor(toMs / DAY_MS) * DAY_MS;
  if (firstDayMs >= endDayMs) return sql`(select hour_ms, ${sql.raw(columns)} from usage_hourly where ${inRange('hour_ms', fromMs, toMs)}) ${sql.raw(alias)}`;
  return sql`(
      select day_ms as hour_ms, ${sql.raw(columns)} from usage_daily where ${inRange('day_ms', firstDayMs, endDayMs)}
      union all
      select hour_ms, ${sql.raw(columns)} from usage_hourly
      where (${inRange('hour_ms', fromMs, firstDayMs)}) or (${inRange('hour_ms', endDayMs, toMs)})
    ) ${sql.raw(alias)}`;
}

function inRange(column: string, fromMs: number, toMs: number): RawBuilder<unknown> {
  return sql`${sql.raw(column)} >= ${BigInt(fromMs)} and ${sql.raw(column)} < ${BigInt(toMs)}`;
}
