import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServices, type Services } from '../../app/services.js';
import { toBigInt } from '../../core/money.js';
import type { UsageEvent } from '../../metering/types.js';
import { createTestDatabase, dialects, type TestDatabase } from '../../test-support/dialects.js';
import { settleAll, usageEvent } from '../../test-support/usage-events.js';
import { fillDailyFromHourly } from '../../storage/migrations/006-usage-daily.js';
import { usageRollup } from '../usage-rollup.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const T0 = Date.UTC(2026, 4, 1);
const sums = ['requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum'] as const;

const eventArb = fc
  .record({
    customer: fc.constantFrom('c1', 'c2', 'c3'),
    key: fc.constantFrom('k1', 'k2'),
    model: fc.constantFrom('m1', 'm2', 'm3'),
    upstream: fc.constantFrom(null, 'u1', 'u2'),
    plan: fc.constantFrom(null, 'p1', 'p2'),
    day: fc.integer({ min: 0, max: 2 }),
    // Both ends of a UTC day, so days hold several hours and a range's edges cut through them.
    hour: fc.constantFrom(0, 1, 22, 23),
    offsetMs: fc.integer({ min: 0, max: HOUR_MS - 1 }),
    currency: fc.constantFrom('USD' as const, 'EUR' as const),
    costCurrency: fc.constantFrom(null, 'USD' as const, 'EUR' as const),
    outcome: fc.constantFrom('completed' as const, 'cut_short' as const, 'failed' as const),
    prompt: fc.integer({ min: 0, max: 2_000_000 }),
    cachedPercent: fc.integer({ min: 0, max: 100 }),
    completion: fc.integer({ min: 0, max: 500_000 }),
    revenue: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    promoPercent: fc.integer({ min: 0, max: 100 }),
    included: fc.bigInt({ min: 0n, max: 10n ** 10n }),
    cost: fc.bigInt({ min: 0n, max: 10n ** 12n }),
    latencyMs: fc.integer({ min: 0, max: 600_000 }),
  })
  .map((g) => {
    const served = g.outcome !== 'failed';
    const revenueNanos = served ? g.revenue : 0n;
    const costCurrency = g.upstream ? g.costCurrency : null;
    return {
      ...g,
      served,
      revenueNanos,
      promoNanos: (revenueNanos * BigInt(g.promoPercent)) / 100n,
      includedNanos: served ? g.included : 0n,
      costCurrency,
      costNanos: served && costCurrency ? g.cost : 0n,
      promptTokens: served ? g.prompt : 0,
      cachedPromptTokens: served ? Math.floor((g.prompt * g.cachedPercent) / 100) : 0,
      completionTokens: served ? g.completion : 0,
    };
  });

type Row = Record<string, string>;

/** The rollup as the definition says it must be: GROUP BY period (hour or day) and every key column, in plain code. */
function expectedRollup(events: UsageEvent[], periodMs = HOUR_MS): Row[] {
  const groups = new Map<string, Row>();
  for (const e of events) {
    const startMs = Math.floor(e.startedAtMs / periodMs) * periodMs;
    const keys = [startMs, e.customerId, e.keyId, e.model, e.upstreamId ?? '', e.planId ?? '', e.currency, e.costCurrency ?? e.currency].map(String);
    const id = keys.join('\u0000');
    const row = groups.get(id) ?? Object.fromEntries([...keyColumns.map((c, i) => [c, keys[i]!]), ...sums.map((c) => [c, '0'])]);
    const add = (column: (typeof sums)[number], value: bigint | number) => (row[column] = String(BigInt(row[column]!) + BigInt(value)));
    add('requests', e.outcome === 'failed' ? 0 : 1);
    add('failed_requests', e.outcome === 'failed' ? 1 : 0);
    add('prompt_tokens', e.promptTokens);
    add('cached_prompt_tokens', e.cachedPromptTokens);
    add('completion_tokens', e.completionTokens);
    add('revenue_nanos', e.revenueNanos);
    add('promo_nanos', e.promoNanos);
    add('included_nanos', e.includedNanos);
    add('cost_nanos', e.costNanos);
    add('latency_ms_sum', e.latencyMs);
    groups.set(id, row);
  }
  return sorted([...groups.values()]);
}

