import type { IncomingHttpHeaders } from 'node:http';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { ManualClock } from '../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../test-support/dialects.js';
import { startWebhookReceiver, unreachableUrl, type WebhookReceiver } from '../test-support/webhook-receiver.js';
import { JITTER_RATIO, MAX_ATTEMPTS, RETRY_DELAYS_MS } from './backoff.js';
import { verifyTollgateSignature } from './signature.js';
import type { WebhookDelivery } from './types.js';

const START_MS = Date.UTC(2030, 0, 15, 9, 0, 0);

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`webhooks on ${dialect.name}`, () => {
    let database: TestDatabase;
    let services: Services;
    let receiver: WebhookReceiver;
    const clock = new ManualClock(START_MS);
    /** Each endpoint gets its own path on the receiver, so the receiver knows which secret to check. */
    const secretsByPath = new Map<string, string>();
    const verify = (rawBody: Buffer, headers: IncomingHttpHeaders, path: string) =>
      verifyTollgateSignature(rawBody, headers['tollgate-signature'] as string | undefined, secretsByPath.get(path) ?? '', 300, Math.floor(clock.nowMs() / 1000));

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      receiver = await startWebhookReceiver(verify);
    });
    afterEach(async () => {
      for (const endpoint of await services.notifications.listEndpoints({ status: 'enabled', limit: 100 })) {
        await services.notifications.updateEndpoint(endpoint.id, { status: 'disabled' });
      }
    });
    afterAll(async () => {
      await receiver?.close();
      await services?.close();
      await database?.cleanup();
    });

    async function endpointAt(path: string, events?: string[]) {
      const { endpoint, secret } = await services.notifications.createEndpoint({ url: `${receiver.url}${path}`, events });
      secretsByPath.set(path, secret);
      return endpoint;
    }
    const deliveriesOf = (endpointId: string) => services.notifications.listDeliveries({ endpointId, limit: 1000 });
    const only = async (endpointId: string): Promise<WebhookDelivery> => {
      const deliveries = await deliveriesOf(endpointId);
      expect(deliveries).toHaveLength(1);
      return deliveries[0]!;
    };

    it('delivers an event once to each subscribed, enabled endpoint, signed, with its id and type in headers', async () => {
      const invoices = await endpointAt('/invoices', ['invoice.finalized']);
      const payments = await endpointAt('/payments', ['payment.failed']);
      const paused = await endpointAt('/paused');
      await services.notifications.updateEndpoint(paused.id, { status: 'disabled' });

      const recorded = await services.notifications.emit('invoice.finalized', { invoiceId: 'inv_1', total: '12.5' }, { eventId: 'evt_invoice_1' });
      expect(recorded).toBe(1);
      expect(await services.webhookDispatcher.runOnce()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });

      const [request] = receiver.receivedAt('/invoices');
      expect(receiver.receivedAt('/invoices')).toHaveLength(1);
      expect(request!.verified).toBe(true);
      expect(request!.headers).toMatchObject({ 'tollgate-event-id': 'evt_invoice_1', 'tollgate-event-type': 'invoice.finalized', 'content-type': 'application/json' });
      expect(request!.headers['tollgate-signature']).toMatch(new RegExp(`^t=${Math.floor(START_MS / 1000)},v1=[0-9a-f]{64}$`));
      expect(JSON.parse(request!.rawBody.toString('utf8'))).toEqual({ id: 'evt_invoice_1', type: 'invoice.finalized', createdAtMs: START_MS, data: { invoiceId: 'inv_1', total: '12.5' } });
      expect(receiver.receivedAt('/payments')).toHaveLength(0);
      expect(receiver.receivedAt('/paused')).toHaveLength(0);
      expect(await deliveriesOf(payments.id)).toHaveLength(0);

      const delivery = await only(invoices.id);
      expect(delivery).toMatchObject({ status: 'delivered', attempts: 1, lastStatusCode: 200, lastError: null, nextAttemptAtMs: null, deliveredAtMs: START_MS });
      expect(request!.headers['tollgate-delivery-id']).toBe(delivery.id);
      expect((await services.webhookDispatcher.runOnce()).attempted).toBe(0);
      expect(receiver.receivedAt('/invoices')).toHaveLength(1);
    });

    it('shows the endpoint secret once and stores it only sealed', async () => {
      const { endpoint, secret } = await services.notifications.createEndpoint({ url: `${receiver.url}/sealed` });
      expect(secret).toMatch(/^whsec_/);
      expect(endpoint.events).toEqual(['*']);
      const row = await services.store.db.selectFrom('webhookEndpoints').selectAll().where('id', '=', endpoint.id).executeTakeFirstOrThrow();
      expect(Object.values(row).map(String).join(' ')).not.toContain(secret.slice('whsec_'.length));
    });

    it('refuses endpoint URLs that are not http(s) and event types it does not know', async () => {
      for (const url of ['ftp://example.com/hook', 'example.com/hook', 'javascript:alert(1)', '']) {
        await expect(services.notifications.createEndpoint({ url })).rejects.toMatchObject({ code: 'invalid_request', param: 'url' });
      }
      await expect(services.notifications.createEndpoint({ url: 'https://example.com/hook', events: ['invoice.paid'] })).rejects.toMatchObject({ code: 'invalid_request', param: 'events' });
      await expect(services.notifications.createEndpoint({ url: 'https://example.com/hook', events: [] })).rejects.toMatchObject({ code: 'invalid_request', param: 'events' });
    });

    it('refuses to emit an event type that is not in the list', async () => {
      await endpointAt('/unlisted');
      await expect(services.notifications.emit('invoice.paid' as never, {}, { eventId: 'evt_unlisted' })).rejects.toThrow(/Unknown webhook event type/);
      expect(await services.notifications.listDeliveries({ limit: 1000 }).then((all) => all.filter((d) => d.eventId === 'evt_unlisted'))).toHaveLength(0);
    });

    it('records an event id once per endpoint, however often it is emitted', async () => {
      const endpoint = await endpointAt('/once');
      expect(await services.notifications.emit('payment.succeeded', { paymentId: 'pay_1' }, { eventId: 'evt_payment_1' })).toBe(1);
      expect(await services.notifications.emit('payment.succeeded', { paymentId: 'pay_1' }, { eventId: 'evt_payment_1' })).toBe(0);
      await services.webhookDispatcher.runOnce();
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);
      expect(receiver.receivedAt('/once').map((r) => r.headers['tollgate-event-id'])).toEqual(['evt_payment_1']);
    });

    it('retries a receiver that answers 500 after the first backoff step, and records every attempt', async () => {
      const endpoint = await endpointAt('/flaky', ['payment.failed']);
      receiver.answer('/flaky', 500);
      await services.notifications.emit('payment.failed', { paymentId: 'pay_2' }, { eventId: 'evt_payment_2' });

      expect(await services.webhookDispatcher.runOnce()).toEqual({ attempted: 1, delivered: 0, retrying: 1, failed: 0 });
      const first = await only(endpoint.id);
      expect(first).toMatchObject({ status: 'pending', attempts: 1, lastStatusCode: 500, deliveredAtMs: null });
      expect(first.lastError).toContain('HTTP 500');
      expectWait(first.nextAttemptAtMs! - clock.nowMs(), RETRY_DELAYS_MS[0]!);
      await expect(services.notifications.retryDelivery(first.id)).rejects.toMatchObject({ code: 'conflict' });

      clock.set(first.nextAttemptAtMs! - 1);
      expect((await services.webhookDispatcher.runOnce()).attempted).toBe(0);
      clock.set(first.nextAttemptAtMs!);
      expect(await services.webhookDispatcher.runOnce()).toEqual({ attempted: 1, delivered: 1, retrying: 0, failed: 0 });

      expect(await only(endpoint.id)).toMatchObject({ status: 'delivered', attempts: 2, lastStatusCode: 200, lastError: null, nextAttemptAtMs: null, deliveredAtMs: first.nextAttemptAtMs });
      const requests = receiver.receivedAt('/flaky');
      expect(requests.map((r) => [r.answeredStatus, r.verified])).toEqual([[500, true], [200, true]]);
      expect(requests[1]!.rawBody.equals(requests[0]!.rawBody)).toBe(true);
      expect(requests[1]!.headers['tollgate-signature']).not.toBe(requests[0]!.headers['tollgate-signature']);
    });

    it('retries an unreachable receiver on the backoff schedule, marks it failed after the last attempt, and resends on request', async () => {
      const { endpoint } = await services.notifications.createEndpoint({ url: await unreachableUrl() });
      await services.notifications.emit('subscription.changed', { subscriptionId: 'sub_1' }, { eventId: 'evt_subscription_1' });

      for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt++) {
        expect(await services.webhookDispatcher.runOnce()).toMatchObject({ attempted: 1, retrying: 1 });
        const delivery = await only(endpoint.id);
        expect(delivery).toMatchObject({ status: 'pending', attempts: attempt, lastStatusCode: null });
        expect(delivery.lastError).toMatch(/ECONNREFUSED/);
        expectWait(delivery.nextAttemptAtMs! - clock.nowMs(), RETRY_DELAYS_MS[attempt - 1]!);
        clock.set(delivery.nextAttemptAtMs!);
      }
      expect(await services.webhookDispatcher.runOnce()).toEqual({ attempted: 1, delivered: 0, retrying: 0, failed: 1 });
      const failed = await only(endpoint.id);
      expect(failed).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS, nextAttemptAtMs: null, deliveredAtMs: null });

      clock.advance(7 * 24 * 3_600_000);
      expect((await services.webhookDispatcher.runOnce()).attempted).toBe(0);
      expect(await services.notifications.retryDelivery(failed.id)).toMatchObject({ status: 'pending', nextAttemptAtMs: clock.nowMs() });
      expect(await services.webhookDispatcher.runOnce()).toEqual({ attempted: 1, delivered: 0, retrying: 0, failed: 1 });
      expect(await only(endpoint.id)).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS + 1 });
    });

    it('lets a receiver reject a tampered body with the exported helper', async () => {
      await endpointAt('/tamper', ['payment.succeeded']);
      await services.notifications.emit('payment.succeeded', { paymentId: 'pay_3', amount: '10' }, { eventId: 'evt_payment_3' });
      await services.webhookDispatcher.runOnce();
      const [request] = receiver.receivedAt('/tamper');
      const header = request!.headers['tollgate-signature'] as string;
      const nowSeconds = Math.floor(clock.nowMs() / 1000);
      expect(verifyTollgateSignature(request!.rawBody, header, secretsByPath.get('/tamper')!, 300, nowSeconds)).toBe(true);
      const tampered = request!.rawBody.toString('utf8').replace('"10"', '"1000"');
      expect(verifyTollgateSignature(tampered, header, secretsByPath.get('/tamper')!, 300, nowSeconds)).toBe(false);
    });

    it('pauses the deliveries of a disabled endpoint and resumes them when it is enabled', async () => {
      const endpoint = await endpointAt('/paused-later', ['invoice.finalized']);
      await services.notifications.emit('invoice.finalized', { invoiceId: 'inv_2' }, { eventId: 'evt_invoice_2' });
      await services.notifications.updateEndpoint(endpoint.id, { status: 'disabled' });
      expect((await services.webhookDispatcher.runOnce()).attempted).toBe(0);
      await services.notifications.updateEndpoint(endpoint.id, { status: 'enabled' });
      expect((await services.webhookDispatcher.runOnce()).delivered).toBe(1);
      expect(receiver.receivedAt('/paused-later')).toHaveLength(1);
    });

    it('sends each delivery once when two replicas dispatch from the same database at the same time', async () => {
      const replica = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      try {
        const endpoint = await endpointAt('/replicas', ['payment.succeeded']);
        for (let round = 0; round < 3; round++) {
          for (let i = 0; i < 10; i++) await services.notifications.emit('payment.succeeded', { n: i }, { eventId: `evt_replicas_${round}_${i}` });
          const [a, b] = await Promise.all([services.webhookDispatcher.runOnce(), replica.webhookDispatcher.runOnce()]);
          expect(a.attempted + b.attempted).toBe(10);
        }
        const ids = receiver.receivedAt('/replicas').map((r) => r.headers['tollgate-event-id']);
        expect(ids).toHaveLength(30);
        expect(new Set(ids).size).toBe(30);
        const deliveries = await deliveriesOf(endpoint.id);
        expect(deliveries.map((d) => [d.status, d.attempts])).toEqual(Array.from({ length: 30 }, () => ['delivered', 1]));
      } finally {
        await replica.close();
      }
    });

    it('emits balance.low once for the charge that crosses below the threshold, and not for the others', async () => {
      const endpoint = await endpointAt('/balance', ['balance.low']);
      const customer = { id: 'cus_balance', currency: 'USD' as const };
      const units = (n: number) => BigInt(n) * 1_000_000_000n;
      expect(await services.notifications.maybeBalanceLow(customer, units(12), units(8), units(5))).toBe(false);
      expect(await services.notifications.maybeBalanceLow(customer, units(10), units(4), units(5))).toBe(true);
      expect(await services.notifications.maybeBalanceLow(customer, units(10), units(4), units(5))).toBe(true);
      expect(await services.notifications.maybeBalanceLow(customer, units(4), units(3), units(5))).toBe(false);
      expect(await deliveriesOf(endpoint.id)).toHaveLength(1);

      await services.webhookDispatcher.runOnce();
      const [request] = receiver.receivedAt('/balance');
      expect(JSON.parse(request!.rawBody.toString('utf8'))).toMatchObject({
        type: 'balance.low',
        data: { customerId: 'cus_balance', currency: 'USD', balance: '4', previousBalance: '10', threshold: '5' },
      });
    });
  });
}

/** A retry wait is the schedule's step, stretched by the jitter at most. */
function expectWait(waitMs: number, baseMs: number): void {
  expect(waitMs).toBeGreaterThanOrEqual(baseMs);
  expect(waitMs).toBeLessThanOrEqual(baseMs * (1 + JITTER_RATIO));
}
