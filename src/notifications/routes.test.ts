import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { adminCall } from '../test-support/portal.js';
import { startWebhookReceiver, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { verifyTollgateSignature } from './signature.js';

describe('the webhook admin API, with the server dispatching', () => {
  let t: TestGateway;
  let receiver: WebhookReceiver;
  let admin: string;
  let secret = '';

  beforeAll(async () => {
    t = await startTestGateway();
    admin = await t.operatorToken('admin');
    receiver = await startWebhookReceiver((rawBody, headers) => verifyTollgateSignature(rawBody, headers['tollgate-signature'] as string, secret, 300));
  });
  afterAll(async () => {
    await t?.stop();
    await receiver?.close();
  });

  const call = (method: string, path: string, token: string, body?: unknown) => adminCall(t, token, method, path, body);

  it('registers an endpoint, shows its secret once, and refuses URLs that are not http(s)', async () => {
    const refused = await call('POST', '/webhook-endpoints', admin, { url: 'ftp://example.com/hook' });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'invalid_request', param: 'url' });
    expect((await call('POST', '/webhook-endpoints', admin, { url: 'https://example.com/hook', events: ['invoice.paid'] })).status).toBe(400);
    expect((await call('POST', '/webhook-endpoints', await t.operatorToken('viewer'), { url: `${receiver.url}/hook` })).status).toBe(403);

    const created = await call('POST', '/webhook-endpoints', admin, { url: `${receiver.url}/hook`, events: ['payment.succeeded'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ url: `${receiver.url}/hook`, events: ['payment.succeeded'], status: 'enabled' });
    expect(created.body.secret).toMatch(/^whsec_/);
    secret = created.body.secret;
    const listed = await call('GET', '/webhook-endpoints', admin);
    expect(listed.body.data).toHaveLength(1);
    expect(listed.body.data[0]).not.toHaveProperty('secret');
    expect(listed.body.data[0]).not.toHaveProperty('secretSealed');
  });

  it('delivers what the services emit, lists the delivery, and resends it on request', async () => {
    const [endpoint] = (await call('GET', '/webhook-endpoints', admin)).body.data;
    await t.gateway.services.notifications.emit('payment.succeeded', { paymentId: 'pay_http' }, { eventId: 'evt_http_1' });
    await vi.waitFor(() => expect(receiver.received).toHaveLength(1), { timeout: 10_000, interval: 50 });
    expect(receiver.received[0]).toMatchObject({ verified: true, answeredStatus: 200 });

    const delivered = await vi.waitFor(async () => {
      const listed = await call('GET', `/webhook-deliveries?endpointId=${endpoint.id}&status=delivered`, admin);
      expect(listed.body.data).toHaveLength(1);
      return listed.body.data[0];
    }, { timeout: 10_000, interval: 50 });
    expect(delivered).toMatchObject({ eventId: 'evt_http_1', eventType: 'payment.succeeded', attempts: 1, lastStatusCode: 200, event: { id: 'evt_http_1', data: { paymentId: 'pay_http' } } });
    expect((await call('GET', `/webhook-deliveries?status=failed`, admin)).body.data).toHaveLength(0);

    const retried = await call('POST', `/webhook-deliveries/${delivered.id}/retry`, admin);
    expect(retried.status).toBe(202);
    await vi.waitFor(() => expect(receiver.received).toHaveLength(2), { timeout: 10_000, interval: 50 });
    expect(receiver.received[1]!.headers['tollgate-event-id']).toBe('evt_http_1');
    expect((await call('POST', '/webhook-deliveries/whd_missing/retry', admin)).status).toBe(404);
  });

  it('is in the OpenAPI document, with the code routes', async () => {
    const doc = (await (await fetch(`${t.url}/admin/v1/openapi.json`)).json()) as { paths: Record<string, Record<string, unknown>> };
    for (const path of ['/admin/v1/webhook-endpoints', '/admin/v1/webhook-endpoints/{id}', '/admin/v1/webhook-deliveries', '/admin/v1/webhook-deliveries/{id}/retry', '/admin/v1/redemption-batches', '/admin/v1/customers/{id}/redeem']) {
      expect(Object.keys(doc.paths[path] ?? {}).length).toBeGreaterThan(0);
    }
  });

  it('disables an endpoint', async () => {
    const [endpoint] = (await call('GET', '/webhook-endpoints', admin)).body.data;
    expect((await call('PATCH', `/webhook-endpoints/${endpoint.id}`, admin, { url: 'mailto:ops@example.com' })).status).toBe(400);
    const disabled = await call('PATCH', `/webhook-endpoints/${endpoint.id}`, admin, { status: 'disabled' });
    expect(disabled.body).toMatchObject({ id: endpoint.id, status: 'disabled' });
    expect(await t.gateway.services.notifications.emit('payment.succeeded', {}, { eventId: 'evt_http_2' })).toBe(0);
  });
});
