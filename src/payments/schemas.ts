import { z } from 'zod';
import { moneyOut, positiveMoney, showMoney } from '../admin/money-schemas.js';
import { pageQuery } from '../admin/schemas.js';
import { manualReference } from './manual.js';
import type { RecordedEvent } from './store.js';
import type { Payment } from './types.js';

const statuses = z.enum(['pending', 'succeeded', 'failed', 'canceled']);
const returnUrls = {
  successUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where Stripe sends the customer after paying; default from TOLLGATE_PUBLIC_URL'),
  cancelUrl: z.url({ protocol: /^https?$/ }).optional().describe('Where Stripe sends the customer who gives up; default from TOLLGATE_PUBLIC_URL'),
};
const reference = z.string().trim().min(1).max(200).describe("What identifies the money received, e.g. the bank transfer's reference. Unique per customer: sending it again returns the first record.");

export const paymentView = z.object({
  id: z.string(),
  provider: z.enum(['manual', 'stripe']),
  externalId: z.string().nullable().describe("Stripe's Checkout Session id; for manual payments manual:<customerId>:<reference>"),
  reference: z.string().nullable().describe("The operator's reference of a manual payment"),
  customerId: z.string(),
  invoiceId: z.string().nullable(),
  purpose: z.enum(['top_up', 'invoice']),
  currency: z.string(),
  amount: moneyOut,
  status: statuses,
  checkoutUrl: z.string().nullable(),
  failureReason: z.string().nullable(),
  createdAtMs: z.number(),
  updatedAtMs: z.number(),
});

export const paymentDetailView = paymentView.extend({
  events: z.array(z.object({ id: z.string(), type: z.string(), outcome: z.string(), providerCreatedMs: z.number(), receivedAtMs: z.number() })).describe('Provider events that named this payment, oldest first'),
});

export const manualPaymentInput = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('top_up'), amount: positiveMoney, reference }),
  z.object({ purpose: z.literal('invoice'), invoiceId: z.string().min(1), amount: positiveMoney, reference }),
]);

export const checkoutInput = z.discriminatedUnion('purpose', [
  z.object({ purpose: z.literal('top_up'), amount: positiveMoney, ...returnUrls }),
  z.object({ purpose: z.literal('invoice'), invoiceId: z.string().min(1).describe('A finalized invoice of this customer; what is still owed on it is charged'), ...returnUrls }),
]);

export const checkoutView = z.object({ url: z.string().describe("Stripe's hosted checkout page: send the customer there"), payment: paymentView });

export const paymentQuery = pageQuery.extend({ customerId: z.string().optional(), status: statuses.optional() });

export function viewPayment(payment: Payment): z.infer<typeof paymentView> {
  const { amountNanos, ...rest } = payment;
  return { ...rest, reference: manualReference(payment), amount: showMoney(amountNanos) };
}

export function viewEvent(event: RecordedEvent) {
  return { id: event.id, type: event.type, outcome: event.outcome, providerCreatedMs: event.providerCreatedMs, receivedAtMs: event.receivedAtMs };
}
