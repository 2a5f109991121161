import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { DEC_1, NOV_1, type November, seedNovember } from '../test-support/profit-fixture.js';

/** The profit reports over HTTP, on the November of test-support/profit-fixture.ts. */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the profit report routes (${dialect.name})`, () => {
    const clock = new ManualClock(NOV_1);
    let t: TestGateway;
    let viewer: string;
    let n: November;
    const range = `fromMs=${NOV_1}&toMs=${DEC_1}&currency=USD`;

    async function get(path: string, token = viewer): Promise<{ status: number; body: any }> {
      const response = await fetch(`${t.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
      return { status: response.status, body: await response.json() };
    }

    beforeAll(async () => {
      t = await startTestGateway({ dialect: dialect.name, clock });
      n = await seedNovember(t.gateway.services, clock);
      viewer = await t.operatorToken('viewer');
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('are in the OpenAPI document', async () => {
      const doc = (await (await fetch(`${t.url}/admin/v1/openapi.json`)).json()) as { paths: Record<string, unknown> };
      for (const path of ['profit', 'plans', 'what-if', 'gpu']) expect(doc.paths).toHaveProperty([`/admin/v1/reports/${path}`]);
    });

    it('answer profit by model with money as decimal strings, to a viewer', async () => {
      const { status, body } = await get(`/reports/profit?groupBy=model&${range}`);
      expect(status).toBe(200);
      expect(body.rows[0]).toMatchObject({ key: 'small', name: 'small', period: null, requests: 2, failedRequests: 1, tokens: 4500, revenue: '5.5', promotional: '1.5', included: '1', cost: '6.2', margin: '-0.7', marginPct: -12.73 });
      expect(body.totals).toMatchObject({ revenue: '18', subscriptionRevenue: '10', cost: '3606.2', idleGpuCost: '3598.5', margin: '-3588.2', unattributedRevenue: '10', unattributedCost: '3598.5' });
      expect(body.daily).toHaveLength(30);
      expect(body.daily[1]).toEqual({ day: '2026-11-02', revenue: '8.333333333', cost: '126.2', margin: '-117.866666667' });
    });

    it('cross dimensions given comma-separated', async () => {
      const { body } = await get(`/reports/profit?groupBy=customer,model&${range}`);
      expect(body.groupBy).toEqual(['customer', 'model']);
      expect(body.rows.map((r: { name: string; margin: string }) => [r.name, r.margin])).toEqual([['beta / small', '-2.5'], ['beta / big', '-0.5'], ['alpha / big', '1.5'], ['alpha / small', '1.8']]);
      expect(body.rows[0].keys).toEqual({ customer: n.betaId, model: 'small' });
    });

    it('default to last month and the customers\' currency', async () => {
      const { body } = await get('/reports/profit');
      expect([body.groupBy, body.period, body.fromMs, body.toMs, body.currency]).toEqual([['customer'], 'all', NOV_1, DEC_1, 'USD']);
      expect(body.rows.map((r: { key: string }) => r.key)).toEqual([n.betaId, n.alphaId]);
    });

    it('answer the GPU report with the break-even utilisation', async () => {
      const { body } = await get(`/reports/gpu?fromMs=${NOV_1}&toMs=${DEC_1}`);
      // 3600.00 for 720 hours able to serve 720 × 3 600 000 tokens; 1 080 000 served for 2.50:
      // break-even = 3600 × 1 080 000 / (2.50 × 2 592 000 000) = 60 %.
      expect(body.data).toEqual([
        { upstreamId: n.gpuId, name: 'gpu', currency: 'USD', hours: 720, cost: '3600', allocated: '1.5', idle: '3598.5', utilisationPct: 0.04, tokens: 1_080_000, tokenUtilisationPct: 0.04, revenue: '2.5', breakEvenUtilisationPct: 60 },
      ]);
    });

    it('answer the plans of a month and a what-if', async () => {
      const plans = await get('/reports/plans?month=2026-11');
      expect(plans.body.plans).toEqual([
        expect.objectContaining({ code: 'basic', fee: '10', subscribers: 1, revenue: '15', cost: '1.7', costPerSubscriber: { p50: '1.7', p90: '1.7', p99: '1.7', max: '1.7', mean: '1.7' }, costlierThanFee: 0 }),
      ]);
      const whatIf = await get(`/reports/what-if?model=big&input=0.2&output=0.8&${range}`);
      // No list price for "big" in this November: both list-price scenarios leave its 2 requests out.
      expect(whatIf.body).toMatchObject({ model: 'big', requests: 2, unpricedRequests: 2, charged: { revenue: '2.5', cost: '1.5', margin: '1' }, rates: { input: '0.2', cachedInput: '0.2', output: '0.8' } });
    });

    it('refuse what they do not understand', async () => {
      expect((await get('/reports/profit?groupBy=planet')).body.error.code).toBe('invalid_request');
      expect((await get('/reports/what-if?input=1&output=1')).status).toBe(400);
      expect((await get('/reports/plans?month=2026-13')).status).toBe(400);
      expect((await get(`/reports/profit?fromMs=${DEC_1}&toMs=${NOV_1}`)).status).toBe(400);
    });
  });
}