const keyColumns = ['hour_ms', 'customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency'] as const;

function sorted(rows: Row[]): Row[] {
  const id = (r: Row) => keyColumns.map((c) => r[c]).join('\u0000');
  return rows.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
}

function normalised(rows: Record<string, unknown>[]): Row[] {
  return sorted(rows.map((r) => Object.fromEntries([...keyColumns, ...sums].map((c) => [c, typeof r[c] === 'string' ? (r[c] as string) : String(toBigInt(r[c] as bigint))]))));
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the hourly rollup the reports read (${dialect.name})`, () => {
    let database: TestDatabase;
    let s: Services;
    let run = 0;

    beforeAll(async () => {
      database = await createTestDatabase(dialect.name);
      s = await createServices(database.config, { pgSchema: database.pgSchema });
    });
    afterAll(async () => {
      await s?.close();
      await database?.cleanup();
    });

    it('equals GROUP BY over the raw events, for every key and every summed column', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 40 }), async (generated) => {
          const prefix = `r${++run}-`;
          const events = generated.map((g) =>
            usageEvent({
              customerId: prefix + g.customer,
              keyId: prefix + g.key,
              model: g.model,
              upstreamId: g.upstream,
              planId: g.plan,
              subscriptionId: g.plan ? `sub-${g.plan}` : null,
              startedAtMs: T0 + g.day * DAY_MS + g.hour * HOUR_MS + g.offsetMs,
              currency: g.currency,
              costCurrency: g.costCurrency,
              outcome: g.outcome,
              httpStatus: g.served ? 200 : 502,
              promptTokens: g.promptTokens,
              cachedPromptTokens: g.cachedPromptTokens,
              completionTokens: g.completionTokens,
              revenueNanos: g.revenueNanos,
              promoNanos: g.promoNanos,
              includedNanos: g.includedNanos,
              costNanos: g.costNanos,
              latencyMs: g.latencyMs,
            }),
          );
          await settleAll(s, events);
          const mine = sql`customer_id like ${`${prefix}%`}`;
          const rollup = await sql<Record<string, unknown>>`select ${sql.raw([...keyColumns, ...sums].join(', '))} from usage_hourly where ${mine}`.execute(s.store.db);
          const grouped = await sql<Record<string, unknown>>`
            select (started_at_ms / 3600000) * 3600000 as hour_ms, customer_id, key_id, model, coalesce(upstream_id, '') as upstream_id,
              coalesce(plan_id, '') as plan_id, currency, coalesce(cost_currency, currency) as cost_currency,
              sum(case when outcome = 'failed' then 0 else 1 end) as requests, sum(case when outcome = 'failed' then 1 else 0 end) as failed_requests,
              sum(prompt_tokens) as prompt_tokens, sum(cached_prompt_tokens) as cached_prompt_tokens, sum(completion_tokens) as completion_tokens,
              sum(revenue_nanos) as revenue_nanos, sum(promo_nanos) as promo_nanos, sum(included_nanos) as included_nanos,
              sum(cost_nanos) as cost_nanos, sum(latency_ms) as latency_ms_sum
            from usage_events where ${mine}
            group by 1, 2, 3, 4, 5, 6, 7, 8`.execute(s.store.db);
          const expected = expectedRollup(events);
          expect(normalised(rollup.rows.map(snakeKeys))).toEqual(expected);
          expect(normalised(grouped.rows.map(snakeKeys))).toEqual(expected);
          const daily = await sql<Record<string, unknown>>`select day_ms as hour_ms, ${sql.raw([...keyColumns.slice(1), ...sums].join(', '))} from usage_daily where ${mine}`.execute(s.store.db);
          expect(normalised(daily.rows.map(snakeKeys))).toEqual(expectedRollup(events, DAY_MS));
        }),
        { numRuns: 25 },
      );
    });

    it('read through usageRollup, any range sums exactly the events whose hour starts in it', async () => {
      const rangeArb = fc.tuple(fc.integer({ min: -DAY_MS, max: 4 * DAY_MS }), fc.integer({ min: 0, max: 4 * DAY_MS }));
      await fc.assert(
        fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 30 }), fc.array(rangeArb, { minLength: 1, maxLength: 5 }), async (generated, ranges) => {
          const prefix = `q${++run}-`;
          const events = generated.map((g) =>
            usageEvent({
              customerId: prefix + g.customer, keyId: prefix + g.key, model: g.model, upstreamId: g.upstream, planId: g.plan,
              startedAtMs: T0 + g.day * DAY_MS + g.hour * HOUR_MS + g.offsetMs, currency: g.currency, costCurrency: g.costCurrency,
              outcome: g.outcome, httpStatus: g.served ? 200 : 502, promptTokens: g.promptTokens, completionTokens: g.completionTokens,
              revenueNanos: g.revenueNanos, costNanos: g.costNanos, latencyMs: g.latencyMs,
            }),
          );
          await settleAll(s, events);
          for (const [offsetMs, lengthMs] of ranges) {
            const fromMs = T0 + offsetMs;
            const toMs = fromMs + lengthMs;
            const got = await sql<Record<string, unknown>>`
              select count(*) as n, coalesce(sum(requests + failed_requests), 0) as requests, coalesce(sum(revenue_nanos), 0) as revenue,
                coalesce(sum(cost_nanos), 0) as cost, coalesce(sum(completion_tokens), 0) as completion, coalesce(sum(latency_ms_sum), 0) as latency
              from ${usageRollup(fromMs, toMs)} where customer_id like ${`${prefix}%`}`.execute(s.store.db);
            const inRange = events.filter((e) => {
              const hourMs = Math.floor(e.startedAtMs / HOUR_MS) * HOUR_MS;
              return hourMs >= fromMs && hourMs < toMs;
            });
            const total = (f: (e: UsageEvent) => bigint | number) => inRange.reduce((a, e) => a + BigInt(f(e)), 0n);
            const row = got.rows[0]!;
            expect({
              requests: toBigInt(row.requests as bigint), revenue: toBigInt(row.revenue as bigint), cost: toBigInt(row.cost as bigint),
              completion: toBigInt(row.completion as bigint), latency: toBigInt(row.latency as bigint),
            }).toEqual({
              requests: BigInt(inRange.length), revenue: total((e) => e.revenueNanos), cost: total((e) => e.costNanos),
              completion: total((e) => e.completionTokens), latency: total((e) => e.latencyMs),
            });
          }
        }),
        { numRuns: 20 },
      );
    });

    it('the migration that adds the daily rollup fills it from the hourly one with the rows the writer keeps', async () => {
      const read = async () => normalised((await sql<Record<string, unknown>>`select day_ms as hour_ms, ${sql.raw([...keyColumns.slice(1), ...sums].join(', '))} from usage_daily`.execute(s.store.db)).rows.map(snakeKeys));
      const written = await read();
      expect(written.length).toBeGreaterThan(0);
      await sql`delete from usage_daily`.execute(s.store.db);
      await fillDailyFromHourly(s.store.db as never);
      expect(await read()).toEqual(written);
    });

    it('verify passes on both rollups, and names the daily one when a day disagrees with its hours', async () => {
      const passing = await s.ledgerStore.checkInvariants(Date.now());
      expect(passing.filter((c) => !c.ok)).toEqual([]);
      expect(passing.map((c) => c.name)).toContain('daily rollups equal the sum of hourly rollups');
      await sql`update usage_daily set requests = requests + 1 where day_ms = (select min(day_ms) from usage_daily)`.execute(s.store.db);
      const failing = await s.ledgerStore.checkInvariants(Date.now());
      expect(failing.filter((c) => !c.ok).map((c) => c.name)).toEqual(['daily rollups equal the sum of hourly rollups']);
      await sql`update usage_daily set requests = requests - 1 where day_ms = (select min(day_ms) from usage_daily)`.execute(s.store.db);
    });
  });
}

/** Kysely's camel-case plugin renames result columns; the comparison speaks the tables' names. */
function snakeKeys(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`), v]));
}
