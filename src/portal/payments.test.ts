import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { adminCall, signedInMember } from '../test-support/portal.js';
import { startStripeStandIn, type StripeStandIn } from '../test-support/stripe-stand-in.js';

describe('paying by card from the portal (Stripe stand-in)', () => {
  let standIn: StripeStandIn;
  let t: TestGateway;

  beforeAll(async () => {
    standIn = await startStripeStandIn();
    t = await startTestGateway({ env: { TOLLGATE_STRIPE_SECRET_KEY: 'sk_test_standin', TOLLGATE_STRIPE_WEBHOOK_SECRET: 'whsec_standin', TOLLGATE_STRIPE_API_BASE: standIn.apiBase } });
  });
  afterAll(async () => {
    await t?.stop();
    await standIn?.close();
  });

  it("opens a top-up checkout for the member's own customer that returns to the console", async () => {
    const { browser, customerId } = await signedInMember(t, 'acme', 'member');
    const topUp = await browser.call('POST', '/portal/v1/top-ups', { amount: '25.00' });
    expect(topUp.status).toBe(201);
    const sent = standIn.requests.at(-1)!;
    const session = [...standIn.sessions.values()].at(-1)!;
    expect(topUp.body).toEqual({ url: session.url, paymentId: sent.form['metadata[payment_id]'] });
    expect(sent.form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '2500',
      'line_items[0][price_data][currency]': 'usd',
      'metadata[customer_id]': customerId,
      'metadata[purpose]': 'top_up',
      success_url: `${t.url}/console/#/portal/billing?checkout=success`,
      cancel_url: `${t.url}/console/#/portal/billing?checkout=canceled`,
    });
    expect((await browser.call('POST', '/portal/v1/top-ups', { amount: '-5' })).status).toBe(400);
  });

  it('opens a checkout for what is still due on an invoice', async () => {
    const operator = await t.operatorToken('owner');
    await adminCall(t, operator, 'POST', '/plans', { code: 'team', name: 'Team', currency: 'USD', interval: 'month', fee: '49.00' });
    const { browser, customerId } = await signedInMember(t, 'globex', 'owner');
    const { invoice } = (await browser.call('POST', '/portal/v1/subscription', { plan: 'team' })).body;
    const pay = await browser.call('POST', `/portal/v1/invoices/${invoice.id}/pay`);
    expect(pay.status).toBe(201);
    expect(standIn.requests.at(-1)!.form).toMatchObject({
      'line_items[0][price_data][unit_amount]': '4900',
      'metadata[customer_id]': customerId,
      'metadata[purpose]': 'invoice',
      'metadata[invoice_id]': invoice.id,
      success_url: `${t.url}/console/#/portal/invoices/${invoice.id}?checkout=success`,
    });
    expect(pay.body.url).toBe([...standIn.sessions.values()].at(-1)!.url);
  });
});
