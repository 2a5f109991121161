import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { Currency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { big, count } from './amounts.js';
import { bucketSql } from './calendar.js';
import type { ProfitDimension, ProfitPeriod } from './types.js';
import { usageRollup } from '../usage-rollup.js';

/**
 * The grouped reads behind the profit views, one query per source, each grouped in SQL by the
 * dimensions and the UTC day or week. Rows are per currency: requests, tokens and revenue of
 * usage charged in it, cost of what was paid in it.
 */
export interface SourceQuery {
  fromMs: number;
  toMs: number;
  currency: Currency;
  groupBy: readonly ProfitDimension[];
  period: ProfitPeriod;
}

export interface Grouped<T> {
  /** One value per dimension, in the query's order. */
  group: string[];
  bucketMs: number | null;
  sums: T;
}

export const dimensionColumn = { customer: 'customer_id', key: 'key_id', model: 'model', plan: 'plan_id', upstream: 'upstream_id' } as const;

export interface UsageSums {
  requests: bigint;
  failedRequests: bigint;
  tokens: bigint;
  revenueNanos: bigint;
  promoNanos: bigint;
  includedNanos: bigint;
  costNanos: bigint;
}

export async function usageBy(db: Kysely<Database>, q: SourceQuery): Promise<Grouped<UsageSums>[]> {
  const c = q.currency;
  const inCurrency = (column: string) => sql`sum(case when currency = ${c} then ${sql.raw(column)} else 0 end)`;
  const rows = await sql<Record<string, unknown>>`
    select ${groupColumns(q.groupBy.map((d) => sql.raw(dimensionColumn[d])))}, ${bucketOrZero(q.period, 'hour_ms')} as bucket,
      ${inCurrency('requests')} as requests, ${inCurrency('failed_requests')} as failed,
      ${inCurrency('prompt_tokens + completion_tokens')} as tokens, ${inCurrency('revenue_nanos')} as revenue,
      ${inCurrency('promo_nanos')} as promo, ${inCurrency('included_nanos')} as included,
      sum(case when cost_currency = ${c} then cost_nanos else 0 end) as cost
    from ${usageRollup(q.fromMs, q.toMs)}
    where currency = ${c} or cost_currency = ${c}
    group by ${groupList(q)}`.execute(db);
  return rows.rows.map((r) => ({
    group: groupOf(r, q),
    bucketMs: bucketOf(r.bucket, q.period),
    sums: { requests: big(r.requests), failedRequests: big(r.failed), tokens: big(r.tokens), revenueNanos: big(r.revenue), promoNanos: big(r.promo), includedNanos: big(r.included), costNanos: big(r.cost) },
  }));
}

/** GPU hours allocated to usage, by the dimensions (by plan through planOfParts). */
export async function gpuPartsBy(db: Kysely<Database>, q: SourceQuery): Promise<Grouped<bigint>[]> {
  const columns = q.groupBy.map((d) => (d === 'plan' ? sql`coalesce(h.pid, '')` : sql.raw(`p.${dimensionColumn[d]}`)));
  const rows = await sql<Record<string, unknown>>`
    select ${groupColumns(columns)}, ${bucketOrZero(q.period, 'p.hour_ms')} as bucket, sum(p.cost_nanos) as cost
    from gpu_allocation_parts p ${q.groupBy.includes('plan') ? planOfParts(q.fromMs, q.toMs) : sql``}
    where ${partsIn(q.fromMs, q.toMs)} and p.currency = ${q.currency}
    group by ${groupList(q)}`.execute(db);
  return rows.rows.map((r) => ({ group: groupOf(r, q), bucketMs: bucketOf(r.bucket, q.period), sums: big(r.cost) }));
}

/** GPU parts per plan, customer and currency (for the plan report). */
export async function gpuPartsByPlanAndCustomer(db: Kysely<Database>, fromMs: number, toMs: number): Promise<{ planId: string; customerId: string; currency: string; costNanos: bigint }[]> {
  const rows = await sql<Record<string, unknown>>`
    select coalesce(h.pid, '') as grp, p.customer_id as cid, p.currency as cur, sum(p.cost_nanos) as cost
    from gpu_allocation_parts p ${planOfParts(fromMs, toMs)}
    where ${partsIn(fromMs, toMs)}
    group by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({ planId: r.grp as string, customerId: r.cid as string, currency: r.cur as string, costNanos: big(r.cost) }));
}

function partsIn(fromMs: number, toMs: number): RawBuilder<unknown> {
  return sql`p.hour_ms >= ${BigInt(fromMs)} and p.hour_ms < ${BigInt(toMs)}`;
}

/**
 * Joins each GPU part (kept per customer, key and model) to the plan its usage was served under;
 * when that hour's usage of the key and model spans two plans (a plan change within the hour),
 * to the greater plan id of the two.
 */
function planOfParts(fromMs: number, toMs: number): RawBuilder<unknown> {
  return sql`left join (
      select hour_ms, upstream_id, customer_id, key_id, model, max(plan_id) as pid from usage_hourly
      where hour_ms >= ${BigInt(fromMs)} and hour_ms < ${BigInt(toMs)}
        and upstream_id in (select distinct upstream_id from gpu_allocations where hour_ms >= ${BigInt(fromMs)} and hour_ms < ${BigInt(toMs)})
      group by hour_ms, upstream_id, customer_id, key_id, model
    ) h on h.hour_ms = p.hour_ms and h.upstream_id = p.upstream_id and h.customer_id = p.customer_id and h.key_id = p.key_id and h.model = p.model`;
}

/** Idle GPU time per upstream: it belongs to no customer, key, model or plan. */
export async function idleByUpstream(db: Kysely<Database>, q: Omit<SourceQuery, 'groupBy'>): Promise<Grouped<bigint>[]> {
  const rows = await sql<Record<string, unknown>>`
    select upstream_id as g0, ${bucketOrZero(q.period, 'hour_ms')} as bucket, sum(idle_nanos) as idle
    from gpu_allocations
    where hour_ms >= ${BigInt(q.fromMs)} and hour_ms < ${BigInt(q.toMs)} and currency = ${q.currency}
    group by ${groupList({ ...q, groupBy: ['upstream'] })}`.execute(db);
  return rows.rows.map((r) => ({ group: [r.g0 as string], bucketMs: bucketOf(r.bucket, q.period), sums: big(r.idle) }));
}

/** g0, g1, …: aliases without underscores, which the camel-case plugin leaves alone. */
function groupColumns(columns: RawBuilder<unknown>[]): RawBuilder<unknown> {
  return sql.join(columns.map((column, i) => sql`${column} as ${sql.raw(`g${i}`)}`));
}

function groupOf(row: Record<string, unknown>, q: Pick<SourceQuery, 'groupBy'>): string[] {
  return q.groupBy.map((_, i) => row[`g${i}`] as string);
}

function bucketOrZero(period: ProfitPeriod, column: 'hour_ms' | 'p.hour_ms'): RawBuilder<unknown> {
  return bucketSql(period, column) ?? sql`0`;
}

/** By position, so PostgreSQL sees the same expressions it selected. */
function groupList(q: Pick<SourceQuery, 'groupBy' | 'period'>): RawBuilder<unknown> {
  const positions = q.groupBy.length + (q.period === 'all' ? 0 : 1);
  return sql.raw(Array.from({ length: positions }, (_, i) => String(i + 1)).join(', '));
}

function bucketOf(value: unknown, period: ProfitPeriod): number | null {
  return period === 'all' ? null : count(value);
}
