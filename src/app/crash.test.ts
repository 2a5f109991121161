import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { parseDecimalNanos } from '../core/money.js';
import { serviceAvailable, testPostgresUrl } from '../test-support/services.js';
import { createServices } from './services.js';

/**
 * Crash safety, proved with kill -9 in the middle of load.
 *
 * THE RULE: a response the client saw complete (the whole JSON body, or a stream up to
 * `data: [DONE]`) is billed exactly once, because its settlement (ledger transfer, usage event and
 * hold resolution, in one commit) is committed before the last bytes leave. A request whose
 * settlement had not committed when the process died is never charged: its hold stays pending
 * until TOLLGATE_HOLD_TTL_MS has passed, the hold sweeper (at the next start, then every minute)
 * marks it expired, and its estimated upstream cost is reported by GET /admin/v1/ledger/unbilled.
 * Between that commit and the last bytes there is a short window in which a request is charged
 * although its client did not see it complete; that is the side the gateway errs on (it never
 * delivers an answer it has not billed).
 *
 * The test runs the built server (`node dist/cli/main.js serve`, as an operator would) on SQLite
 * and, when PostgreSQL is reachable, on a database of its own (the CLI takes no schema option, so
 * it creates `tollgate_crash_<random>` and drops it afterwards). Holds live 3 s; the server is
 * restarted once the holds of the killed requests are past their expiry, so the sweep at start
 * expires them.
 */
const cli = new URL('../../dist/cli/main.js', import.meta.url).pathname;
const HOLD_TTL_MS = 3_000;
const CLIENTS = 30;
const MAX_TOKENS = 40;
const MODEL = 'slow-sim';
const messages = [{ role: 'user', content: 'Tell me about the toll gate on the old bridge.' }];
const CREDIT = '1.00';

const seedYaml = `
upstreams:
  - name: sim-latency
    type: sim
    settings: { sim: { firstTokenMs: 20, tokensPerSecond: 200 } }
    costCards:
      - { kind: per_token, currency: USD, perMillionTokens: { input: "0.50", output: "1.00" } }
models:
  - name: ${MODEL}
    routes: [{ upstream: sim-latency }]
    prices:
      - { currency: USD, perMillionTokens: { input: "1", output: "2" } }
customers:
  - { ref: crashco, name: Crash Co, currency: USD, billingMode: prepaid, keys: [] }
`;

/** One request as its client saw it. */
interface Seen {
  stream: boolean;
  requestId: string | null;
  status: number | null;
  /** Streams: some content arrived. */
  partial: boolean;
  /** JSON parsed whole with its usage, or the stream reached `data: [DONE]`. */
  complete: boolean;
  error: string | null;
}

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
}

function tollgate(env: NodeJS.ProcessEnv, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { env, encoding: 'utf8', timeout: 30_000 });
  if (result.status !== 0) throw new Error(`tollgate ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return result.stdout;
}

/** Starts `tollgate serve` on a free port and waits until /readyz answers 200. */
async function startServer(env: NodeJS.ProcessEnv): Promise<Server> {
  const child = spawn(process.execPath, [cli, 'serve'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-20_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const deadline = Date.now() + 20_000;
  let url: string | null = null;
  while (!url) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`the server did not start:\n${output}`);
    }
    url = /Tollgate listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)?.[1] ?? null;
    if (!url) await sleep(25);
  }
  while ((await fetch(`${url}/readyz`).then((r) => r.status, () => 0)) !== 200) {
    if (Date.now() > deadline) throw new Error(`the server never became ready:\n${output}`);
    await sleep(25);
  }
  return { child, url, exited, output: () => output };
}

/** Waits (bounded) for a child to exit; kills it if it does not. */
async function waitExit(server: Server, ms: number): Promise<number | null> {
  const timeout = sleep(ms).then(() => 'timeout' as const);
  const code = await Promise.race([server.exited, timeout]);
  if (code === 'timeout') {
    server.child.kill('SIGKILL');
    throw new Error(`the server did not exit within ${ms} ms:\n${server.output()}`);
  }
  return code;
}

/** One chat request over plain fetch, recording what the client saw. */
async function request(url: string, key: string, stream: boolean, seen: Seen): Promise<void> {
  try {
    const response = await fetch(`${url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, messages, max_tokens: MAX_TOKENS, stream }),
    });
    seen.status = response.status;
    seen.requestId = response.headers.get('x-request-id');
    if (!stream) {
      const body = JSON.parse(await response.text()) as { choices?: unknown[]; usage?: { completion_tokens?: number } };
      seen.complete = response.status === 200 && Array.isArray(body.choices) && (body.usage?.completion_tokens ?? 0) > 0;
      return;
    }
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
      if (text.includes('"content"')) seen.partial = true;
    }
    seen.complete = response.status === 200 && text.includes('data: [DONE]');
  } catch (error) {
    seen.error = error instanceof Error ? `${error.message} ${String((error as { cause?: unknown }).cause ?? '')}` : String(error);
  }
}

