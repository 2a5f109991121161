import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFile } from '../../app/apply.js';
import { SyntheticTraffic } from '../../app/history/traffic.js';
import { createLogger } from '../../app/logger.js';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { alertEventId, alertId } from './service.js';

/**
 * Model "loss" costs the operator 2.00 per 1M tokens and is sold at 1.00: a request of 1 000
 * prompt and 1 000 output tokens earns 0.002 and costs 0.004, so its customer loses 0.002.
 * Model "fair" is sold at 50.00 per 1M tokens: the same request earns 0.10 (and costs 0.004).
 */
const DAY = 86_400_000;
const START = Date.UTC(2027, 4, 1, 12);
const shape = (model: string) => ({ model, promptTokens: 1_000, cachedPromptTokens: 0, completionTokens: 1_000 });

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`alerts (${dialect.name})`, () => {
    let database: TestDatabase;
    let services: Services;
    let traffic: SyntheticTraffic;
    const clock = new ManualClock(START);

    async function send(ref: string, model: string): Promise<void> {
      const customer = (await services.customers.findByRef(ref))!;
      const [key] = await services.keys.list({ customerId: customer.id, limit: 1 });
      await traffic.send((await traffic.caller(customer.id, key!))!, shape(model));
    }
    const deliveries = async () => (await services.notifications.listDeliveries({ limit: 100 })).filter((d) => d.eventType === 'alert.raised');

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { clock, pgSchema: database.pgSchema, logger: createLogger({ logLevel: 'silent' }) });
      await applyFile(services, {
        upstreams: [{ name: 'sim', type: 'sim', costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '2', output: '2' } }] }],
        models: [
          { name: 'loss', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perMillionTokens: { input: '1', output: '1' } }] },
          { name: 'fair', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perMillionTokens: { input: '50', output: '50' } }] },
        ],
        customers: [
          { ref: 'loser', name: 'Loser Inc', currency: 'USD', billingMode: 'postpaid', keys: [{ name: 'main' }] },
          { ref: 'runner', name: 'Runner Ltd', currency: 'USD', billingMode: 'prepaid', keys: [{ name: 'main' }] },
        ],
      });
      await services.catalog.refresh();
      traffic = new SyntheticTraffic(services, createLogger({ logLevel: 'silent' }));
      await services.notifications.createEndpoint({ url: 'https://receiver.example/hooks' });
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    it('a negative-margin customer raises one alert and one webhook, stays open while true, resolves when it stops', async () => {
      await send('loser', 'loss');
      const first = await services.analytics.alerts.evaluate();
      const loser = (await services.customers.findByRef('loser'))!;
      const id = alertId('negative_margin_customer', loser.id);
      expect(first.raised.map((a) => a.id)).toContain(id);
      const raised = first.raised.find((a) => a.id === id)!;
      expect(raised.details).toMatchObject({ revenue: '0.002', cost: '0.004', margin: '-0.002' });
      const sent = (await deliveries()).filter((d) => d.eventId === alertEventId({ id, firstSeenMs: START }));
      expect(sent).toHaveLength(1);

      clock.set(START + DAY);
      const second = await services.analytics.alerts.evaluate();
      expect(second.raised.map((a) => a.id)).not.toContain(id);
      const open = await services.analytics.alerts.list({ open: true });
      expect(open.find((a) => a.id === id)).toMatchObject({ firstSeenMs: START, lastSeenMs: START + DAY, resolvedAtMs: null });
      expect((await deliveries()).filter((d) => d.payload.includes(id))).toHaveLength(1);

      // 31 days later the loss is out of the 30-day window: the condition no longer holds.
      clock.set(START + 31 * DAY);
      const third = await services.analytics.alerts.evaluate();
      expect(third.resolved).toContain(id);
      expect((await services.analytics.alerts.list({ open: false })).find((a) => a.id === id)?.resolvedAtMs).toBe(START + 31 * DAY);
      expect((await services.analytics.alerts.list({ open: true })).map((a) => a.id)).not.toContain(id);
    });

    it("a prepaid customer whose credit runs out within the threshold raises credit_running_out", async () => {
      const base = START + 40 * DAY;
      clock.set(base);
      const runner = (await services.customers.findByRef('runner'))!;
      // 1.55 of credit, then 0.10 a day for ten days: 0.55 left at 0.10 a day lasts ⌈5.5⌉ = 6 days (≤ 7).
      await services.ledger.topUp(runner, { amountNanos: 1_550_000_000n });
      for (let d = 0; d < 10; d++) {
        clock.set(base + d * DAY);
        await send('runner', 'fair');
      }
      clock.set(base + 10 * DAY);
      const report = await services.analytics.alerts.evaluate();
      const credit = report.raised.find((a) => a.id === alertId('credit_running_out', runner.id));
      expect(credit?.details).toMatchObject({ balance: '0.55', spendPerDay: '0.1', remainingDays: 6, thresholdDays: 7 });
      expect((await deliveries()).filter((d) => d.payload.includes(credit!.id))).toHaveLength(1);
    });
  });
}
