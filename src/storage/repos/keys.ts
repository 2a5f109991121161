import type { Kysely, Selectable } from 'kysely';
import { limitsFromJson, limitsToJson } from '../../limits/settings.js';
import type { ApiKey, KeyPatch, KeyStatus, KeyStore, OperatorRole, OperatorToken, OperatorTokenStore } from '../../keys/types.js';
import type { ApiKeysTable, Database, OperatorTokensTable } from '../schema.js';
import { bumpCatalogVersion, num, numOrNull, parseJson } from './rows.js';

function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    customerId: row.customerId,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    allowedModels: parseJson<string[] | null>(row.allowedModels, null),
    expiresAtMs: numOrNull(row.expiresAtMs),
    status: row.status as KeyStatus,
    limits: limitsFromJson(row.limits),
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

export function toOperatorToken(row: Selectable<OperatorTokensTable>): OperatorToken {
  return {
    id: row.id,
    name: row.name,
    role: row.role as OperatorRole,
    prefix: row.prefix,
    hash: row.hash,
    status: row.status as OperatorToken['status'],
    expiresAtMs: numOrNull(row.expiresAtMs),
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

export class KyselyKeyStore implements KeyStore, OperatorTokenStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertKey(key: ApiKey): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('apiKeys')
        .values({ ...key, allowedModels: key.allowedModels ? JSON.stringify(key.allowedModels) : null, limits: limitsToJson(key.limits) })
        .execute();
      await bumpCatalogVersion(tx);
    });
  }

  async getKey(id: string): Promise<ApiKey | null> {
    const row = await this.db.selectFrom('apiKeys').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async findKeyByHash(hash: string): Promise<ApiKey | null> {
    const row = await this.db.selectFrom('apiKeys').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row ? toApiKey(row) : null;
  }

  async listKeys(filter: { customerId?: string; limit: number; after?: string }): Promise<ApiKey[]> {
    let query = this.db.selectFrom('apiKeys').selectAll().orderBy('id').limit(filter.limit);
    if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
    if (filter.after) query = query.where('id', '>', filter.after);
    return (await query.execute()).map(toApiKey);
  }

  async updateKey(id: string, patch: KeyPatch, nowMs: number): Promise<ApiKey | null> {
    const { allowedModels, limits, ...rest } = patch;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('apiKeys')
        .set({
          ...rest,
          ...(allowedModels !== undefined ? { allowedModels: allowedModels ? JSON.stringify(allowedModels) : null } : {}),
          ...(limits !== undefined ? { limits: limitsToJson(limits) } : {}),
          updatedAtMs: nowMs,
        })
        .where('id', '=', id)
        .execute();
      await bumpCatalogVersion(tx);
    });
    return this.getKey(id);
  }

  async insertOperatorToken(token: OperatorToken): Promise<void> {
    await this.db.insertInto('operatorTokens').values(token).execute();
  }

  async findOperatorTokenByHash(hash: string): Promise<OperatorToken | null> {
    const row = await this.db.selectFrom('operatorTokens').selectAll().where('hash', '=', hash).executeTakeFirst();
    return row ? toOperatorToken(row) : null;
  }

  async listOperatorTokens(): Promise<OperatorToken[]> {
    return (await this.db.selectFrom('operatorTokens').selectAll().orderBy('id').execute()).map(toOperatorToken);
  }

  async updateOperatorToken(id: string, patch: Partial<Pick<OperatorToken, 'status' | 'name'>>, nowMs: number): Promise<OperatorToken | null> {
    await this.db.updateTable('operatorTokens').set({ ...patch, updatedAtMs: nowMs }).where('id', '=', id).execute();
    const row = await this.db.selectFrom('operatorTokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOperatorToken(row) : null;
  }

  async countActiveOperatorTokens(): Promise<number> {
    const row = await this.db
      .selectFrom('operatorTokens')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('status', '=', 'active')
      .executeTakeFirstOrThrow();
    return num(row.n as bigint);
  }
}
