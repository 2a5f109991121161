import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../app/logger.js';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import type { ExpenseInput } from './types.js';

/**
 * Cash from 2027-01-01 (opening cash 20 000) to 2027-04-15, by hand:
 *
 *   payments in (top-ups): Jan 10 500, Feb 12 300, Mar 5 200, Apr 2 100
 *   salaries 3 000 monthly on the 25th; rent 1 000 monthly on the 1st until before Mar 15 (so Jan,
 *   Feb, Mar); marketing 1 200 once on Feb 20; GPUs 500 once on 2026-12-15 (before the opening
 *   date: already in the opening cash); an upstream bill of 250 paid Mar 10.
 *
 *   month  opening   in    expenses  bills  net burn  closing
 *   Jan    20 000   500    4 000       0    3 500    16 500
 *   Feb    16 500   300    5 200       0    4 900    11 600
 *   Mar    11 600   200    4 000     250    4 050     7 550
 *   Apr     7 550   100        0       0     −100     7 650   (to date: salaries come on the 25th)
 *
 *   average net burn of the complete months = (3 500 + 4 900 + 4 050) / 3 = 4 150
 *   runway = 7 650 / 4 150 = 1.843… → 1.84 months
 */
const USD = 1_000_000_000n;
const at = (month: number, date: number) => Date.UTC(2027, month - 1, date, 12);

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`cash, runway and budget (${dialect.name})`, () => {
    let database: TestDatabase;
    let services: Services;
    const clock = new ManualClock(at(1, 1));

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { clock, pgSchema: database.pgSchema, logger: createLogger({ logLevel: 'silent' }) });
      const finance = services.analytics.finance;
      await finance.updateSettings({ openingCashNanos: 20_000n * USD, openingCashDate: '2027-01-01', currency: 'USD' });
      const expense = (e: Partial<ExpenseInput> & Pick<ExpenseInput, 'category' | 'amountNanos' | 'startsAtMs'>): ExpenseInput => ({ description: e.category, currency: 'USD', recurrence: 'one_off', endsAtMs: null, externalRef: null, ...e });
      await finance.expenses.create(expense({ category: 'salaries', amountNanos: 3_000n * USD, recurrence: 'monthly', startsAtMs: Date.UTC(2027, 0, 25) }));
      await finance.expenses.create(expense({ category: 'rent', amountNanos: 1_000n * USD, recurrence: 'monthly', startsAtMs: Date.UTC(2027, 0, 1), endsAtMs: Date.UTC(2027, 2, 15) }));
      await finance.expenses.create(expense({ category: 'marketing', amountNanos: 1_200n * USD, startsAtMs: Date.UTC(2027, 1, 20) }));
      await finance.expenses.create(expense({ category: 'gpus', amountNanos: 500n * USD, startsAtMs: Date.UTC(2026, 11, 15) }));
      const customer = await services.customers.create({ name: 'Payer', ref: 'payer' });
      const upstream = await services.upstreams.create({ name: 'sim', type: 'sim' });
      for (const [month, date, amount] of [[1, 10, 500n], [2, 12, 300n], [3, 5, 200n], [4, 2, 100n]] as const) {
        clock.set(at(month, date));
        await services.ledger.topUp(customer, { amountNanos: amount * USD });
        if (month === 3) {
          clock.set(at(3, 10));
          await finance.payUpstream({ upstreamId: upstream.id, amountNanos: 250n * USD, paidAtMs: at(3, 10), memo: 'March bill' });
        }
      }
      clock.set(at(4, 15));
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    it('closing cash, net burn and runway by hand', async () => {
      const r = await services.analytics.finance.cash({ months: 4 });
      const row = (k: keyof (typeof r.months)[number]) => r.months.map((m) => m[k]);
      expect(row('month')).toEqual(['2027-01', '2027-02', '2027-03', '2027-04']);
      expect(row('openingNanos')).toEqual([20_000n, 16_500n, 11_600n, 7_550n].map((x) => x * USD));
      expect(row('cashInNanos')).toEqual([500n, 300n, 200n, 100n].map((x) => x * USD));
      expect(row('expensesNanos')).toEqual([4_000n, 5_200n, 4_000n, 0n].map((x) => x * USD));
      expect(row('upstreamBillsNanos')).toEqual([0n, 0n, 250n, 0n].map((x) => x * USD));
      expect(row('netBurnNanos')).toEqual([3_500n, 4_900n, 4_050n, -100n].map((x) => x * USD));
      expect(row('closingNanos')).toEqual([16_500n, 11_600n, 7_550n, 7_650n].map((x) => x * USD));
      expect(row('complete')).toEqual([true, true, true, false]);
      expect(r.burnMonths).toEqual(['2027-01', '2027-02', '2027-03']);
      expect(r.averageNetBurnNanos).toBe(4_150n * USD);
      expect(r.runwayMonths).toBe(1.84);
    });

    it('the upstream bill moved cash to the upstream payable in the ledger', async () => {
      const checks = await services.ledgerStore.checkInvariants(clock.nowMs());
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    });

    it('budget against actual for February', async () => {
      const finance = services.analytics.finance;
      await finance.setBudget('2027-02', { category: 'salaries', amountNanos: 3_000n * USD });
      await finance.setBudget('2027-02', { category: 'marketing', amountNanos: 1_000n * USD });
      await finance.setBudget('2027-02', { category: 'rent', amountNanos: 900n * USD });
      await finance.setBudget('2027-02', { category: 'rent', amountNanos: 1_000n * USD }); // a second PUT replaces the first
      const r = await finance.budgetReport({ month: '2027-02' });
      const lines = Object.fromEntries(r.lines.map((l) => [l.category, [l.budgetNanos, l.actualNanos, l.remainingNanos, l.usedPct]]));
      expect(lines).toEqual({
        salaries: [3_000n * USD, 3_000n * USD, 0n, 100],
        rent: [1_000n * USD, 1_000n * USD, 0n, 100],
        marketing: [1_000n * USD, 1_200n * USD, -200n * USD, 120], // 1 200 / 1 000
        total: [5_000n * USD, 5_200n * USD, -200n * USD, 104], // 5 200 / 5 000
      });
    });
  });
}