async function admin<T>(server: Server, token: string, path: string): Promise<T> {
  const response = await fetch(`${server.url}/admin/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as T;
}

const adminUrl = (() => {
  const url = new URL(testPostgresUrl);
  url.pathname = '/postgres';
  return url.toString();
})();

async function onPostgres(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const targets = [
  { name: 'sqlite' as const, available: true },
  { name: 'postgres' as const, available: serviceAvailable('postgres') },
];

describe.runIf(existsSync(cli))('kill -9 under load, then restart', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
  });

  for (const target of targets) {
    it.runIf(target.available)(`bills what clients saw complete exactly once, and only expires what was cut off (${target.name})`, async () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'tollgate-crash-'));
      cleanups.push(async () => rmSync(dataDir, { recursive: true, force: true }));
      let databaseUrl = `sqlite:${join(dataDir, 'crash.db')}`;
      if (target.name === 'postgres') {
        const database = `tollgate_crash_${randomBytes(6).toString('hex')}`;
        await onPostgres(`create database ${database}`);
        cleanups.push(() => onPostgres(`drop database if exists ${database} with (force)`));
        const url = new URL(testPostgresUrl);
        url.pathname = `/${database}`;
        databaseUrl = url.toString();
      }
      const adminToken = randomBytes(24).toString('hex');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH,
        TOLLGATE_HOST: '127.0.0.1',
        TOLLGATE_PORT: '0',
        TOLLGATE_DATA_DIR: dataDir,
        TOLLGATE_DATABASE_URL: databaseUrl,
        TOLLGATE_SECRET_KEY: randomBytes(32).toString('base64'),
        TOLLGATE_ADMIN_TOKEN: adminToken,
        TOLLGATE_HOLD_TTL_MS: String(HOLD_TTL_MS),
        TOLLGATE_LOG_LEVEL: 'warn',
      };
      const servers: Server[] = [];
      cleanups.push(async () => {
        for (const s of servers) if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill('SIGKILL');
      });

      // Seed with the CLI, credit the customer through the ledger service, issue a key with the CLI.
      const seedFile = join(dataDir, 'seed.yaml');
      writeFileSync(seedFile, seedYaml);
      tollgate(env, 'apply', '-f', seedFile, '--json');
      const key = JSON.parse(tollgate(env, 'keys', 'create', '--customer', 'crashco', '--name', 'load', '--json')) as { secret: string; customerId: string };
      const setup = await createServices(loadConfig(env));
      const customer = (await setup.customers.findByRef('crashco'))!;
      await setup.ledger.topUp(customer, { amountNanos: parseDecimalNanos(CREDIT)!, id: 'crash-test-credit' });
      await setup.close();

      // Load: CLIENTS clients in a loop, alternating JSON and streams, until the kill.
      const first = await startServer(env);
      servers.push(first);
      // One request first: a fresh process loads its tokenizer on first use, which would stall the first wave.
      const warmUp: Seen = { stream: false, requestId: null, status: null, partial: false, complete: false, error: null };
      await request(first.url, key.secret, false, warmUp);
      expect(warmUp).toMatchObject({ complete: true, status: 200 });
      const seen: Seen[] = [warmUp];
      let stopLoad = false;
      const clients = Array.from({ length: CLIENTS }, async (_, c) => {
        for (let n = 0; !stopLoad; n++) {
          const one: Seen = { stream: (c + n) % 2 === 1, requestId: null, status: null, partial: false, complete: false, error: null };
          seen.push(one);
          await request(first.url, key.secret, one.stream, one);
          if (one.error) return;
        }
      });

      // Kill once load has run 1.5 s and streams are known to be mid-answer (admitted, not yet settled).
      const loadStarted = Date.now();
      const midStream = () => seen.filter((s) => s.stream && s.partial && !s.complete && !s.error).length;
      while (Date.now() - loadStarted < 1_500 || seen.filter((s) => s.complete).length < 60 || midStream() < 5) {
        if (Date.now() - loadStarted > 20_000) throw new Error(`load never reached the kill condition:\n${first.output()}`);
        await sleep(10);
      }
      stopLoad = true;
      const killedAt = Date.now();
      process.kill(first.child.pid!, 'SIGKILL');
      await waitExit(first, 10_000);
      await Promise.all(clients);

      const complete = seen.filter((s) => s.complete);
      const cutOff = seen.filter((s) => !s.complete);
      // Nothing failed for any reason but the kill: every request either completed or lost its connection.
      for (const s of cutOff) expect(s.error, JSON.stringify(s)).not.toBeNull();
      for (const s of complete) expect(s.requestId).toMatch(/^req_/);
      expect(complete.length).toBeGreaterThanOrEqual(60);

      // Restart once every hold of a killed request is past its expiry: the sweep at start expires them.
      await sleep(Math.max(0, killedAt + HOLD_TTL_MS + 500 - Date.now()));
      const second = await startServer(env);
      servers.push(second);
      const verify = await admin<{ ok: boolean; checks: { name: string; ok: boolean; detail: string }[] }>(second, adminToken, '/ledger/verify');
      expect(verify.checks.filter((c) => !c.ok)).toEqual([]);
      expect(verify.ok).toBe(true);
      const unbilled = await admin<{ data: { upstreamId: string | null; holds: number; costEstimate: string }[] }>(second, adminToken, '/ledger/unbilled');

      // After the restart the gateway serves and bills as before (its credit guard reloads balances).
      const after: Seen[] = [true, false].map((stream) => ({ stream, requestId: null, status: null, partial: false, complete: false, error: null }));
      for (const s of after) await request(second.url, key.secret, s.stream, s);
      for (const s of after) expect(s, JSON.stringify(s)).toMatchObject({ complete: true, status: 200 });
      complete.push(...after);

      second.child.kill('SIGTERM');
      expect(await waitExit(second, 15_000)).toBe(0);

      // The book, read from the database.
      const services = await createServices(loadConfig(env));
      try {
        const db = services.store.db;
        const usage = await db.selectFrom('usageEvents').select(['requestId', 'revenueNanos', 'outcome']).execute();
        const transfers = await db.selectFrom('ledgerTransfers').select(['id', 'requestId']).where('kind', '=', 'usage').execute();
        const holds = await db.selectFrom('holds').select(['id', 'status', 'costEstimateNanos', 'expiresAtMs']).execute();
        const usageById = new Map(usage.map((u) => [u.requestId, u]));
        const transfersByRequest = new Map<string, string[]>();
        for (const x of transfers) transfersByRequest.set(x.requestId!, [...(transfersByRequest.get(x.requestId!) ?? []), x.id]);
        const holdById = new Map(holds.map((h) => [h.id, h]));

        // Billed exactly once: one usage event with revenue, one `usage:<id>` transfer, a posted hold.
        for (const s of complete) {
          const id = s.requestId!;
          expect(BigInt(usageById.get(id)?.revenueNanos ?? 0n), id).toBeGreaterThan(0n);
          expect(usageById.get(id)?.outcome).toBe('completed');
          expect(transfersByRequest.get(id)).toEqual([`usage:${id}`]);
          expect(holdById.get(id)?.status).toBe('posted');
        }
        // No request is billed twice, and every usage transfer has its usage event.
        for (const [id, ids] of transfersByRequest) {
          expect(ids).toEqual([`usage:${id}`]);
          expect(usageById.has(id)).toBe(true);
        }
        for (const u of usage) expect(transfersByRequest.has(u.requestId)).toBe(BigInt(u.revenueNanos) > 0n);

        // Every hold was settled (posted, with its usage event) or cut off (expired, nothing charged).
        expect(holds.filter((h) => h.status === 'pending')).toEqual([]);
        const expired = holds.filter((h) => h.status === 'expired');
        for (const h of holds) {
          if (h.status === 'posted') expect(usageById.has(h.id)).toBe(true);
          else expect({ status: h.status, usage: usageById.has(h.id), transfer: transfersByRequest.has(h.id) }).toEqual({ status: 'expired', usage: false, transfer: false });
        }
        // Expired holds belong to requests the client saw cut off, never to one it saw complete; the cut-off
        // streams whose answer had begun and that were not settled are among them (cut-off JSON requests
        // never got their id: it comes with the answer).
        const completeIds = new Set(complete.map((s) => s.requestId));
        for (const h of expired) expect(completeIds.has(h.id)).toBe(false);
        const cutOffUnsettled = cutOff.filter((s) => s.requestId && !usageById.has(s.requestId));
        for (const s of cutOffUnsettled) expect(holdById.get(s.requestId!)?.status).toBe('expired');
        expect(cutOffUnsettled.length).toBeGreaterThan(0);
        expect(expired.length).toBeGreaterThanOrEqual(cutOffUnsettled.length);
        expect(expired.length).toBeLessThanOrEqual(cutOff.length);

        // Their estimated upstream cost is what /ledger/unbilled reported.
        const estimate = expired.reduce((sum, h) => sum + BigInt(h.costEstimateNanos), 0n);
        expect(unbilled.data.reduce((n, u) => n + u.holds, 0)).toBe(expired.length);
        expect(unbilled.data.reduce((sum, u) => sum + parseDecimalNanos(u.costEstimate)!, 0n)).toBe(estimate);
        expect(estimate).toBeGreaterThan(0n);

        // The wallet is the credit less exactly what was billed, and every invariant holds.
        const billed = usage.reduce((sum, u) => sum + BigInt(u.revenueNanos), 0n);
        expect((await services.ledger.balances(customer.id)).walletNanos).toBe(parseDecimalNanos(CREDIT)! - billed);
        const checks = await services.ledgerStore.checkInvariants(services.clock.nowMs());
        expect(checks.filter((c) => !c.ok)).toEqual([]);
      } finally {
        await services.close();
      }
    }, 90_000);
  }
});
