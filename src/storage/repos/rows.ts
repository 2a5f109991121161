import { type Kysely, sql } from 'kysely';
import { toBigInt } from '../../core/money.js';
import type { Database } from '../schema.js';

/** A small integer column (counts, timestamps, priorities) as a JS number. */
export function num(value: bigint | number | string): number {
  return Number(toBigInt(value));
}

export function numOrNull(value: bigint | number | string | null): number | null {
  return value === null ? null : num(value);
}

export function parseJson<T>(text: string | null, fallback: T): T {
  return text === null || text === '' ? fallback : (JSON.parse(text) as T);
}

/**
 * Every write to something the request path caches (keys, customers, upstreams, models) bumps
 * this counter in the same transaction; each replica polls it and reloads what changed.
 */
export async function bumpCatalogVersion(db: Kysely<Database>): Promise<void> {
  await db
    .updateTable('meta')
    .set({ value: sql<string>`cast(cast(value as bigint) + 1 as text)` })
    .where('key', '=', 'catalog_version')
    .execute();
}

export async function readCatalogVersion(db: Kysely<Database>): Promise<string> {
  const row = await db.selectFrom('meta').select('value').where('key', '=', 'catalog_version').executeTakeFirst();
  return row?.value ?? '0';
}

/** Pagination by id: ids sort by creation time, so `after` is a stable cursor. */
export const MAX_PAGE = 1000;
