import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { postTransferTx } from '../storage/repos/ledger-tx.js';
import { createTestDatabase, type TestDatabase } from '../test-support/dialects.js';
import { assertBalanced } from './invariants.js';
import { topUpTransfer } from './transfers.js';
import type { Transfer } from './types.js';

const balanced = topUpTransfer({ id: 'topup:1', customerId: 'cus_1', currency: 'USD', amountNanos: 5_000n, memo: null, createdAtMs: 1 });
const skewed: Transfer = { ...balanced, id: 'topup:2', entries: [balanced.entries[0]!, { ...balanced.entries[1]!, amountNanos: -4_999n }] };
const twoCurrencies: Transfer = { ...balanced, id: 'fx:1', entries: [...balanced.entries, { accountId: 'cash:EUR', currency: 'EUR', amountNanos: 7n }, { accountId: 'wallet:cus_1', currency: 'EUR', amountNanos: -6n }] };

describe('a transfer must balance before it is posted', () => {
  it('passes when the entries sum to zero in every currency', () => {
    expect(() => assertBalanced(balanced)).not.toThrow();
  });

  it('names the transfer, the currency and the sum when they do not', () => {
    expect(() => assertBalanced(skewed)).toThrow('transfer topup:2 does not balance in USD: entries sum to 1');
    expect(() => assertBalanced(twoCurrencies)).toThrow('transfer fx:1 does not balance in EUR: entries sum to 1');
  });

  describe('inside a transaction (billing, GPU hours)', () => {
    let database: TestDatabase;
    let s: Services;
    beforeAll(async () => {
      database = await createTestDatabase('sqlite');
      s = await createServices(database.config);
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('refuses an unbalanced transfer and writes nothing of it', async () => {
      await expect(postTransferTx(s.store.db, skewed)).rejects.toThrow('does not balance');
      const rows = await s.store.db.selectFrom('ledgerTransfers').select('id').where('id', '=', 'topup:2').execute();
      expect(rows).toEqual([]);
      expect(await postTransferTx(s.store.db, balanced)).toBe(true);
    });
  });
});
