import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { parseDecimalNanos } from '../../core/money.js';
import { dialects } from '../../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { profitTotals } from './profit.js';

/**
 * The overview is assembled from the other reports: every number in it must equal the one the
 * report that owns it gives (profit totals, /reports/saas, /reports/cash, /alerts), and its
 * series must add up to its totals.
 */
const NOW = Date.UTC(2027, 5, 20, 15);
const MONTH_START = Date.UTC(2027, 5, 1);
const nanos = (text: string) => parseDecimalNanos(text)!;
const sum = (values: string[]) => values.reduce((s, v) => s + nanos(v), 0n);

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the overview equals the sum of its parts (${dialect.name})`, () => {
    const clock = new ManualClock(Date.UTC(2027, 4, 2, 9));
    let t: TestGateway;
    let owner: string;

    async function admin(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<any> {
      const response = await fetch(`${t.url}/admin/v1${path}`, {
        method,
        headers: { authorization: `Bearer ${owner}`, ...(body !== undefined ? { 'content-type': contentType } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const json = await response.json();
      if (response.status >= 300) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
      return json;
    }

    beforeAll(async () => {
      t = await startTestGateway({
        dialect: dialect.name,
        clock,
        openBilling: false,
        seed: {
          upstreams: [{ name: 'sim', type: 'sim', settings: { sim: { firstTokenMs: 1 } }, costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '3', output: '3' } }] }],
          models: [{ name: 'm', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perMillionTokens: { input: '2', output: '4' } }] }],
          customers: [
            { ref: 'paygo', name: 'Paygo', currency: 'USD', billingMode: 'postpaid', keys: [] },
            { ref: 'sub', name: 'Subscriber', currency: 'USD', billingMode: 'prepaid', keys: [] },
          ],
        },
      });
      owner = await t.operatorToken('owner');
      await admin('PUT', '/settings/finance', { openingCash: '5000', openingCashDate: '2027-01-01', cac: '80' });
      await admin('POST', '/expenses/import', 'date,category,description,amount,currency,recurrence\n2027-01-03,rent,Desk,700,USD,monthly\n2027-06-05,marketing,Launch,300,USD,one-off', 'text/csv');
      await admin('PUT', '/budgets/2027-06', { category: 'rent', amount: '700' });
      const sub = await t.gateway.services.customers.findByRef('sub');
      await admin('POST', '/plans', { code: 'solo', name: 'Solo', currency: 'USD', interval: 'month', fee: '25' });
      await admin('POST', `/customers/${sub!.id}/subscription`, { plan: 'solo' });
      // The May fee is earned once its period closes on June 2: part of it falls in June.
      clock.set(Date.UTC(2027, 5, 2, 10));
      await t.gateway.services.billing.run();
      await admin('POST', `/customers/${sub!.id}/top-ups`, { amount: '40' });
      const key = await t.issueKey('paygo');
      for (let i = 0; i < 4; i++) {
        clock.set(Date.UTC(2027, 5, 3 + i * 4, 10));
        await t.client(key.secret).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `Hello number ${i}` }] });
      }
      await admin('POST', '/upstreams/sim/bills', { amount: '1.25', paidAtMs: Date.UTC(2027, 5, 15), memo: 'June' });
      clock.set(NOW);
      await t.gateway.services.analytics.alerts.evaluate();
    });
    afterAll(async () => {
      await t?.stop();
    });

    it('matches profit totals, the SaaS report, the cash report and the open alerts', async () => {
      const o = await admin('GET', `/reports/overview?fromMs=${MONTH_START}&toMs=${NOW + 1}`);
      const saas = await admin('GET', '/reports/saas?month=2027-06');
      const cash = await admin('GET', '/reports/cash?months=6');
      const alerts = await admin('GET', '/alerts?open=true');
      const totals = await profitTotals(t.gateway.services.store.db, { fromMs: MONTH_START, toMs: NOW + 1, currency: 'USD' });

      expect(nanos(o.usageRevenue)).toBe(totals.usageRevenueNanos);
      expect(nanos(o.subscriptionRevenue)).toBe(totals.subscriptionRevenueNanos);
      expect(nanos(o.promotionalUsage)).toBe(totals.promotionalNanos);
      expect(nanos(o.cost)).toBe(totals.costNanos + totals.idleGpuNanos);
      expect(nanos(o.revenue)).toBe(nanos(o.usageRevenue) + nanos(o.subscriptionRevenue));
      expect(nanos(o.grossMargin)).toBe(nanos(o.revenue) - nanos(o.cost));
      expect(nanos(o.usageRevenue)).toBeGreaterThan(0n);
      expect(nanos(o.subscriptionRevenue)).toBeGreaterThan(0n);

      expect(sum(o.series.map((d: { revenue: string }) => d.revenue))).toBe(nanos(o.revenue));
      expect(sum(o.series.map((d: { cost: string }) => d.cost))).toBe(nanos(o.cost));
      for (const d of o.series) expect(nanos(d.margin)).toBe(nanos(d.revenue) - nanos(d.cost));

      expect(o.mrr).toBe(saas.mrr);
      expect(o.mrr).toBe('25');
      expect(o.arr).toBe(saas.arr);
      expect(o.activeCustomers).toBe(saas.activeCustomers);
      expect(o.activeCustomers).toBe(2);
      expect(o.cash).toBe(cash.closing);
      expect(o.netBurn).toBe(cash.averageNetBurn);
      expect(o.runwayMonths).toBe(cash.runwayMonths);
      expect(o.alerts.map((a: { id: string }) => a.id).sort()).toEqual(alerts.data.map((a: { id: string }) => a.id).sort());
    });

    it('cash counts the top-up, the expenses and the upstream bill', async () => {
      const cash = await admin('GET', '/reports/cash?months=6');
      const june = cash.months.at(-1);
      expect(june).toMatchObject({ month: '2027-06', cashIn: '40', expenses: '1000', upstreamBills: '1.25', complete: false });
      // 5000 opening, rent 700 on the 3rd of January to May (5 × 700) = 1500, then June: + 40 − 1000 − 1.25.
      expect(cash.closing).toBe('538.75');
    });

    it('serves the forecasts, the budget report and the credit runway', async () => {
      const forecast = await admin('GET', '/reports/forecast?series=revenue&horizonDays=7');
      expect(forecast.points).toHaveLength(7);
      expect(forecast.history.length).toBeGreaterThan(0);
      const usage = await admin('GET', '/reports/forecast?series=usage&horizonDays=3');
      expect(usage.unit).toBe('tokens');
      const breakEven = await admin('GET', '/reports/break-even?growthPct=10&horizonMonths=6');
      expect(breakEven.projection).toHaveLength(6);
      const budget = await admin('GET', '/reports/budget?month=2027-06');
      expect(budget.lines.find((l: { category: string }) => l.category === 'rent')).toMatchObject({ budget: '700', actual: '700', remaining: '0', usedPct: 100 });
      const credit = await admin('GET', '/reports/credit-runway');
      expect(credit.data.map((c: { name: string }) => c.name)).toEqual(['Subscriber']);
    });
  });
}
