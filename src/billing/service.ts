import type { Customer } from '../customers/types.js';
import { TollgateError } from '../core/errors.js';
import type { BillingContext } from './context.js';
import { runDunning, type DunningReport } from './dunning.js';
import { creditNote, voidInvoice } from './corrections.js';
import { invoicePostpaidMonth, previewInvoice, renewDue, type RenewalReport } from './renewal.js';
import { cancel, changePlan, subscribe } from './subscriptions.js';
import type { Subscription, SubscriptionEvent } from './subscription-types.js';
import type { Invoice, InvoiceStatus } from './types.js';

/** The billing verbs the admin API, the portal, the CLI and the jobs use. */
export class BillingService {
  constructor(readonly ctx: BillingContext) {}

  subscribe(customer: Customer, planCode: string, options: { coupon?: string } = {}) {
    return subscribe(this.ctx, customer, planCode, options);
  }

  changePlan(subscriptionId: string, planCode: string, options: { atMs?: number } = {}) {
    return changePlan(this.ctx, subscriptionId, planCode, options);
  }

  cancel(subscriptionId: string, options: { atPeriodEnd: boolean }) {
    return cancel(this.ctx, subscriptionId, options);
  }

  subscription(customerId: string): Promise<Subscription | null> {
    return this.ctx.store.liveSubscription(customerId);
  }

  async getSubscription(id: string): Promise<Subscription> {
    const sub = await this.ctx.store.getSubscription(id);
    if (!sub) throw new TollgateError('not_found', `No subscription ${id}.`);
    return sub;
  }

  listSubscriptions(filter: { customerId?: string; status?: Subscription['status']; limit: number }) {
    return this.ctx.store.listSubscriptions(filter);
  }

  events(subscriptionId: string): Promise<SubscriptionEvent[]> {
    return this.ctx.store.subscriptionEvents(subscriptionId);
  }

  async invoice(id: string): Promise<Invoice> {
    const invoice = await this.ctx.store.getInvoice(id);
    if (!invoice) throw new TollgateError('not_found', `No invoice ${id}.`);
    return invoice;
  }

  invoices(filter: { customerId?: string; status?: InvoiceStatus; issuedOnly?: boolean; limit: number; beforeMs?: number }) {
    return this.ctx.store.listInvoices(filter);
  }

  preview(customer: Customer): Promise<Invoice> {
    return previewInvoice(this.ctx, customer);
  }

  creditNote(invoiceId: string, amountNanos: bigint, reason: string) {
    return creditNote(this.ctx, invoiceId, amountNanos, reason);
  }

  void(invoiceId: string, reason: string) {
    return voidInvoice(this.ctx, invoiceId, reason);
  }

  /**
   * The billing job: close ended periods, invoice last month's postpaid usage, chase unpaid
   * invoices. Idempotent, so it runs from `tollgate serve` every minute and from the CLI.
   */
  async run(): Promise<{ renewal: RenewalReport; postpaid: string[]; dunning: DunningReport }> {
    const renewal = await renewDue(this.ctx);
    const now = new Date(this.ctx.clock.nowMs());
    const monthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1);
    const lastMonthStart = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1);
    const postpaid = await invoicePostpaidMonth(this.ctx, lastMonthStart, monthStart);
    const dunning = await runDunning(this.ctx);
    return { renewal, postpaid, dunning };
  }
}
