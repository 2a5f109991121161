import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../app/services.js';
import { createTestDatabase, dialects, type TestDatabase } from '../test-support/dialects.js';
import { migrateStore } from './migrate.js';
import { readCatalogVersion } from './repos/rows.js';

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`storage on ${dialect.name}`, () => {
    let database: TestDatabase;
    let services: Services;

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      services = await createServices(database.config, { pgSchema: database.pgSchema });
    });
    afterAll(async () => {
      await services?.close();
      await database?.cleanup();
    });

    it('migrates an empty database, and a second run applies nothing', async () => {
      const again = await migrateStore(services.store);
      expect(again.applied).toEqual([]);
    });

    it('stores and finds customers by id and ref, pages by id, and updates them', async () => {
      const a = await services.customers.create({ name: 'Alpha', ref: 'alpha', email: 'a@example.com', metadata: { tier: 'gold' } });
      const b = await services.customers.create({ name: '北京测试', ref: 'beijing', currency: 'CNY' });
      expect(await services.customers.get(a.id)).toEqual(a);
      expect((await services.customers.findByRef('beijing'))?.name).toBe('北京测试');
      const firstPage = await services.customers.list({ limit: 1 });
      expect(firstPage.map((c) => c.id)).toEqual([a.id]);
      const secondPage = await services.customers.list({ limit: 10, after: a.id });
      expect(secondPage.map((c) => c.id)).toEqual([b.id]);
      const disabled = await services.customers.update(b.id, { status: 'disabled' });
      expect(disabled.status).toBe('disabled');
      expect(disabled.currency).toBe('CNY');
      expect((await services.customers.list({ status: 'disabled', limit: 10 })).map((c) => c.id)).toEqual([b.id]);
    });

    it('refuses a second customer with the same ref', async () => {
      await expect(services.customers.create({ name: 'Again', ref: 'alpha' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('keeps only the hash of a key, finds it by hash, and bumps the catalog version on every write', async () => {
      const customer = await services.customers.create({ name: 'Keys Inc' });
      const before = await readCatalogVersion(services.store.db);
      const { key, secret } = await services.keys.issue(customer.id, { name: 'prod', allowedModels: ['m2', 'm1', 'm1'] });
      expect(key.allowedModels).toEqual(['m1', 'm2']);
      expect(secret.startsWith('tg-')).toBe(true);
      expect(JSON.stringify(await services.keys.get(key.id))).not.toContain(secret);
      const after = await readCatalogVersion(services.store.db);
      expect(BigInt(after)).toBe(BigInt(before) + 1n);
      const revoked = await services.keys.revoke(key.id);
      expect(revoked.status).toBe('revoked');
      await expect(services.keys.update(key.id, { status: 'active' })).rejects.toMatchObject({ code: 'conflict' });
    });

    it('seals upstream credentials at rest and opens them with the configured key', async () => {
      const upstream = await services.upstreams.create({ name: 'openai', type: 'openai-compatible', baseUrl: 'https://api.example.com/v1/', apiKey: 'sk-very-secret' });
      expect(upstream.baseUrl).toBe('https://api.example.com/v1');
      const row = await services.store.db.selectFrom('upstreams').selectAll().where('id', '=', upstream.id).executeTakeFirstOrThrow();
      expect(row.credentialsSealed).not.toContain('sk-very-secret');
      expect(services.upstreams.apiKeyOf(upstream)).toBe('sk-very-secret');
    });

    it('saves a model with its routes and replaces the routes whole on update', async () => {
      await services.upstreams.create({ name: 'sim', type: 'sim' });
      const model = await services.models.create({ name: 'Qwen/Qwen3-8B', routes: [{ upstream: 'sim' }, { upstream: 'openai', upstreamModel: 'qwen3-8b', priority: 5 }] });
      expect(model.routes.map((r) => r.upstreamModel)).toEqual(['Qwen/Qwen3-8B', 'qwen3-8b']);
      const updated = await services.models.update('Qwen/Qwen3-8B', { routes: [{ upstream: 'openai', upstreamModel: 'qwen3-8b' }] });
      expect(updated.routes).toHaveLength(1);
      expect((await services.models.get(model.id)).routes[0]?.upstreamModel).toBe('qwen3-8b');
      await expect(services.models.create({ name: 'bad', routes: [{ upstream: 'nope' }] })).rejects.toMatchObject({ code: 'invalid_request' });
    });

    it('round-trips integers beyond 2^53 exactly (money never passes through a float)', async () => {
      const big = 2n ** 62n + 12345n;
      await services.store.db.insertInto('meta').values({ key: 'probe', value: 'x' }).execute();
      const customer = await services.customers.create({ name: 'Big' });
      await services.store.db.updateTable('customers').set({ createdAtMs: big }).where('id', '=', customer.id).execute();
      const row = await services.store.db.selectFrom('customers').select('createdAtMs').where('id', '=', customer.id).executeTakeFirstOrThrow();
      expect(row.createdAtMs).toBe(big);
    });
  });
}
