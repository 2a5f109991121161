import { decimalString } from '../core/money.js';
import type { LedgerService } from '../ledger/service.js';
import type { Payment, PaymentEffects } from '../payments/types.js';
import type { BillingContext } from './context.js';
import { restoreIfSettled } from './dunning.js';

/** What payments do to billing: each effect is idempotent by payment id (replays change nothing). */
export function billingEffects(ctx: BillingContext, ledger: LedgerService): PaymentEffects {
  return {
    async topUpSucceeded(payment: Payment) {
      const customer = await ctx.customers.get(payment.customerId);
      await ledger.topUp(customer, { amountNanos: payment.amountNanos, id: payment.id, memo: `${payment.provider} payment ${payment.externalId ?? payment.id}` });
      await ctx.notify('payment.succeeded', { paymentId: payment.id, customerId: payment.customerId, purpose: 'top_up', amount: decimalString(payment.amountNanos), currency: payment.currency }, `payment:${payment.id}:succeeded`);
    },
    async invoicePaid(payment: Payment) {
      if (!payment.invoiceId) throw new Error(`Payment ${payment.id} is for an invoice but names none.`);
      const invoice = await ctx.store.recordInvoicePayment({ invoiceId: payment.invoiceId, paymentId: payment.id, amountNanos: payment.amountNanos, currency: payment.currency, atMs: ctx.clock.nowMs() });
      await restoreIfSettled(ctx, invoice.customerId);
      await ctx.notify('payment.succeeded', { paymentId: payment.id, customerId: payment.customerId, purpose: 'invoice', invoiceId: invoice.id, number: invoice.number, amount: decimalString(payment.amountNanos), currency: payment.currency }, `payment:${payment.id}:succeeded`);
    },
    async paymentFailed(payment: Payment) {
      await ctx.notify('payment.failed', { paymentId: payment.id, customerId: payment.customerId, purpose: payment.purpose, invoiceId: payment.invoiceId, reason: payment.failureReason }, `payment:${payment.id}:failed`);
    },
  };
}
