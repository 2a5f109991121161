import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyFile } from '../app/apply.js';
import { type RunningGateway, startGateway } from '../app/gateway.js';
import { createLogger } from '../app/logger.js';
import { loadConfig } from '../config/config.js';
import { pendingHold, servedSettlement } from '../test-support/ledger-writes.js';
import { type PgBouncer, pgbouncerCommand, startPgBouncer } from '../test-support/pgbouncer.js';
import { serviceAvailable, testPostgresUrl } from '../test-support/services.js';
import { requireInstalled } from '../test-support/tools.js';
import { openStore, type Store } from './db.js';
import { PostgresLedgerWriter } from './ledger-pg.js';
import { migrateStore } from './migrate.js';

/**
 * PostgreSQL behind PgBouncer in transaction mode (Debian's 1.18, which does not carry prepared
 * statements across server connections), the usual way many replicas share one server. The
 * ledger writer prepares its small batches' statements by name; through such a pooler those
 * names meet server connections that lack them or already have them, and the writer must go on
 * with unnamed statements, losing and repeating nothing.
 */
const pooler = serviceAvailable('postgres') && requireInstalled(pgbouncerCommand() ? [] : ['pgbouncer'], 'apt-get install -y pgbouncer');

const T0 = Date.UTC(2026, 10, 1, 9);

