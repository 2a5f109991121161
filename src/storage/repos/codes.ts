import type { Kysely, Selectable } from 'kysely';
import type { BatchSummary, RedemptionBatch, RedemptionStore, StoredCode } from '../../billing/codes/types.js';
import { type Currency, toBigInt } from '../../core/money.js';
import type { Database, RedemptionBatchesTable } from '../schema.js';
import { num, numOrNull } from './rows.js';

/** Rows per INSERT: three parameters each stays far below SQLite's and PostgreSQL's limits. */
const CHUNK_ROWS = 1000;

class HashTaken extends Error {}

function toBatch(row: Selectable<RedemptionBatchesTable>): RedemptionBatch {
  return {
    id: row.id,
    name: row.name,
    currency: row.currency as Currency,
    amountNanos: toBigInt(row.amountNanos),
    expiresAtMs: numOrNull(row.expiresAtMs),
    codeCount: num(row.codeCount),
    createdAtMs: num(row.createdAtMs),
  };
}

export class KyselyRedemptionStore implements RedemptionStore {
  constructor(private readonly db: Kysely<Database>) {}

  /** One transaction: a batch is never visible with only some of its codes. */
  async insertBatch(batch: RedemptionBatch, codes: { hash: string; prefix: string }[]): Promise<boolean> {
    try {
      await this.db.transaction().execute(async (tx) => {
        await tx.insertInto('redemptionBatches').values(batch).execute();
        for (let start = 0; start < codes.length; start += CHUNK_ROWS) {
          const rows = codes.slice(start, start + CHUNK_ROWS).map((c) => ({ ...c, batchId: batch.id }));
          const result = await tx.insertInto('redemptionCodes').values(rows).onConflict((oc) => oc.column('hash').doNothing()).executeTakeFirst();
          if (Number(result.numInsertedOrUpdatedRows ?? 0n) !== rows.length) throw new HashTaken();
        }
      });
      return true;
    } catch (error) {
      if (error instanceof HashTaken) return false;
      throw error;
    }
  }

  async listBatches(filter: { limit: number; after?: string }): Promise<BatchSummary[]> {
    let query = this.db
      .selectFrom('redemptionBatches as b')
      .selectAll('b')
      .select((eb) =>
        eb
          .selectFrom('redemptionCodes as c')
          .select(eb.fn.countAll<bigint>().as('n'))
          .whereRef('c.batchId', '=', 'b.id')
          .where('c.redeemedBy', 'is not', null)
          .as('redeemedCount'),
      )
      .orderBy('b.id')
      .limit(filter.limit);
    if (filter.after) query = query.where('b.id', '>', filter.after);
    const rows = await query.execute();
    return rows.map((row) => ({ ...toBatch(row), redeemedCount: num(row.redeemedCount ?? 0n) }));
  }

  async findCode(hash: string): Promise<{ code: StoredCode; batch: RedemptionBatch } | null> {
    const code = await this.db.selectFrom('redemptionCodes').selectAll().where('hash', '=', hash).executeTakeFirst();
    if (!code) return null;
    const batch = await this.db.selectFrom('redemptionBatches').selectAll().where('id', '=', code.batchId).executeTakeFirstOrThrow();
    return {
      code: { hash: code.hash, batchId: code.batchId, prefix: code.prefix, redeemedBy: code.redeemedBy, redeemedAtMs: numOrNull(code.redeemedAtMs) },
      batch: toBatch(batch),
    };
  }

  /** The whole guarantee of single use: only one UPDATE can find redeemed_by still NULL. */
  async claimCode(hash: string, customerId: string, nowMs: number): Promise<boolean> {
    const result = await this.db
      .updateTable('redemptionCodes')
      .set({ redeemedBy: customerId, redeemedAtMs: nowMs })
      .where('hash', '=', hash)
      .where('redeemedBy', 'is', null)
      .executeTakeFirst();
    return result.numUpdatedRows === 1n;
  }
}
