import { type Kysely, sql } from 'kysely';
import type { Currency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { DAY_MS } from '../finance/calendar.js';
import { big, count } from './amounts.js';
import { labelOf } from './calendar.js';
import { earnedFees, feeShares } from './fees.js';
import { rollupSegments, segmentRange } from '../usage-rollup.js';

export interface ProfitTotals {
  /** Usage charged in the currency less the part paid with granted credit. */
  usageRevenueNanos: bigint;
  /** Plan fees earned in the range (see fees.ts for how a fee is spread over its period). */
  subscriptionRevenueNanos: bigint;
  /** Usage paid with granted credit: not revenue. */
  promotionalNanos: bigint;
  /** Usage value plan allowances covered: not revenue (the fee pays for it). */
  includedNanos: bigint;
  /** What serving cost: per-token upstream cost plus GPU hours allocated to requests. Idle GPU time is NOT in it. */
  costNanos: bigint;
  /** GPU hours nobody used. Total cost = costNanos + idleGpuNanos. */
  idleGpuNanos: bigint;
  /** Per UTC day with any revenue or cost: revenue = usage + fees; cost = costNanos + idle of the day. */
  daily: { day: string; revenueNanos: bigint; costNanos: bigint }[];
}

/**
 * Recognised revenue and cost of [fromMs, toMs) in one currency, with a daily series. Hours of
 * the rollup and of GPU allocations that start in the range count; fees count by the part of
 * their period inside it. Grouped in SQL by day (daily rollup) or hour (the range's edges, and GPU
 * hours), each in its table's key order so SQLite does not sort, and folded into days here.
 */
export async function profitTotals(db: Kysely<Database>, q: { fromMs: number; toMs: number; currency: Currency }): Promise<ProfitTotals> {
  const totals = { usageRevenueNanos: 0n, subscriptionRevenueNanos: 0n, promotionalNanos: 0n, includedNanos: 0n, costNanos: 0n, idleGpuNanos: 0n };
  const days = new Map<number, { revenueNanos: bigint; costNanos: bigint }>();
  const add = (atMs: number, revenueNanos: bigint, costNanos: bigint) => {
    const dayMs = Math.floor(atMs / DAY_MS) * DAY_MS;
    const day = days.get(dayMs) ?? { revenueNanos: 0n, costNanos: 0n };
    days.set(dayMs, { revenueNanos: day.revenueNanos + revenueNanos, costNanos: day.costNanos + costNanos });
  };
  for (const part of await usageByStart(db, q)) {
    totals.usageRevenueNanos += part.revenueNanos;
    totals.promotionalNanos += part.promoNanos;
    totals.includedNanos += part.includedNanos;
    totals.costNanos += part.costNanos;
    add(part.startMs, part.revenueNanos, part.costNanos);
  }
  for (const hour of await gpuByHour(db, q)) {
    totals.costNanos += hour.allocatedNanos;
    totals.idleGpuNanos += hour.idleNanos;
    add(hour.hourMs, 0n, hour.allocatedNanos + hour.idleNanos);
  }
  for (const fee of await earnedFees(db, q.currency, q.fromMs, q.toMs)) {
    for (const share of feeShares(fee, q.fromMs, q.toMs, 'day')) {
      totals.subscriptionRevenueNanos += share.nanos;
      add(share.bucketMs!, share.nanos, 0n);
    }
  }
  const daily = [...days.entries()]
    .filter(([, d]) => d.revenueNanos !== 0n || d.costNanos !== 0n)
    .sort(([a], [b]) => a - b)
    .map(([dayMs, d]) => ({ day: labelOf(dayMs, 'day'), ...d }));
  return { ...totals, daily };
}

/** Per day of the daily rollup and per hour at the range's edges: each table grouped by its key's leading column, in key order (no sort). */
async function usageByStart(db: Kysely<Database>, q: { fromMs: number; toMs: number; currency: Currency }) {
  const c = q.currency;
  const parts = await Promise.all(
    rollupSegments(q.fromMs, q.toMs).map((s) =>
      sql<Record<string, unknown>>`
        select ${sql.raw(s.startColumn)} as start,
          sum(case when currency = ${c} then revenue_nanos - promo_nanos else 0 end) as revenue,
          sum(case when currency = ${c} then promo_nanos else 0 end) as promo,
          sum(case when currency = ${c} then included_nanos else 0 end) as included,
          sum(case when cost_currency = ${c} then cost_nanos else 0 end) as cost
        from ${sql.raw(s.table)}
        where ${segmentRange(s)} and (currency = ${c} or cost_currency = ${c})
        group by ${sql.raw(s.startColumn)}`.execute(db),
    ),
  );
  return parts.flatMap((rows) =>
    rows.rows.map((r) => ({ startMs: count(r.start), revenueNanos: big(r.revenue), promoNanos: big(r.promo), includedNanos: big(r.included), costNanos: big(r.cost) })),
  );
}

async function gpuByHour(db: Kysely<Database>, q: { fromMs: number; toMs: number; currency: Currency }) {
  const rows = await db
    .selectFrom('gpuAllocations')
    .select((eb) => ['hourMs', eb.fn.sum<string | bigint | null>('allocatedNanos').as('allocated'), eb.fn.sum<string | bigint | null>('idleNanos').as('idle')])
    .where('hourMs', '>=', BigInt(q.fromMs))
    .where('hourMs', '<', BigInt(q.toMs))
    .where('currency', '=', q.currency)
    .groupBy('hourMs')
    .execute();
  return rows.map((r) => ({ hourMs: count(r.hourMs), allocatedNanos: big(r.allocated), idleNanos: big(r.idle) }));
}
