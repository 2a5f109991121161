import type { Kysely, Selectable } from 'kysely';
import type { Model, ModelStore } from '../../models/types.js';
import type { Upstream, UpstreamSettings, UpstreamStore, UpstreamType } from '../../upstreams/types.js';
import type { Database, ModelsTable, UpstreamsTable } from '../schema.js';
import { bumpCatalogVersion, num, numOrNull, parseJson } from './rows.js';

function toUpstream(row: Selectable<UpstreamsTable>): Upstream {
  return {
    id: row.id,
    name: row.name,
    type: row.type as UpstreamType,
    baseUrl: row.baseUrl,
    credentialsSealed: row.credentialsSealed,
    settings: parseJson<UpstreamSettings>(row.settings, {}),
    status: row.status as Upstream['status'],
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

/** Upstreams and models: the routing catalog the request path caches. */
export class KyselyCatalogStore implements UpstreamStore, ModelStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertUpstream(upstream: Upstream): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('upstreams')
        .values({ ...upstream, settings: JSON.stringify(upstream.settings) })
        .execute();
      await bumpCatalogVersion(tx);
    });
  }

  async getUpstream(idOrName: string): Promise<Upstream | null> {
    const row = await this.db
      .selectFrom('upstreams')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    return row ? toUpstream(row) : null;
  }

  async listUpstreams(): Promise<Upstream[]> {
    return (await this.db.selectFrom('upstreams').selectAll().orderBy('name').execute()).map(toUpstream);
  }

  async updateUpstream(id: string, patch: Partial<Pick<Upstream, 'baseUrl' | 'credentialsSealed' | 'settings' | 'status' | 'type'>>, nowMs: number): Promise<Upstream | null> {
    const { settings, ...rest } = patch;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('upstreams')
        .set({ ...rest, ...(settings ? { settings: JSON.stringify(settings) } : {}), updatedAtMs: nowMs })
        .where('id', '=', id)
        .execute();
      await bumpCatalogVersion(tx);
    });
    return this.getUpstream(id);
  }

  async saveModel(model: Model): Promise<void> {
    const { routes, ...row } = model;
    await this.db.transaction().execute(async (tx) => {
      const exists = await tx.selectFrom('models').select('id').where('id', '=', model.id).executeTakeFirst();
      if (exists) {
        await tx.updateTable('models').set(row).where('id', '=', model.id).execute();
        await tx.deleteFrom('modelRoutes').where('modelId', '=', model.id).execute();
      } else {
        await tx.insertInto('models').values(row).execute();
      }
      if (routes.length > 0) {
        await tx
          .insertInto('modelRoutes')
          .values(routes.map((r, i) => ({ id: `${model.id}:${i}`, modelId: model.id, ...r })))
          .execute();
      }
      await bumpCatalogVersion(tx);
    });
  }

  async getModel(idOrName: string): Promise<Model | null> {
    const row = await this.db
      .selectFrom('models')
      .selectAll()
      .where((eb) => eb.or([eb('id', '=', idOrName), eb('name', '=', idOrName)]))
      .executeTakeFirst();
    if (!row) return null;
    return (await this.withRoutes([row]))[0]!;
  }

  async listModels(): Promise<Model[]> {
    return this.withRoutes(await this.db.selectFrom('models').selectAll().orderBy('name').execute());
  }

  private async withRoutes(rows: Selectable<ModelsTable>[]): Promise<Model[]> {
    if (rows.length === 0) return [];
    const routes = await this.db
      .selectFrom('modelRoutes')
      .selectAll()
      .where('modelId', 'in', rows.map((r) => r.id))
      .orderBy('priority')
      .execute();
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      description: row.description,
      status: row.status as Model['status'],
      contextWindow: numOrNull(row.contextWindow),
      maxOutputTokens: numOrNull(row.maxOutputTokens),
      createdAtMs: num(row.createdAtMs),
      updatedAtMs: num(row.updatedAtMs),
      routes: routes
        .filter((r) => r.modelId === row.id)
        .map((r) => ({ upstreamId: r.upstreamId, upstreamModel: r.upstreamModel, priority: num(r.priority), weight: num(r.weight) })),
    }));
  }
}
