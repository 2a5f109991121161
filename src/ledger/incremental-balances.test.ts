import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { KyselyLedgerStore } from '../storage/repos/ledger.js';
import { dialects } from '../test-support/dialects.js';
import { openWriterDatabase, type WriterDatabase } from '../test-support/ledger-writes.js';
import { IncrementalBalances } from './incremental-balances.js';
import { grantTransfer, topUpTransfer, usageTransfer } from './transfers.js';
import type { Transfer } from './types.js';
import type { LedgerWriter } from './writer.js';

const T0 = Date.UTC(2026, 10, 1, 9);
const SETTLED_AFTER_MS = 60_000;

/** One posting: what it moves and how long before "now" its date is (it commits now, at most a little late). */
const posting = fc.record({
  kind: fc.constantFrom<Posting['kind']>('top_up', 'grant', 'prepaid_usage', 'postpaid_usage'),
  amountNanos: fc.bigInt({ min: 1n, max: 5_000_000n }),
  promoNanos: fc.bigInt({ min: 0n, max: 2_000_000n }),
  datedBeforeMs: fc.integer({ min: 0, max: SETTLED_AFTER_MS - 1 }),
});
const step = fc.record({ advanceMs: fc.integer({ min: 0, max: 3 * SETTLED_AFTER_MS }), postings: fc.array(posting, { maxLength: 3 }) });

interface Posting {
  kind: 'top_up' | 'grant' | 'prepaid_usage' | 'postpaid_usage';
  amountNanos: bigint;
  promoNanos: bigint;
}

let ids = 0;
function transferOf(p: Posting, customerId: string, createdAtMs: number): Transfer {
  const id = `t${ids++}`;
  switch (p.kind) {
    case 'top_up':
      return topUpTransfer({ id, customerId, currency: 'USD', amountNanos: p.amountNanos, memo: null, createdAtMs });
    case 'grant':
      return grantTransfer({ id, customerId, currency: 'USD', amountNanos: p.amountNanos, memo: null, createdAtMs });
    default:
      return usageTransfer({
        transferId: `usage:${id}`, requestId: id, customerId, currency: 'USD', billingMode: p.kind === 'prepaid_usage' ? 'prepaid' : 'postpaid',
        revenueNanos: p.amountNanos, promoAvailableNanos: p.promoNanos, upstreamId: 'ups_b', costCurrency: 'USD', costNanos: 1n, createdAtMs,
      });
  }
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`a customer's balances read incrementally, on ${dialect.name}`, () => {
    let ledger: KyselyLedgerStore;
    let writer: LedgerWriter;
    let opened: WriterDatabase | undefined;

    beforeAll(async () => {
      opened = await openWriterDatabase(dialect.name);
      ledger = new KyselyLedgerStore(opened.store.db);
      writer = opened.writer;
    });
    afterAll(async () => {
      await opened?.close();
    });

    it('always equal the sum of every entry, however postings, late commits and reads interleave', async () => {
      let customer = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
          const customerId = `cus_b${customer++}`;
          const clock = new ManualClock(T0);
          const balances = new IncrementalBalances(ledger, clock, SETTLED_AFTER_MS);
          for (const s of steps) {
            clock.advance(s.advanceMs);
            for (const p of s.postings) await writer.write({ kind: 'transfer', transfer: transferOf(p, customerId, clock.nowMs() - p.datedBeforeMs) });
            // Two reads at once see the same, and neither carries the same entries forward twice.
            const [a, b] = await Promise.all([balances.balances(customerId), balances.balances(customerId)]);
            const full = await ledger.balances(customerId);
            expect(a).toEqual(full);
            expect(b).toEqual(full);
          }
        }),
        { numRuns: dialect.name === 'sqlite' ? 40 : 15 },
      );
    });

    it('reread only entries dated within the settling time, once the older ones are summed', async () => {
      const clock = new ManualClock(T0);
      const calls: { fromMs?: number; toMs?: number }[] = [];
      const balances = new IncrementalBalances({ sumEntries: (accounts, range) => (calls.push(range), ledger.sumEntries(accounts, range)) }, clock, SETTLED_AFTER_MS);
      const customerId = 'cus_recent';
      await writer.write({ kind: 'transfer', transfer: topUpTransfer({ id: 'recent-1', customerId, currency: 'USD', amountNanos: 7_000n, memo: null, createdAtMs: T0 - 3_600_000 }) });
      expect((await balances.balances(customerId)).walletNanos).toBe(7_000n);
      expect(calls).toEqual([{ toMs: T0 - SETTLED_AFTER_MS }, { fromMs: T0 - SETTLED_AFTER_MS }]);

      calls.length = 0;
      clock.advance(10_000);
      await writer.write({ kind: 'transfer', transfer: topUpTransfer({ id: 'recent-2', customerId, currency: 'USD', amountNanos: 500n, memo: null, createdAtMs: clock.nowMs() }) });
      expect((await balances.balances(customerId)).walletNanos).toBe(7_500n);
      // The 10 seconds now settled are carried forward; only the settling time is read again.
      expect(calls).toEqual([
        { fromMs: T0 - SETTLED_AFTER_MS, toMs: clock.nowMs() - SETTLED_AFTER_MS },
        { fromMs: clock.nowMs() - SETTLED_AFTER_MS },
      ]);
    });
  });
}
