import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../app/services.js';
import { parseDecimalNanos } from '../core/money.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { startStripeStandIn, type StripeStandIn } from '../test-support/stripe-stand-in.js';

const nanos = (text: string) => parseDecimalNanos(text)!;

function client(t: TestGateway) {
  return async (method: string, path: string, token: string, body?: unknown) => {
    const response = await fetch(`${t.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  };
}

describe('payments on the admin API', () => {
  let standIn: StripeStandIn;
  let t: TestGateway;
  let services: Services;
  let call: ReturnType<typeof client>;
  let finance: string;
  let viewer: string;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    t = await startTestGateway({
      env: { TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_admin', TOLLGATE_STRIPE_WEBHOOK_SECRET: 'whsec_admin', TOLLGATE_STRIPE_API_BASE: standIn.apiBase, TOLLGATE_PUBLIC_URL: 'https://gate.example' },
    });
    services = t.gateway.services;
    call = client(t);
    finance = await t.operatorToken('finance');
    viewer = await t.operatorToken('viewer');
  });
  afterAll(async () => {
    await t?.stop();
    await standIn?.close();
  });

  it('lets finance record a bank transfer, which credits the wallet once, and refuses viewer', async () => {
    const customer = await services.customers.create({ name: 'Wire Ltd' });
    const path = `/admin/v1/customers/${customer.id}/payments/manual`;
    const body = { purpose: 'top_up', amount: '250.00', reference: 'BANK-77' };

    const refused = await call('POST', path, viewer, body);
    expect(refused).toMatchObject({ status: 403, body: { error: { code: 'forbidden' } } });
    expect(await services.payments.list({ customerId: customer.id, limit: 10 })).toEqual([]);

    const created = await call('POST', path, finance, body);
    expect(created).toMatchObject({
      status: 201,
      body: { provider: 'manual', purpose: 'top_up', status: 'succeeded', amount: '250', currency: 'USD', reference: 'BANK-77', customerId: customer.id, invoiceId: null },
    });
    const again = await call('POST', path, finance, body);
    expect(again).toMatchObject({ status: 200, body: { id: created.body.id } });
    expect((await services.ledger.balances(customer.id)).walletNanos).toBe(nanos('250'));
    expect((await call('POST', path, finance, { ...body, amount: '1' })).body.error).toMatchObject({ code: 'conflict', param: 'reference' });
    expect((await call('POST', path, finance, { ...body, reference: 'BANK-78', amount: '1.005' })).body.error).toMatchObject({ code: 'invalid_request', param: 'amount' });

    const listed = await call('GET', `/admin/v1/payments?customerId=${customer.id}&status=succeeded&limit=10`, viewer);
    expect(listed).toMatchObject({ status: 200, body: { object: 'list', hasMore: false } });
    expect(listed.body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
    const fetched = await call('GET', `/admin/v1/payments/${created.body.id}`, viewer);
    expect(fetched).toMatchObject({ status: 200, body: { id: created.body.id, amount: '250', events: [] } });
    expect((await call('GET', '/admin/v1/payments/pay_missing', viewer)).status).toBe(404);
  });

  it('opens a checkout for a top-up, and for what is still owed on a finalized invoice', async () => {
    const customer = await services.customers.create({ name: 'Card Corp', currency: 'EUR' });
    const topUp = await call('POST', `/admin/v1/customers/${customer.id}/payments/checkout`, finance, { purpose: 'top_up', amount: '40' });
    expect(topUp).toMatchObject({ status: 201, body: { url: expect.stringContaining('/c/pay/cs_test_'), payment: { status: 'pending', provider: 'stripe', currency: 'EUR', amount: '40' } } });
    expect(standIn.requests.at(-1)!.form).toMatchObject({ 'line_items[0][price_data][currency]': 'eur', 'line_items[0][price_data][unit_amount]': '4000' });

    const nowMs = Date.now();
    const invoice = {
      number: null, kind: 'invoice', customerId: customer.id, subscriptionId: null, correctsInvoiceId: null, currency: 'EUR', periodStartMs: nowMs, periodEndMs: nowMs,
      subtotalNanos: nanos('30'), taxRateBps: 0, taxNanos: 0n, roundingNanos: 0n, totalNanos: nanos('30'), prepaidNanos: 0n, amountDueNanos: nanos('30'),
      amountPaidNanos: nanos('10'), locale: 'en', issuedAtMs: nowMs, dueAtMs: nowMs, paidAtMs: null, voidedAtMs: null, createdAtMs: nowMs,
    };
    await services.store.db.insertInto('invoices').values([{ ...invoice, id: 'inv_open', status: 'finalized' }, { ...invoice, id: 'inv_draft', status: 'draft' }]).execute();
    const paid = await call('POST', `/admin/v1/customers/${customer.id}/payments/checkout`, finance, { purpose: 'invoice', invoiceId: 'inv_open' });
    expect(paid).toMatchObject({ status: 201, body: { payment: { purpose: 'invoice', invoiceId: 'inv_open', amount: '20' } } });
    expect(standIn.requests.at(-1)!.form).toMatchObject({ 'line_items[0][price_data][unit_amount]': '2000', 'metadata[invoice_id]': 'inv_open' });

    expect((await call('POST', `/admin/v1/customers/${customer.id}/payments/checkout`, finance, { purpose: 'invoice', invoiceId: 'inv_draft' })).body.error.code).toBe('conflict');
    const stranger = await services.customers.create({ name: 'Stranger', currency: 'EUR' });
    expect((await call('POST', `/admin/v1/customers/${stranger.id}/payments/checkout`, finance, { purpose: 'invoice', invoiceId: 'inv_open' })).status).toBe(404);
    expect((await call('POST', `/admin/v1/customers/${customer.id}/payments/checkout`, viewer, { purpose: 'top_up', amount: '40' })).status).toBe(403);
  });

  it('shows the payment routes in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${t.url}/admin/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/admin/v1/payments', '/admin/v1/payments/{id}', '/admin/v1/customers/{id}/payments/manual', '/admin/v1/customers/{id}/payments/checkout']));
    expect(Object.keys(doc.paths)).not.toContain('/webhooks/stripe');
  });
});

describe('payments without Stripe configured', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  it('answers 501 payments_not_configured for checkout and the webhook, and still records manual payments', async () => {
    const call = client(t);
    const finance = await t.operatorToken('finance');
    const customer = await t.gateway.services.customers.create({ name: 'Offline Co' });
    const checkout = await call('POST', `/admin/v1/customers/${customer.id}/payments/checkout`, finance, { purpose: 'top_up', amount: '10', successUrl: 'https://x.example/ok', cancelUrl: 'https://x.example/no' });
    expect(checkout).toMatchObject({ status: 501, body: { error: { code: 'payments_not_configured', type: 'server_error' } } });
    const webhook = await fetch(`${t.url}/webhooks/stripe`, { method: 'POST', headers: { 'stripe-signature': 't=1,v1=00' }, body: '{}' });
    expect(webhook.status).toBe(501);
    expect((await call('POST', `/admin/v1/customers/${customer.id}/payments/manual`, finance, { purpose: 'top_up', amount: '10', reference: 'CASH-1' })).status).toBe(201);
  });
});
