import { randomBytes } from 'node:crypto';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { serviceAvailable, testRedisUrl } from '../test-support/services.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

const backends = [
  { name: 'in-process limiter', available: true, env: {} as Record<string, string> },
  { name: 'Redis limiter', available: serviceAvailable('redis'), env: { TOLLGATE_REDIS_URL: testRedisUrl } },
];

/**
 * Limits through the real server. The limiter's own suites test every window edge with a clock
 * moved by hand; here each kind of limit is shown to be enforced on requests, with OpenAI's
 * headers, on both limiter implementations.
 */
for (const backend of backends) {
  describe.skipIf(!backend.available)(`limits on the request path (${backend.name})`, () => {
    let t: TestGateway;

    beforeAll(async () => {
      t = await startTestGateway({
        env: backend.env,
        redisPrefix: `test-${randomBytes(4).toString('hex')}`,
        seed: {
          upstreams: [
            { name: 'sim', type: 'sim' },
            { name: 'slow-sim', type: 'sim', settings: { sim: { firstTokenMs: 300 } } },
          ],
          models: [
            { name: 'sim-mini', routes: [{ upstream: 'sim' }] },
            { name: 'slow', routes: [{ upstream: 'slow-sim' }] },
          ],
        },
      });
    });
    afterAll(async () => t?.stop());

    async function keyWith(limits: Parameters<TestGateway['gateway']['services']['keys']['issue']>[1]['limits']) {
      const { secret, id } = await t.issueKey(`limits-${randomBytes(3).toString('hex')}`);
      await t.gateway.services.keys.update(id, { limits });
      await t.gateway.services.catalog.refresh();
      return t.client(secret);
    }

    it('enforces requests per minute, with x-ratelimit headers and retry-after', async () => {
      const client = await keyWith({ requestsPerMinute: 2 });
      const first = await client.chat.completions.create({ model: 'sim-mini', messages }).withResponse();
      expect(first.response.headers.get('x-ratelimit-limit-requests')).toBe('2');
      expect(first.response.headers.get('x-ratelimit-remaining-requests')).toBe('1');
      expect(first.response.headers.get('x-ratelimit-reset-requests')).toMatch(/^\d+(ms|s|m\d+s)$/);
      await client.chat.completions.create({ model: 'sim-mini', messages });
      const refused = await client.chat.completions.create({ model: 'sim-mini', messages }).then(
        () => null,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(OpenAI.RateLimitError);
      expect(refused).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
      const retryAfter = Number((refused as InstanceType<typeof OpenAI.RateLimitError>).headers.get('retry-after'));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
    });

    it('enforces tokens per minute on prompt plus max_tokens', async () => {
      const client = await keyWith({ tokensPerMinute: 200 });
      // The admission counts the prompt bound (tiny prompt: under 40 tokens) plus max_tokens.
      await client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 100 });
      await expect(client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 150 })).rejects.toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
      const headers = (await client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 5 }).withResponse()).response.headers;
      expect(Number(headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(200);
    });

    it('enforces concurrent requests, and frees the slot when a request ends', async () => {
      const client = await keyWith({ concurrentRequests: 1 });
      const results = await Promise.allSettled([
        client.chat.completions.create({ model: 'slow', messages }),
        client.chat.completions.create({ model: 'slow', messages }),
      ]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ status: 429 });
      await client.chat.completions.create({ model: 'slow', messages });
    });

    it('enforces a daily spend budget: the request that would pass it is refused', async () => {
      // testPrice: 1000 nanos a prompt token, 2000 an output token. A budget of 0.0002 (200000
      // nanos) admits holds until the settled spend plus the next hold would pass it.
      const client = await keyWith({ dailySpendNanos: 200_000n, utcOffsetMinutes: 480 });
      let served = 0;
      let refusal: unknown = null;
      for (let i = 0; i < 20 && !refusal; i++) {
        await client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 10 }).then(
          () => served++,
          (error: unknown) => (refusal = error),
        );
      }
      expect(served).toBeGreaterThan(0);
      expect(refusal).toMatchObject({ status: 429, code: 'rate_limit_exceeded' });
    });

    it('enforces a rolling 5-hour token window next to a weekly one', async () => {
      const client = await keyWith({
        windows: [
          { metric: 'tokens', windowMs: 5 * 3_600_000, limit: 300n },
          { metric: 'tokens', windowMs: 7 * 24 * 3_600_000, limit: 100_000n },
        ],
      });
      await client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 100 });
      const refused = client.chat.completions.create({ model: 'sim-mini', messages, max_tokens: 250 });
      await expect(refused).rejects.toMatchObject({ status: 429 });
      await expect(refused).rejects.toThrow(/tokens:18000000ms/);
    });
  });
}
