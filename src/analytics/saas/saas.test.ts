import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../app/logger.js';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import type { Customer } from '../../customers/types.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';

/**
 * Two scripted months of subscriptions (January and February 2027), MRR by hand:
 *
 *   plans: basic 10/month, plus 30/month, yearly 240/year (= 20/month), trial (basic with 14 trial days)
 *   coupon Q25: 25 % off, forever
 *
 *   Jan 1   A basic 10, B plus 30, C yearly 20, D basic with Q25 = 10 − 2.50 = 7.50, F basic 10
 *   Jan 20  F cancels (new and gone within January: no movement; F has paid a fee before February)
 *   Feb 10  A basic → plus (expansion +20), B plus → basic (contraction −20), C cancels (churn −20)
 *   Feb 20  F comes back on plus (reactivation +30); H starts a 14-day trial (trialing: not MRR)
 *   Feb 25  G subscribes to basic (new +10)
 *
 *   January:  start 0, new 67.50 (A 10 + B 30 + C 20 + D 7.50), end 67.50
 *   February: start 67.50, new 10, expansion 20, contraction 20, churn 20, reactivation 30
 *             end = A 30 + B 10 + D 7.50 + F 30 + G 10 = 87.50 = 67.50 + 10 + 20 − 20 − 20 + 30
 */
const JAN_1 = Date.UTC(2027, 0, 1);
const day = (month: number, date: number, hour = 0) => Date.UTC(2027, month - 1, date, hour);
const USD = 1_000_000_000n;

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`SaaS metrics over two scripted months (${dialect.name})`, () => {
    let database: TestDatabase;
    let services: Services;
    const clock = new ManualClock(JAN_1);
    const c: Record<string, Customer> = {};

    const at = async (ms: number) => {
      clock.set(ms);
      await services.billing.run();
    };
    const subOf = async (ref: string) => (await services.billing.subscription(c[ref]!.id))!.id;

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { clock, pgSchema: database.pgSchema, logger: createLogger({ logLevel: 'silent' }) });
      const plans = services.billing.ctx.plans;
      await plans.create({ code: 'basic', name: 'Basic', currency: 'USD', interval: 'month', feeNanos: 10n * USD });
      await plans.create({ code: 'plus', name: 'Plus', currency: 'USD', interval: 'month', feeNanos: 30n * USD });
      await plans.create({ code: 'yearly', name: 'Yearly', currency: 'USD', interval: 'year', feeNanos: 240n * USD });
      await plans.create({ code: 'trial', name: 'Trial', currency: 'USD', interval: 'month', feeNanos: 10n * USD, trialDays: 14 });
      await services.billing.ctx.coupons.create({ code: 'Q25', kind: 'percent', percentBps: 2500, duration: 'forever' });
      for (const ref of ['A', 'B', 'C', 'D', 'F', 'G', 'H']) c[ref] = await services.customers.create({ name: ref, ref });
      await services.analytics.finance.updateSettings({ cacNanos: 120n * USD });

      await services.billing.subscribe(c.A!, 'basic');
      await services.billing.subscribe(c.B!, 'plus');
      await services.billing.subscribe(c.C!, 'yearly');
      await services.billing.subscribe(c.D!, 'basic', { coupon: 'Q25' });
      await services.billing.subscribe(c.F!, 'basic');
      await at(day(1, 20));
      await services.billing.cancel(await subOf('F'), { atPeriodEnd: false });
      await at(day(2, 1));
      await at(day(2, 10));
      await services.billing.changePlan(await subOf('A'), 'plus');
      await services.billing.changePlan(await subOf('B'), 'basic');
      await services.billing.cancel(await subOf('C'), { atPeriodEnd: false });
      await at(day(2, 20));
      await services.billing.subscribe(c.F!, 'plus');
      await services.billing.subscribe(c.H!, 'trial');
      await at(day(2, 25));
      await services.billing.subscribe(c.G!, 'basic');
      await at(day(3, 1, 12));
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    it('January: everything is new', async () => {
      const jan = await services.analytics.saas({ month: '2027-01' });
      expect(jan.startMrrNanos).toBe(0n);
      expect(jan.movements).toEqual({ newNanos: 67_500_000_000n, expansionNanos: 0n, contractionNanos: 0n, churnNanos: 0n, reactivationNanos: 0n });
      expect(jan.mrrNanos).toBe(67_500_000_000n);
      // No customer paid at the start of January: every ratio over the starting MRR is undefined.
      expect([jan.logoChurnPct, jan.revenueChurnPct, jan.nrrPct, jan.grrPct, jan.ltvNanos]).toEqual([null, null, null, null, null]);
    });

    it('February: new, expansion, contraction, churn and reactivation, and the identity', async () => {
      const feb = await services.analytics.saas({ month: '2027-02' });
      const m = feb.movements;
      expect(feb.startMrrNanos).toBe(67_500_000_000n);
      expect(m).toEqual({ newNanos: 10n * USD, expansionNanos: 20n * USD, contractionNanos: 20n * USD, churnNanos: 20n * USD, reactivationNanos: 30n * USD });
      expect(feb.mrrNanos).toBe(87_500_000_000n);
      expect(feb.startMrrNanos + m.newNanos + m.expansionNanos - m.contractionNanos - m.churnNanos + m.reactivationNanos).toBe(feb.mrrNanos);
      expect(feb.arrNanos).toBe(1_050n * USD); // 12 × 87.50
      const kinds = Object.fromEntries(feb.customers.map((x) => [Object.keys(c).find((ref) => c[ref]!.id === x.customerId), x.kind]));
      expect(kinds).toEqual({ A: 'expansion', B: 'contraction', C: 'churn', D: 'flat', F: 'reactivation', G: 'new' });
    });

    it('February: churn, retention, ARPA, LTV and CAC payback by hand', async () => {
      const feb = await services.analytics.saas({ month: '2027-02' });
      // Logo churn: C of the 4 paying at the start (A, B, C, D) = 25 %.
      expect(feb.logoChurnPct).toBe(25);
      // Revenue churn: (churn 20 + contraction 20) / 67.50 = 59.259… %.
      expect(feb.revenueChurnPct).toBe(59.26);
      // NRR: (67.50 + 20 − 20 − 20) / 67.50 = 47.50 / 67.50 = 70.370… %; GRR: (67.50 − 20 − 20) / 67.50 = 40.740… %.
      expect(feb.nrrPct).toBe(70.37);
      expect(feb.grrPct).toBe(40.74);
      // Active: A, B, C (until the 10th), D, F (from the 20th), G (from the 25th) = 6; H only trialed and used nothing.
      expect(feb.activeCustomers).toBe(6);
      // ARPA = (MRR 87.50 + usage revenue 0) / 6 = 14.583333333 (rounded down to the nano).
      expect(feb.arpaNanos).toBe(14_583_333_333n);
      // No usage, so no cost: gross margin 100 % (of fees earned, > 0).
      expect(feb.revenueNanos).toBeGreaterThan(0n);
      expect(feb.grossMarginPct).toBe(100);
      // LTV = ARPA × 100 % / (40 / 67.50) = 14.583333333 × 67.50 / 40 = 24.609374999(4375) → 24.609374999.
      expect(feb.ltvNanos).toBe(24_609_374_999n);
      // CAC payback = 120 / (14.583333333 × 100 %) = 8.2285… months.
      expect(feb.cacNanos).toBe(120n * USD);
      expect(feb.cacPaybackMonths).toBe(8.23);
      // No customer paid twelve months before: no trailing figure.
      expect(feb.trailing12).toBeNull();
    });
  });
}
