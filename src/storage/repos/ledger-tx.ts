import type { Kysely, Transaction } from 'kysely';
import { unbalanced } from '../../ledger/invariants.js';
import type { Transfer } from '../../ledger/types.js';
import type { Database } from '../schema.js';

/** Posts a transfer inside a caller's transaction; false when its id was posted before. An unbalanced one is refused (a bug, not input). */
export async function postTransferTx(tx: Transaction<Database> | Kysely<Database>, transfer: Transfer): Promise<boolean> {
  const problem = unbalanced(transfer);
  if (problem) throw new Error(`refusing to post an unbalanced transfer: ${problem}`);
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
