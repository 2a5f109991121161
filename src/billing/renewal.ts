import { decimalString } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import type { Transfer } from '../ledger/types.js';
import type { BillingContext } from './context.js';
import { couponDiscountNanos } from './coupons.js';
import { recognitionTransfer } from './invoice-ledger.js';
import { customerOf, issue, usageSection } from './invoicing.js';
import { buildInvoice as issueDraft } from './invoice-build.js';
import { periodAt } from './periods.js';
import type { Subscription } from './subscription-types.js';
import { event, feeLine, priceIndex } from './subscriptions.js';
import type { Invoice } from './types.js';

const BATCH = 200;
/** A subscription missing many periods (the server was down) catches up at most this many per run. */
const MAX_PERIODS_PER_RUN = 24;

export interface RenewalReport {
  renewed: number;
  canceled: number;
  invoices: string[];
}

/**
 * Closes every period that has ended: the period's fee is earned (deferred → revenue), its usage
 * billed, and the next period's fee invoiced in advance, all in one transaction per period.
 * Safe to run twice and after a crash: each step is keyed by subscription and period and applied
 * only while the subscription still ends where it did (compare-and-set).
 */
export async function renewDue(ctx: BillingContext): Promise<RenewalReport> {
  const report: RenewalReport = { renewed: 0, canceled: 0, invoices: [] };
  const nowMs = ctx.clock.nowMs();
  for (const due of await ctx.store.dueSubscriptions(nowMs, BATCH)) {
    let sub: Subscription | null = due;
    for (let i = 0; sub && sub.status !== 'canceled' && sub.periodEndMs <= nowMs && i < MAX_PERIODS_PER_RUN; i++) {
      const result = await renewOnce(ctx, sub, nowMs);
      if (!result) break;
      if (result.invoice) report.invoices.push(result.invoice.number ?? result.invoice.id);
      if (result.next.status === 'canceled') report.canceled++;
      else report.renewed++;
      sub = result.next;
    }
  }
  return report;
}

async function renewOnce(ctx: BillingContext, sub: Subscription, nowMs: number): Promise<{ next: Subscription; invoice: Invoice | null } | null> {
  const customer = await ctx.customers.get(sub.customerId);
  const plan = await ctx.plans.get(sub.planId);
  const version = await ctx.plans.getVersion(sub.planVersionId);
  const endedStart = sub.periodStartMs;
  const endedEnd = sub.periodEndMs;
  const usage = await usageSection(ctx.store, await priceIndex(ctx), customer.id, endedStart, endedEnd);
  const transfers: Transfer[] = [];
  const earned = await ctx.store.feeInvoicedForPeriod(sub.id, endedStart);
  if (earned !== 0n) {
    transfers.push(recognitionTransfer({ id: `recognize:${sub.id}:${endedStart}`, customerId: customer.id, currency: customer.currency, amountNanos: earned, memo: `${plan.code} fee earned`, atMs: nowMs }));
  }
  const ending = sub.cancelAtPeriodEnd;
  const nextPeriod = periodAt(sub.anchorMs, version.interval, endedEnd);
  const coupon = sub.couponId ? await ctx.store.getCoupon(sub.couponId) : null;
  const discount = ending ? 0n : couponDiscountNanos(coupon, version.feeNanos, sub.couponPeriodsUsed);
  const next: Subscription = ending
    ? { ...sub, status: 'canceled', canceledAtMs: endedEnd, updatedAtMs: nowMs }
    : {
        ...sub,
        status: sub.status === 'past_due' ? 'past_due' : 'active',
        periodStartMs: nextPeriod.startMs,
        periodEndMs: nextPeriod.endMs,
        versionSinceMs: nextPeriod.startMs,
        couponPeriodsUsed: sub.couponPeriodsUsed + (discount > 0n ? 1 : 0),
        updatedAtMs: nowMs,
      };
  const billsFee = !ending && version.feeNanos > 0n;
  const issued = billsFee || usage
    ? issue(
        {
          id: ending ? `inv_${sub.id}_${endedStart}_final` : `inv_${sub.id}_${nextPeriod.startMs}`,
          kind: 'invoice',
          customer: customerOf(customer),
          subscriptionId: sub.id,
          periodStartMs: billsFee ? nextPeriod.startMs : endedStart,
          periodEndMs: billsFee ? nextPeriod.endMs : endedEnd,
          createdAtMs: nowMs,
          fee: billsFee ? feeLine(plan, version, nextPeriod.startMs, nextPeriod.endMs) : null,
          prorations: [],
          coupon: coupon && discount > 0n ? { description: `Coupon ${coupon.code}`, discountNanos: discount } : null,
          usage,
        },
        customer,
        nowMs,
      )
    : null;
  const kind = ending ? 'canceled' : sub.status === 'trialing' ? 'trial_ended' : 'renewed';
  const { applied, invoice } = await ctx.store.apply(
    {
      subscription: { next, expectedPeriodEndMs: endedEnd },
      event: event(sub.id, kind, endedEnd, { periodStartMs: next.periodStartMs, periodEndMs: next.periodEndMs }),
      invoice: issued?.invoice,
      transfers: [...(issued ? [issued.transfer] : []), ...transfers],
    },
    nowMs,
  );
  if (!applied) return null;
  if (invoice) await notifyFinalized(ctx, invoice, customer);
  if (kind !== 'renewed') await ctx.notify('subscription.changed', { subscriptionId: sub.id, customerId: sub.customerId, change: kind }, `subscription:${sub.id}:${kind}:${endedEnd}`);
  return { next, invoice };
}

