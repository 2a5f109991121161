import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.js';
import { chunks } from './amounts.js';
import type { ProfitDimension } from './types.js';

/** What people call each group: "acme", "acme / main", "Pro (pro)", an upstream's name; the model is its own name. */
export async function namesOf(db: Kysely<Database>, dimension: ProfitDimension, ids: readonly string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(ids)].filter((id) => id !== '');
  const names = new Map<string, string>([['', dimension === 'plan' ? '(no plan)' : '(none)']]);
  if (dimension === 'model') {
    for (const id of wanted) names.set(id, id);
    return names;
  }
  for (const chunk of chunks(wanted)) {
    for (const [id, name] of await lookup(db, dimension, chunk)) names.set(id, name);
  }
  return names;
}

async function lookup(db: Kysely<Database>, dimension: Exclude<ProfitDimension, 'model'>, ids: string[]): Promise<[string, string][]> {
  switch (dimension) {
    case 'customer':
      return (await db.selectFrom('customers').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]);
    case 'key':
      return (
        await db.selectFrom('apiKeys as k').innerJoin('customers as c', 'c.id', 'k.customerId').select(['k.id', 'k.name', 'c.name as customer']).where('k.id', 'in', ids).execute()
      ).map((r) => [r.id, `${r.customer} / ${r.name}`]);
    case 'plan':
      return (await db.selectFrom('plans').select(['id', 'code', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, `${r.name} (${r.code})`]);
    case 'upstream':
      return (await db.selectFrom('upstreams').select(['id', 'name']).where('id', 'in', ids).execute()).map((r) => [r.id, r.name]);
  }
}
