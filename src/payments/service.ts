import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { readStripeEvent, reportsMoney } from './events.js';
import { manualExternalId } from './manual.js';
import { checkoutUnitAmount, requireWholeMinorUnits } from './minor-units.js';
import type { EventOutcome, InvoiceLookup, PaymentFilter, PaymentStore, RecordedEvent } from './store.js';
import { type CheckoutProvider, verifyStripeEvent } from './stripe.js';
import type { Payment, PaymentEffects, PaymentPurpose } from './types.js';

/**
 * A delivery that finds its event still `effects_pending` this long after the first one arrived
 * takes over: the first one crashed or its effect failed. Younger, the first is presumably still
 * running, so the duplicate is refused (409) and Stripe retries it later.
 */
export const EFFECTS_LEASE_MS = 60_000;

export type PayingCustomer = Pick<Customer, 'id' | 'currency' | 'email'>;

export interface CheckoutUrls {
  successUrl?: string;
  cancelUrl?: string;
}

export interface ManualPaymentInput {
  purpose: PaymentPurpose;
  invoiceId?: string | null;
  amountNanos: bigint;
  /** What identifies the money received, e.g. the bank transfer's reference; unique per customer. */
  reference: string;
}

export interface InvoiceToPay {
  id: string;
  currency: Currency;
  amountDueNanos: bigint;
}

export interface WebhookReceipt {
  eventId: string;
  type: string;
  outcome: EventOutcome;
  /** The event had been received before; this delivery changed nothing. */
  duplicate: boolean;
  paymentId: string | null;
}

export interface PaymentLogger {
  info(details: object, message: string): void;
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface PaymentServiceDeps {
  store: PaymentStore;
  invoices: InvoiceLookup;
  effects: PaymentEffects;
  /** Null when TOLLGATE_STRIPE_SECRET_KEY is not set. */
  checkout: CheckoutProvider | null;
  /** Null when TOLLGATE_STRIPE_WEBHOOK_SECRET is not set. */
  webhookSecret: string | null;
  /** For default return URLs from checkout; null: callers must give them. */
  publicUrl: string | null;
  clock: Clock;
  logger: PaymentLogger;
}


/** Money customers pay: Stripe Checkout for cards, manual records for bank transfers. */
export class PaymentService {
  constructor(private readonly deps: PaymentServiceDeps) {}

  createTopUpCheckout(customer: PayingCustomer, amountNanos: bigint, urls: CheckoutUrls = {}): Promise<{ payment: Payment; url: string }> {
    return this.createCheckout(customer, { purpose: 'top_up', invoiceId: null, currency: customer.currency, amountNanos }, urls);
  }

  createInvoiceCheckout(customer: PayingCustomer, invoice: InvoiceToPay, urls: CheckoutUrls = {}): Promise<{ payment: Payment; url: string }> {
    return this.createCheckout(customer, { purpose: 'invoice', invoiceId: invoice.id, currency: invoice.currency, amountNanos: invoice.amountDueNanos }, urls);
  }

  /** An invoice of this customer that can be paid now, with what is still owed on it. */
  async invoiceToPay(customer: PayingCustomer, invoiceId: string): Promise<InvoiceToPay> {
    const invoice = await this.invoiceOf(customer, invoiceId);
    if (invoice.status !== 'finalized') throw new TollgateError('conflict', `Invoice ${invoiceId} is ${invoice.status}; only a finalized invoice can be paid.`, { param: 'invoiceId' });
    if (invoice.outstandingNanos <= 0n) throw new TollgateError('conflict', `Invoice ${invoiceId} has nothing left to pay.`, { param: 'invoiceId' });
    return { id: invoice.id, currency: invoice.currency, amountDueNanos: invoice.outstandingNanos };
  }

