import type { Kysely } from 'kysely';

/**
 * The money core: prices, cost cards, the ledger (transfers and their entries), holds, usage
 * events and their hourly rollup, and the billing settings of customers and keys.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('billing_mode', 'text', (c) => c.notNull().defaultTo('prepaid')).execute();
  await db.schema.alterTable('customers').addColumn('credit_limit_nanos', 'bigint').execute();
  await db.schema.alterTable('customers').addColumn('overdraft_nanos', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('customers').addColumn('limits', 'text', (c) => c.notNull().defaultTo('{}')).execute();
  await db.schema.alterTable('api_keys').addColumn('limits', 'text', (c) => c.notNull().defaultTo('{}')).execute();

  await db.schema
    .createTable('prices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('effective_from_ms', 'bigint', (c) => c.notNull())
    .addColumn('rates', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('prices_version', ['model', 'currency', 'effective_from_ms'])
    .execute();

  await db.schema
    .createTable('cost_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('upstream_id', 'text', (c) => c.notNull().references('upstreams.id'))
    .addColumn('upstream_model', 'text', (c) => c.notNull().defaultTo('*'))
    .addColumn('effective_from_ms', 'bigint', (c) => c.notNull())
    .addColumn('card', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('cost_cards_version', ['upstream_id', 'upstream_model', 'effective_from_ms'])
    .execute();

  await db.schema
    .createTable('ledger_transfers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text')
    .addColumn('request_id', 'text')
    .addColumn('memo', 'text')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('ledger_transfers_customer').on('ledger_transfers').columns(['customer_id', 'created_at_ms']).execute();

  await db.schema
    .createTable('ledger_entries')
    .addColumn('transfer_id', 'text', (c) => c.notNull().references('ledger_transfers.id'))
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('ledger_entries_pk', ['transfer_id', 'line'])
    .execute();
  await db.schema.createIndex('ledger_entries_account').on('ledger_entries').columns(['account_id', 'created_at_ms']).execute();

  // A client's Idempotency-Key, once charged: a retry with the same key is served but not charged again.
  await db.schema
    .createTable('charge_keys')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('request_id', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('holds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('cost_estimate_nanos', 'bigint', (c) => c.notNull())
    .addColumn('upstream_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('resolved_at_ms', 'bigint')
    .execute();
  await db.schema.createIndex('holds_pending').on('holds').columns(['status', 'expires_at_ms']).execute();

  await db.schema
    .createTable('usage_events')
    .addColumn('request_id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('endpoint', 'text', (c) => c.notNull())
    .addColumn('upstream_id', 'text')
    .addColumn('upstream_model', 'text')
    .addColumn('stream', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('http_status', 'bigint', (c) => c.notNull())
    .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cached_prompt_tokens', 'bigint', (c) => c.notNull())
    .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
    .addColumn('reasoning_tokens', 'bigint', (c) => c.notNull())
    .addColumn('estimated', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('revenue_nanos', 'bigint', (c) => c.notNull())
    .addColumn('cost_currency', 'text')
    .addColumn('cost_nanos', 'bigint', (c) => c.notNull())
    .addColumn('price_id', 'text')
    .addColumn('cost_card_id', 'text')
    .addColumn('idempotency_key', 'text')
    .addColumn('latency_ms', 'bigint', (c) => c.notNull())
    .addColumn('first_byte_ms', 'bigint')
    .addColumn('started_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('usage_events_customer').on('usage_events').columns(['customer_id', 'started_at_ms']).execute();
  await db.schema.createIndex('usage_events_started').on('usage_events').columns(['started_at_ms']).execute();

  await db.schema
    .createTable('usage_hourly')
    .addColumn('hour_ms', 'bigint', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('key_id', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('upstream_id', 'text', (c) => c.notNull())
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('cost_currency', 'text', (c) => c.notNull())
    .addColumn('requests', 'bigint', (c) => c.notNull())
    .addColumn('failed_requests', 'bigint', (c) => c.notNull())
    .addColumn('prompt_tokens', 'bigint', (c) => c.notNull())
    .addColumn('cached_prompt_tokens', 'bigint', (c) => c.notNull())
    .addColumn('completion_tokens', 'bigint', (c) => c.notNull())
    .addColumn('revenue_nanos', 'bigint', (c) => c.notNull())
    .addColumn('promo_nanos', 'bigint', (c) => c.notNull())
    .addColumn('included_nanos', 'bigint', (c) => c.notNull())
    .addColumn('cost_nanos', 'bigint', (c) => c.notNull())
    .addColumn('latency_ms_sum', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('usage_hourly_pk', ['hour_ms', 'customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency'])
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('Tollgate migrations are forward-only; restore from a backup to go back.');
}
