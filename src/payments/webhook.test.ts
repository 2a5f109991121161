import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it, type MockInstance, vi } from 'vitest';
import type { Services } from '../app/services.js';
import { parseDecimalNanos } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { checkoutSessionEvent, startStripeStandIn, type StandInSession, type StripeStandIn } from '../test-support/stripe-stand-in.js';
import type { Payment } from './types.js';

const WEBHOOK_SECRET = 'whsec_webhook_suite';
const nanos = (text: string) => parseDecimalNanos(text)!;
const urls = { successUrl: 'https://shop.example/ok', cancelUrl: 'https://shop.example/back' };

describe('POST /webhooks/stripe', () => {
  let standIn: StripeStandIn;
  let t: TestGateway;
  let services: Services;
  let customer: Customer;
  let topUp: MockInstance<Services['ledger']['topUp']>;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    t = await startTestGateway({
      env: { TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_webhooks', TOLLGATE_STRIPE_WEBHOOK_SECRET: WEBHOOK_SECRET, TOLLGATE_STRIPE_API_BASE: standIn.apiBase },
    });
    services = t.gateway.services;
    customer = await services.customers.create({ name: 'Prepaid Co' });
    topUp = vi.spyOn(services.ledger, 'topUp');
  });
  afterAll(async () => {
    await t?.stop();
    await standIn?.close();
  });

  async function checkout(amount = '25.00'): Promise<{ payment: Payment; session: StandInSession }> {
    const { payment } = await services.payments.createTopUpCheckout(customer, nanos(amount), urls);
    return { payment, session: standIn.sessions.get(payment.externalId!)! };
  }

  async function post(body: string, signature: string | null) {
    const response = await fetch(`${t.url}/webhooks/stripe`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...(signature === null ? {} : { 'stripe-signature': signature }) },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  function deliver(event: object, secret = WEBHOOK_SECRET) {
    const payload = JSON.stringify(event);
    return post(payload, Stripe.webhooks.generateTestHeaderString({ payload, secret }));
  }

  const topUpsOf = (payment: Payment) => topUp.mock.calls.filter(([, input]) => input.id === payment.id).length;
  const wallet = async () => (await services.ledger.balances(customer.id)).walletNanos;
  const eventRows = () => services.store.db.selectFrom('paymentEvents').selectAll().execute();

  it('credits the wallet once when a checkout completes', async () => {
    const { payment, session } = await checkout('25.00');
    const before = await wallet();
    const answer = await deliver(checkoutSessionEvent('checkout.session.completed', session));
    expect(answer).toMatchObject({ status: 200, body: { received: true, outcome: 'applied', duplicate: false, paymentId: payment.id } });
    expect(await services.payments.get(payment.id)).toMatchObject({ status: 'succeeded', failureReason: null });
    expect(topUpsOf(payment)).toBe(1);
    expect((await wallet()) - before).toBe(nanos('25.00'));
    expect((await services.payments.events(payment.id)).map((e) => e.outcome)).toEqual(['applied']);
  });

  it('acknowledges the same event replayed three times and applies it once', async () => {
    const { payment, session } = await checkout('7.00');
    const before = await wallet();
    const event = checkoutSessionEvent('checkout.session.completed', session);
    expect((await deliver(event)).body.duplicate).toBe(false);
    for (let i = 0; i < 3; i++) expect(await deliver(event)).toMatchObject({ status: 200, body: { received: true, duplicate: true, outcome: 'applied' } });
    expect(topUpsOf(payment)).toBe(1);
    expect((await wallet()) - before).toBe(nanos('7.00'));
    expect(await services.payments.events(payment.id)).toHaveLength(1);
  });

  it('applies one payment once when two different events report it (completed, then async_payment_succeeded)', async () => {
    const { payment, session } = await checkout('9.00');
    const before = await wallet();
    expect((await deliver(checkoutSessionEvent('checkout.session.completed', session))).body.outcome).toBe('applied');
    expect((await deliver(checkoutSessionEvent('checkout.session.async_payment_succeeded', session))).body.outcome).toBe('already_final');
    expect(topUpsOf(payment)).toBe(1);
    expect((await wallet()) - before).toBe(nanos('9.00'));
  });

  it('keeps a succeeded payment succeeded when expired arrives after completed', async () => {
    const { payment, session } = await checkout();
    await deliver(checkoutSessionEvent('checkout.session.completed', session));
    const late = await deliver(checkoutSessionEvent('checkout.session.expired', session));
    expect(late).toMatchObject({ status: 200, body: { outcome: 'already_final' } });
    expect(await services.payments.get(payment.id)).toMatchObject({ status: 'succeeded', failureReason: null });
    expect((await services.payments.events(payment.id)).map((e) => [e.type, e.outcome])).toEqual([
      ['checkout.session.completed', 'applied'],
      ['checkout.session.expired', 'already_final'],
    ]);
  });

  it('cancels an expired checkout and fails a failed delayed payment, neither crediting anything', async () => {
    const expired = await checkout();
    expect((await deliver(checkoutSessionEvent('checkout.session.expired', expired.session))).body.outcome).toBe('applied');
    expect(await services.payments.get(expired.payment.id)).toMatchObject({ status: 'canceled', failureReason: 'checkout_expired' });

    const delayed = await checkout();
    const completedUnpaid = checkoutSessionEvent('checkout.session.completed', delayed.session, { changes: { payment_status: 'unpaid' } });
    expect((await deliver(completedUnpaid)).body.outcome).toBe('not_paid');
    expect((await services.payments.get(delayed.payment.id)).status).toBe('pending');
    expect((await deliver(checkoutSessionEvent('checkout.session.async_payment_failed', delayed.session))).body.outcome).toBe('applied');
    expect(await services.payments.get(delayed.payment.id)).toMatchObject({ status: 'failed', failureReason: 'async_payment_failed' });
    expect(topUpsOf(expired.payment) + topUpsOf(delayed.payment)).toBe(0);
  });

  it('credits a delayed payment method once its money arrives', async () => {
    const { payment, session } = await checkout('11.00');
    const before = await wallet();
    await deliver(checkoutSessionEvent('checkout.session.completed', session, { changes: { payment_status: 'unpaid' } }));
    expect((await deliver(checkoutSessionEvent('checkout.session.async_payment_succeeded', session))).body.outcome).toBe('applied');
    expect(topUpsOf(payment)).toBe(1);
    expect((await wallet()) - before).toBe(nanos('11.00'));
  });

  it('refuses a bad or missing signature with 400 invalid_signature and records nothing', async () => {
    const { payment, session } = await checkout();
    const rowsBefore = (await eventRows()).length;
    const event = checkoutSessionEvent('checkout.session.completed', session);
    const wrongSecret = await deliver(event, 'whsec_someone_else');
    expect(wrongSecret).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature', type: 'invalid_request_error' } } });
    expect((await post(JSON.stringify(event), null)).body.error.code).toBe('invalid_signature');
    expect((await post(JSON.stringify(event), 'garbage')).body.error.code).toBe('invalid_signature');
    expect((await eventRows()).length).toBe(rowsBefore);
    expect((await services.payments.get(payment.id)).status).toBe('pending');
    expect(topUpsOf(payment)).toBe(0);
  });

  it('refuses a body changed after signing (400) and records nothing', async () => {
    const { payment, session } = await checkout('1.00');
    const payload = JSON.stringify(checkoutSessionEvent('checkout.session.completed', session));
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const rowsBefore = (await eventRows()).length;
    const tampered = payload.replace('"amount_total":100', '"amount_total":100000');
    expect(tampered).not.toBe(payload);
    expect(await post(tampered, signature)).toMatchObject({ status: 400, body: { error: { code: 'invalid_signature' } } });
    // The same JSON re-serialised (other whitespace) is different bytes, so it fails too.
    expect((await post(JSON.stringify(JSON.parse(payload), null, 2), signature)).status).toBe(400);
    expect((await eventRows()).length).toBe(rowsBefore);
    expect((await services.payments.get(payment.id)).status).toBe('pending');
  });

  it('does not apply an event whose amount or currency differs from the payment', async () => {
    const { payment, session } = await checkout('30.00');
    const cheaper = await deliver(checkoutSessionEvent('checkout.session.completed', session, { changes: { amount_total: 100 } }));
    expect(cheaper).toMatchObject({ status: 200, body: { outcome: 'amount_mismatch' } });
    const otherCurrency = await deliver(checkoutSessionEvent('checkout.session.completed', session, { changes: { currency: 'eur' } }));
    expect(otherCurrency.body.outcome).toBe('amount_mismatch');
    expect((await services.payments.get(payment.id)).status).toBe('pending');
    expect(topUpsOf(payment)).toBe(0);
    expect((await services.payments.events(payment.id)).map((e) => e.outcome)).toEqual(['amount_mismatch', 'amount_mismatch']);
  });

  it('records and ignores an event for a payment Tollgate does not know, and event types it does not handle', async () => {
    const { session } = await checkout();
    const stranger = { ...session, id: 'cs_test_not_ours', client_reference_id: 'pay_unknown', metadata: {} };
    const unknown = checkoutSessionEvent('checkout.session.completed', stranger);
    expect(await deliver(unknown)).toMatchObject({ status: 200, body: { outcome: 'unknown_payment', paymentId: null } });
    const other = { id: 'evt_test_other_type', object: 'event', type: 'customer.created', created: 1, data: { object: { id: 'cus_x', object: 'customer' } } };
    expect((await deliver(other)).body.outcome).toBe('ignored');
    const rows = await eventRows();
    expect(rows.find((r) => r.id === unknown.id)).toMatchObject({ outcome: 'unknown_payment', paymentId: null, type: 'checkout.session.completed' });
    expect(rows.find((r) => r.id === other.id)).toMatchObject({ outcome: 'ignored' });
  });

  it('leaves the rest of the app on its JSON parser', async () => {
    const response = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_json');
  });
});
