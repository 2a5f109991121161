import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/dialects.js';
import { createLogger } from '../logger.js';
import { createServices, type Services } from '../services.js';
import { generateHistory, type HistoryResult } from './generate.js';

/** A week of history at a fifth of the demo's volume: enough for every report, quick to make. */
const END = Date.UTC(2027, 2, 10, 15, 30);

describe('the demo history generator', () => {
  let database: TestDatabase;
  let services: Services;
  let first: HistoryResult;

  const counts = async () => {
    const db = services.store.db;
    const n = async (table: 'usageEvents' | 'ledgerTransfers' | 'invoices' | 'customers' | 'expenses') => Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow()).n);
    return { usage: await n('usageEvents'), transfers: await n('ledgerTransfers'), invoices: await n('invoices'), customers: await n('customers'), expenses: await n('expenses') };
  };

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    first = await generateHistory(database.config, { days: 7, volume: 0.2, endMs: END, logger: createLogger({ logLevel: 'silent' }) });
    services = await createServices(database.config, { clock: new ManualClock(END), logger: createLogger({ logLevel: 'silent' }) });
  });
  afterAll(async () => {
    await services?.close();
    await database?.cleanup();
  });

  it('serves its requests through the money path and leaves the ledger sound', async () => {
    expect(first.skipped).toBe(false);
    expect(first.served).toBeGreaterThan(500);
    expect(first.invoices).toBeGreaterThan(0);
    const checks = await services.ledgerStore.checkInvariants(END);
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(await counts()).toMatchObject({ usage: first.served, invoices: first.invoices });
  });

  it('gives every report something to show', async () => {
    const a = services.analytics;
    const saas = await a.saas();
    expect(saas.mrrNanos).toBeGreaterThan(0n);
    expect(saas.activeCustomers).toBeGreaterThan(5);
    const overview = await a.overview();
    expect(overview.revenueNanos).toBeGreaterThan(0n);
    expect(overview.costNanos).toBeGreaterThan(0n);
    expect(overview.series.length).toBeGreaterThanOrEqual(7);
    const cash = await a.finance.cash({ months: 2 });
    expect(cash.months.some((m) => m.cashInNanos > 0n && m.expensesNanos > 0n)).toBe(true);
    expect((await a.finance.budgetReport()).lines.length).toBeGreaterThan(1);
    expect((await a.forecast({ series: 'revenue', horizonDays: 7 })).points).toHaveLength(7);
    expect((await a.breakEven({ scenario: { revenueGrowthPctPerMonth: 5, priceChangePct: 0, costPerUnitChangePct: 0, opexGrowthPctPerMonth: 0 } })).projection.length).toBeGreaterThan(0);
    expect((await a.creditRunway()).length).toBeGreaterThan(0);
    const kinds = new Set((await a.alerts.list({ open: true })).map((x) => x.kind));
    expect(kinds.has('negative_margin_customer')).toBe(true);
    // One large request in 50 failed over from sim-large to sim-fast: recorded, and every one rescued.
    const attempts = await services.usage.failedAttempts({});
    const simLarge = (await services.upstreams.list()).find((u) => u.name === 'sim-large')!;
    expect(attempts.map((r) => [r.upstreamId, r.outcome, r.httpStatus])).toEqual([[simLarge.id, 'status', 503]]);
    expect(attempts[0]!.attempts).toBeGreaterThan(0);
    expect(attempts[0]!.rescued).toBe(attempts[0]!.attempts);
  });

  it('a second run changes nothing and says why', async () => {
    const before = await counts();
    const again = await generateHistory(database.config, { days: 7, volume: 0.2, endMs: END, logger: createLogger({ logLevel: 'silent' }) });
    expect(again.skipped).toBe(true);
    expect(again.reason).toContain('generated already');
    expect(await counts()).toEqual(before);
  });
});
