import type { Currency } from '../core/money.js';

export type PaymentProvider = 'manual' | 'stripe';
export type PaymentPurpose = 'top_up' | 'invoice';
export type PaymentStatus = 'pending' | 'succeeded' | 'failed' | 'canceled';

/** Money a customer pays (or tries to): a top-up of prepaid credit, or an invoice. */
export interface Payment {
  id: string;
  provider: PaymentProvider;
  /**
   * The provider's id (a Stripe Checkout Session id; null until the session exists). For manual
   * payments, `manual:<customerId>:<operator's reference>`, which makes a reference unique per customer.
   */
  externalId: string | null;
  customerId: string;
  invoiceId: string | null;
  purpose: PaymentPurpose;
  currency: Currency;
  amountNanos: bigint;
  status: PaymentStatus;
  /** Where the customer pays (Stripe Checkout), while pending. */
  checkoutUrl: string | null;
  failureReason: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

/**
 * What a succeeded or failed payment does to the rest of Tollgate. Billing implements it: a
 * top-up credits the wallet, an invoice payment settles the invoice (and lifts a suspension).
 * Each effect is idempotent by payment id, so a replayed provider event changes nothing.
 */
export interface PaymentEffects {
  topUpSucceeded(payment: Payment): Promise<void>;
  invoicePaid(payment: Payment): Promise<void>;
  paymentFailed(payment: Payment): Promise<void>;
}
