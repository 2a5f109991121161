import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { parseDecimalNanos } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { createTestDatabase, type TestDatabase } from '../test-support/dialects.js';
import { startStripeStandIn, type StripeStandIn } from '../test-support/stripe-stand-in.js';

const nanos = (text: string) => parseDecimalNanos(text)!;
const urls = { successUrl: 'https://shop.example/ok', cancelUrl: 'https://shop.example/back' };

describe('opening a Stripe checkout', () => {
  let standIn: StripeStandIn;
  let database: TestDatabase;
  let services: Services;
  let customer: Customer;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    database = await createTestDatabase('sqlite', {
      TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_standin',
      TOLLGATE_STRIPE_WEBHOOK_SECRET: 'whsec_standin',
      TOLLGATE_STRIPE_API_BASE: standIn.apiBase,
      TOLLGATE_PUBLIC_URL: 'https://gate.example/',
    });
    services = await createServices(database.config);
    customer = await services.customers.create({ name: 'Acme', email: 'ap@acme.example' });
  });
  afterAll(async () => {
    await services?.close();
    await database?.cleanup();
    await standIn?.close();
  });

  it('sends a one-line payment session in minor units and stores the payment as pending', async () => {
    const { payment, url } = await services.payments.createTopUpCheckout(customer, nanos('12.50'), urls);
    const sent = standIn.requests.at(-1)!;
    expect(sent).toMatchObject({ method: 'POST', path: '/v1/checkout/sessions', authorization: 'Bearer sk_test_standin' });
    expect(sent.contentType).toMatch(/application\/x-www-form-urlencoded/);
    expect(sent.idempotencyKey).toContain(payment.id);
    expect(sent.form).toMatchObject({
      mode: 'payment',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'usd',
      'line_items[0][price_data][unit_amount]': '1250',
      client_reference_id: payment.id,
      'metadata[payment_id]': payment.id,
      'metadata[customer_id]': customer.id,
      'metadata[purpose]': 'top_up',
      customer_email: 'ap@acme.example',
      success_url: urls.successUrl,
      cancel_url: urls.cancelUrl,
    });
    expect(Object.keys(sent.form).filter((k) => k.startsWith('line_items[1]'))).toEqual([]);
    expect(sent.form['metadata[invoice_id]']).toBeUndefined();

    const session = standIn.sessions.get(payment.externalId!)!;
    expect(url).toBe(session.url);
    expect(await services.payments.get(payment.id)).toEqual({
      ...payment,
      provider: 'stripe',
      status: 'pending',
      purpose: 'top_up',
      currency: 'USD',
      amountNanos: nanos('12.50'),
      externalId: session.id,
      checkoutUrl: session.url,
      invoiceId: null,
    });
  });

  it('sends yen as whole yen, and tags an invoice payment with its invoice', async () => {
    const yen = await services.customers.create({ name: 'Tokyo KK', currency: 'JPY' });
    const { payment } = await services.payments.createInvoiceCheckout(yen, { id: 'inv_1', currency: 'JPY', amountDueNanos: nanos('1500') }, urls);
    expect(standIn.requests.at(-1)!.form).toMatchObject({
      'line_items[0][price_data][currency]': 'jpy',
      'line_items[0][price_data][unit_amount]': '1500',
      'metadata[purpose]': 'invoice',
      'metadata[invoice_id]': 'inv_1',
    });
    expect(payment).toMatchObject({ purpose: 'invoice', invoiceId: 'inv_1', currency: 'JPY', status: 'pending' });
  });

  it('defaults the return URLs to TOLLGATE_PUBLIC_URL', async () => {
    const { payment } = await services.payments.createTopUpCheckout(customer, nanos('5'));
    expect(standIn.requests.at(-1)!.form).toMatchObject({
      success_url: `https://gate.example/console/#/portal/billing?checkout=success&payment=${payment.id}`,
      cancel_url: `https://gate.example/console/#/portal/billing?checkout=canceled&payment=${payment.id}`,
    });
  });

  it('refuses fractions of a cent or yen, and amounts under the minimum, before storing or sending anything', async () => {
    const yen = await services.customers.create({ name: 'Osaka KK', currency: 'JPY' });
    const requestsBefore = standIn.requests.length;
    const paymentsBefore = await services.payments.list({ limit: 1000 });
    await expect(services.payments.createTopUpCheckout(customer, nanos('10.005'), urls)).rejects.toMatchObject({ code: 'invalid_request', param: 'amount', message: expect.stringMatching(/whole USD/) });
    await expect(services.payments.createTopUpCheckout(yen, nanos('100.5'), urls)).rejects.toMatchObject({ code: 'invalid_request', param: 'amount', message: expect.stringMatching(/whole JPY/) });
    await expect(services.payments.createTopUpCheckout(customer, nanos('0.25'), urls)).rejects.toMatchObject({ code: 'invalid_request', message: expect.stringMatching(/smallest card payment/) });
    expect(standIn.requests.length).toBe(requestsBefore);
    expect(await services.payments.list({ limit: 1000 })).toEqual(paymentsBefore);
  });

  it('marks the payment failed when Stripe refuses to open the session', async () => {
    standIn.failNextCreate(400, 'Invalid currency: usd is not enabled');
    const before = await services.payments.list({ limit: 1000 });
    await expect(services.payments.createTopUpCheckout(customer, nanos('20'), urls)).rejects.toMatchObject({ code: 'payment_provider_error', status: 502 });
    const created = (await services.payments.list({ limit: 1000 })).slice(before.length);
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({ status: 'failed', externalId: null, failureReason: expect.stringContaining('Invalid currency') });
  });
});

describe('checkout without Stripe configured', () => {
  let database: TestDatabase;
  let services: Services;

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    services = await createServices(database.config);
  });
  afterAll(async () => {
    await services?.close();
    await database?.cleanup();
  });

  it('answers payments_not_configured and stores nothing', async () => {
    const customer = await services.customers.create({ name: 'NoStripe' });
    await expect(services.payments.createTopUpCheckout(customer, nanos('10'), urls)).rejects.toMatchObject({ code: 'payments_not_configured', status: 501 });
    await expect(services.payments.handleStripeWebhook(Buffer.from('{}'), 't=1,v1=x')).rejects.toMatchObject({ code: 'payments_not_configured' });
    expect(await services.payments.list({ limit: 10 })).toEqual([]);
  });
});
