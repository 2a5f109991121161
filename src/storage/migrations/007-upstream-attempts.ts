import type { Kysely } from 'kysely';

/**
 * Upstream attempts that failed (a request retried on its next route, or failed as a whole):
 * written with the request's settlement, so their time is counted where it was spent.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('upstream_attempts')
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'bigint', (c) => c.notNull())
    .addColumn('upstream_id', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'bigint')
    .addColumn('latency_ms', 'bigint', (c) => c.notNull())
    .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('upstream_attempts_pk', ['request_id', 'attempt'])
    .execute();
  await db.schema.createIndex('upstream_attempts_upstream_started').on('upstream_attempts').columns(['upstream_id', 'started_at_ms']).execute();
  await db.schema.createIndex('upstream_attempts_started').on('upstream_attempts').columns(['started_at_ms']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Tollgate migrations are forward-only; restore from a backup to go back.');
}
