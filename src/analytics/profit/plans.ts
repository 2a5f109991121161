import { type Kysely, sql } from 'kysely';
import { TollgateError } from '../../core/errors.js';
import type { Currency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { percent } from '../saas/ratios.js';
import { big } from './amounts.js';
import { monthRange } from './calendar.js';
import { earnedFees, feeShareNanos } from './fees.js';
import { namesOf } from './names.js';
import { gpuPartsByPlanAndCustomer } from './sources.js';
import { usageRollup } from '../usage-rollup.js';

export interface CostDistribution {
  p50Nanos: bigint;
  p90Nanos: bigint;
  p99Nanos: bigint;
  maxNanos: bigint;
  meanNanos: bigint;
}

export interface PlanCostRow {
  planId: string;
  code: string;
  name: string;
  currency: Currency;
  interval: string;
  /** The current version's fee per billing period. */
  feeNanos: bigint;
  /** The fee for one month: a yearly fee / 12, rounded down. */
  monthlyFeeNanos: bigint;
  subscribers: number;
  /** Usage revenue of the plan's usage plus the plan's fees earned in the month. */
  revenueNanos: bigint;
  costNanos: bigint;
  marginNanos: bigint;
  marginPct: number | null;
  /** Cost of serving each subscriber in the month (nearest-rank percentiles); null without subscribers. */
  costPerSubscriber: CostDistribution | null;
  /** Subscribers who cost more to serve than the monthly fee. */
  costlierThanFee: number;
  /** The three subscribers who cost most. */
  heaviest: { customerId: string; name: string; costNanos: bigint }[];
}

export interface PlanReport {
  month: string;
  fromMs: number;
  toMs: number;
  plans: PlanCostRow[];
}

interface PlanInfo {
  id: string;
  code: string;
  name: string;
  status: string;
  currency: Currency;
  interval: string;
  feeNanos: bigint;
}

/**
 * Each plan's month: who was subscribed (a subscription alive in the month, or usage served under
 * the plan), what the plan earned, and how the cost of serving a subscriber is spread, so a
 * $10 plan whose heavy users cost $80 shows. Cost counts only what was paid in the plan's currency.
 */
export async function planReport(db: Kysely<Database>, month: string): Promise<PlanReport> {
  const range = monthRange(month);
  if (!range) throw new TollgateError('invalid_request', 'month must be YYYY-MM.', { param: 'month' });
  const plans = await currentPlans(db);
  const [subscribers, usage, parts] = await Promise.all([subscribersOf(db, range), usageByPlanAndCustomer(db, range), gpuPartsByPlanAndCustomer(db, range.fromMs, range.toMs)]);
  const fees = new Map<string, bigint>();
  for (const currency of new Set(plans.map((p) => p.currency))) {
    for (const fee of await earnedFees(db, currency, range.fromMs, range.toMs)) {
      if (fee.planId) fees.set(fee.planId, (fees.get(fee.planId) ?? 0n) + feeShareNanos(fee, range.fromMs, range.toMs));
    }
  }
  const rows: PlanCostRow[] = [];
  for (const plan of plans) {
    const costs = new Map<string, bigint>([...(subscribers.get(plan.id) ?? [])].map((id) => [id, 0n]));
    let usageRevenueNanos = 0n;
    for (const u of usage.get(plan.id) ?? []) {
      if (!costs.has(u.customerId)) costs.set(u.customerId, 0n);
      if (u.currency === plan.currency) usageRevenueNanos += u.revenueNanos;
      if (u.costCurrency === plan.currency) costs.set(u.customerId, costs.get(u.customerId)! + u.costNanos);
    }
    for (const p of parts.filter((p) => p.planId === plan.id && p.currency === plan.currency)) costs.set(p.customerId, (costs.get(p.customerId) ?? 0n) + p.costNanos);
    if (costs.size === 0 && plan.status !== 'active') continue;
    rows.push(await planRow(db, plan, costs, usageRevenueNanos + (fees.get(plan.id) ?? 0n)));
  }
  return { month, ...range, plans: rows };
}

async function planRow(db: Kysely<Database>, plan: PlanInfo, costs: Map<string, bigint>, revenueNanos: bigint): Promise<PlanCostRow> {
  const monthlyFeeNanos = plan.interval === 'year' ? plan.feeNanos / 12n : plan.feeNanos;
  const sorted = [...costs.entries()].sort(([, a], [, b]) => (a < b ? -1 : a > b ? 1 : 0));
  const costNanos = sorted.reduce((sum, [, c]) => sum + c, 0n);
  const heaviest = sorted.slice(-3).reverse();
  const names = await namesOf(db, 'customer', heaviest.map(([id]) => id));
  return {
    planId: plan.id,
    code: plan.code,
    name: plan.name,
    currency: plan.currency,
    interval: plan.interval,
    feeNanos: plan.feeNanos,
    monthlyFeeNanos,
    subscribers: sorted.length,
    revenueNanos,
    costNanos,
    marginNanos: revenueNanos - costNanos,
    marginPct: percent(revenueNanos - costNanos, revenueNanos),
    costPerSubscriber: distribution(sorted.map(([, c]) => c)),
    costlierThanFee: sorted.filter(([, c]) => c > monthlyFeeNanos).length,
    heaviest: heaviest.map(([customerId, c]) => ({ customerId, name: names.get(customerId) ?? customerId, costNanos: c })),
  };
}

/** Nearest rank: the p-th percentile of n sorted values is the ⌈p·n/100⌉-th. */
export function distribution(sortedNanos: readonly bigint[]): CostDistribution | null {
  const n = sortedNanos.length;
  if (n === 0) return null;
  const rank = (p: number) => sortedNanos[Math.max(1, Math.ceil((p * n) / 100)) - 1]!;
  const total = sortedNanos.reduce((sum, c) => sum + c, 0n);
  return { p50Nanos: rank(50), p90Nanos: rank(90), p99Nanos: rank(99), maxNanos: sortedNanos[n - 1]!, meanNanos: total / BigInt(n) };
}

async function currentPlans(db: Kysely<Database>): Promise<PlanInfo[]> {
  const rows = await db
    .selectFrom('plans as p')
    .innerJoin('planVersions as v', 'v.planId', 'p.id')
    .select(['p.id', 'p.code', 'p.name', 'p.status', 'v.version', 'v.currency', 'v.interval', 'v.feeNanos'])
    .orderBy('p.code')
    .orderBy('v.version', 'desc')
    .execute();
  const latest = new Map<string, PlanInfo>();
  for (const r of rows) {
    if (!latest.has(r.id)) latest.set(r.id, { id: r.id, code: r.code, name: r.name, status: r.status, currency: r.currency as Currency, interval: r.interval, feeNanos: big(r.feeNanos) });
  }
  return [...latest.values()];
}

/** Customers per plan whose subscription was alive at some moment of the month. */
async function subscribersOf(db: Kysely<Database>, range: { fromMs: number; toMs: number }): Promise<Map<string, Set<string>>> {
  const rows = await db
    .selectFrom('subscriptions')
    .select(['planId', 'customerId'])
    .where('createdAtMs', '<', BigInt(range.toMs))
    .where((eb) => eb.or([eb('canceledAtMs', 'is', null), eb('canceledAtMs', '>', BigInt(range.fromMs))]))
    .execute();
  const out = new Map<string, Set<string>>();
  for (const r of rows) out.set(r.planId, (out.get(r.planId) ?? new Set()).add(r.customerId));
  return out;
}

async function usageByPlanAndCustomer(db: Kysely<Database>, range: { fromMs: number; toMs: number }) {
  const rows = await sql<Record<string, unknown>>`
    select plan_id as pid, customer_id as cid, currency as cur, cost_currency as ccur, sum(revenue_nanos - promo_nanos) as revenue, sum(cost_nanos) as cost
    from ${usageRollup(range.fromMs, range.toMs)}
    where plan_id <> ''
    group by 1, 2, 3, 4`.execute(db);
  const out = new Map<string, { customerId: string; currency: string; costCurrency: string; revenueNanos: bigint; costNanos: bigint }[]>();
  for (const r of rows.rows) {
    const list = out.get(r.pid as string) ?? [];
    list.push({ customerId: r.cid as string, currency: r.cur as string, costCurrency: r.ccur as string, revenueNanos: big(r.revenue), costNanos: big(r.cost) });
    out.set(r.pid as string, list);
  }
  return out;
}
