import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { closedPort, type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';

const messages = [{ role: 'user' as const, content: 'hi' }];

describe('bad input and failing upstreams get clear OpenAI-shaped errors', () => {
  let t: TestGateway;
  let mock: MockUpstream;
  let key: string;

  beforeAll(async () => {
    mock = await startMockUpstream();
    const deadPort = await closedPort();
    t = await startTestGateway({
      env: { TOLLGATE_BODY_LIMIT_BYTES: String(64 * 1024) },
      seed: {
        upstreams: [
          { name: 'sim', type: 'sim' },
          { name: 'mock', type: 'openai-compatible', baseUrl: mock.baseUrl, settings: { timeouts: { headersMs: 300, bodyMs: 300 } } },
          { name: 'dead', type: 'openai-compatible', baseUrl: `http://127.0.0.1:${deadPort}/v1` },
        ],
        models: [
          { name: 'sim-mini', routes: [{ upstream: 'sim' }] },
          { name: 'refused', routes: [{ upstream: 'dead' }] },
          { name: 'slow', routes: [{ upstream: 'mock' }] },
          { name: 'broken', routes: [{ upstream: 'mock' }] },
          { name: 'picky', routes: [{ upstream: 'mock' }] },
          { name: 'flaky-stream', routes: [{ upstream: 'mock' }] },
          { name: 'resilient', routes: [{ upstream: 'dead' }, { upstream: 'mock', upstreamModel: 'mock-ok', priority: 5 }] },
        ],
      },
    });
    mock.behave('slow', 'hang');
    mock.behave('broken', 'status:500');
    mock.behave('picky', 'status:400');
    mock.behave('flaky-stream', 'cut:2');
    key = (await t.issueKey('acme')).secret;
  });
  afterAll(async () => {
    await t?.stop();
    await mock?.close();
  });

  async function post(path: string, body: string, headers: Record<string, string> = {}) {
    const response = await fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...headers },
      body,
    });
    return { status: response.status, body: (await response.json()) as { error: { type: string; code: string; message: string; param: string | null } } };
  }

  async function stillServes(): Promise<void> {
    const reply = await t.client(key).chat.completions.create({ model: 'sim-mini', messages });
    expect(reply.choices[0]?.message.content).toBeTruthy();
  }

  it('malformed JSON → 400 invalid_request_error', async () => {
    const { status, body } = await post('/v1/chat/completions', '{"model": "sim-mini", "messages": [');
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('a JSON body that is not an object, or has no model → 400 naming the field', async () => {
    expect((await post('/v1/chat/completions', '[1,2]')).body.error.code).toBe('invalid_request');
    const { status, body } = await post('/v1/chat/completions', JSON.stringify({ messages }));
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 'invalid_request', param: 'model' });
  });

  it('a body over the limit → 413, and nothing is forwarded', async () => {
    const before = mock.received.length;
    const huge = JSON.stringify({ model: 'slow', messages: [{ role: 'user', content: 'x'.repeat(200 * 1024) }] });
    const { status, body } = await post('/v1/chat/completions', huge);
    expect(status).toBe(413);
    expect(body.error.code).toBe('body_too_large');
    expect(mock.received.length).toBe(before);
    await stillServes();
  });

  it('missing, unknown, disabled, expired and revoked keys, and disabled customers → 401', async () => {
    const noKey = await fetch(`${t.url}/v1/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'sim-mini', messages }) });
    expect(noKey.status).toBe(401);
    expect(((await noKey.json()) as { error: { code: string } }).error.code).toBe('missing_api_key');

    await expect(t.client('tg-not-a-real-key').chat.completions.create({ model: 'sim-mini', messages })).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
    await expect(t.client('tg-not-a-real-key').chat.completions.create({ model: 'sim-mini', messages })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });

    const services = t.gateway.services;
    const disabled = await t.issueKey('acme');
    await services.keys.update(disabled.id, { status: 'disabled' });
    const revoked = await t.issueKey('acme');
    await services.keys.revoke(revoked.id);
    const expired = await t.issueKey('acme', { expiresAtMs: Date.now() + 60_000 });
    await services.store.db.updateTable('apiKeys').set({ expiresAtMs: Date.now() - 1 }).where('id', '=', expired.id).execute();
    const other = await t.issueKey('globex');
    await services.customers.update(other.customerId, { status: 'disabled' });
    await services.catalog.refresh();

    await expect(t.client(disabled.secret).chat.completions.create({ model: 'sim-mini', messages })).rejects.toMatchObject({ status: 401, code: 'api_key_disabled' });
    await expect(t.client(revoked.secret).chat.completions.create({ model: 'sim-mini', messages })).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    await expect(t.client(expired.secret).chat.completions.create({ model: 'sim-mini', messages })).rejects.toMatchObject({ status: 401, code: 'api_key_expired' });
    await expect(t.client(other.secret).chat.completions.create({ model: 'sim-mini', messages })).rejects.toMatchObject({ status: 401, code: 'customer_disabled' });
    await expect(t.client(other.secret).models.list()).rejects.toMatchObject({ status: 401 });
  });

  it('an unknown model, and a model outside the key scope → 404 model_not_found, the same answer', async () => {
    const scoped = await t.issueKey('acme', { allowedModels: ['sim-mini'] });
    const unknown = t.client(key).chat.completions.create({ model: 'no-such-model', messages });
    await expect(unknown).rejects.toBeInstanceOf(OpenAI.NotFoundError);
    await expect(unknown).rejects.toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
    await expect(t.client(scoped.secret).chat.completions.create({ model: 'broken', messages })).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
  });

  it('an upstream refusing connections → 502 upstream_unreachable, and the next request is served', async () => {
    await expect(t.client(key).chat.completions.create({ model: 'refused', messages })).rejects.toMatchObject({ status: 502, code: 'upstream_unreachable' });
    await stillServes();
  });

  it('an upstream that does not answer in time → 504 upstream_timeout, and the next request is served', async () => {
    await expect(t.client(key).chat.completions.create({ model: 'slow', messages })).rejects.toMatchObject({ status: 504, code: 'upstream_timeout' });
    await stillServes();
  });

  it('an upstream answering 5xx → 502 upstream_error, and the next request is served', async () => {
    const failing = t.client(key).chat.completions.create({ model: 'broken', messages });
    await expect(failing).rejects.toBeInstanceOf(OpenAI.InternalServerError);
    await expect(failing).rejects.toMatchObject({ status: 502, code: 'upstream_error' });
    await stillServes();
  });

  it("an upstream rejecting the request itself → its 4xx and message, with Tollgate's code", async () => {
    await expect(t.client(key).chat.completions.create({ model: 'picky', messages })).rejects.toMatchObject({
      status: 400,
      code: 'upstream_rejected',
      message: expect.stringContaining('mock upstream says 400'),
      error: expect.objectContaining({ upstream_code: 'context_length_exceeded' }),
    });
  });

  it('falls back to the next route when the first upstream is down', async () => {
    const reply = await t.client(key).chat.completions.create({ model: 'resilient', messages });
    expect(reply.choices[0]?.message.content).toBe('Mock answer from the upstream.');
    expect(reply.model).toBe('resilient');
  });

  it('a stream the upstream drops midway ends with an error event, and the next request is served', async () => {
    const stream = await t.client(key).chat.completions.create({ model: 'flaky-stream', messages, stream: true });
    let text = '';
    const consume = async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    };
    await expect(consume()).rejects.toBeInstanceOf(OpenAI.APIError);
    expect(text).toBe('Mock answer');
    await stillServes();
  });

  it('unknown URLs and methods get OpenAI-shaped 404s', async () => {
    const response = await fetch(`${t.url}/v1/nope`, { headers: { authorization: `Bearer ${key}` } });
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('route_not_found');
  });
});
