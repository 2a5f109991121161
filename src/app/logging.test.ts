import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';
import { createLogger } from './logger.js';

/** What an operator's log collector receives: JSON lines, one per request when asked, never a secret. */
describe('logs', () => {
  const lines: string[] = [];
  let t: TestGateway;
  let mock: MockUpstream;
  let key: string;
  let operator: string;

  beforeAll(async () => {
    mock = await startMockUpstream();
    t = await startTestGateway({
      env: { TOLLGATE_LOG_REQUESTS: 'true' },
      logger: createLogger({ logLevel: 'info' }, { write: (line: string) => void lines.push(line) }),
      seed: {
        upstreams: [{ name: 'mock', type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'sk-upstream-secret-0123456789' }],
        models: [{ name: 'm', routes: [{ upstream: 'mock' }] }],
      },
    });
    key = (await t.issueKey('acme')).secret;
    operator = await t.operatorToken('owner');
  });
  afterAll(async () => {
    await t?.stop();
    await mock?.close();
  });

  const parsed = () => lines.map((line) => JSON.parse(line) as Record<string, any>);

  it('writes one line per request on the /v1 fast path and on the other routes, and never a key or token', async () => {
    await t.client(key).chat.completions.create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] });
    await t.client(key).embeddings.create({ model: 'm', input: 'hi' });
    await t.client(key).models.list();
    await fetch(`${t.url}/admin/v1/customers`, { headers: { authorization: `Bearer ${operator}` } });
    await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: '{oops' });
    await new Promise((resolve) => setTimeout(resolve, 50));

    // As Fastify writes them: the request when it comes in, its status when it is done, joined by reqId.
    const incoming = new Map(parsed().filter((l) => l.msg === 'incoming request').map((l) => [l.reqId, l.req]));
    const completed = parsed().filter((l) => l.msg === 'request completed');
    const seen = completed.map((l) => `${incoming.get(l.reqId)?.method} ${incoming.get(l.reqId)?.url} ${l.res?.statusCode}`);
    expect(seen).toEqual(expect.arrayContaining(['POST /v1/chat/completions 200', 'POST /v1/embeddings 200', 'POST /v1/chat/completions 400', 'GET /admin/v1/customers 200']));
    expect(seen.some((s) => s.startsWith('GET /v1/models'))).toBe(true);
    for (const l of completed) expect(typeof l.responseTime).toBe('number');

    const all = lines.join('\n');
    expect(all).not.toContain(key);
    expect(all).not.toContain(operator);
    expect(all).not.toContain('sk-upstream-secret-0123456789');
  });
});
