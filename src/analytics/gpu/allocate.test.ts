import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { ManualClock } from '../../core/clock.js';
import { toBigInt } from '../../core/money.js';
import { account, displayBalance } from '../../ledger/accounts.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { $ } from '../../test-support/profit-fixture.js';
import { settleAll, usageEvent } from '../../test-support/usage-events.js';
import { gpuReport } from './report.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 2, 1);
const hour = (n: number) => T0 + n * HOUR_MS;

/**
 * Two deployments of 2 GPUs at $2.50 an hour each ($5.00 an hour), able to serve 1000 tokens a
 * second (3 600 000 tokens, or 2 × 3 600 000 = 7 200 000 GPU-milliseconds, an hour). "tok" shares
 * an hour by tokens, "busy" by busy time. Traffic only in the hour from 01:00.
 */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`GPU-hour allocation (${dialect.name})`, () => {
    const clock = new ManualClock(T0);
    let database: TestDatabase;
    let s: Services;
    const ids = { tok: '', busy: '', c1: '', c2: '', c3: '', k1: '', k2: '', k3: '' };

    const allocation = (upstreamId: string, hourMs: number) =>
      s.store.db.selectFrom('gpuAllocations').selectAll().where('upstreamId', '=', upstreamId).where('hourMs', '=', BigInt(hourMs)).executeTakeFirstOrThrow();
    const parts = async (upstreamId: string, hourMs: number) =>
      Object.fromEntries(
        (await s.store.db.selectFrom('gpuAllocationParts').select(['customerId', 'costNanos']).where('upstreamId', '=', upstreamId).where('hourMs', '=', BigInt(hourMs)).execute()).map((p) => [p.customerId, p.costNanos]),
      );
    const balance = async (accountId: string) => {
      const row = await s.store.db.selectFrom('ledgerEntries').select((eb) => eb.fn.sum<string | bigint | null>('amountNanos').as('sum')).where('accountId', '=', accountId).executeTakeFirst();
      return displayBalance(accountId, toBigInt(row?.sum));
    };

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      s = await createServices(database.config, { pgSchema: database.pgSchema, clock });
      const card = { kind: 'gpu_hour' as const, currency: 'USD' as const, hourlyPerGpu: '2.50', gpuCount: 2, capacityTokensPerSecond: 1000 };
      ids.tok = (await s.upstreams.create({ name: 'tok', type: 'sim' })).id;
      ids.busy = (await s.upstreams.create({ name: 'busy', type: 'sim' })).id;
      await s.costCards.add(ids.tok, card);
      await s.costCards.add(ids.busy, { ...card, allocationKey: 'busy_time' });
      for (const n of [1, 2, 3] as const) {
        const customer = await s.customers.create({ name: `c${n}`, currency: 'USD' });
        ids[`c${n}`] = customer.id;
        ids[`k${n}`] = (await s.keys.issue(customer.id, { name: 'main' })).key.id;
      }
      const at = (minute: number) => hour(1) + minute * 60_000;
      const on = (n: 1 | 2 | 3, upstreamId: string) => ({ customerId: ids[`c${n}`], keyId: ids[`k${n}`], model: 'm', upstreamId });
      await settleAll(s, [
        // By tokens: 360 000, 720 000 and 2 × 540 000 of 3 600 000 = 10 %, 20 %, 30 %; 40 % idle.
        usageEvent({ ...on(1, ids.tok), startedAtMs: at(1), promptTokens: 300_000, completionTokens: 60_000, revenueNanos: $('1') }),
        usageEvent({ ...on(2, ids.tok), startedAtMs: at(2), promptTokens: 720_000, revenueNanos: $('2') }),
        usageEvent({ ...on(3, ids.tok), startedAtMs: at(3), promptTokens: 500_000, completionTokens: 40_000, revenueNanos: $('1.50') }),
        usageEvent({ ...on(3, ids.tok), startedAtMs: at(4), promptTokens: 500_000, completionTokens: 40_000, revenueNanos: $('1.50') }),
        // By busy time: 720 000, 1 440 000 and (two FAILED attempts) 2 × 180 000 of 7 200 000 GPU-ms = 10 %, 20 %, 5 %; 65 % idle.
        usageEvent({ ...on(1, ids.busy), startedAtMs: at(5), latencyMs: 720_000, promptTokens: 100_000, revenueNanos: $('1') }),
        usageEvent({ ...on(2, ids.busy), startedAtMs: at(6), latencyMs: 1_440_000, promptTokens: 100_000, revenueNanos: $('1') }),
        usageEvent({ ...on(3, ids.busy), startedAtMs: at(7), latencyMs: 180_000, outcome: 'failed', httpStatus: 503 }),
        usageEvent({ ...on(3, ids.busy), startedAtMs: at(8), latencyMs: 180_000, outcome: 'failed', httpStatus: 504 }),
      ]);
      // 03:00: the hours from 00:00 and 01:00 have ended, and the 15-minute grace of 02:00's is not over.
      clock.set(hour(3));
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('allocates every ended hour once, however often and however concurrently it runs', async () => {
      const runs = await Promise.all([s.gpuAllocation.run(), s.gpuAllocation.run()]);
      expect(runs[0]!.allocatedHours + runs[1]!.allocatedHours).toBe(4);
      expect((await s.gpuAllocation.run()).allocatedHours).toBe(0);
      const rows = await s.store.db.selectFrom('gpuAllocations').select(['upstreamId', 'hourMs']).orderBy('upstreamId').orderBy('hourMs').execute();
      expect(rows.map((r) => Number(r.hourMs))).toEqual([hour(0), hour(1), hour(0), hour(1)]);
    });

    it('shares an hour by tokens, the rest idle, to the nano', async () => {
      expect(await allocation(ids.tok, hour(1))).toMatchObject({ hourCostNanos: $('5'), allocatedNanos: $('3'), idleNanos: $('2'), usedUnits: 2_160_000n, capacityUnits: 3_600_000n, allocationKey: 'tokens' });
      expect(await parts(ids.tok, hour(1))).toEqual({ [ids.c1]: $('0.50'), [ids.c2]: $('1'), [ids.c3]: $('1.50') });
    });

    it('shares an hour by busy time, failed attempts included', async () => {
      expect(await allocation(ids.busy, hour(1))).toMatchObject({ allocatedNanos: $('1.75'), idleNanos: $('3.25'), usedUnits: 2_520_000n, capacityUnits: 7_200_000n, allocationKey: 'busy_time' });
      expect(await parts(ids.busy, hour(1))).toEqual({ [ids.c1]: $('0.50'), [ids.c2]: $('1'), [ids.c3]: $('0.25') });
    });

    it('charges an hour without traffic in full, as idle', async () => {
      expect(await allocation(ids.tok, hour(0))).toMatchObject({ hourCostNanos: $('5'), allocatedNanos: 0n, idleNanos: $('5'), usedUnits: 0n });
      expect(await parts(ids.tok, hour(0))).toEqual({});
    });

    it('posts each whole hour to the ledger once, and the invariants hold', async () => {
      const transfers = await s.store.db.selectFrom('ledgerTransfers').select(['id', 'kind']).where('kind', '=', 'gpu_hour').orderBy('id').execute();
      expect(transfers.map((t) => t.id).sort()).toEqual([`gpu:${ids.busy}:${hour(0)}`, `gpu:${ids.busy}:${hour(1)}`, `gpu:${ids.tok}:${hour(0)}`, `gpu:${ids.tok}:${hour(1)}`].sort());
      expect(await balance(account.upstreamCost(ids.tok))).toBe($('10'));
      expect(await balance(account.upstreamPayable(ids.tok))).toBe($('10'));
      const checks = await s.ledgerStore.checkInvariants(clock.nowMs());
      expect(checks.filter((c) => !c.ok)).toEqual([]);
    });

    it('catches a backlog up over bounded runs', async () => {
      clock.set(hour(13));
      // Ended: 02:00 … 11:00 = 10 hours per upstream, 20 in all.
      const first = await s.gpuAllocation.run({ maxHours: 12 });
      expect([first.allocatedHours, first.caughtUp]).toEqual([12, false]);
      const second = await s.gpuAllocation.run({ maxHours: 12 });
      expect([second.allocatedHours, second.caughtUp]).toEqual([8, true]);
      expect(await balance(account.upstreamCost(ids.busy))).toBe($('60'));
    });

    it('reports cost, idle, utilisation and the break-even utilisation per upstream', async () => {
      const [busy, tok] = await gpuReport(s.store.db, { fromMs: hour(0), toMs: hour(2) });
      // tok: $10 for 2 hours; 2 160 000 tokens of 7 200 000 = 30 %; mean of 0 % and 60 % = 30 %.
      // $6.00 for 2 160 000 tokens; break-even = 10 × 2 160 000 / (6 × 7 200 000) = 50 %.
      expect(tok).toMatchObject({ name: 'tok', hours: 2, costNanos: $('10'), allocatedNanos: $('3'), idleNanos: $('7'), utilisationPct: 30, tokens: 2_160_000n, tokenUtilisationPct: 30, revenueNanos: $('6'), breakEvenUtilisationPct: 50 });
      // busy: mean of 0 % and 35 % busy = 17.5 %; 200 000 tokens of 7 200 000 = 2.78 %;
      // $2.00 for 200 000 tokens; break-even = 10 × 200 000 / (2 × 7 200 000) = 13.89 %.
      expect(busy).toMatchObject({ name: 'busy', hours: 2, costNanos: $('10'), allocatedNanos: $('1.75'), idleNanos: $('8.25'), utilisationPct: 17.5, tokens: 200_000n, tokenUtilisationPct: 2.78, revenueNanos: $('2'), breakEvenUtilisationPct: 13.89 });
    });
  });
}
