import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

describe('the admin API', () => {
  let t: TestGateway;
  let owner: string;

  beforeAll(async () => {
    t = await startTestGateway({ seed: { upstreams: [{ name: 'sim', type: 'sim' }], models: [{ name: 'sim-mini', routes: [{ upstream: 'sim' }] }] } });
    owner = await t.operatorToken('owner');
  });
  afterAll(async () => t?.stop());

  async function call(method: string, path: string, token: string | null, body?: unknown) {
    const response = await fetch(`${t.url}/admin/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Record<string, any> };
  }

  it('needs an operator token, and says which problem it has', async () => {
    expect((await call('GET', '/customers', null)).body.error.code).toBe('missing_operator_token');
    const bad = await call('GET', '/customers', 'tgo-nope');
    expect(bad.status).toBe(401);
    expect(bad.body.error.code).toBe('invalid_operator_token');
    const customerKey = await t.issueKey('someone');
    expect((await call('GET', '/customers', customerKey.secret)).status).toBe(401);
  });

  it('lets each role do what its role allows, and no more', async () => {
    const viewer = await t.operatorToken('viewer');
    const finance = await t.operatorToken('finance');
    const admin = await t.operatorToken('admin');
    expect((await call('GET', '/customers', viewer)).status).toBe(200);
    const refused = await call('POST', '/customers', viewer, { name: 'X' });
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ type: 'permission_error', code: 'forbidden' });
    expect((await call('POST', '/customers', finance, { name: 'X' })).status).toBe(403);
    expect((await call('POST', '/customers', admin, { name: 'Made by admin' })).status).toBe(201);
    expect((await call('POST', '/operator-tokens', admin, { name: 'x', role: 'viewer' })).status).toBe(403);
    expect((await call('GET', '/me', viewer)).body.role).toBe('viewer');
  });

  it('manages customers and keys; a key secret appears once and disabling it stops it at once', async () => {
    const created = await call('POST', '/customers', owner, { name: 'Initech', ref: 'initech', email: 'ap@initech.example', currency: 'EUR', billingMode: 'postpaid', creditLimit: '500' });
    expect(created.status).toBe(201);
    const customer = created.body;
    expect(customer).toMatchObject({ name: 'Initech', ref: 'initech', currency: 'EUR', status: 'active', billingMode: 'postpaid', creditLimit: '500', overdraft: '0' });
    expect((await call('POST', '/prices', owner, { model: 'sim-mini', currency: 'EUR', perMillionTokens: { input: '0.90', output: '1.80' } })).status).toBe(201);

    const issued = await call('POST', `/customers/${customer.id}/keys`, owner, { name: 'prod', allowedModels: ['sim-mini'] });
    expect(issued.status).toBe(201);
    expect(issued.body.secret).toMatch(/^tg-/);
    expect(issued.body).not.toHaveProperty('hash');
    const fetched = await call('GET', `/keys/${issued.body.id}`, owner);
    expect(fetched.body).not.toHaveProperty('secret');
    expect(fetched.body).not.toHaveProperty('hash');
    expect(fetched.body.prefix).toBe(issued.body.secret.slice(0, 9));

    const reply = await t.client(issued.body.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.choices).toHaveLength(1);
    const disabled = await call('PATCH', `/keys/${issued.body.id}`, owner, { status: 'disabled' });
    expect(disabled.body.status).toBe('disabled');
    await expect(t.client(issued.body.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'hi' }] })).rejects.toMatchObject({
      status: 401,
      code: 'api_key_disabled',
    });

    const list = await call('GET', `/customers/${customer.id}/keys`, owner);
    expect(list.body.data.map((k: { id: string }) => k.id)).toEqual([issued.body.id]);
    const patched = await call('PATCH', `/customers/${customer.id}`, owner, { status: 'disabled' });
    expect(patched.body.status).toBe('disabled');
  });

  it('pages lists by id with hasMore', async () => {
    for (const name of ['P1', 'P2', 'P3']) await call('POST', '/customers', owner, { name });
    const first = await call('GET', '/customers?limit=2', owner);
    expect(first.body.data).toHaveLength(2);
    expect(first.body.hasMore).toBe(true);
    const rest = await call('GET', `/customers?limit=1000&after=${first.body.data[1].id}`, owner);
    expect(rest.body.hasMore).toBe(false);
    const all = await call('GET', '/customers?limit=1000', owner);
    expect(all.body.data.length).toBe(2 + rest.body.data.length);
  });

  it('never returns upstream credentials', async () => {
    const created = await call('POST', '/upstreams', owner, { name: 'deepseek', type: 'openai-compatible', baseUrl: 'https://api.deepseek.example/v1', apiKey: 'sk-deep-secret' });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('sk-deep-secret');
    expect(created.body).toMatchObject({ hasCredentials: true, health: { healthy: true } });
    const list = await call('GET', '/upstreams', owner);
    expect(JSON.stringify(list.body)).not.toContain('sk-deep');
  });

  it('adds a model routed to an upstream, and the gateway serves it at once', async () => {
    const created = await call('POST', '/models', owner, { name: 'sim-new', routes: [{ upstream: 'sim', upstreamModel: 'sim-v2' }] });
    expect(created.status).toBe(201);
    expect((await call('POST', '/prices', owner, { model: 'sim-new', currency: 'USD', perMillionTokens: { input: '1', output: '2' } })).status).toBe(201);
    const key = await t.issueKey('acme');
    const reply = await t.client(key.secret).chat.completions.create({ model: 'sim-new', messages: [{ role: 'user', content: 'hi' }] });
    expect(reply.model).toBe('sim-new');
  });

  it('rejects invalid bodies with the field named, and unknown ids with not_found', async () => {
    const invalid = await call('POST', '/customers', owner, { email: 'not-an-email' });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error.code).toBe('invalid_request');
    expect(invalid.body.error.message).toMatch(/name|email/);
    const badUrl = await call('POST', '/upstreams', owner, { name: 'u', type: 'openai-compatible', baseUrl: 'ftp://x' });
    expect(badUrl.status).toBe(400);
    expect(badUrl.body.error.param).toBe('baseUrl');
    const missing = await call('GET', '/customers/cus_missing', owner);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('not_found');
    const duplicate = await call('POST', '/upstreams', owner, { name: 'sim', type: 'sim' });
    expect(duplicate.status).toBe(409);
  });

  it('serves an OpenAPI document generated from the route schemas', async () => {
    const response = await fetch(`${t.url}/admin/v1/openapi.json`);
    expect(response.status).toBe(200);
    const doc = (await response.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/admin/v1/customers', '/admin/v1/customers/{id}/keys', '/admin/v1/keys/{id}', '/admin/v1/upstreams', '/admin/v1/models', '/admin/v1/operator-tokens']),
    );
    expect(Object.keys(doc.paths).some((p) => p.startsWith('/v1/'))).toBe(false);
    expect(doc.paths['/admin/v1/customers']).toHaveProperty('post');
  });

  it('lets an owner issue and revoke operator tokens', async () => {
    const issued = await call('POST', '/operator-tokens', owner, { name: 'ci', role: 'viewer' });
    expect(issued.status).toBe(201);
    expect((await call('GET', '/customers', issued.body.secret)).status).toBe(200);
    await call('POST', `/operator-tokens/${issued.body.id}/revoke`, owner);
    expect((await call('GET', '/customers', issued.body.secret)).status).toBe(401);
  });
});
