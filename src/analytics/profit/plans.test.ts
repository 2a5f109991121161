import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { $, BUSY_HOUR, DEC_1, NOV_1 } from '../../test-support/profit-fixture.js';
import { settleAll, usageEvent } from '../../test-support/usage-events.js';
import type { UsageEvent } from '../../metering/types.js';
import { distribution, planReport } from './plans.js';

describe('the spread of cost per subscriber', () => {
  it('uses nearest ranks, so every figure is a real subscriber\'s cost', () => {
    expect(distribution([0n, 1n, 2n, 3n, 80n])).toEqual({ p50Nanos: 2n, p90Nanos: 80n, p99Nanos: 80n, maxNanos: 80n, meanNanos: 17n });
    expect(distribution([7n])).toEqual({ p50Nanos: 7n, p90Nanos: 7n, p99Nanos: 7n, maxNanos: 7n, meanNanos: 7n });
    expect(distribution([])).toBeNull();
  });
});

/**
 * November 2026. Plan "basic" is $10 a month, "pro" $50 a month, "annual" $120 a year (no one).
 * Five customers on basic cost $1, $2, $3, $80 (the heavy one: $30 of tokens and a whole $50 GPU
 * hour) and nothing; one on pro costs $5; one without a plan costs $7 and is in no plan's figures.
 */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`plans' month (${dialect.name})`, () => {
    const clock = new ManualClock(NOV_1);
    let database: TestDatabase;
    let s: Services;
    const customers: Record<string, string> = {};

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      s = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      const api = await s.upstreams.create({ name: 'api', type: 'sim' });
      const gpu = await s.upstreams.create({ name: 'gpu', type: 'sim' });
      await s.costCards.add(gpu.id, { kind: 'gpu_hour', currency: 'USD', hourlyPerGpu: '25', gpuCount: 2, capacityTokensPerSecond: 1000 });
      const plans = s.billing.ctx.plans;
      await plans.create({ code: 'basic', name: 'Basic', currency: 'USD', interval: 'month', feeNanos: $('10') });
      await plans.create({ code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', feeNanos: $('50') });
      await plans.create({ code: 'annual', name: 'Annual', currency: 'USD', interval: 'year', feeNanos: $('120') });
      const events: UsageEvent[] = [];
      const spend = async (name: string, plan: string | null, uses: { revenue: string; cost: string; gpuTokens?: number }[]) => {
        const customer = await s.customers.create({ name, currency: 'USD' });
        customers[name] = customer.id;
        const keyId = (await s.keys.issue(customer.id, { name: 'main' })).key.id;
        const sub = plan ? (await s.billing.subscribe(customer, plan)).subscription : null;
        const onPlan = sub ? { subscriptionId: sub.id, planId: sub.planId } : {};
        for (const [i, use] of uses.entries()) {
          events.push(usageEvent({ customerId: customer.id, keyId, model: 'm', upstreamId: api.id, startedAtMs: BUSY_HOUR + i * 60_000, revenueNanos: $(use.revenue), costNanos: $(use.cost), ...onPlan }));
          if (use.gpuTokens) events.push(usageEvent({ customerId: customer.id, keyId, model: 'm', upstreamId: gpu.id, startedAtMs: BUSY_HOUR, promptTokens: use.gpuTokens, ...onPlan }));
        }
      };
      await spend('s1', 'basic', [{ revenue: '0.50', cost: '1' }]);
      await spend('s2', 'basic', [{ revenue: '1', cost: '2' }]);
      await spend('s3', 'basic', [{ revenue: '2', cost: '3' }]);
      await spend('s4', 'basic', [{ revenue: '15', cost: '20' }, { revenue: '5', cost: '10', gpuTokens: 3_600_000 }]);
      await spend('s5', 'basic', []);
      await spend('p1', 'pro', [{ revenue: '30', cost: '5' }]);
      await spend('n1', null, [{ revenue: '1', cost: '7' }]);
      await settleAll(s, events);
      clock.set(DEC_1 + 30 * 60_000);
      await s.billing.run();
      await s.gpuAllocation.run();
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('shows the $10 plan whose heavy subscriber costs $80', async () => {
      const report = await planReport(s.store.db, '2026-11');
      expect(report.plans.map((p) => p.code)).toEqual(['annual', 'basic', 'pro']);
      const basic = report.plans.find((p) => p.code === 'basic')!;
      // Costs 0, 1, 2, 3, 80 (= 20 + 10 of tokens + the whole $50 GPU hour): p50 is the 3rd, p90 and p99 the 5th.
      // Revenue: 0.50 + 1 + 2 + 20 of usage + 5 × $10 of fees = 73.50; margin 73.50 − 86 = −12.50 (−17.01 %).
      expect(basic).toMatchObject({
        subscribers: 5,
        feeNanos: $('10'),
        monthlyFeeNanos: $('10'),
        revenueNanos: $('73.50'),
        costNanos: $('86'),
        marginNanos: -$('12.50'),
        marginPct: -17.01,
        costPerSubscriber: { p50Nanos: $('2'), p90Nanos: $('80'), p99Nanos: $('80'), maxNanos: $('80'), meanNanos: $('17.20') },
        costlierThanFee: 1,
      });
      expect(basic.heaviest).toEqual([
        { customerId: customers.s4, name: 's4', costNanos: $('80') },
        { customerId: customers.s3, name: 's3', costNanos: $('3') },
        { customerId: customers.s2, name: 's2', costNanos: $('2') },
      ]);
    });

    it('keeps a profitable plan and an empty one apart', async () => {
      const report = await planReport(s.store.db, '2026-11');
      expect(report.plans.find((p) => p.code === 'pro')).toMatchObject({ subscribers: 1, revenueNanos: $('80'), costNanos: $('5'), marginNanos: $('75'), costlierThanFee: 0, costPerSubscriber: { p50Nanos: $('5'), maxNanos: $('5') } });
      expect(report.plans.find((p) => p.code === 'annual')).toMatchObject({ subscribers: 0, monthlyFeeNanos: $('10'), revenueNanos: 0n, costPerSubscriber: null, marginPct: null, heaviest: [] });
    });

    it('counts nobody in a month before anyone subscribed', async () => {
      const report = await planReport(s.store.db, '2026-10');
      expect(report.plans.map((p) => [p.code, p.subscribers, p.costNanos])).toEqual([['annual', 0, 0n], ['basic', 0, 0n], ['pro', 0, 0n]]);
    });
  });
}
