import { type Kysely, sql } from 'kysely';

/**
 * Plans and their versions, subscriptions, invoices and their lines, payments and the provider
 * events that moved them, redemption codes, coupons, outbound webhooks, and operator settings.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('customers').addColumn('tax_rate_bps', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('customers').addColumn('locale', 'text', (c) => c.notNull().defaultTo('en')).execute();
  await db.schema.alterTable('customers').addColumn('payment_terms_days', 'bigint', (c) => c.notNull().defaultTo(7)).execute();
  await db.schema.alterTable('customers').addColumn('suspended_at_ms', 'bigint').execute();
  await db.schema.alterTable('usage_events').addColumn('included_nanos', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('usage_events').addColumn('included_tokens', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('usage_events').addColumn('subscription_id', 'text').execute();
  await db.schema.alterTable('usage_events').addColumn('discount_bps', 'bigint', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('usage_events').addColumn('plan_id', 'text').execute();
  await db.schema.alterTable('usage_events').addColumn('promo_nanos', 'bigint', (c) => c.notNull().defaultTo(0)).execute();

  await db.schema
    .createTable('settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plans')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('plan_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('plan_id', 'text', (c) => c.notNull().references('plans.id'))
    .addColumn('version', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('interval', 'text', (c) => c.notNull())
    .addColumn('fee_nanos', 'bigint', (c) => c.notNull())
    .addColumn('included_nanos', 'bigint', (c) => c.notNull())
    .addColumn('included_tokens', 'bigint', (c) => c.notNull())
    .addColumn('overage', 'text', (c) => c.notNull())
    .addColumn('limits', 'text', (c) => c.notNull())
    .addColumn('allowed_models', 'text')
    .addColumn('trial_days', 'bigint', (c) => c.notNull())
    .addColumn('discounts', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('plan_versions_number', ['plan_id', 'version'])
    .execute();

  await db.schema
    .createTable('subscriptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('plan_id', 'text', (c) => c.notNull())
    .addColumn('plan_version_id', 'text', (c) => c.notNull().references('plan_versions.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('anchor_ms', 'bigint', (c) => c.notNull())
    .addColumn('period_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('period_end_ms', 'bigint', (c) => c.notNull())
    .addColumn('version_since_ms', 'bigint', (c) => c.notNull())
    .addColumn('trial_end_ms', 'bigint')
    .addColumn('cancel_at_period_end', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('canceled_at_ms', 'bigint')
    .addColumn('coupon_id', 'text')
    .addColumn('coupon_periods_used', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscriptions_customer').on('subscriptions').columns(['customer_id', 'status']).execute();
  // At most one live subscription per customer, even when two requests race to create one.
  await db.schema.createIndex('subscriptions_one_live').on('subscriptions').column('customer_id').unique().where(sql.ref('status'), '<>', 'canceled').execute();
  await db.schema.createIndex('subscriptions_due').on('subscriptions').columns(['status', 'period_end_ms']).execute();

  await db.schema
    .createTable('subscription_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('subscription_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at_ms', 'bigint', (c) => c.notNull())
    .addColumn('details', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('subscription_events_sub').on('subscription_events').columns(['subscription_id', 'at_ms']).execute();

  await db.schema
    .createTable('invoices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('number', 'text', (c) => c.unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('customer_id', 'text', (c) => c.notNull().references('customers.id'))
    .addColumn('subscription_id', 'text')
    .addColumn('corrects_invoice_id', 'text')
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('period_start_ms', 'bigint', (c) => c.notNull())
    .addColumn('period_end_ms', 'bigint', (c) => c.notNull())
    .addColumn('subtotal_nanos', 'bigint', (c) => c.notNull())
    .addColumn('tax_rate_bps', 'bigint', (c) => c.notNull())
    .addColumn('tax_nanos', 'bigint', (c) => c.notNull())
    .addColumn('rounding_nanos', 'bigint', (c) => c.notNull())
    .addColumn('total_nanos', 'bigint', (c) => c.notNull())
    .addColumn('prepaid_nanos', 'bigint', (c) => c.notNull())
    .addColumn('amount_due_nanos', 'bigint', (c) => c.notNull())
    .addColumn('amount_paid_nanos', 'bigint', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('issued_at_ms', 'bigint')
    .addColumn('due_at_ms', 'bigint')
    .addColumn('paid_at_ms', 'bigint')
    .addColumn('voided_at_ms', 'bigint')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('invoices_customer').on('invoices').columns(['customer_id', 'created_at_ms']).execute();
  await db.schema.createIndex('invoices_status').on('invoices').columns(['status', 'due_at_ms']).execute();

  await db.schema
    .createTable('invoice_lines')
    .addColumn('invoice_id', 'text', (c) => c.notNull().references('invoices.id'))
    .addColumn('line', 'bigint', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('model', 'text')
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('unit_price', 'text', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('invoice_lines_pk', ['invoice_id', 'line'])
    .execute();

  await db.schema
    .createTable('counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.unique())
    .addColumn('customer_id', 'text', (c) => c.notNull())
    .addColumn('invoice_id', 'text')
    .addColumn('purpose', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('checkout_url', 'text')
    .addColumn('failure_reason', 'text')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('updated_at_ms', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payments_customer').on('payments').columns(['customer_id', 'created_at_ms']).execute();

  await db.schema
    .createTable('payment_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('payment_id', 'text')
    .addColumn('provider_created_ms', 'bigint', (c) => c.notNull())
    .addColumn('received_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('redemption_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('expires_at_ms', 'bigint')
    .addColumn('code_count', 'bigint', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('redemption_codes')
    .addColumn('hash', 'text', (c) => c.primaryKey())
    .addColumn('batch_id', 'text', (c) => c.notNull().references('redemption_batches.id'))
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('redeemed_by', 'text')
    .addColumn('redeemed_at_ms', 'bigint')
    .execute();

  await db.schema
    .createTable('coupons')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('percent_bps', 'bigint', (c) => c.notNull())
    .addColumn('amount_nanos', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text')
    .addColumn('duration', 'text', (c) => c.notNull())
    .addColumn('duration_periods', 'bigint', (c) => c.notNull())
    .addColumn('plan_codes', 'text')
    .addColumn('expires_at_ms', 'bigint')
    .addColumn('max_redemptions', 'bigint')
    .addColumn('times_redeemed', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_endpoints')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('secret_sealed', 'text', (c) => c.notNull())
    .addColumn('events', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('webhook_deliveries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('endpoint_id', 'text', (c) => c.notNull().references('webhook_endpoints.id'))
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_type', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'bigint', (c) => c.notNull())
    .addColumn('next_attempt_at_ms', 'bigint')
    .addColumn('last_status_code', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at_ms', 'bigint', (c) => c.notNull())
    .addColumn('delivered_at_ms', 'bigint')
    .addUniqueConstraint('webhook_deliveries_once', ['endpoint_id', 'event_id'])
    .execute();
  await db.schema.createIndex('webhook_deliveries_due').on('webhook_deliveries').columns(['status', 'next_attempt_at_ms']).execute();
}

export async function down(): Promise<void> {
  throw new Error('Tollgate migrations are forward-only; restore from a backup to go back.');
}
