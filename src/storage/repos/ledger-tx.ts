import type { Kysely, Transaction } from 'kysely';
import { assertBalanced } from '../../ledger/invariants.js';
import type { Transfer } from '../../ledger/types.js';
import type { Database } from '../schema.js';

/** Posts a transfer inside a caller's transaction; false when its id was posted before. An unbalanced one is refused (a bug, not input). */
export async function postTransferTx(tx: Transaction<Database> | Kysely<Database>, transfer: Transfer): Promise<boolean> {
  assertBalanced(transfer);
  const { entries, ...row } = transfer;
  const result = await tx.insertInto('ledgerTransfers').values(row).onConflict((oc) => oc.column('id').doNothing()).executeTakeFirst();
  if (Number(result.numInsertedOrUpdatedRows ?? 0n) === 0) return false;
  if (entries.length > 0) {
    await tx
      .insertInto('ledgerEntries')
      .values(entries.map((e, line) => ({ transferId: transfer.id, line, accountId: e.accountId, currency: e.currency, amountNanos: e.amountNanos, createdAtMs: transfer.createdAtMs })))
      .execute();
  }
  return true;
}
