import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { $, DAY_MS, DEC_1, NOV_1, type November, seedNovember } from '../../test-support/profit-fixture.js';
import { profitReport } from './report.js';
import { profitTotals } from './totals.js';
import type { ProfitQuery, ProfitRow } from './types.js';

/** The money columns of a row, in nanos, for comparing with amounts worked out by hand. */
function money(row: Pick<ProfitRow, 'revenueNanos' | 'usageRevenueNanos' | 'subscriptionRevenueNanos' | 'promotionalNanos' | 'includedNanos' | 'tokenCostNanos' | 'gpuCostNanos' | 'idleGpuNanos' | 'costNanos' | 'marginNanos' | 'marginPct'>) {
  const { revenueNanos, usageRevenueNanos, subscriptionRevenueNanos, promotionalNanos, includedNanos, tokenCostNanos, gpuCostNanos, idleGpuNanos, costNanos, marginNanos, marginPct } = row;
  return { revenueNanos, usageRevenueNanos, subscriptionRevenueNanos, promotionalNanos, includedNanos, tokenCostNanos, gpuCostNanos, idleGpuNanos, costNanos, marginNanos, marginPct };
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`profit views (${dialect.name})`, () => {
    const clock = new ManualClock(NOV_1);
    let database: TestDatabase;
    let s: Services;
    let n: November;
    const november: Omit<ProfitQuery, 'groupBy'> = { period: 'all', fromMs: NOV_1, toMs: DEC_1, currency: 'USD' };

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      s = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      n = await seedNovember(s, clock);
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('shows each customer its margin, the plan fee in its revenue and granted credit beside it, losers first', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['customer'] });
      expect(report.rows.map((r) => [r.key, r.name])).toEqual([[n.betaId, 'beta'], [n.alphaId, 'alpha']]);
      const [beta, alpha] = report.rows;
      // beta: usage 4.00 + 0.50 − 1.50 granted = 3.00; cost 5.00 tokens + 1.00 GPU (720 000 of 3 600 000 tokens of a $5 hour) = 6.00.
      expect(money(beta!)).toEqual({
        revenueNanos: $('3'), usageRevenueNanos: $('3'), subscriptionRevenueNanos: 0n, promotionalNanos: $('1.50'), includedNanos: 0n,
        tokenCostNanos: $('5'), gpuCostNanos: $('1'), idleGpuNanos: 0n, costNanos: $('6'), marginNanos: -$('3'), marginPct: -100,
      });
      expect([beta!.requests, beta!.failedRequests, beta!.tokens]).toEqual([2n, 1n, 723_000n]);
      // alpha: usage 3.00 + 2.00 and the $10 November fee = 15.00; cost 1.20 + 0.50 GPU (360 000 tokens) = 1.70; 13.30 / 15 = 88.67 %.
      expect(money(alpha!)).toEqual({
        revenueNanos: $('15'), usageRevenueNanos: $('5'), subscriptionRevenueNanos: $('10'), promotionalNanos: 0n, includedNanos: $('1'),
        tokenCostNanos: $('1.20'), gpuCostNanos: $('0.50'), idleGpuNanos: 0n, costNanos: $('1.70'), marginNanos: $('13.30'), marginPct: 88.67,
      });
      expect([alpha!.requests, alpha!.tokens]).toEqual([2n, 361_500n]);
    });

    it('totals the month: idle GPU hours are a cost no customer carries', async () => {
      const { totals } = await profitReport(s.store.db, { ...november, groupBy: ['customer'] });
      // 720 hours × $5 = 3600.00, of which 1.50 went to requests: 3598.50 idle. Cost 6.20 + 1.50 + 3598.50 = 3606.20.
      expect(money(totals)).toEqual({
        revenueNanos: $('18'), usageRevenueNanos: $('8'), subscriptionRevenueNanos: $('10'), promotionalNanos: $('1.50'), includedNanos: $('1'),
        tokenCostNanos: $('6.20'), gpuCostNanos: $('1.50'), idleGpuNanos: $('3598.50'), costNanos: $('3606.20'), marginNanos: -$('3588.20'), marginPct: -19934.44,
      });
      expect([totals.requests, totals.failedRequests, totals.tokens]).toEqual([4n, 1n, 1_084_500n]);
      expect([totals.unattributedRevenueNanos, totals.unattributedCostNanos]).toEqual([0n, $('3598.50')]);
    });

    it('splits by model without the fee, which it reports as unattributed', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['model'] });
      expect(report.rows.map((r) => [r.key, r.revenueNanos, r.costNanos, r.marginNanos, r.marginPct])).toEqual([
        // small: 3.00 + 4.00 − 1.50 = 5.50 against 1.20 + 5.00 = 6.20: −0.70, −12.73 %.
        ['small', $('5.50'), $('6.20'), -$('0.70'), -12.73],
        // big: 2.00 + 0.50 against 0.50 + 1.00 of GPU: +1.00, 40 %.
        ['big', $('2.50'), $('1.50'), $('1'), 40],
      ]);
      expect([report.totals.unattributedRevenueNanos, report.totals.unattributedCostNanos]).toEqual([$('10'), $('3598.50')]);
    });

    it('gives the plan its subscribers\' usage, GPU share and fee', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['plan'] });
      expect(report.rows.map((r) => [r.key, r.name, r.revenueNanos, r.costNanos, r.marginNanos])).toEqual([
        ['', '(no plan)', $('3'), $('6'), -$('3')],
        [n.planId, 'Basic (basic)', $('15'), $('1.70'), $('13.30')],
      ]);
      expect(report.rows[1]!.gpuCostNanos).toBe($('0.50'));
    });

    it('charges each upstream its idle hours', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['upstream'] });
      expect(report.rows.map((r) => [r.name, r.revenueNanos, r.tokenCostNanos, r.gpuCostNanos, r.idleGpuNanos, r.marginNanos])).toEqual([
        ['gpu', $('2.50'), 0n, $('1.50'), $('3598.50'), -$('3597.50')],
        ['api', $('5.50'), $('6.20'), 0n, 0n, -$('0.70')],
      ]);
      expect(report.rows[1]!.failedRequests).toBe(1n);
      expect([report.totals.unattributedRevenueNanos, report.totals.unattributedCostNanos]).toEqual([$('10'), 0n]);
    });

    it('crosses customers with models, the fee left out of the rows', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['customer', 'model'] });
      expect(report.rows.map((r) => [r.name, r.revenueNanos, r.costNanos, r.marginNanos])).toEqual([
        ['beta / small', $('2.50'), $('5'), -$('2.50')],
        ['beta / big', $('0.50'), $('1'), -$('0.50')],
        ['alpha / big', $('2'), $('0.50'), $('1.50')],
        ['alpha / small', $('3'), $('1.20'), $('1.80')],
      ]);
      expect(report.rows[0]!.keys).toEqual({ customer: n.betaId, model: 'small' });
      expect(report.rows[0]!.key).toBe(`${n.betaId} / small`);
      expect(report.totals.unattributedRevenueNanos).toBe($('10'));
      const byPlan = await profitReport(s.store.db, { ...november, groupBy: ['customer', 'plan'] });
      expect(byPlan.rows.map((r) => [r.name, r.revenueNanos])).toEqual([['beta / (no plan)', $('3')], ['alpha / Basic (basic)', $('15')]]);
      expect(byPlan.totals.unattributedRevenueNanos).toBe(0n);
    });

    it('names keys after their customer', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['key'] });
      expect(report.rows.map((r) => [r.key, r.name, r.marginNanos])).toEqual([
        [n.b1, 'beta / b1', -$('3')],
        [n.a1, 'alpha / a1', $('3.30')],
      ]);
    });

    it('spreads a fee evenly over its period, to the nano, in days, weeks and months', async () => {
      const day = await profitReport(s.store.db, { ...november, groupBy: ['customer'], fromMs: NOV_1 + DAY_MS, toMs: NOV_1 + 2 * DAY_MS });
      // 2 November is the 2nd of 30 days: ⌊10e9 × 2/30⌋ − ⌊10e9 × 1/30⌋ = 666 666 666 − 333 333 333.
      expect(day.rows.find((r) => r.key === n.alphaId)!.subscriptionRevenueNanos).toBe(333_333_333n);
      const days = await profitReport(s.store.db, { ...november, groupBy: ['customer'], period: 'day' });
      const alphaDays = days.rows.filter((r) => r.key === n.alphaId);
      expect(alphaDays).toHaveLength(30);
      expect(alphaDays.reduce((sum, r) => sum + r.subscriptionRevenueNanos, 0n)).toBe($('10'));
      // The last day takes what the floors left: 10e9 − ⌊10e9 × 29/30⌋ = 333 333 334.
      expect(alphaDays.at(-1)).toMatchObject({ period: '2026-11-30', subscriptionRevenueNanos: 333_333_334n });
      expect(days.rows.filter((r) => r.key === n.betaId).map((r) => r.period)).toEqual(['2026-11-02']);
      const weeks = await profitReport(s.store.db, { ...november, groupBy: ['customer'], period: 'week' });
      expect(weeks.rows.filter((r) => r.key === n.alphaId).map((r) => r.period)).toEqual(['2026-W44', '2026-W45', '2026-W46', '2026-W47', '2026-W48', '2026-W49']);
      expect(weeks.rows.find((r) => r.key === n.betaId)!.period).toBe('2026-W45');
      const months = await profitReport(s.store.db, { ...november, groupBy: ['customer'], period: 'month' });
      expect(months.rows.map((r) => [r.name, r.period, r.marginNanos])).toEqual([['beta', '2026-11', -$('3')], ['alpha', '2026-11', $('13.30')]]);
    });

    it('sorts and limits rows without changing the totals', async () => {
      const report = await profitReport(s.store.db, { ...november, groupBy: ['customer'], sort: 'revenue', limit: 1 });
      expect(report.rows.map((r) => r.name)).toEqual(['alpha']);
      expect(report.rowCount).toBe(2);
      expect(report.totals.revenueNanos).toBe($('18'));
    });

    it('exports the totals the overview is built on, with a daily series', async () => {
      const totals = await profitTotals(s.store.db, { fromMs: NOV_1, toMs: DEC_1, currency: 'USD' });
      expect({ ...totals, daily: undefined }).toEqual({
        usageRevenueNanos: $('8'), subscriptionRevenueNanos: $('10'), promotionalNanos: $('1.50'), includedNanos: $('1'),
        costNanos: $('7.70'), idleGpuNanos: $('3598.50'), daily: undefined,
      });
      expect(totals.daily).toHaveLength(30);
      expect(totals.daily[0]).toEqual({ day: '2026-11-01', revenueNanos: 333_333_333n, costNanos: $('120') });
      // 2 November: 8.00 of usage + the day's fee; 7.70 of usage cost + 24 × 5.00 − 1.50 of idle GPU time.
      expect(totals.daily[1]).toEqual({ day: '2026-11-02', revenueNanos: $('8') + 333_333_333n, costNanos: $('126.20') });
      expect(totals.daily.reduce((sum, d) => sum + d.revenueNanos, 0n)).toBe($('18'));
      expect(totals.daily.reduce((sum, d) => sum + d.costNanos, 0n)).toBe($('3606.20'));
      const other = await profitTotals(s.store.db, { fromMs: NOV_1, toMs: DEC_1, currency: 'EUR' });
      expect(other).toEqual({ usageRevenueNanos: 0n, subscriptionRevenueNanos: 0n, promotionalNanos: 0n, includedNanos: 0n, costNanos: 0n, idleGpuNanos: 0n, daily: [] });
    });

    it('leaves the ledger balanced and every invariant green', async () => {
      const checks = await s.ledgerStore.checkInvariants(clock.nowMs());
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    });
  });
}
