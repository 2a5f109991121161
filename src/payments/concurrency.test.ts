import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Services } from '../app/services.js';
import { parseDecimalNanos } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { checkoutSessionEvent, startStripeStandIn, type StripeStandIn } from '../test-support/stripe-stand-in.js';

const WEBHOOK_SECRET = 'whsec_concurrency_suite';
const nanos = (text: string) => parseDecimalNanos(text)!;
const urls = { successUrl: 'https://shop.example/ok', cancelUrl: 'https://shop.example/back' };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`webhook deliveries racing each other (${dialect.name})`, () => {
    let standIn: StripeStandIn;
    let t: TestGateway;
    let services: Services;
    let customer: Customer;
    let topUp: MockInstance<Services['ledger']['topUp']>;

    beforeAll(async () => {
      standIn = await startStripeStandIn();
      t = await startTestGateway({
        dialect: dialect.name,
        env: { TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_race', TOLLGATE_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, TOLLGATE_STRIPE_API_BASE: standIn.apiBase },
      });
      services = t.gateway.services;
      customer = await services.customers.create({ name: `Racer ${dialect.name}` });
      topUp = vi.spyOn(services.ledger, 'topUp');
    });
    afterAll(async () => {
      await t?.stop();
      await standIn?.close();
    });

    function deliver(event: object) {
      const payload = JSON.stringify(event);
      const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
      return fetch(`${t.url}/webhooks/stripe`, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload }).then(
        async (r) => ({ status: r.status, body: (await r.json()) as Record<string, any> }),
      );
    }

    async function checkout(amount: string) {
      const { payment } = await services.payments.createTopUpCheckout(customer, nanos(amount), urls);
      return { payment, session: standIn.sessions.get(payment.externalId!)! };
    }

    const wallet = async () => (await services.ledger.balances(customer.id)).walletNanos;
    const topUpsOf = (paymentId: string) => topUp.mock.calls.filter(([, input]) => input.id === paymentId).length;

    it('applies the same event delivered 10 times at once exactly once', async () => {
      const { payment, session } = await checkout('42.00');
      const before = await wallet();
      const event = checkoutSessionEvent('checkout.session.completed', session);
      const answers = await Promise.all(Array.from({ length: 10 }, () => deliver(event)));

      // One delivery applies it; the others are acknowledged, or (while the first is still
      // running the effect) asked to come back later, which Stripe does.
      expect(answers.filter((a) => a.status === 200 && a.body.duplicate === false)).toHaveLength(1);
      for (const a of answers) expect(a.status === 200 || (a.status === 409 && a.body.error.code === 'conflict')).toBe(true);
      expect(topUpsOf(payment.id)).toBe(1);
      expect((await wallet()) - before).toBe(nanos('42.00'));
      expect(await services.payments.events(payment.id)).toEqual([expect.objectContaining({ id: event.id, outcome: 'applied' })]);
      expect(await deliver(event)).toMatchObject({ status: 200, body: { duplicate: true, outcome: 'applied' } });
    });

    it('applies a payment once when different events for it race (completed and async_payment_succeeded)', async () => {
      const { payment, session } = await checkout('13.00');
      const before = await wallet();
      const events = Array.from({ length: 10 }, (_, i) => checkoutSessionEvent(i % 2 ? 'checkout.session.async_payment_succeeded' : 'checkout.session.completed', session));
      const answers = await Promise.all(events.map(deliver));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      expect(answers.filter((a) => a.body.outcome === 'applied')).toHaveLength(1);
      expect(answers.filter((a) => a.body.outcome === 'already_final')).toHaveLength(9);
      expect(topUpsOf(payment.id)).toBe(1);
      expect((await wallet()) - before).toBe(nanos('13.00'));
      expect((await services.payments.get(payment.id)).status).toBe('succeeded');
    });

    it('lets succeeded win whatever order completed and expired race in', async () => {
      const { payment, session } = await checkout('3.00');
      const events = [
        checkoutSessionEvent('checkout.session.completed', session),
        ...Array.from({ length: 5 }, () => checkoutSessionEvent('checkout.session.expired', session)),
      ];
      const answers = await Promise.all(events.map(deliver));
      expect(answers.every((a) => a.status === 200)).toBe(true);
      const final = await services.payments.get(payment.id);
      // Either completed came first (succeeded), or an expiry did (canceled, and the completed is refused).
      const outcomes = answers.map((a) => a.body.outcome);
      expect(outcomes.filter((o) => o === 'applied')).toHaveLength(1);
      expect(final.status).toBe(answers[0]!.body.outcome === 'applied' ? 'succeeded' : 'canceled');
      expect(topUpsOf(payment.id)).toBe(final.status === 'succeeded' ? 1 : 0);
    });
  });
}
