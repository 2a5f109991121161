import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../app/logger.js';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { isTollgateError } from '../../core/errors.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';

const GOOD = [
  'date,category,description,amount,currency,recurrence,external_ref',
  '2027-01-25,salaries,Payroll,18000.00,USD,monthly,PAY-1',
  '2027-01-01,rent,"Office, 3rd floor",2500,USD,monthly,RENT-1',
  '2027-02-14,marketing,"Booth at ""AI Expo""",1200.50,usd,one-off,MKT-7',
].join('\r\n');

const BAD_LINE_3 = [
  'date,category,description,amount,currency,recurrence,external_ref',
  '2027-03-01,other,Tools,40,USD,monthly,TOOLS-1',
  '2027-03-02,travel,Flights,-300,USD,once,TRAVEL-1',
  '2027-03-03,rent,Desk,100,USD,once,DESK-1',
].join('\n');

async function refusal(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (error) {
    if (isTollgateError(error)) return error.message;
    throw error;
  }
  throw new Error('expected the import to be refused');
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`expense CSV import (${dialect.name})`, () => {
    let database: TestDatabase;
    let services: Services;

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { clock: new ManualClock(Date.UTC(2027, 2, 10)), pgSchema: database.pgSchema, logger: createLogger({ logLevel: 'silent' }) });
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    it('imports a good file, quoted fields and all', async () => {
      const result = await services.analytics.finance.expenses.importCsv(GOOD);
      expect(result.skipped).toBe(0);
      expect(result.imported.map((e) => [e.category, e.description, e.amountNanos, e.currency, e.recurrence, e.externalRef])).toEqual([
        ['salaries', 'Payroll', 18_000_000_000_000n, 'USD', 'monthly', 'PAY-1'],
        ['rent', 'Office, 3rd floor', 2_500_000_000_000n, 'USD', 'monthly', 'RENT-1'],
        ['marketing', 'Booth at "AI Expo"', 1_200_500_000_000n, 'USD', 'one_off', 'MKT-7'],
      ]);
      expect(result.imported[0]!.startsAtMs).toBe(Date.UTC(2027, 0, 25));
    });

    it('refuses a file with a bad line, names the line and what is wrong, and imports nothing of it', async () => {
      const message = await refusal(services.analytics.finance.expenses.importCsv(BAD_LINE_3));
      expect(message).toContain('line 3');
      expect(message).toContain('category "travel"');
      expect(message).toContain('amount "-300"');
      expect(message).not.toContain('line 2');
      expect((await services.analytics.finance.expenses.list()).map((e) => e.externalRef).sort()).toEqual(['MKT-7', 'PAY-1', 'RENT-1']);
    });

    it('re-importing with the same external refs adds nothing', async () => {
      const again = await services.analytics.finance.expenses.importCsv(GOOD);
      expect(again).toEqual({ imported: [], skipped: 3 });
      expect(await services.analytics.finance.expenses.list()).toHaveLength(3);
    });

    it('refuses a known external ref with other values, naming its line', async () => {
      const changed = GOOD.replace('18000.00', '19000.00');
      expect(await refusal(services.analytics.finance.expenses.importCsv(changed))).toContain('line 2: external_ref "PAY-1" was imported before with other values');
      expect(await services.analytics.finance.expenses.list()).toHaveLength(3);
    });

    it('refuses a header without the required columns', async () => {
      expect(await refusal(services.analytics.finance.expenses.importCsv('date,amount\n2027-01-01,5'))).toContain('line 1: the header lacks category, description, currency, recurrence');
    });
  });
}
