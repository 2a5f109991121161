import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { ManualClock } from '../core/clock.js';
import { parseDecimalNanos } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { KyselyInvoiceLookup, KyselyPaymentStore } from '../storage/repos/payments.js';
import { createTestDatabase, dialects, type TestDatabase } from '../test-support/dialects.js';
import { checkoutSessionEvent, type StandInSession } from '../test-support/stripe-stand-in.js';
import { EFFECTS_LEASE_MS, PaymentService } from './service.js';
import type { Payment, PaymentEffects } from './types.js';

const WEBHOOK_SECRET = 'whsec_effects_suite';
const nanos = (text: string) => parseDecimalNanos(text)!;

/** Records every effect call; fails the next `failures` calls, as a crash or a down database would. */
class RecordingEffects implements PaymentEffects {
  calls: { effect: string; paymentId: string; status: string }[] = [];
  failures = 0;
  private async record(effect: string, payment: Payment) {
    this.calls.push({ effect, paymentId: payment.id, status: payment.status });
    if (this.failures > 0) {
      this.failures--;
      throw new Error('effect failed');
    }
  }
  topUpSucceeded = (p: Payment) => this.record('topUpSucceeded', p);
  invoicePaid = (p: Payment) => this.record('invoicePaid', p);
  paymentFailed = (p: Payment) => this.record('paymentFailed', p);
  of = (paymentId: string) => this.calls.filter((c) => c.paymentId === paymentId).map((c) => c.effect);
}

const silent = { info: () => undefined, warn: () => undefined, error: () => undefined };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`payment effects (${dialect.name})`, () => {
    let database: TestDatabase;
    let services: Services;
    let clock: ManualClock;
    let effects: RecordingEffects;
    let payments: PaymentService;
    let store: KyselyPaymentStore;
    let customer: Customer;

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { pgSchema: database.pgSchema });
      clock = new ManualClock(Date.now());
      effects = new RecordingEffects();
      store = new KyselyPaymentStore(services.store.db);
      payments = new PaymentService({
        store, invoices: new KyselyInvoiceLookup(services.store.db), effects, checkout: null, webhookSecret: WEBHOOK_SECRET, publicUrl: null, clock, logger: silent,
      });
      customer = await services.customers.create({ name: `Effects ${dialect.name}` });
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    /** A pending Stripe payment and the session Stripe would report for it. */
    async function pendingPayment(amount: string): Promise<{ payment: Payment; session: StandInSession }> {
      const nowMs = clock.nowMs();
      const id = `pay_${dialect.name}_${nowMs}_${Math.random().toString(36).slice(2)}`;
      const sessionId = `cs_test_${id}`;
      const payment: Payment = {
        id, provider: 'stripe', externalId: sessionId, customerId: customer.id, invoiceId: null, purpose: 'top_up', currency: 'USD', amountNanos: nanos(amount),
        status: 'pending', checkoutUrl: 'https://checkout.example/x', failureReason: null, createdAtMs: nowMs, updatedAtMs: nowMs,
      };
      await store.insertPayment(payment);
      const session: StandInSession = {
        id: sessionId, object: 'checkout.session', url: 'https://checkout.example/x', mode: 'payment', amount_total: Number(nanos(amount) / 10_000_000n), currency: 'usd',
        client_reference_id: id, customer_email: null, metadata: { payment_id: id }, payment_status: 'unpaid', status: 'open', success_url: '', cancel_url: '', created: 1,
      };
      return { payment, session };
    }

    function deliver(event: object) {
      const payload = JSON.stringify(event);
      return payments.handleStripeWebhook(Buffer.from(payload), Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET }));
    }

    it('commits the status before the effect, and finishes the effect on a redelivery after a failure', async () => {
      const { payment, session } = await pendingPayment('10.00');
      const event = checkoutSessionEvent('checkout.session.completed', session);
      effects.failures = 1;
      await expect(deliver(event)).rejects.toThrow('effect failed');
      expect((await payments.get(payment.id)).status).toBe('succeeded');
      expect((await payments.events(payment.id)).map((e) => e.outcome)).toEqual(['effects_pending']);

      // Stripe retries. Within the lease the first delivery may still be running: come back later.
      clock.advance(EFFECTS_LEASE_MS - 1);
      await expect(deliver(event)).rejects.toMatchObject({ code: 'conflict', status: 409 });
      expect(effects.of(payment.id)).toEqual(['topUpSucceeded']);

      clock.advance(1);
      expect(await deliver(event)).toMatchObject({ outcome: 'applied', duplicate: true });
      expect(effects.of(payment.id)).toEqual(['topUpSucceeded', 'topUpSucceeded']);
      expect((await payments.events(payment.id)).map((e) => e.outcome)).toEqual(['applied']);

      expect(await deliver(event)).toMatchObject({ outcome: 'applied', duplicate: true });
      expect(effects.of(payment.id)).toHaveLength(2);
    });

    it('calls paymentFailed once for an expired checkout, with the payment as it ended', async () => {
      const { payment, session } = await pendingPayment('5.00');
      const event = checkoutSessionEvent('checkout.session.expired', session);
      await deliver(event);
      await deliver(event);
      await deliver(checkoutSessionEvent('checkout.session.completed', session));
      expect(effects.calls.filter((c) => c.paymentId === payment.id)).toEqual([{ effect: 'paymentFailed', paymentId: payment.id, status: 'canceled' }]);
    });

    it('records a manual payment once per reference and reruns its idempotent effect on a retry', async () => {
      const input = { purpose: 'top_up' as const, amountNanos: nanos('100'), reference: 'WIRE-2026-0042' };
      const first = await payments.recordManualPayment(customer, input);
      expect(first).toMatchObject({ created: true, payment: { provider: 'manual', status: 'succeeded', currency: 'USD', amountNanos: nanos('100') } });
      const again = await payments.recordManualPayment(customer, { ...input, reference: '  WIRE-2026-0042 ' });
      expect(again).toEqual({ created: false, payment: first.payment });
      expect(effects.of(first.payment.id)).toEqual(['topUpSucceeded', 'topUpSucceeded']);
      await expect(payments.recordManualPayment(customer, { ...input, amountNanos: nanos('99') })).rejects.toMatchObject({ code: 'conflict', param: 'reference' });
      const other = await services.customers.create({ name: `Other ${dialect.name}` });
      expect((await payments.recordManualPayment(other, input)).created).toBe(true);
    });

    it('refuses a manual payment in fractions of a cent, or for an invoice of someone else', async () => {
      await expect(payments.recordManualPayment(customer, { purpose: 'top_up', amountNanos: nanos('1.001'), reference: 'R-1' })).rejects.toMatchObject({ code: 'invalid_request', param: 'amount' });
      await expect(payments.recordManualPayment(customer, { purpose: 'invoice', invoiceId: 'inv_nobody', amountNanos: nanos('1'), reference: 'R-2' })).rejects.toMatchObject({ code: 'not_found', param: 'invoiceId' });
      await expect(payments.recordManualPayment(customer, { purpose: 'invoice', amountNanos: nanos('1'), reference: 'R-3' })).rejects.toMatchObject({ code: 'invalid_request', param: 'invoiceId' });
      expect((await payments.list({ customerId: customer.id, limit: 100 })).map((p) => p.externalId)).not.toContain(`manual:${customer.id}:R-1`);
    });
  });
}
