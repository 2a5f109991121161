import { type Kysely, type Migration, type MigrationProvider, Migrator, sql } from 'kysely';
import type { Store } from './db.js';
import * as foundation from './migrations/001-foundation.js';
import * as money from './migrations/002-money.js';
import * as billing from './migrations/003-billing.js';
import * as analytics from './migrations/004-analytics-and-portal.js';
import * as lowBalance from './migrations/005-low-balance.js';
import * as usageDaily from './migrations/006-usage-daily.js';
import * as upstreamAttempts from './migrations/007-upstream-attempts.js';

/** Migrations in order. Forward-only: a released migration is never edited, only followed. */
const migrations: Record<string, Migration> = {
  '001-foundation': foundation,
  '002-money': money,
  '003-billing': billing,
  '004-analytics-and-portal': analytics,
  '005-low-balance': lowBalance,
  '006-usage-daily': usageDaily,
  '007-upstream-attempts': upstreamAttempts,
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export interface MigrationReport {
  applied: string[];
}

/**
 * `schema` (PostgreSQL) names where the migration tables live: without it Kysely looks for them
 * in every schema on the server and trips over another schema's.
 */
export async function migrateToLatest(db: Kysely<unknown>, schema?: string): Promise<MigrationReport> {
  const migrator = new Migrator({ db, provider, ...(schema ? { migrationTableSchema: schema } : {}) });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`Migration ${failed} failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}

/** Migrates a store; on PostgreSQL in the schema its connections use (search_path). */
export async function migrateStore(store: Store): Promise<MigrationReport> {
  if (store.dialect === 'sqlite') return migrateToLatest(store.db as never);
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(store.db);
  return migrateToLatest(store.db as never, rows[0]!.schema);
}
