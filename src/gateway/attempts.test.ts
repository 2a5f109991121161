import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { toBigInt } from '../core/money.js';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { closedPort, type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';
import { adminCall } from '../test-support/portal.js';

const HOUR_MS = 3_600_000;
const T0 = Date.UTC(2026, 5, 1, 10);
const messages = [{ role: 'user' as const, content: 'hello' }];

/**
 * Attempts that fail before a fallback serves (or before the request fails) are recorded with the
 * request's settlement: the operator sees them per upstream, and a GPU-hour upstream's time spent
 * on them is charged to the customer who caused it instead of vanishing into idle capacity.
 */
for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`failed upstream attempts (${dialect.name})`, () => {
    const clock = new ManualClock(T0 + 10 * 60_000);
    let t: TestGateway;
    let mock: MockUpstream;
    let key: string;
    let customerId: string;
    let token: string;
    const upstreamIds: Record<string, string> = {};

    beforeAll(async () => {
      mock = await startMockUpstream();
      const deadPort = await closedPort();
      t = await startTestGateway({
        dialect: dialect.name,
        clock,
        seed: {
          upstreams: [
            {
              name: 'gpu',
              type: 'openai-compatible',
              baseUrl: mock.baseUrl,
              settings: { timeouts: { headersMs: 300, bodyMs: 300 } },
              costCards: [{ kind: 'gpu_hour', currency: 'USD', hourlyPerGpu: '2.50', gpuCount: 2, capacityTokensPerSecond: 1000, allocationKey: 'busy_time' }],
            },
            { name: 'dead', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${deadPort}/v1` },
            { name: 'api', type: 'openai-compatible', baseUrl: mock.baseUrl },
          ],
          models: [
            { name: 'rescued', routes: [{ upstream: 'gpu', upstreamModel: 'stuck' }, { upstream: 'api', upstreamModel: 'mock-ok', priority: 5 }] },
            { name: 'doomed', routes: [{ upstream: 'dead' }, { upstream: 'gpu', upstreamModel: 'overloaded', priority: 5 }] },
            { name: 'abandoned', routes: [{ upstream: 'api', upstreamModel: 'hung' }] },
          ],
        },
      });
      mock.behave('stuck', 'hang');
      mock.behave('overloaded', 'status:503');
      mock.behave('hung', 'hang');
      const issued = await t.issueKey('acme');
      key = issued.secret;
      customerId = issued.customerId;
      token = await t.operatorToken('admin');
      for (const u of await t.gateway.services.upstreams.list()) upstreamIds[u.name] = u.id;
    });
    afterAll(async () => {
      await t?.stop();
      await mock?.close();
    });

    it('records each failed attempt once, with its request, and counts those a later route rescued', async () => {
      const served = await t.client(key).chat.completions.create({ model: 'rescued', messages });
      expect(served.choices[0]?.message.content).toBe('Mock answer from the upstream.');
      await expect(t.client(key).chat.completions.create({ model: 'doomed', messages })).rejects.toBeInstanceOf(OpenAI.APIError);

      const rows = await t.gateway.services.store.db.selectFrom('upstreamAttempts').selectAll().orderBy('requestId').orderBy('attempt').execute();
      expect(rows.map((r) => ({ upstream: r.upstreamId, outcome: r.outcome, status: r.httpStatus === null ? null : Number(r.httpStatus), customer: r.customerId }))).toEqual(
        expect.arrayContaining([
          { upstream: upstreamIds.gpu, outcome: 'timeout', status: null, customer: customerId },
          { upstream: upstreamIds.dead, outcome: 'connect', status: null, customer: customerId },
          { upstream: upstreamIds.gpu, outcome: 'status', status: 503, customer: customerId },
        ]),
      );
      expect(rows).toHaveLength(3);
      const timedOut = rows.find((r) => r.outcome === 'timeout')!;
      expect(Number(timedOut.latencyMs)).toBeGreaterThanOrEqual(290);
      expect(Number(timedOut.startedAtMs)).toBe(T0 + 10 * 60_000);

      const summary = await adminCall(t, token, 'GET', `/usage/attempts?fromMs=${T0}&toMs=${T0 + HOUR_MS}`);
      expect(summary.status).toBe(200);
      const data = (summary.body as { data: { upstreamId: string; outcome: string; httpStatus: number | null; attempts: number; rescued: number; latencyMsSum: number }[] }).data;
      expect(data.map(({ latencyMsSum: _, ...row }) => row)).toEqual([
        { upstreamId: upstreamIds.dead, outcome: 'connect', httpStatus: null, attempts: 1, rescued: 0 },
        { upstreamId: upstreamIds.gpu, outcome: 'status', httpStatus: 503, attempts: 1, rescued: 0 },
        { upstreamId: upstreamIds.gpu, outcome: 'timeout', httpStatus: null, attempts: 1, rescued: 1 },
      ].sort((a, b) => (a.upstreamId + a.outcome < b.upstreamId + b.outcome ? -1 : 1)));
      expect(data.find((r) => r.outcome === 'timeout')!.latencyMsSum).toBe(Number(timedOut.latencyMs));
      const outside = await adminCall(t, token, 'GET', `/usage/attempts?fromMs=${T0 + HOUR_MS}`);
      expect((outside.body as { data: unknown[] }).data).toEqual([]);
      const doomed = await adminCall(t, token, 'GET', '/usage/attempts?model=doomed');
      expect((doomed.body as { data: { outcome: string }[] }).data.map((r) => r.outcome).sort()).toEqual(['connect', 'status']);
    });

    it("charges the GPU time of failed attempts to the customer's part of the hour, not to idle capacity", async () => {
      clock.set(T0 + 2 * HOUR_MS);
      await t.gateway.services.gpuAllocation.run();
      const db = t.gateway.services.store.db;
      const hour = await db.selectFrom('gpuAllocations').selectAll().where('upstreamId', '=', upstreamIds.gpu!).where('hourMs', '=', BigInt(T0)).executeTakeFirstOrThrow();
      const parts = await db.selectFrom('gpuAllocationParts').selectAll().where('upstreamId', '=', upstreamIds.gpu!).where('hourMs', '=', BigInt(T0)).execute();
      const attempts = await db.selectFrom('upstreamAttempts').select('latencyMs').where('upstreamId', '=', upstreamIds.gpu!).execute();
      const busyMs = attempts.reduce((sum, a) => sum + toBigInt(a.latencyMs), 0n);
      // $5.00 an hour (2 GPUs × $2.50) over 2 × 3 600 000 GPU-ms; only the failed attempts kept it busy.
      const hourNanos = 5_000_000_000n;
      // One part per model of the customer's: the timed-out attempt of "rescued", the 503 of "doomed".
      expect(parts.map((p) => [p.customerId, p.model]).sort()).toEqual([[customerId, 'doomed'], [customerId, 'rescued']]);
      const part = parts.reduce((sum, p) => sum + toBigInt(p.costNanos), 0n);
      const exact = (hourNanos * busyMs) / 7_200_000n;
      expect(part >= exact - 1n && part <= exact + 1n).toBe(true);
      expect(toBigInt(hour.allocatedNanos)).toBe(part);
      expect(toBigInt(hour.allocatedNanos) + toBigInt(hour.idleNanos)).toBe(hourNanos);
    });

    it('cancels the upstream call when the client hangs up, charges nothing and records the attempt as client_closed', async () => {
      const abort = new AbortController();
      const call = t.client(key).chat.completions.create({ model: 'abandoned', messages }, { signal: abort.signal, maxRetries: 0 });
      await vi.waitFor(() => expect(mock.received.some((b) => b.model === 'hung')).toBe(true), { timeout: 5_000, interval: 20 });
      abort.abort();
      await expect(call).rejects.toThrow();
      // The upstream's own timeouts are minutes long: only the cancellation closes its connection this soon.
      await vi.waitFor(() => expect(mock.hungUp).toContain('hung'), { timeout: 5_000, interval: 20 });
      const db = t.gateway.services.store.db;
      const event = await vi.waitFor(() => db.selectFrom('usageEvents').selectAll().where('model', '=', 'abandoned').executeTakeFirstOrThrow(), { timeout: 5_000, interval: 20 });
      expect({ outcome: event.outcome, revenue: toBigInt(event.revenueNanos), cost: toBigInt(event.costNanos) }).toEqual({ outcome: 'failed', revenue: 0n, cost: 0n });
      const attempts = await db.selectFrom('upstreamAttempts').selectAll().where('model', '=', 'abandoned').execute();
      expect(attempts.map((a) => [a.upstreamId, a.outcome])).toEqual([[upstreamIds.api, 'client_closed']]);
    });
  });
}
