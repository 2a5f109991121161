import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient, withQuery } from './client.js';

interface Call {
  url: string;
  init: RequestInit;
}

function fakeFetch(answers: Response[]) {
  const calls: Call[] = [];
  const fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    calls.push({ url: String(input), init: init ?? {} });
    const answer = answers.shift();
    if (!answer) throw new TypeError('Failed to fetch');
    return answer;
  };
  return { calls, fetch: fetch as typeof globalThis.fetch };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('withQuery', () => {
  it('adds only the values that are set', () => {
    expect(withQuery('/admin/v1/usage', { customerId: 'cus_1', model: undefined, limit: 20, after: null, status: '' })).toBe('/admin/v1/usage?customerId=cus_1&limit=20');
    expect(withQuery('/a?x=1', { y: 2 })).toBe('/a?x=1&y=2');
    expect(withQuery('/a')).toBe('/a');
  });
});

describe('the API client', () => {
  it('sends the cookie and no CSRF token on reads', async () => {
    const { calls, fetch } = fakeFetch([json(200, { ok: true })]);
    const api = createApiClient({ fetch, csrfToken: () => 'csrf-1' });
    expect(await api.get('/admin/v1/me', { a: 1 })).toEqual({ ok: true });
    expect(calls[0]!.url).toBe('/admin/v1/me?a=1');
    expect(calls[0]!.init.credentials).toBe('same-origin');
    expect((calls[0]!.init.headers as Record<string, string>)['x-csrf-token']).toBeUndefined();
  });

  it('sends the CSRF token and a JSON body on writes, never a bearer token', async () => {
    const { calls, fetch } = fakeFetch([json(201, { id: 'cus_1' }), new Response(null, { status: 204 })]);
    const api = createApiClient({ fetch, csrfToken: () => 'csrf-1' });
    await api.post('/admin/v1/customers', { name: 'Acme' });
    const headers = calls[0]!.init.headers as Record<string, string>;
    expect(calls[0]!.init.method).toBe('POST');
    expect(headers['x-csrf-token']).toBe('csrf-1');
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBeUndefined();
    expect(calls[0]!.init.body).toBe('{"name":"Acme"}');
    expect(await api.delete('/console/api/session')).toBeUndefined();
  });

  it("turns an OpenAI-shaped error into an ApiError with the server's code and request id", async () => {
    const { fetch } = fakeFetch([json(404, { error: { message: 'No customer cus_x.', code: 'not_found', type: 'not_found_error' } }, { 'x-request-id': 'req_1' })]);
    const api = createApiClient({ fetch, csrfToken: () => null });
    const error = await api.get('/admin/v1/customers/cus_x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 404, code: 'not_found', message: 'No customer cus_x.', requestId: 'req_1', notFound: true, routeMissing: false });
  });

  it('tells a missing endpoint from a missing record', async () => {
    const { fetch } = fakeFetch([json(404, { error: { message: 'Unknown request URL', code: 'route_not_found' } })]);
    const api = createApiClient({ fetch, csrfToken: () => null });
    await expect(api.get('/admin/v1/reports/overview')).rejects.toMatchObject({ routeMissing: true });
  });

  it('ends the session on a 401, except where a 401 is the expected answer', async () => {
    let ended = 0;
    const { fetch } = fakeFetch([json(401, { error: { message: 'Sign in first', code: 'not_signed_in' } }), json(401, { error: { message: 'bad password', code: 'invalid_credentials' } })]);
    const api = createApiClient({ fetch, csrfToken: () => null, onUnauthorized: () => ended++ });
    await expect(api.get('/portal/v1/keys')).rejects.toMatchObject({ status: 401 });
    expect(ended).toBe(1);
    await expect(api.post('/console/api/session', { kind: 'member' }, { expectUnauthorized: true })).rejects.toMatchObject({ status: 401, message: 'bad password' });
    expect(ended).toBe(1);
  });

  it('reports a network failure and a non-JSON error page plainly', async () => {
    const { fetch } = fakeFetch([new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' })]);
    const api = createApiClient({ fetch, csrfToken: () => null });
    await expect(api.get('/admin/v1/me')).rejects.toMatchObject({ status: 502, message: 'Bad Gateway', code: null });
    await expect(api.get('/admin/v1/me')).rejects.toMatchObject({ status: 0, code: 'network_error' });
  });
});
