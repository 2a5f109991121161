import type { Currency } from '../core/money.js';
import type { Units } from '../pricing/types.js';
import type { AllowanceUsageSource } from './allowance.js';
import type { CouponStore } from './coupons.js';
import type { PlanStore } from './plans.js';
import type { BillingChange, Subscription, SubscriptionEvent } from './subscription-types.js';
import type { Invoice, InvoiceStatus } from './types.js';

/** Usage of one customer over a period, as its invoice needs it. */
export interface PeriodUsage {
  groups: { model: string; priceId: string | null; discountBps: number; units: Units; valueNanos: bigint }[];
  includedNanos: bigint;
  /** Charged to the customer (prepaid credit or receivable). */
  chargedNanos: bigint;
  /** The part of the charge posted to the receivable: billed in arrears by the invoice. */
  arrearsNanos: bigint;
}

export interface BillingStore extends PlanStore, CouponStore, AllowanceUsageSource {
  /** Applies a change atomically; `applied` is false when the subscription moved on meanwhile. */
  apply(change: BillingChange, nowMs: number): Promise<{ applied: boolean; invoice: Invoice | null }>;
  getSubscription(id: string): Promise<Subscription | null>;
  liveSubscription(customerId: string): Promise<Subscription | null>;
  listSubscriptions(filter: { customerId?: string; status?: Subscription['status']; limit: number }): Promise<Subscription[]>;
  dueSubscriptions(nowMs: number, limit: number): Promise<Subscription[]>;
  subscriptionEvents(subscriptionId: string): Promise<SubscriptionEvent[]>;
  getInvoice(id: string): Promise<Invoice | null>;
  listInvoices(filter: { customerId?: string; status?: InvoiceStatus; issuedOnly?: boolean; limit: number; beforeMs?: number }): Promise<Invoice[]>;
  /** Finalized invoices with money still due after their due date. */
  overdueInvoices(nowMs: number): Promise<Invoice[]>;
  /** The fee part (fee, prorations, coupons) invoiced for one period of a subscription. */
  feeInvoicedForPeriod(subscriptionId: string, periodStartMs: number): Promise<bigint>;
  usageForPeriod(customerId: string, startMs: number, endMs: number): Promise<PeriodUsage>;
  /** Records money received for an invoice, with its ledger transfer, once per payment id. */
  recordInvoicePayment(p: { invoiceId: string; paymentId: string; amountNanos: bigint; currency: Currency; atMs: number }): Promise<Invoice>;
  getSetting(key: string): Promise<string | null>;
  setSetting(key: string, value: string, nowMs: number): Promise<void>;
}
