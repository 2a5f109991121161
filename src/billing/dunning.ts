import { decimalString } from '../core/money.js';
import type { BillingContext } from './context.js';
import { event } from './subscriptions.js';

const DAY_MS = 86_400_000;
/** Reminders go out this many days after the due date. */
const REMINDER_DAYS = [1, 3, 7];

export interface DunningReport {
  overdue: number;
  pastDue: number;
  suspended: number;
}

/**
 * Chases unpaid invoices: a subscription with an invoice past its due date becomes past_due,
 * reminders go out on days 1, 3 and 7, and after the grace period the customer's keys are
 * suspended. Paying restores everything (see effects.ts). Each step is idempotent.
 */
export async function runDunning(ctx: BillingContext): Promise<DunningReport> {
  const nowMs = ctx.clock.nowMs();
  const report: DunningReport = { overdue: 0, pastDue: 0, suspended: 0 };
  for (const invoice of await ctx.store.overdueInvoices(nowMs)) {
    report.overdue++;
    const daysLate = Math.floor((nowMs - invoice.dueAtMs!) / DAY_MS);
    if (invoice.subscriptionId) {
      const sub = await ctx.store.getSubscription(invoice.subscriptionId);
      if (sub && sub.status === 'active') {
        const { applied } = await ctx.store.apply({ subscription: { next: { ...sub, status: 'past_due', updatedAtMs: nowMs }, expectedPeriodEndMs: sub.periodEndMs }, event: event(sub.id, 'past_due', nowMs, { invoiceId: invoice.id }), transfers: [] }, nowMs);
        if (applied) report.pastDue++;
      }
    }
    for (const day of REMINDER_DAYS.filter((d) => daysLate >= d)) {
      await ctx.notify('invoice.payment_reminder', { invoiceId: invoice.id, number: invoice.number, customerId: invoice.customerId, amountDue: decimalString(invoice.amountDueNanos), daysLate }, `invoice:${invoice.id}:reminder:${day}`);
    }
    if (daysLate >= ctx.graceDays) {
      const customer = await ctx.customers.get(invoice.customerId);
      if (customer.suspendedAtMs === null) {
        await ctx.customers.update(customer.id, { suspendedAtMs: nowMs });
        await ctx.notify('customer.suspended', { customerId: customer.id, invoiceId: invoice.id }, `customer:${customer.id}:suspended:${invoice.id}`);
        report.suspended++;
      }
    }
  }
  return report;
}

/** After a payment: when nothing is overdue any more, keys work again and a past-due subscription is active. */
export async function restoreIfSettled(ctx: BillingContext, customerId: string): Promise<void> {
  const nowMs = ctx.clock.nowMs();
  const overdue = (await ctx.store.overdueInvoices(nowMs)).filter((i) => i.customerId === customerId);
  if (overdue.length > 0) return;
  const customer = await ctx.customers.get(customerId);
  if (customer.suspendedAtMs !== null) await ctx.customers.update(customerId, { suspendedAtMs: null });
  const sub = await ctx.store.liveSubscription(customerId);
  if (sub?.status === 'past_due') {
    await ctx.store.apply({ subscription: { next: { ...sub, status: 'active', updatedAtMs: nowMs }, expectedPeriodEndMs: sub.periodEndMs }, event: event(sub.id, 'reactivated', nowMs), transfers: [] }, nowMs);
  }
}