  /**
   * Money an operator saw arrive (a bank transfer). Recording the same reference again returns the
   * first payment and runs its effect again, which is how a record interrupted by a crash completes.
   */
  async recordManualPayment(customer: PayingCustomer, input: ManualPaymentInput): Promise<{ payment: Payment; created: boolean }> {
    const reference = input.reference.trim();
    if (!reference) throw new TollgateError('invalid_request', 'reference must not be empty.', { param: 'reference' });
    const invoiceId = input.invoiceId ?? null;
    if (input.purpose === 'invoice' && !invoiceId) throw new TollgateError('invalid_request', 'invoiceId is required to pay an invoice.', { param: 'invoiceId' });
    if (input.purpose === 'top_up' && invoiceId) throw new TollgateError('invalid_request', 'A top-up does not pay an invoice; leave invoiceId out.', { param: 'invoiceId' });
    const currency = invoiceId ? (await this.invoiceOf(customer, invoiceId)).currency : customer.currency;
    requireWholeMinorUnits(input.amountNanos, currency);
    const nowMs = this.deps.clock.nowMs();
    const candidate: Payment = {
      id: newId('pay', nowMs),
      provider: 'manual',
      externalId: manualExternalId(customer.id, reference),
      customerId: customer.id,
      invoiceId,
      purpose: input.purpose,
      currency,
      amountNanos: input.amountNanos,
      status: 'succeeded',
      checkoutUrl: null,
      failureReason: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    const { payment, inserted } = await this.deps.store.insertPayment(candidate);
    const same = payment.purpose === candidate.purpose && payment.invoiceId === candidate.invoiceId && payment.currency === candidate.currency && payment.amountNanos === candidate.amountNanos;
    if (!same) throw new TollgateError('conflict', `Reference "${reference}" was already recorded for a different payment (${payment.id}).`, { param: 'reference' });
    await this.runEffects(payment);
    return { payment, created: inserted };
  }

  /** Verifies, records once, moves the payment forward only, then runs the effect (see README.md). */
  async handleStripeWebhook(rawBody: Buffer, signatureHeader: string): Promise<WebhookReceipt> {
    if (!this.deps.webhookSecret) throw new TollgateError('payments_not_configured', 'Stripe webhooks need TOLLGATE_STRIPE_WEBHOOK_SECRET.');
    const event = verifyStripeEvent(rawBody, signatureHeader, this.deps.webhookSecret);
    const reading = readStripeEvent(event);
    const receivedAtMs = this.deps.clock.nowMs();
    const recorded = { id: event.id, provider: 'stripe' as const, type: event.type, providerCreatedMs: event.created * 1000, receivedAtMs };
    const result = await this.deps.store.recordEvent(recorded, reading.lookup, reading.decide);
    const details = { eventId: event.id, type: event.type, sessionId: reading.sessionId, paymentId: result.payment?.id ?? null, outcome: result.event.outcome };

    if (result.fresh) this.logOutcome(details, result.payment);
    if (result.event.outcome === 'effects_pending') {
      if (!result.fresh) {
        if (receivedAtMs - result.event.receivedAtMs < EFFECTS_LEASE_MS) {
          throw new TollgateError('conflict', `Event ${event.id} is being applied by an earlier delivery; retry later.`);
        }
        this.deps.logger.warn(details, 'payment event: resuming effects an earlier delivery did not finish');
      }
      await this.finishEffects(result.event, result.payment!);
      return { eventId: event.id, type: event.type, outcome: 'applied', duplicate: !result.fresh, paymentId: result.payment!.id };
    }
    return { eventId: event.id, type: event.type, outcome: result.event.outcome, duplicate: !result.fresh, paymentId: result.event.paymentId };
  }

  async get(id: string): Promise<Payment> {
    const payment = await this.deps.store.getPayment(id);
    if (!payment) throw new TollgateError('not_found', `No payment with id ${id}.`);
    return payment;
  }

  list(filter: PaymentFilter): Promise<Payment[]> {
    return this.deps.store.listPayments(filter);
  }

  events(paymentId: string): Promise<RecordedEvent[]> {
    return this.deps.store.listEvents(paymentId);
  }

  private async createCheckout(
    customer: PayingCustomer,
    what: { purpose: PaymentPurpose; invoiceId: string | null; currency: Currency; amountNanos: bigint },
    urls: CheckoutUrls,
  ): Promise<{ payment: Payment; url: string }> {
    const checkout = this.deps.checkout;
    if (!checkout) throw new TollgateError('payments_not_configured', 'Card payments need TOLLGATE_STRIPE_SECRET_KEY; record bank transfers as manual payments instead.');
    const unitAmount = checkoutUnitAmount(what.amountNanos, what.currency);
    const nowMs = this.deps.clock.nowMs();
    const id = newId('pay', nowMs);
    const { successUrl, cancelUrl } = this.returnUrls(id, urls);
    const pending: Payment = {
      id, provider: 'stripe', externalId: null, customerId: customer.id, invoiceId: what.invoiceId, purpose: what.purpose, currency: what.currency,
      amountNanos: what.amountNanos, status: 'pending', checkoutUrl: null, failureReason: null, createdAtMs: nowMs, updatedAtMs: nowMs,
    };
    // Stored before Stripe hears of it, so that no session can be paid for a payment Tollgate lacks.
    await this.deps.store.insertPayment(pending);
    let session;
    try {
      session = await checkout.createSession({
        paymentId: id, customerId: customer.id, customerEmail: customer.email, purpose: what.purpose, invoiceId: what.invoiceId,
        currency: what.currency.toLowerCase(), unitAmountMinorUnits: unitAmount,
        productName: what.purpose === 'top_up' ? 'Prepaid credit' : `Invoice ${what.invoiceId}`,
        successUrl, cancelUrl,
      });
    } catch (error) {
      const reason = `checkout_not_created: ${(error as Error).message}`.slice(0, 500);
      await this.deps.store.failPending(id, reason, this.deps.clock.nowMs());
      throw new TollgateError('payment_provider_error', `Stripe did not open a checkout: ${(error as Error).message}`, { cause: error });
    }
    const payment = await this.deps.store.attachCheckout(id, session.id, session.url, this.deps.clock.nowMs());
    return { payment: payment!, url: session.url };
  }

  private returnUrls(paymentId: string, urls: CheckoutUrls): { successUrl: string; cancelUrl: string } {
    const base = this.deps.publicUrl;
    // The console's billing page shows the outcome (its routes live after the hash).
    const successUrl = urls.successUrl ?? (base ? `${base}/console/#/portal/billing?checkout=success&payment=${paymentId}` : null);
    const cancelUrl = urls.cancelUrl ?? (base ? `${base}/console/#/portal/billing?checkout=canceled&payment=${paymentId}` : null);
    if (!successUrl || !cancelUrl) {
      throw new TollgateError('invalid_request', 'successUrl and cancelUrl are required when TOLLGATE_PUBLIC_URL is not set.', { param: successUrl ? 'cancelUrl' : 'successUrl' });
    }
    return { successUrl, cancelUrl };
  }

  private async invoiceOf(customer: PayingCustomer, invoiceId: string) {
    const invoice = await this.deps.invoices.findInvoice(invoiceId);
    if (!invoice || invoice.customerId !== customer.id) throw new TollgateError('not_found', `Customer ${customer.id} has no invoice ${invoiceId}.`, { param: 'invoiceId' });
    return invoice;
  }

  private async finishEffects(event: RecordedEvent, payment: Payment): Promise<void> {
    await this.runEffects(payment);
    await this.deps.store.markEffectsDone(event.id);
  }

  /** Each effect is idempotent by payment id (the contract of PaymentEffects), so a rerun is harmless. */
  private async runEffects(payment: Payment): Promise<void> {
    if (payment.status === 'succeeded') {
      if (payment.purpose === 'top_up') await this.deps.effects.topUpSucceeded(payment);
      else await this.deps.effects.invoicePaid(payment);
    } else if (payment.status === 'failed' || payment.status === 'canceled') {
      await this.deps.effects.paymentFailed(payment);
    }
  }

  private logOutcome(details: Record<string, unknown>, payment: Payment | null): void {
    const { logger } = this.deps;
    switch (details.outcome as EventOutcome) {
      case 'unknown_payment':
        logger.warn(details, 'payment event: names no payment Tollgate knows; recorded and ignored');
        break;
      case 'amount_mismatch':
        logger.error({ ...details, amountNanos: payment?.amountNanos.toString(), currency: payment?.currency }, 'payment event: Stripe amount or currency differs from the payment; not applied');
        break;
      case 'already_final':
        if (reportsMoney(String(details.type)) && payment && payment.status !== 'succeeded') {
          logger.error({ ...details, status: payment.status }, 'payment event: Stripe reports money for a payment that had already failed or been canceled; check it in Stripe');
        } else {
          logger.info({ ...details, status: payment?.status }, 'payment event: payment already final; nothing to change');
        }
        break;
      case 'effects_pending':
        logger.info({ ...details, status: payment?.status }, 'payment event: payment moved');
        break;
      default:
        logger.info(details, 'payment event: recorded');
    }
  }
}
