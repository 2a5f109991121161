import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { adminCall, signedInMember } from '../test-support/portal.js';
import type { ConsoleClient } from '../test-support/cookie-jar.js';

const seed = { upstreams: [{ name: 'sim', type: 'sim' as const }], models: [{ name: 'sim-mini', routes: [{ upstream: 'sim' }] }] };
/** The smallest PNG: one transparent pixel. */
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');

describe('the customer portal', () => {
  let t: TestGateway;
  let operator: string;
  let owner: ConsoleClient;
  let plain: ConsoleClient;
  let customerId: string;

  beforeAll(async () => {
    t = await startTestGateway({ seed });
    operator = await t.operatorToken('owner');
    ({ browser: owner, customerId } = await signedInMember(t, 'acme', 'owner'));
    ({ browser: plain } = await signedInMember(t, 'acme', 'member'));
    expect((await adminCall(t, operator, 'POST', '/plans', { code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', fee: '20.00', included: '5' })).status).toBe(201);
    expect((await adminCall(t, operator, 'POST', '/plans', { code: 'euro', name: 'Euro', currency: 'EUR', interval: 'month', fee: '9.00' })).status).toBe(201);
  });
  afterAll(async () => t?.stop());

  it('shows the member, its customer and the balance', async () => {
    const me = await owner.call('GET', '/portal/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({
      member: { id: expect.any(String), email: 'owner@acme.example', name: 'acme owner', role: 'owner' },
      customer: { id: customerId, name: 'acme', currency: 'USD', billingMode: 'postpaid', locale: 'en', suspendedAtMs: null },
      balance: { currency: 'USD', billingMode: 'postpaid', wallet: '0', promotional: '0', receivable: '0' },
    });
  });

  it('creates a key whose secret is shown once and works with the openai SDK; its usage then shows in the portal', async () => {
    const created = await plain.call('POST', '/portal/v1/keys', { name: 'laptop' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'laptop', status: 'active', allowedModels: null });
    expect(created.body.secret).toMatch(/^tg-/);
    const listed = await plain.call('GET', '/portal/v1/keys');
    const shown = listed.body.data.find((k: { id: string }) => k.id === created.body.id);
    expect(shown).toMatchObject({ name: 'laptop', prefix: created.body.secret.slice(0, 9) });
    expect(shown).not.toHaveProperty('secret');
    expect(shown).not.toHaveProperty('hash');

    const reply = await t.client(created.body.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'hello portal' }] });
    expect(reply.choices).toHaveLength(1);

    const usage = await plain.call('GET', `/portal/v1/usage?keyId=${created.body.id}`);
    expect(usage.status).toBe(200);
    expect(usage.body.data).toHaveLength(1);
    const event = usage.body.data[0];
    expect(event).toMatchObject({ keyId: created.body.id, model: 'sim-mini', outcome: 'completed', currency: 'USD', promptTokens: reply.usage!.prompt_tokens, completionTokens: reply.usage!.completion_tokens });
    expect(Number(event.charge)).toBeGreaterThan(0);
    for (const internal of ['cost', 'costCurrency', 'upstreamId', 'upstreamModel', 'priceId', 'costCardId', 'customerId']) expect(event).not.toHaveProperty(internal);

    const summary = await plain.call('GET', '/portal/v1/usage/summary?groupBy=model,day');
    expect(summary.status).toBe(200);
    expect(summary.body.groupBy).toEqual(['model', 'day']);
    expect(summary.body.data).toEqual([expect.objectContaining({ model: 'sim-mini', requests: 1, currency: 'USD', charge: event.charge, day: expect.any(String) })]);
    expect(summary.body.data[0]).not.toHaveProperty('margin');
    expect((await plain.call('GET', '/portal/v1/usage/summary?groupBy=customer')).status).toBe(400);
    expect((await plain.call('GET', '/portal/v1/usage/summary?groupBy=upstream')).status).toBe(400);

    const balance = await plain.call('GET', '/portal/v1/balance');
    expect(balance.body).toMatchObject({ currency: 'USD', receivable: event.charge });
    const ledger = await plain.call('GET', '/portal/v1/ledger');
    expect(ledger.body.data[0]).toMatchObject({ kind: 'usage', requestId: event.requestId, receivable: event.charge, wallet: '0', promotional: '0' });
    expect(JSON.stringify(ledger.body)).not.toMatch(/upstream:|revenue:/);
  });

  it('lets only owners revoke keys, and a revoked key stops working', async () => {
    const created = await plain.call('POST', '/portal/v1/keys', { name: 'temporary', allowedModels: ['sim-mini'] });
    const refused = await plain.call('POST', `/portal/v1/keys/${created.body.id}/revoke`);
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    const revoked = await owner.call('POST', `/portal/v1/keys/${created.body.id}/revoke`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.status).toBe('revoked');
    await expect(t.client(created.body.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({ status: 401 });
  });

  it('needs the CSRF token on writes, and a member session', async () => {
    const forged = await plain.call('POST', '/portal/v1/keys', { name: 'forged' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body.error.code).toBe('csrf_failed');
    const anonymous = await fetch(`${t.url}/portal/v1/me`);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('not_signed_in');
  });

  it('redeems codes, and refuses one that does not exist', async () => {
    const batch = await adminCall(t, operator, 'POST', '/redemption-batches', { name: 'launch', currency: 'USD', amount: '5', count: 1 });
    const redeemed = await plain.call('POST', '/portal/v1/redeem', { code: batch.body.codes[0] });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ currency: 'USD', amount: '5' });
    expect((await plain.call('GET', '/portal/v1/balance')).body.promotional).toBe('5');
    const invalid = await plain.call('POST', '/portal/v1/redeem', { code: 'NOPE-NOPE-NOPE' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('code_invalid');
  });

  it("offers the plans in the customer's currency and lets owners subscribe; the invoice downloads as PDF and HTML", async () => {
    const plans = await plain.call('GET', '/portal/v1/plans');
    expect(plans.body.data).toEqual([expect.objectContaining({ code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', fee: '20', included: '5', overage: 'credit' })]);
    expect((await plain.call('GET', '/portal/v1/subscription')).body).toBeNull();
    expect((await plain.call('POST', '/portal/v1/subscription', { plan: 'pro' })).status).toBe(403);

    const subscribed = await owner.call('POST', '/portal/v1/subscription', { plan: 'pro' });
    expect(subscribed.status).toBe(201);
    expect(subscribed.body.subscription).toMatchObject({ plan: { code: 'pro', name: 'Pro' }, status: 'active', cancelAtPeriodEnd: false });
    const invoice = subscribed.body.invoice;
    expect(invoice).toMatchObject({ customerId, status: 'finalized', total: '20', currency: 'USD' });
    expect((await owner.call('GET', '/portal/v1/subscription')).body.id).toBe(subscribed.body.subscription.id);

    const invoices = await plain.call('GET', '/portal/v1/invoices');
    expect(invoices.body.data.map((i: { id: string }) => i.id)).toEqual([invoice.id]);
    expect((await plain.call('GET', `/portal/v1/invoices/${invoice.number}`)).body.id).toBe(invoice.id);

    const pdf = await plain.fetch('GET', `/portal/v1/invoices/${invoice.id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${invoice.number}.pdf"`);
    expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const html = await plain.call('GET', `/portal/v1/invoices/${invoice.id}/html`);
    expect(html.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(html.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(html.body).toContain(invoice.number);
    expect(html.body).toContain('Tollgate');

    const cancel = await owner.call('POST', '/portal/v1/subscription/cancel', { atPeriodEnd: true });
    expect(cancel.status).toBe(200);
    expect(cancel.body.subscription.cancelAtPeriodEnd).toBe(true);
    expect((await plain.call('POST', '/portal/v1/subscription/change', { plan: 'pro' })).status).toBe(403);
  });

  it('shows the operator profile from settings on invoices, for operators too', async () => {
    expect((await adminCall(t, operator, 'GET', '/settings/operator')).body).toEqual({ name: 'Tollgate', address: null, taxId: null, email: null, logo: null });
    const set = await adminCall(t, operator, 'PUT', '/settings/operator', { name: 'Acme AI Ltd', address: '1 Model Road', taxId: 'VAT-123', email: 'billing@acme-ai.example', logo: `data:image/png;base64,${PNG.toString('base64')}` });
    expect(set.status).toBe(200);
    expect(set.body).toEqual({ name: 'Acme AI Ltd', address: '1 Model Road', taxId: 'VAT-123', email: 'billing@acme-ai.example', logo: PNG.toString('base64') });
    const notImage = await adminCall(t, operator, 'PUT', '/settings/operator', { name: 'X', logo: Buffer.from('GIF89a-not-allowed').toString('base64') });
    expect(notImage.status).toBe(400);
    const tooBig = await adminCall(t, operator, 'PUT', '/settings/operator', { name: 'X', logo: Buffer.concat([PNG, Buffer.alloc(256 * 1024)]).toString('base64') });
    expect(tooBig.status).toBe(400);
    const viewer = await t.operatorToken('viewer');
    expect((await adminCall(t, viewer, 'PUT', '/settings/operator', { name: 'X' })).status).toBe(403);

    const [invoice] = (await adminCall(t, operator, 'GET', `/invoices?customerId=${customerId}`)).body.data;
    const html = await adminCall(t, viewer, 'GET', `/invoices/${invoice.id}/html`);
    expect(html.status).toBe(200);
    const page = html.body.toString('utf8');
    expect(page).toContain('Acme AI Ltd');
    expect(page).toContain('VAT-123');
    expect(page).toContain('data:image/png;base64,');
    const pdf = await adminCall(t, viewer, 'GET', `/invoices/${invoice.id}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.body.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });

  it('answers 501 for a card top-up while Stripe is not configured', async () => {
    const topUp = await plain.call('POST', '/portal/v1/top-ups', { amount: '25.00' });
    expect(topUp.status).toBe(501);
    expect(topUp.body.error.code).toBe('payments_not_configured');
  });

  it('publishes its own OpenAPI document, and the admin document keeps only /admin/v1', async () => {
    const portal = (await (await fetch(`${t.url}/portal/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const portalPaths = Object.keys(portal.paths);
    expect(portalPaths).toEqual(expect.arrayContaining(['/portal/v1/me', '/portal/v1/keys', '/portal/v1/invoices/{id}/pdf', '/console/api/session']));
    expect(portalPaths.every((p) => p.startsWith('/portal/v1/') || p.startsWith('/console/api/'))).toBe(true);
    const admin = (await (await fetch(`${t.url}/admin/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
    const adminPaths = Object.keys(admin.paths);
    expect(adminPaths).toEqual(expect.arrayContaining(['/admin/v1/customers/{id}/members', '/admin/v1/settings/operator', '/admin/v1/invoices/{id}/pdf']));
    expect(adminPaths.every((p) => p.startsWith('/admin/v1/'))).toBe(true);
  });
});
