import { type CreateTableBuilder, type Kysely, sql } from 'kysely';

const DAY_MS = 86_400_000;
const keys = ['customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency'];
const sums = ['requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum'];

/**
 * The daily usage rollup: the hourly rollup summed per UTC day, kept by the same transaction
 * that adds to the hourly one. Month-long reports read whole days from it (a month of hourly
 * rows is about twice as many). Filled here from the hourly rows already recorded.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  let table = db.schema.createTable('usage_daily').addColumn('day_ms', 'bigint', (c) => c.notNull()) as CreateTableBuilder<'usage_daily', string>;
  for (const key of keys) table = table.addColumn(key, 'text', (c) => c.notNull());
  for (const sum of sums) table = table.addColumn(sum, 'bigint', (c) => c.notNull());
  await table.addPrimaryKeyConstraint('usage_daily_pk', ['day_ms', ...keys]).execute();
  await fillDailyFromHourly(db);
}

/** Sums the hourly rollup into the (empty) daily one. */
export async function fillDailyFromHourly(db: Kysely<unknown>): Promise<void> {
  await sql`${sql.raw(`insert into usage_daily (day_ms, ${keys.join(', ')}, ${sums.join(', ')})
    select (hour_ms / ${DAY_MS}) * ${DAY_MS}, ${keys.join(', ')}, ${sums.map((s) => `sum(${s})`).join(', ')}
    from usage_hourly group by (hour_ms / ${DAY_MS}) * ${DAY_MS}, ${keys.join(', ')}`)}`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error('Tollgate migrations are forward-only; restore from a backup to go back.');
}
