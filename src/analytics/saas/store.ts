/** What the SaaS metrics read: every subscription with its history, the plan versions and coupons. */
import { type Kysely, sql } from 'kysely';
import type { Coupon } from '../../billing/coupons.js';
import type { PlanVersion } from '../../billing/plans.js';
import type { SubscriptionEvent } from '../../billing/subscription-types.js';
import { type Currency, toBigInt } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import type { PlanHistory, SubscriptionRef } from './segments.js';
import { usageRollup } from '../usage-rollup.js';

export interface SubscriptionHistory {
  subscriptions: (SubscriptionRef & { couponId: string | null; currency: Currency })[];
  events: Map<string, SubscriptionEvent[]>;
  plans: PlanHistory;
  coupons: Map<string, Coupon>;
}

export async function loadHistory(db: Kysely<Database>): Promise<SubscriptionHistory> {
  const [subs, events, versions, plans, coupons] = await Promise.all([
    db.selectFrom('subscriptions').innerJoin('planVersions', 'planVersions.id', 'subscriptions.planVersionId')
      .select(['subscriptions.id', 'subscriptions.customerId', 'subscriptions.planVersionId', 'subscriptions.couponId', 'subscriptions.createdAtMs', 'planVersions.currency']).execute(),
    db.selectFrom('subscriptionEvents').selectAll().orderBy('atMs').orderBy('id').execute(),
    db.selectFrom('planVersions').selectAll().orderBy('createdAtMs').execute(),
    db.selectFrom('plans').select(['id', 'code']).execute(),
    db.selectFrom('coupons').selectAll().execute(),
  ]);
  const byEvent = new Map<string, SubscriptionEvent[]>();
  for (const e of events) {
    const list = byEvent.get(e.subscriptionId) ?? [];
    list.push({ id: e.id, subscriptionId: e.subscriptionId, kind: e.kind as SubscriptionEvent['kind'], atMs: Number(e.atMs), details: JSON.parse(e.details) as Record<string, unknown> });
    byEvent.set(e.subscriptionId, list);
  }
  return {
    subscriptions: subs.map((s) => ({ id: s.id, customerId: s.customerId, planVersionId: s.planVersionId, couponId: s.couponId, createdAtMs: Number(s.createdAtMs), currency: s.currency as Currency })),
    events: byEvent,
    plans: planHistory(versions.map(toVersion), new Map(plans.map((p) => [p.code, p.id]))),
    coupons: new Map(coupons.map((c) => [c.id, toCoupon(c)])),
  };
}

/** Customers that were served at least one request in [fromMs, toMs), in the currency. */
export async function customersWithUsage(db: Kysely<Database>, currency: Currency, fromMs: number, toMs: number): Promise<Set<string>> {
  const rows = await sql<{ customerId: string }>`
    select distinct customer_id from ${usageRollup(fromMs, toMs)}
    where currency = ${currency} and requests > 0`.execute(db);
  return new Set(rows.rows.map((r) => (r as Record<string, string>).customerId ?? (r as Record<string, string>).customer_id!));
}

function planHistory(versions: PlanVersion[], planIds: Map<string, string>): PlanHistory {
  const byId = new Map(versions.map((v) => [v.id, v]));
  const ofPlan = (code: string) => versions.filter((v) => v.planId === planIds.get(code));
  return {
    byId: (id) => byId.get(id) ?? null,
    byNumber: (code, number) => ofPlan(code).find((v) => v.version === number) ?? null,
    versionAt: (code, atMs) => {
      const list = ofPlan(code);
      return list.filter((v) => v.createdAtMs <= atMs).at(-1) ?? list[0] ?? null;
    },
  };
}

function toVersion(r: Record<string, unknown>): PlanVersion {
  return {
    id: r.id as string,
    planId: r.planId as string,
    version: Number(r.version),
    currency: r.currency as Currency,
    interval: r.interval as PlanVersion['interval'],
    feeNanos: toBigInt(r.feeNanos as bigint),
    includedNanos: toBigInt(r.includedNanos as bigint),
    includedTokens: toBigInt(r.includedTokens as bigint),
    overage: r.overage as PlanVersion['overage'],
    limits: {},
    allowedModels: null,
    trialDays: Number(r.trialDays),
    discounts: {},
    createdAtMs: Number(r.createdAtMs),
  };
}

function toCoupon(r: Record<string, unknown>): Coupon {
  return {
    id: r.id as string,
    code: r.code as string,
    kind: r.kind as Coupon['kind'],
    percentBps: Number(r.percentBps),
    amountNanos: toBigInt(r.amountNanos as bigint),
    currency: (r.currency as Currency | null) ?? null,
    duration: r.duration as Coupon['duration'],
    durationPeriods: Number(r.durationPeriods),
    planCodes: null,
    expiresAtMs: null,
    maxRedemptions: null,
    timesRedeemed: Number(r.timesRedeemed),
    createdAtMs: Number(r.createdAtMs),
  };
}