/** A fresh database on the real server (a pooler routes by database name, not by schema). */
async function createDatabase(): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `tollgate_pooler_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: testPostgresUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    name,
    drop: async () => {
      const client = new pg.Client({ connectionString: testPostgresUrl });
      await client.connect();
      await client.query(`drop database if exists ${name} with (force)`);
      await client.end();
    },
  };
}

const fixture = { customerId: 'cus_p', keyId: 'key_p', upstreamId: 'ups_p', atMs: T0 };
const hold = (id: string) => pendingHold(id, fixture);
const settlement = (requestId: string) => servedSettlement(requestId, fixture);

describe.skipIf(!pooler)('the ledger writer behind PgBouncer in transaction mode', () => {
  const cases = [
    // One server connection for every client: a second client's statement of a shape the first
    // prepared finds the name taken (42P05).
    { name: 'a name another client prepared on the shared connection', poolSize: 1, discard: false, firstMessage: /already exists/ },
    // Every transaction's connection is reset: the client's own prepared name is gone (26000).
    { name: 'a name its own connection prepared and the pooler discarded', poolSize: 2, discard: true, firstMessage: /does not exist/ },
  ];
  for (const c of cases) {
    describe(c.name, () => {
      let bouncer: PgBouncer;
      let database: Awaited<ReturnType<typeof createDatabase>>;
      const stores: Store[] = [];

      beforeAll(async () => {
        database = await createDatabase();
        const direct = openStore({ dialect: 'postgres', url: new URL(`/${database.name}`, testPostgresUrl).toString() });
        await migrateStore(direct);
        await direct.close();
        bouncer = await startPgBouncer({ postgresUrl: testPostgresUrl, poolSize: c.poolSize, discardAfterEachTransaction: c.discard });
      });
      afterAll(async () => {
        for (const store of stores) await store.close();
        await bouncer?.stop();
        await database?.drop();
      });

      function writerThroughPooler(): { writer: PostgresLedgerWriter; refusals: string[]; store: Store & { dialect: 'postgres' } } {
        const store = openStore({ dialect: 'postgres', url: bouncer.url(database.name) }, { pgPoolSize: 1 }) as Store & { dialect: 'postgres' };
        stores.push(store);
        const refusals: string[] = [];
        return { writer: new PostgresLedgerWriter(store.pool, (reason) => refusals.push(reason)), refusals, store };
      }

      it('switches to unnamed statements once, and every write lands exactly once', async () => {
        const a = writerThroughPooler();
        const b = writerThroughPooler();
        // Holds alone (one statement without BEGIN), then settlements (a transaction of several).
        expect(await a.writer.write({ kind: 'hold', hold: hold('req_a1') })).toEqual({ applied: true });
        const writer = c.discard ? a : b;
        expect(await writer.writer.write({ kind: 'hold', hold: hold('req_b1') })).toEqual({ applied: true });
        expect(writer.refusals).toHaveLength(1);
        expect(writer.refusals[0]).toMatch(c.firstMessage);
        expect(await a.writer.write({ kind: 'hold', hold: hold('req_a2') })).toEqual({ applied: true });
        expect(await b.writer.write({ kind: 'hold', hold: hold('req_b2') })).toEqual({ applied: true });
        const settled = await Promise.all(['req_a1', 'req_b1', 'req_a2', 'req_b2'].map((id, i) => (i % 2 === 0 ? a : b).writer.write({ kind: 'settle', settlement: settlement(id) })));
        expect(settled).toEqual(Array.from({ length: 4 }, () => ({ applied: true })));
        // A settlement replayed through the pooler charges nothing.
        expect(await b.writer.write({ kind: 'settle', settlement: settlement('req_a1') })).toEqual({ applied: false });
        await a.writer.close();
        await b.writer.close();

        const db = a.store.db;
        const holds = await db.selectFrom('holds').select(['id', 'status']).orderBy('id').execute();
        expect(holds).toEqual(['req_a1', 'req_a2', 'req_b1', 'req_b2'].map((id) => ({ id, status: 'posted' })));
        const events = await db.selectFrom('usageEvents').select('requestId').execute();
        expect(events).toHaveLength(4);
        const entries = await db.selectFrom('ledgerEntries').select(({ fn }) => fn.countAll<bigint>().as('n')).executeTakeFirstOrThrow();
        expect(Number(entries.n)).toBe(16);
        const hourly = await db.selectFrom('usageHourly').select('requests').executeTakeFirstOrThrow();
        expect(Number(hourly.requests)).toBe(4);
        expect([...a.refusals, ...b.refusals].length).toBeLessThanOrEqual(2);
      });
    });
  }
});

describe.skipIf(!pooler)('the gateway on PostgreSQL behind PgBouncer in transaction mode', () => {
  const REQUESTS = 60;
  let bouncer: PgBouncer;
  let database: Awaited<ReturnType<typeof createDatabase>>;
  let gateway: RunningGateway;
  let dataDir: string;
  const warnings: string[] = [];

  beforeAll(async () => {
    database = await createDatabase();
    // Prepared statements discarded after every transaction: the second request of the same shape meets it.
    bouncer = await startPgBouncer({ postgresUrl: testPostgresUrl, poolSize: 2, discardAfterEachTransaction: true });
    dataDir = mkdtempSync(join(tmpdir(), 'tollgate-pooler-'));
    const config = loadConfig({
      TOLLGATE_DATA_DIR: dataDir,
      TOLLGATE_SECRET_KEY: randomBytes(32).toString('base64'),
      TOLLGATE_PORT: '0',
      TOLLGATE_LOG_LEVEL: 'warn',
      TOLLGATE_DATABASE_URL: bouncer.url(database.name),
    });
    gateway = await startGateway(config, { logger: createLogger({ logLevel: 'warn' }, { write: (line: string) => warnings.push(line) }) });
    await applyFile(gateway.services, {
      upstreams: [{ name: 'sim', type: 'sim', settings: { sim: { firstTokenMs: 2 } } }],
      models: [{ name: 'm', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perMillionTokens: { input: '1', output: '2' } }] }],
      customers: [{ ref: 'acme', name: 'Acme', currency: 'USD', billingMode: 'prepaid', keys: [] }],
    });
    await gateway.services.catalog.refresh();
  });
  afterAll(async () => {
    await gateway?.stop();
    await bouncer?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('migrates, serves and bills every request once, with books that verify', async () => {
    const services = gateway.services;
    const customer = (await services.customers.findByRef('acme'))!;
    await services.ledger.topUp(customer, { amountNanos: 10_000_000_000n });
    const { secret } = await services.keys.issue(customer.id, { name: 'pooled' });
    await services.catalog.refresh();
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: secret, maxRetries: 0, timeout: 20_000 });

    const send = async (i: number) => {
      if (i % 2 === 0) {
        const { response } = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `hello ${i}` }], max_tokens: 16 }).withResponse();
        return response.headers.get('x-request-id')!;
      }
      const { data, response } = await client.chat.completions.create({ model: 'm', messages: [{ role: 'user', content: `hello ${i}` }], max_tokens: 16, stream: true }).withResponse();
      for await (const chunk of data) void chunk;
      return response.headers.get('x-request-id')!;
    };
    // Four one at a time (each batch the shape of one before it), then the rest at once.
    const ids = [await send(0), await send(1), await send(2), await send(3)];
    ids.push(...(await Promise.all(Array.from({ length: REQUESTS - 4 }, (_, i) => send(i + 4)))));
    expect(new Set(ids).size).toBe(REQUESTS);

    const db = services.store.db;
    const events = await db.selectFrom('usageEvents').select(['requestId', 'revenueNanos']).execute();
    expect(events.map((e) => e.requestId).sort()).toEqual([...ids].sort());
    expect(events.every((e) => BigInt(e.revenueNanos) > 0n)).toBe(true);
    const transfers = await db.selectFrom('ledgerTransfers').select('requestId').where('kind', '=', 'usage').execute();
    expect(transfers.map((t) => t.requestId).sort()).toEqual([...ids].sort());
    const pending = await db.selectFrom('holds').select('id').where('status', '=', 'pending').execute();
    expect(pending).toEqual([]);

    const token = (await services.operators.issue('pooler test', 'viewer')).secret;
    const verify = (await (await fetch(`${gateway.url}/admin/v1/ledger/verify`, { headers: { authorization: `Bearer ${token}` } })).json()) as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(verify.checks.filter((check) => !check.ok)).toEqual([]);
    expect(verify.ok).toBe(true);
    // The writer said once that it stopped naming statements.
    expect(warnings.filter((w) => w.includes('named prepared statement'))).toHaveLength(1);
  });
});
