import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { topUpTransfer } from '../ledger/transfers.js';
import type { LedgerWriter } from '../ledger/writer.js';
import { dialects } from '../test-support/dialects.js';
import { openWriterDatabase, pendingHold, servedSettlement, type WriterDatabase } from '../test-support/ledger-writes.js';
import type { Store } from './db.js';

const T0 = Date.UTC(2026, 10, 1, 9);

const fixture = { customerId: 'cus_w', keyId: 'key_w', upstreamId: 'ups_w', atMs: T0 };
const hold = (id: string) => pendingHold(id, fixture);
const settlement = (requestId: string) => servedSettlement(requestId, fixture);

/**
 * The two writers store the same rows for the same writes, however the writes fall into batches:
 * a transfer id posts its entries once, a settlement resolves its hold and adds to both rollups.
 */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the ledger writer on ${dialect.name}`, () => {
    let store: Store;
    let writer: LedgerWriter;
    let opened: WriterDatabase | undefined;

    beforeAll(async () => {
      opened = await openWriterDatabase(dialect.name);
      ({ store, writer } = opened);
    });
    afterAll(async () => {
      await opened?.close();
    });

    const entriesOf = async (transferId: string) =>
      (await store.db.selectFrom('ledgerEntries').select(['line', 'amountNanos']).where('transferId', '=', transferId).orderBy('line').execute()).map((e) => [Number(e.line), BigInt(e.amountNanos)]);

    it('posts a transfer id once, whether it comes again later or twice in one batch', async () => {
      const topUp = (id: string) => topUpTransfer({ id, customerId: 'cus_w', currency: 'USD', amountNanos: 5_000n, memo: null, createdAtMs: T0 });
      expect(await writer.write({ kind: 'transfer', transfer: topUp('top:1') })).toEqual({ applied: true });
      expect(await writer.write({ kind: 'transfer', transfer: topUp('top:1') })).toEqual({ applied: false });
      // Written in the same turn of the event loop: one group commit.
      const together = await Promise.all([writer.write({ kind: 'transfer', transfer: topUp('top:2') }), writer.write({ kind: 'transfer', transfer: topUp('top:2') }), writer.write({ kind: 'hold', hold: hold('req_w0') })]);
      expect(together.map((r) => r.applied)).toEqual([true, false, true]);
      const expected = topUp('any').entries.map((e, line) => [line, e.amountNanos]);
      expect(await entriesOf('top:1')).toEqual(expected);
      expect(await entriesOf('top:2')).toEqual(expected);
    });

    it('settles: the usage transfer and its entries, the event, the hold posted and both rollups; a replay charges nothing more', async () => {
      await Promise.all(['req_w1', 'req_w2'].map((id) => writer.write({ kind: 'hold', hold: hold(id) })));
      const first = await Promise.all(['req_w1', 'req_w2'].map((id) => writer.write({ kind: 'settle', settlement: settlement(id) })));
      expect(first).toEqual([{ applied: true }, { applied: true }]);
      expect(await writer.write({ kind: 'settle', settlement: settlement('req_w1') })).toEqual({ applied: false });

      expect(await entriesOf('usage:req_w1')).toHaveLength(4);
      const holds = await store.db.selectFrom('holds').select(['id', 'status', 'resolvedAtMs']).where('id', 'in', ['req_w0', 'req_w1', 'req_w2']).orderBy('id').execute();
      expect(holds.map((h) => [h.id, h.status, h.resolvedAtMs === null ? null : Number(h.resolvedAtMs)])).toEqual([
        ['req_w0', 'pending', null],
        ['req_w1', 'posted', T0 + 3],
        ['req_w2', 'posted', T0 + 3],
      ]);
      const events = await store.db.selectFrom('usageEvents').select(['requestId', 'revenueNanos']).orderBy('requestId').execute();
      expect(events.map((e) => [e.requestId, BigInt(e.revenueNanos)])).toEqual([['req_w1', 700n], ['req_w2', 700n]]);
      for (const table of ['usageHourly', 'usageDaily'] as const) {
        const rows = await store.db.selectFrom(table).select(['requests', 'revenueNanos', 'costNanos']).execute();
        expect(rows.map((r) => [Number(r.requests), BigInt(r.revenueNanos), BigInt(r.costNanos)]), table).toEqual([[2, 1_400n, 400n]]);
      }
    });
  });
}