export async function notifyFinalized(ctx: BillingContext, invoice: Invoice, customer: Customer): Promise<void> {
  await ctx.notify(
    'invoice.finalized',
    { invoiceId: invoice.id, number: invoice.number, customerId: customer.id, currency: invoice.currency, total: decimalString(invoice.totalNanos), amountDue: decimalString(invoice.amountDueNanos), dueAtMs: invoice.dueAtMs },
    `invoice:${invoice.id}:finalized`,
  );
}

/**
 * Postpaid customers without a subscription get one invoice a month (UTC calendar months) for
 * the usage they owe. Keyed by customer and month, so running it again changes nothing.
 */
export async function invoicePostpaidMonth(ctx: BillingContext, monthStartMs: number, monthEndMs: number): Promise<string[]> {
  const numbers: string[] = [];
  const nowMs = ctx.clock.nowMs();
  const prices = await priceIndex(ctx);
  let after: string | undefined;
  for (;;) {
    const page = await ctx.customers.list({ limit: 500, after });
    if (page.length === 0) break;
    after = page.at(-1)!.id;
    for (const customer of page) {
      if (customer.billingMode !== 'postpaid' || (await ctx.store.liveSubscription(customer.id))) continue;
      const id = `inv_${customer.id}_${monthStartMs}`;
      if (await ctx.store.getInvoice(id)) continue;
      const usage = await usageSection(ctx.store, prices, customer.id, monthStartMs, monthEndMs);
      if (!usage) continue;
      const issued = issue({ id, kind: 'invoice', customer: customerOf(customer), subscriptionId: null, periodStartMs: monthStartMs, periodEndMs: monthEndMs, createdAtMs: nowMs, fee: null, prorations: [], coupon: null, usage }, customer, nowMs);
      const { invoice } = await ctx.store.apply({ invoice: issued.invoice, transfers: [issued.transfer] }, nowMs);
      if (invoice) {
        numbers.push(invoice.number ?? invoice.id);
        await notifyFinalized(ctx, invoice, customer);
      }
    }
  }
  return numbers;
}

/** What the customer's next invoice would hold if its period ended now: a draft, not stored. */
export async function previewInvoice(ctx: BillingContext, customer: Customer): Promise<Invoice> {
  const nowMs = ctx.clock.nowMs();
  const sub = await ctx.store.liveSubscription(customer.id);
  const prices = await priceIndex(ctx);
  if (!sub) {
    const month = new Date(nowMs);
    const startMs = Date.UTC(month.getUTCFullYear(), month.getUTCMonth(), 1);
    const usage = await usageSection(ctx.store, prices, customer.id, startMs, nowMs + 1);
    return issueDraft({ id: 'preview', kind: 'invoice', customer: customerOf(customer), subscriptionId: null, periodStartMs: startMs, periodEndMs: nowMs, createdAtMs: nowMs, fee: null, prorations: [], coupon: null, usage });
  }
  const plan = await ctx.plans.get(sub.planId);
  const version = await ctx.plans.getVersion(sub.planVersionId);
  const next = periodAt(sub.anchorMs, version.interval, sub.periodEndMs);
  const usage = await usageSection(ctx.store, prices, customer.id, sub.periodStartMs, nowMs + 1);
  const coupon = sub.couponId ? await ctx.store.getCoupon(sub.couponId) : null;
  const discount = sub.cancelAtPeriodEnd ? 0n : couponDiscountNanos(coupon, version.feeNanos, sub.couponPeriodsUsed);
  return issueDraft({
    id: 'preview',
    kind: 'invoice',
    customer: customerOf(customer),
    subscriptionId: sub.id,
    periodStartMs: next.startMs,
    periodEndMs: next.endMs,
    createdAtMs: nowMs,
    fee: sub.cancelAtPeriodEnd ? null : feeLine(plan, version, next.startMs, next.endMs),
    prorations: [],
    coupon: coupon && discount > 0n ? { description: `Coupon ${coupon.code}`, discountNanos: discount } : null,
    usage,
  });
}
