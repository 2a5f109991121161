import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAvailable, testRedisUrl } from '../test-support/services.js';
import { limiterContract } from './contract.js';
import { MemoryLimiter } from './memory.js';
import { RedisLimiter } from './redis.js';
import type { AcquireResult, Lease, LimitRule, Limiter } from './types.js';

const T = 1_738_800_000_000;
const LEASE_MS = 30_000;

describe.skipIf(!serviceAvailable('redis'))('RedisLimiter', () => {
  const keyPrefix = `tollgate-test:limits:${randomBytes(6).toString('hex')}:`;
  const clients: Redis[] = [];
  let main: Redis;

  function connect(): Redis {
    const client = new Redis(testRedisUrl, { maxRetriesPerRequest: 1 });
    clients.push(client);
    return client;
  }

  async function ourKeys(): Promise<string[]> {
    const keys: string[] = [];
    for await (const batch of main.scanStream({ match: `${keyPrefix}*`, count: 1000 })) keys.push(...(batch as string[]));
    return keys;
  }

  beforeAll(() => {
    main = connect();
  });

  afterAll(async () => {
    const keys = await ourKeys();
    if (keys.length > 0) await main.del(...keys);
    await Promise.all(clients.map((client) => client.quit()));
  });

  limiterContract((options) => new RedisLimiter(main, keyPrefix, options));

  function requestsRule(limit: bigint): LimitRule {
    const scope = `cus_${randomBytes(6).toString('hex')}`;
    return { id: `${scope}:rpm`, scope, metric: 'requests', window: { kind: 'rolling', ms: 60_000 }, limit };
  }

  async function countAdmitted(limiters: RedisLimiter[], rule: LimitRule, attempts: number): Promise<number> {
    const results = await Promise.all(
      Array.from({ length: attempts }, (_, i) => limiters[i % limiters.length]!.acquire([rule], { requests: 1n, tokens: 0n, spend: 0n }, T + (i % 7), LEASE_MS)),
    );
    return results.filter((result) => result.ok).length;
  }

  it('admits exactly 50 of 200 parallel requests against a limit of 50', async () => {
    expect(await countAdmitted([new RedisLimiter(main, keyPrefix)], requestsRule(50n), 200)).toBe(50);
  });

  it('admits exactly 50 of 200 parallel requests from two replicas sharing the limit', async () => {
    const replicas = [new RedisLimiter(connect(), keyPrefix), new RedisLimiter(connect(), keyPrefix)];
    expect(await countAdmitted(replicas, requestsRule(50n), 200)).toBe(50);
  });

  it('hands out exactly as many concurrency slots as the limit across two replicas', async () => {
    const replicas = [new RedisLimiter(connect(), keyPrefix), new RedisLimiter(connect(), keyPrefix)];
    const scope = `cus_${randomBytes(6).toString('hex')}`;
    const slots: LimitRule = { id: `${scope}:concurrent`, scope, metric: 'concurrency', window: { kind: 'rolling', ms: 60_000 }, limit: 20n };
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => replicas[i % 2]!.acquire([slots], { requests: 1n, tokens: 0n, spend: 0n }, T, LEASE_MS)));
    expect(results.filter((result) => result.ok)).toHaveLength(20);
  });

  it('lets every key expire on its own', async () => {
    const limiter = new RedisLimiter(main, keyPrefix);
    const scope = `cus_${randomBytes(6).toString('hex')}`;
    const rules: LimitRule[] = [
      { id: `${scope}:rpm`, scope, metric: 'requests', window: { kind: 'rolling', ms: 60_000 }, limit: 10n },
      { id: `${scope}:spend:month`, scope, metric: 'spend', window: { kind: 'calendar', unit: 'month', utcOffsetMinutes: 60 }, limit: 10n ** 12n },
      { id: `${scope}:concurrent`, scope, metric: 'concurrency', window: { kind: 'rolling', ms: 60_000 }, limit: 5n },
    ];
    const result = await limiter.acquire(rules, { requests: 1n, tokens: 0n, spend: 5n }, T, LEASE_MS);
    expect(result.ok).toBe(true);
    const keys = (await ourKeys()).filter((key) => key.includes(`{${scope}}`));
    expect(keys).toHaveLength(4);
    for (const key of keys) expect(await main.pttl(key)).toBeGreaterThan(0);
  });

  it('tags every key of one call with its scope, so Redis Cluster keeps them in one slot', async () => {
    const limiter = new RedisLimiter(main, keyPrefix);
    const scope = `cus_${randomBytes(6).toString('hex')}`;
    const rules: LimitRule[] = [
      { id: `${scope}:tpm`, scope, metric: 'tokens', window: { kind: 'rolling', ms: 60_000 }, limit: 10n },
      { id: `${scope}:concurrent`, scope, metric: 'concurrency', window: { kind: 'rolling', ms: 60_000 }, limit: 10n },
    ];
    expect((await limiter.acquire(rules, { requests: 0n, tokens: 1n, spend: 0n }, T, LEASE_MS)).ok).toBe(true);
    const keys = (await ourKeys()).filter((key) => key.includes(scope));
    expect(keys).toHaveLength(3);
    for (const key of keys) expect(hashTag(key)).toBe(scope);
  });

  it('agrees with MemoryLimiter on random sequences of calls', async () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('acquire' as const), advanceMs: fc.nat(20_000), requests: fc.bigInt(0n, 2n), tokens: fc.bigInt(0n, 400n), spend: fc.bigInt(0n, 400_000_000n), leaseMs: fc.integer({ min: 1000, max: 60_000 }) }),
      fc.record({ kind: fc.constant('settle' as const), advanceMs: fc.nat(20_000), lease: fc.nat(), tokens: fc.bigInt(0n, 800n), spend: fc.bigInt(0n, 600_000_000n) }),
      fc.record({ kind: fc.constant('release' as const), advanceMs: fc.nat(20_000), lease: fc.nat() }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 10, maxLength: 40 }), fc.integer({ min: 0, max: 2 * 3_600_000 }), async (steps, startOffsetMs) => {
        const scope = `cus_${randomBytes(6).toString('hex')}`;
        const rules: LimitRule[] = [
          { id: `${scope}:rpm`, scope, metric: 'requests', window: { kind: 'rolling', ms: 60_000 }, limit: 5n },
          { id: `${scope}:tpm`, scope, metric: 'tokens', window: { kind: 'rolling', ms: 60_000 }, limit: 1000n },
          { id: `${scope}:spend:day`, scope, metric: 'spend', window: { kind: 'calendar', unit: 'day', utcOffsetMinutes: 90 }, limit: 1_000_000_000n },
          { id: `${scope}:concurrent`, scope, metric: 'concurrency', window: { kind: 'rolling', ms: 60_000 }, limit: 2n },
        ];
        const limiters: [Limiter, Limiter] = [new MemoryLimiter(), new RedisLimiter(main, keyPrefix)];
        const leases: [Lease, Lease][] = [];
        // Starts within two hours before a local midnight at UTC+1:30, so runs cross the day boundary.
        let nowMs = Date.UTC(2025, 2, 10, 20, 30) + startOffsetMs;
        for (const s of steps) {
          nowMs += s.advanceMs;
          if (s.kind === 'acquire') {
            const amounts = { requests: s.requests, tokens: s.tokens, spend: s.spend };
            const [memory, redis] = await Promise.all(limiters.map((limiter) => limiter.acquire(rules, amounts, nowMs, s.leaseMs)));
            expect(comparable(redis!)).toEqual(comparable(memory!));
            if (memory!.ok && redis!.ok) leases.push([memory!.lease, redis!.lease]);
          } else if (leases.length > 0) {
            const pair = leases[s.lease % leases.length]!;
            const actual = { requests: 1n, tokens: s.kind === 'settle' ? s.tokens : 0n, spend: s.kind === 'settle' ? s.spend : 0n };
            await Promise.all(limiters.map((limiter, i) => (s.kind === 'settle' ? limiter.settle(pair[i]!, actual, nowMs) : limiter.release(pair[i]!, nowMs))));
          }
          const [memoryState, redisState] = await Promise.all(limiters.map((limiter) => limiter.peek(rules, nowMs)));
          expect(redisState).toEqual(memoryState);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a key prefix with braces', () => {
    expect(() => new RedisLimiter(main, 'tollgate:{limits}:')).toThrow(/braces/);
  });
});

/** The part of a key Redis Cluster hashes: the text between the first `{` and the next `}`. */
function hashTag(key: string): string {
  const open = key.indexOf('{');
  const close = key.indexOf('}', open + 1);
  return open >= 0 && close > open + 1 ? key.slice(open + 1, close) : key;
}

/** An acquire result without the lease id, which differs between limiters by design. */
function comparable(result: AcquireResult): unknown {
  return result.ok ? { ok: true, entries: result.lease.entries, expiresAtMs: result.lease.expiresAtMs } : result;
}
