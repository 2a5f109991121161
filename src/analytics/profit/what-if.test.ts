import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { $, DAY_MS, DEC_1, NOV_1 } from '../../test-support/profit-fixture.js';
import { settleAll, usageEvent } from '../../test-support/usage-events.js';
import { whatIf } from './what-if.js';

const NOV_16 = NOV_1 + 15 * DAY_MS;

/**
 * Model "small" lists at $1.00 in / $0.50 cached / $2.00 out per 1M tokens from 1 November, and
 * at $2.00 in / $4.00 out (cached at the input price) from 16 November. Three requests:
 *
 *   e1 (2 Nov): 1 000 000 prompt (200 000 cached) + 500 000 out: list 0.80 + 0.10 + 1.00 = 1.90; charged 1.90, cost 1.00
 *   e2 (3 Nov): 3 000 000 prompt + 1 500 000 out:              list 3.00 + 3.00 = 6.00;        charged 5.40 (10 % plan discount), cost 2.50
 *   e3 (20 Nov): 1 000 000 prompt (100 000 cached) + 250 000 out: list 1.80 + 0.20 + 1.00 = 3.00; charged 3.00 (0.50 granted credit), cost 1.20
 *
 * So at list price: revenue 10.90, cost 4.70, margin 6.20 (56.88 %). Charged: 1.90 + 5.40 + 3.00 − 0.50 = 9.80.
 */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`what-if repricing (${dialect.name})`, () => {
    const clock = new ManualClock(NOV_1);
    let database: TestDatabase;
    let s: Services;
    const november = { model: 'small', currency: 'USD' as const, fromMs: NOV_1, toMs: DEC_1 };

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      s = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      const api = await s.upstreams.create({ name: 'api', type: 'sim' });
      const customer = await s.customers.create({ name: 'alpha', currency: 'USD' });
      const keyId = (await s.keys.issue(customer.id, { name: 'main' })).key.id;
      await s.prices.add({ model: 'small', currency: 'USD', perMillionTokens: { input: '1.00', cachedInput: '0.50', output: '2.00' } });
      clock.set(NOV_16);
      await s.prices.add({ model: 'small', currency: 'USD', perMillionTokens: { input: '2.00', output: '4.00' } });
      const base = { customerId: customer.id, keyId, upstreamId: api.id };
      await settleAll(s, [
        usageEvent({ ...base, model: 'small', startedAtMs: NOV_1 + DAY_MS, promptTokens: 1_000_000, cachedPromptTokens: 200_000, completionTokens: 500_000, revenueNanos: $('1.90'), costNanos: $('1') }),
        usageEvent({ ...base, model: 'small', startedAtMs: NOV_1 + 2 * DAY_MS, promptTokens: 3_000_000, completionTokens: 1_500_000, revenueNanos: $('5.40'), discountBps: 1000, costNanos: $('2.50') }),
        usageEvent({ ...base, model: 'small', startedAtMs: NOV_1 + 19 * DAY_MS, promptTokens: 1_000_000, cachedPromptTokens: 100_000, completionTokens: 250_000, revenueNanos: $('3'), promoNanos: $('0.50'), costNanos: $('1.20') }),
        usageEvent({ ...base, model: 'other', startedAtMs: NOV_1 + DAY_MS, promptTokens: 9_000_000, revenueNanos: $('9'), costNanos: $('9') }),
        usageEvent({ ...base, model: 'bare', startedAtMs: NOV_1 + DAY_MS, promptTokens: 1000, revenueNanos: $('0.01') }),
      ]);
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('re-prices the month at new rates, cached tokens at the new input price', async () => {
      const r = await whatIf(s.store.db, { ...november, rates: { input: '0.2', output: '0.8' } });
      expect([r.requests, r.inputTokens, r.cachedInputTokens, r.outputTokens]).toEqual([3n, 4_700_000n, 300_000n, 2_250_000n]);
      expect(r.asWas).toEqual({ revenueNanos: $('10.90'), costNanos: $('4.70'), marginNanos: $('6.20'), marginPct: 56.88 });
      // 4.7 × 0.2 + 0.3 × 0.2 + 2.25 × 0.8 = 0.94 + 0.06 + 1.80 = 2.80; margin 2.80 − 4.70 = −1.90 (−67.86 %).
      expect(r.asWouldHaveBeen).toEqual({ revenueNanos: $('2.80'), costNanos: $('4.70'), marginNanos: -$('1.90'), marginPct: -67.86 });
      expect(r.change).toEqual({ revenueNanos: -$('8.10'), marginNanos: -$('8.10') });
      // 9.80 − 4.70 = 5.10 (52.04 %).
      expect(r.charged).toEqual({ revenueNanos: $('9.80'), costNanos: $('4.70'), marginNanos: $('5.10'), marginPct: 52.04, promotionalNanos: $('0.50'), includedNanos: 0n });
      expect(r.rates).toEqual({ input: '0.2', cachedInput: '0.2', output: '0.8' });
      expect(r.unpricedRequests).toBe(0n);
    });

    it('takes a cached price when one is given', async () => {
      const r = await whatIf(s.store.db, { ...november, rates: { input: '0.2', cachedInput: '0.1', output: '0.8' } });
      // 0.94 + 0.3 × 0.1 + 1.80 = 2.77.
      expect(r.asWouldHaveBeen.revenueNanos).toBe($('2.77'));
    });

    it('re-prices a range at the prices in force in it', async () => {
      const r = await whatIf(s.store.db, { ...november, toMs: NOV_16, rates: { input: '1', output: '2' } });
      // Only e1 and e2 (first version): 7.90 at list; the same rates bar cached (0.50 → 1.00 on 200 000 tokens): +0.10.
      expect([r.asWas.revenueNanos, r.asWouldHaveBeen.revenueNanos, r.change.revenueNanos]).toEqual([$('7.90'), $('8'), $('0.10')]);
    });

    it('leaves requests without a list price out of both list-price scenarios', async () => {
      const r = await whatIf(s.store.db, { ...november, model: 'bare', rates: { input: '1', output: '1' } });
      expect([r.unpricedRequests, r.asWas.revenueNanos, r.asWouldHaveBeen.revenueNanos, r.charged.revenueNanos]).toEqual([1n, 0n, 0n, $('0.01')]);
    });

    it('refuses rates that are not decimal amounts', async () => {
      await expect(whatIf(s.store.db, { ...november, rates: { input: '-1', output: '1' } })).rejects.toMatchObject({ code: 'invalid_request' });
    });
  });
}
