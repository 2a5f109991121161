import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { decimalString } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import type { BillingContext } from './context.js';
import { couponDiscountNanos } from './coupons.js';
import { customerOf, issue, periodLabel, usageSection } from './invoicing.js';
import { recognitionTransfer } from './invoice-ledger.js';
import { addIntervals, prorate } from './periods.js';
import type { Plan, PlanVersion } from './plans.js';
import type { Subscription, SubscriptionEvent } from './subscription-types.js';
import type { Invoice } from './types.js';
import type { Transfer } from '../ledger/types.js';

const DAY_MS = 86_400_000;
/** How far ahead of the server's clock a plan change may be dated (clock skew), not a schedule. */
const FUTURE_TOLERANCE_MS = 60_000;

export function event(subscriptionId: string, kind: SubscriptionEvent['kind'], atMs: number, details: Record<string, unknown> = {}): SubscriptionEvent {
  return { id: newId('subev', atMs), subscriptionId, kind, atMs, details };
}

export function feeLine(plan: Plan, version: PlanVersion, startMs: number, endMs: number) {
  return { description: `${plan.name} plan (${periodLabel(startMs, endMs)})`, amountNanos: version.feeNanos, unitPrice: `${decimalString(version.feeNanos)} / ${version.interval}` };
}

/** Subscribes a customer to a plan's current version: a trial first if the plan has one, else the first period's fee is invoiced now. */
export async function subscribe(ctx: BillingContext, customer: Customer, planCode: string, options: { coupon?: string } = {}): Promise<{ subscription: Subscription; invoice: Invoice | null }> {
  const plan = await ctx.plans.get(planCode);
  if (plan.status !== 'active') throw new TollgateError('invalid_request', `Plan ${plan.code} is archived.`, { param: 'plan' });
  const version = plan.current;
  if (version.currency !== customer.currency) throw new TollgateError('invalid_request', `Plan ${plan.code} is priced in ${version.currency}; the customer pays in ${customer.currency}.`, { param: 'plan' });
  if (await ctx.store.liveSubscription(customer.id)) throw new TollgateError('conflict', 'The customer already has a subscription; change its plan instead.');
  const coupon = options.coupon ? await ctx.coupons.usable(options.coupon, plan.code, customer.currency) : null;
  const nowMs = ctx.clock.nowMs();
  const trial = version.trialDays > 0;
  const anchorMs = trial ? nowMs + version.trialDays * DAY_MS : nowMs;
  const periodEndMs = trial ? anchorMs : addIntervals(anchorMs, version.interval, 1);
  const discount = trial ? 0n : couponDiscountNanos(coupon, version.feeNanos, 0);
  const subscription: Subscription = {
    id: newId('sub', nowMs),
    customerId: customer.id,
    planId: plan.id,
    planVersionId: version.id,
    status: trial ? 'trialing' : 'active',
    anchorMs,
    periodStartMs: nowMs,
    periodEndMs,
    versionSinceMs: nowMs,
    trialEndMs: trial ? anchorMs : null,
    cancelAtPeriodEnd: false,
    canceledAtMs: null,
    couponId: coupon?.id ?? null,
    couponPeriodsUsed: discount > 0n ? 1 : 0,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  const issued = trial || version.feeNanos === 0n
    ? null
    : issue(
        {
          id: `inv_${subscription.id}_${nowMs}`,
          kind: 'invoice',
          customer: customerOf(customer),
          subscriptionId: subscription.id,
          periodStartMs: nowMs,
          periodEndMs,
          createdAtMs: nowMs,
          fee: feeLine(plan, version, nowMs, periodEndMs),
          prorations: [],
          coupon: coupon && discount > 0n ? { description: `Coupon ${coupon.code}`, discountNanos: discount } : null,
          usage: null,
        },
        customer,
        nowMs,
      );
  const { invoice } = await ctx.store.apply(
    {
      subscription: { next: subscription, expectedPeriodEndMs: null, insert: true },
      event: event(subscription.id, 'started', nowMs, { plan: plan.code, version: version.version, trial }),
      invoice: issued?.invoice,
      transfers: issued ? [issued.transfer] : [],
      couponRedemption: coupon?.id,
    },
    nowMs,
  );
  await ctx.notify('subscription.changed', { subscriptionId: subscription.id, customerId: customer.id, change: 'started', plan: plan.code }, `subscription:${subscription.id}:started`);
  return { subscription, invoice };
}

/**
 * Moves a subscription to another plan now. The unused part of this period's fee is credited and
 * the new plan's fee for the rest of the period charged, both prorated to the millisecond, on one
 * document (a credit note when the credit is larger). A change dated in a past period is refused.
 */
export async function changePlan(ctx: BillingContext, subscriptionId: string, planCode: string, options: { atMs?: number } = {}): Promise<{ subscription: Subscription; invoice: Invoice | null }> {
  const sub = await live(ctx, subscriptionId);
  const nowMs = ctx.clock.nowMs();
  const atMs = options.atMs ?? nowMs;
  if (atMs < sub.periodStartMs) throw new TollgateError('invalid_request', 'A plan change cannot take effect in a past period; its invoice is already issued.', { param: 'atMs' });
  if (atMs > nowMs + FUTURE_TOLERANCE_MS) throw new TollgateError('invalid_request', 'A plan change takes effect now; scheduling one for later is not supported.', { param: 'atMs' });
  const plan = await ctx.plans.get(planCode);
  const version = plan.current;
  if (version.id === sub.planVersionId) throw new TollgateError('conflict', 'The subscription is on this plan version already.', { param: 'plan' });
  const customer = await ctx.customers.get(sub.customerId);
  if (version.currency !== customer.currency) throw new TollgateError('invalid_request', `Plan ${plan.code} is priced in ${version.currency}.`, { param: 'plan' });
  const oldPlan = await ctx.plans.get(sub.planId);
  const next: Subscription = { ...sub, planId: plan.id, planVersionId: version.id, versionSinceMs: atMs, updatedAtMs: nowMs };
  let issued: { invoice: Invoice; transfer: Transfer } | null = null;
  if (sub.status !== 'trialing') {
    const paidFee = await ctx.store.feeInvoicedForPeriod(sub.id, sub.periodStartMs);
    const credit = prorate(paidFee, sub.periodStartMs, sub.periodEndMs, atMs, 'floor');
    const charge = prorate(version.feeNanos, sub.periodStartMs, sub.periodEndMs, atMs, 'ceil');
    issued = issue(
      {
        id: `inv_${sub.id}_change_${atMs}`,
        kind: 'invoice',
        customer: customerOf(customer),
        subscriptionId: sub.id,
        periodStartMs: sub.periodStartMs,
        periodEndMs: sub.periodEndMs,
        createdAtMs: nowMs,
        fee: null,
        prorations: [
          { description: `Unused time on ${oldPlan.name} (${periodLabel(atMs, sub.periodEndMs)})`, amountNanos: -credit },
          { description: `Remaining time on ${plan.name} (${periodLabel(atMs, sub.periodEndMs)})`, amountNanos: charge },
        ],
        coupon: null,
        usage: null,
      },
      customer,
      nowMs,
    );
  }
  const { applied, invoice } = await ctx.store.apply(
    {
      subscription: { next, expectedPeriodEndMs: sub.periodEndMs, expectedVersionId: sub.planVersionId },
      event: event(sub.id, 'changed', atMs, { from: oldPlan.code, to: plan.code }),
      invoice: issued?.invoice,
      transfers: issued ? [issued.transfer] : [],
    },
    nowMs,
  );
  if (!applied) throw new TollgateError('conflict', 'The subscription changed meanwhile; read it again and retry.');
  await ctx.notify('subscription.changed', { subscriptionId: sub.id, customerId: sub.customerId, change: 'plan', from: oldPlan.code, to: plan.code }, `subscription:${sub.id}:changed:${atMs}`);
  return { subscription: next, invoice };
}

/** Cancels at the end of the period (nothing more is charged), or now (the unused fee credited, usage so far invoiced). */
export async function cancel(ctx: BillingContext, subscriptionId: string, options: { atPeriodEnd: boolean }): Promise<{ subscription: Subscription; invoice: Invoice | null }> {
  const sub = await live(ctx, subscriptionId);
  const nowMs = ctx.clock.nowMs();
  if (options.atPeriodEnd) {
    const next = { ...sub, cancelAtPeriodEnd: true, updatedAtMs: nowMs };
    await ctx.store.apply({ subscription: { next, expectedPeriodEndMs: sub.periodEndMs }, event: event(sub.id, 'cancel_scheduled', nowMs), transfers: [] }, nowMs);
    return { subscription: next, invoice: null };
  }
  const customer = await ctx.customers.get(sub.customerId);
  const plan = await ctx.plans.get(sub.planId);
  const paidFee = sub.status === 'trialing' ? 0n : await ctx.store.feeInvoicedForPeriod(sub.id, sub.periodStartMs);
  const unused = prorate(paidFee, sub.periodStartMs, sub.periodEndMs, nowMs, 'floor');
  const usage = await usageSection(ctx.store, await priceIndex(ctx), customer.id, sub.periodStartMs, nowMs);
  const issued = unused > 0n || usage
    ? issue(
        {
          id: `inv_${sub.id}_cancel`,
          kind: 'invoice',
          customer: customerOf(customer),
          subscriptionId: sub.id,
          periodStartMs: sub.periodStartMs,
          periodEndMs: nowMs,
          createdAtMs: nowMs,
          fee: null,
          prorations: unused > 0n ? [{ description: `Unused time on ${plan.name} (${periodLabel(nowMs, sub.periodEndMs)})`, amountNanos: -unused }] : [],
          coupon: null,
          usage,
        },
        customer,
        nowMs,
      )
    : null;
  const earned = paidFee - unused;
  const recognition = earned !== 0n ? [recognitionTransfer({ id: `recognize:${sub.id}:${sub.periodStartMs}`, customerId: customer.id, currency: customer.currency, amountNanos: earned, memo: `${plan.code} fee earned until cancellation`, atMs: nowMs })] : [];
  const next: Subscription = { ...sub, status: 'canceled', canceledAtMs: nowMs, periodEndMs: nowMs, updatedAtMs: nowMs };
  const { invoice } = await ctx.store.apply(
    {
      subscription: { next, expectedPeriodEndMs: sub.periodEndMs },
      event: event(sub.id, 'canceled', nowMs, { immediately: true }),
      invoice: issued?.invoice,
      transfers: [...(issued ? [issued.transfer] : []), ...recognition],
    },
    nowMs,
  );
  await ctx.notify('subscription.changed', { subscriptionId: sub.id, customerId: sub.customerId, change: 'canceled' }, `subscription:${sub.id}:canceled`);
  return { subscription: next, invoice };
}

async function live(ctx: BillingContext, subscriptionId: string): Promise<Subscription> {
  const sub = await ctx.store.getSubscription(subscriptionId);
  if (!sub) throw new TollgateError('not_found', `No subscription ${subscriptionId}.`);
  if (sub.status === 'canceled') throw new TollgateError('conflict', 'The subscription is canceled.');
  return sub;
}

export async function priceIndex(ctx: BillingContext) {
  return new Map((await ctx.prices.list()).map((p) => [p.id, p]));
}
