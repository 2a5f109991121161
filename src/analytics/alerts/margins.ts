/**
 * Revenue and direct cost over a window by customer, plan, model and GPU upstream, for the
 * alert rules. Revenue is usage paid with money or on account plus fees as earned day by day;
 * promotional usage is not revenue. Cost is what upstreams cost, GPU hours
 * allocated to the usage included.
 */
import { type Kysely, sql } from 'kysely';
import { type Currency, toBigInt } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import type { MrrSegment } from '../saas/segments.js';
import { usageRollup } from '../usage-rollup.js';

export interface Margin {
  revenueNanos: bigint;
  costNanos: bigint;
}

type Sums = Map<string, Margin>;

const big = (value: unknown) => toBigInt(value as bigint);

function add(sums: Sums, id: string | null | undefined, revenueNanos: bigint, costNanos: bigint): void {
  if (!id) return;
  const current = sums.get(id) ?? { revenueNanos: 0n, costNanos: 0n };
  sums.set(id, { revenueNanos: current.revenueNanos + revenueNanos, costNanos: current.costNanos + costNanos });
}

async function usageBy(db: Kysely<Database>, column: 'customer_id' | 'plan_id' | 'model' | 'upstream_id', currency: Currency, fromMs: number, toMs: number) {
  const rows = await sql<Record<string, unknown>>`
    select ${sql.ref(column)} as id, sum(revenue_nanos - promo_nanos) as revenue, sum(included_nanos) as included,
           sum(case when cost_currency = ${currency} then cost_nanos else 0 end) as cost
    from ${usageRollup(fromMs, toMs)} where currency = ${currency} group by 1`.execute(db);
  return rows.rows.map((r) => ({ id: r.id as string, revenueNanos: big(r.revenue), includedNanos: big(r.included), costNanos: big(r.cost) }));
}

async function gpuPartsBy(db: Kysely<Database>, column: 'customer_id' | 'model', currency: Currency, fromMs: number, toMs: number) {
  const rows = await sql<Record<string, unknown>>`
    select ${sql.ref(column)} as id, sum(cost_nanos) as cost from gpu_allocation_parts
    where currency = ${currency} and hour_ms >= ${fromMs} and hour_ms < ${toMs} group by 1`.execute(db);
  return rows.rows.map((r) => ({ id: r.id as string, costNanos: big(r.cost) }));
}

const FEE_MONTH_MS = 30 * 86_400_000;

/**
 * A subscriber's fee as earned day by day over the window: its normalised monthly fee × the
 * time it was live in the window ÷ 30 days. The ledger earns a fee only when its period closes,
 * which would make a 30-day margin jump with the renewal date.
 */
export function accruedFees(segments: readonly MrrSegment[], fromMs: number, toMs: number): { customerId: string; planId: string | null; revenueNanos: bigint }[] {
  return segments.flatMap((s) => {
    const overlapMs = Math.min(toMs, s.endMs) - Math.max(fromMs, s.startMs);
    return overlapMs > 0 ? [{ customerId: s.customerId, planId: s.planId, revenueNanos: (s.monthlyNanos * BigInt(overlapMs)) / BigInt(FEE_MONTH_MS) }] : [];
  });
}

export async function marginsByCustomer(db: Kysely<Database>, segments: readonly MrrSegment[], currency: Currency, fromMs: number, toMs: number): Promise<Sums> {
  const sums: Sums = new Map();
  for (const u of await usageBy(db, 'customer_id', currency, fromMs, toMs)) add(sums, u.id, u.revenueNanos, u.costNanos);
  for (const g of await gpuPartsBy(db, 'customer_id', currency, fromMs, toMs)) add(sums, g.id, 0n, g.costNanos);
  for (const f of accruedFees(segments, fromMs, toMs)) add(sums, f.customerId, f.revenueNanos, 0n);
  return sums;
}

/**
 * Usage is on the plan it was served under; a fee on the plan it was earned on; GPU hours of a
 * customer on the plan of its latest subscription.
 */
export async function marginsByPlan(db: Kysely<Database>, segments: readonly MrrSegment[], currency: Currency, fromMs: number, toMs: number): Promise<Sums> {
  const sums: Sums = new Map();
  const subs = await db.selectFrom('subscriptions').select(['customerId', 'planId']).orderBy('createdAtMs').execute();
  const planOfCustomer = new Map(subs.map((s) => [s.customerId, s.planId]));
  for (const u of await usageBy(db, 'plan_id', currency, fromMs, toMs)) add(sums, u.id, u.revenueNanos, u.costNanos);
  for (const g of await gpuPartsBy(db, 'customer_id', currency, fromMs, toMs)) add(sums, planOfCustomer.get(g.id), 0n, g.costNanos);
  for (const f of accruedFees(segments, fromMs, toMs)) add(sums, f.planId, f.revenueNanos, 0n);
  return sums;
}

/** A model earns its usage, the part a plan's allowance covered included (the fee paid for it). */
export async function marginsByModel(db: Kysely<Database>, currency: Currency, fromMs: number, toMs: number): Promise<Sums> {
  const sums: Sums = new Map();
  for (const u of await usageBy(db, 'model', currency, fromMs, toMs)) add(sums, u.id, u.revenueNanos + u.includedNanos, u.costNanos);
  for (const g of await gpuPartsBy(db, 'model', currency, fromMs, toMs)) add(sums, g.id, 0n, g.costNanos);
  return sums;
}

/** Direct cost of one customer's usage from `fromMs` on (per-token cost and allocated GPU hours). */
export async function customerCostSince(db: Kysely<Database>, currency: Currency, customerId: string, fromMs: number, toMs: number): Promise<bigint> {
  const usage = await sql<Record<string, unknown>>`
    select sum(cost_nanos) as cost from usage_events
    where customer_id = ${customerId} and cost_currency = ${currency} and started_at_ms >= ${fromMs} and started_at_ms < ${toMs}`.execute(db);
  const gpu = await sql<Record<string, unknown>>`
    select sum(cost_nanos) as cost from gpu_allocation_parts
    where customer_id = ${customerId} and currency = ${currency} and hour_ms >= ${Math.floor(fromMs / 3_600_000) * 3_600_000} and hour_ms < ${toMs}`.execute(db);
  return big(usage.rows[0]?.cost ?? 0n) + big(gpu.rows[0]?.cost ?? 0n);
}

export interface GpuUpstreamUse {
  upstreamId: string;
  hourCostNanos: bigint;
  usedUnits: bigint;
  capacityUnits: bigint;
  revenueNanos: bigint;
}

/** GPU-hour upstreams: what their hours cost, how much of their capacity was used, and what that usage earned. */
export async function gpuUse(db: Kysely<Database>, currency: Currency, fromMs: number, toMs: number): Promise<GpuUpstreamUse[]> {
  const rows = await sql<Record<string, unknown>>`
    select upstream_id as id, sum(hour_cost_nanos) as cost, sum(used_units) as used, sum(capacity_units) as capacity from gpu_allocations
    where currency = ${currency} and hour_ms >= ${fromMs} and hour_ms < ${toMs} group by 1`.execute(db);
  const earned = new Map((await usageBy(db, 'upstream_id', currency, fromMs, toMs)).map((u) => [u.id, u.revenueNanos + u.includedNanos]));
  return rows.rows.map((r) => ({ upstreamId: r.id as string, hourCostNanos: big(r.cost), usedUnits: big(r.used), capacityUnits: big(r.capacity), revenueNanos: earned.get(r.id as string) ?? 0n }));
}
