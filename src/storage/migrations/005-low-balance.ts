import type { Kysely } from 'kysely';

/** A prepaid customer's low-balance threshold: the charge that takes its credit below it sends `balance.low`. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('low_balance_nanos', 'bigint').execute();
}
