import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsoleClient } from '../test-support/cookie-jar.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';

describe('operator sign-in to the console', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway();
  });
  afterAll(async () => t?.stop());

  it('sets an HttpOnly, SameSite=Strict session cookie for the whole site, not Secure over http', async () => {
    const browser = new ConsoleClient(t.url);
    const signedIn = await browser.signIn({ kind: 'operator', token: await t.operatorToken('admin') });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.principal).toMatchObject({ kind: 'operator', name: 'test admin', role: 'admin' });
    expect(signedIn.body.principal).not.toHaveProperty('customerId');
    expect(signedIn.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const [cookie] = signedIn.headers.getSetCookie();
    expect(cookie).toMatch(/^tg_session=[A-Za-z0-9_-]{43}; /);
    const attributes = cookie!.split('; ').slice(1);
    expect(attributes).toEqual(expect.arrayContaining(['Path=/', 'HttpOnly', 'SameSite=Strict', 'Max-Age=43200']));
    expect(attributes).not.toContain('Secure');

    const again = await browser.call('GET', '/console/api/session');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(signedIn.body);
  });

  it('lets the cookie read and, with the CSRF token, write the admin API; without the token a write is refused', async () => {
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'operator', token: await t.operatorToken('admin') });
    expect((await browser.call('GET', '/admin/v1/me')).body).toMatchObject({ role: 'admin', name: 'test admin' });

    const forged = await browser.call('POST', '/admin/v1/customers', { name: 'Forged' }, { csrf: false });
    expect(forged.status).toBe(403);
    expect(forged.body.error).toMatchObject({ code: 'csrf_failed', type: 'permission_error' });
    const wrong = await browser.call('POST', '/admin/v1/customers', { name: 'Forged' }, { csrf: false, headers: { 'x-csrf-token': 'x'.repeat(43) } });
    expect(wrong.body.error.code).toBe('csrf_failed');
    const names = (await browser.call('GET', '/admin/v1/customers')).body.data.map((c: { name: string }) => c.name);
    expect(names).not.toContain('Forged');

    const made = await browser.call('POST', '/admin/v1/customers', { name: 'Made in the console' });
    expect(made.status).toBe(201);
    expect(made.body.name).toBe('Made in the console');
  });

  it("applies the operator token's role, and stops when that token is revoked", async () => {
    const owner = await t.operatorToken('owner');
    const viewer = new ConsoleClient(t.url);
    await viewer.signIn({ kind: 'operator', token: await t.operatorToken('viewer') });
    expect((await viewer.call('GET', '/admin/v1/customers')).status).toBe(200);
    const refused = await viewer.call('POST', '/admin/v1/customers', { name: 'Viewer made' });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');

    const me = (await viewer.call('GET', '/admin/v1/me')).body;
    const revoke = await fetch(`${t.url}/admin/v1/operator-tokens/${me.id}/revoke`, { method: 'POST', headers: { authorization: `Bearer ${owner}` } });
    expect(revoke.status).toBe(200);
    const after = await viewer.call('GET', '/admin/v1/customers');
    expect(after.status).toBe(401);
    expect(after.body.error.code).toBe('not_signed_in');
    expect((await viewer.call('GET', '/console/api/session')).body.error.code).toBe('not_signed_in');
  });

  it('keeps operator sessions out of the portal', async () => {
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'operator', token: await t.operatorToken('owner') });
    const portal = await browser.call('GET', '/portal/v1/me');
    expect(portal.status).toBe(403);
    expect(portal.body.error.code).toBe('forbidden');
  });

  it('prefers a Bearer token over the cookie, and needs no CSRF token with it', async () => {
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'operator', token: await t.operatorToken('viewer') });
    const admin = await t.operatorToken('admin');
    const made = await browser.call('POST', '/admin/v1/customers', { name: 'By bearer' }, { csrf: false, headers: { authorization: `Bearer ${admin}` } });
    expect(made.status).toBe(201);
    const bad = await browser.call('GET', '/admin/v1/customers', undefined, { headers: { authorization: 'Bearer tgo-wrong' } });
    expect(bad.body.error.code).toBe('invalid_operator_token');
  });

  it('signs out: the session ends, the cookie is cleared, and the old cookie no longer works', async () => {
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'operator', token: await t.operatorToken('owner') });
    const stolen = browser.jar.get('tg_session')!;
    const out = await browser.fetch('DELETE', '/console/api/session');
    expect(out.status).toBe(204);
    expect(out.headers.getSetCookie()[0]).toMatch(/^tg_session=; .*Max-Age=0/);
    expect(browser.jar.get('tg_session')).toBeUndefined();

    const replay = new ConsoleClient(t.url);
    replay.jar.set('tg_session', stolen);
    const refused = await replay.call('GET', '/admin/v1/customers');
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('not_signed_in');
    expect((await new ConsoleClient(t.url).call('GET', '/admin/v1/customers')).body.error.code).toBe('missing_operator_token');
  });

  it('refuses a wrong operator token with the generic 401, and a sign-in that is not JSON', async () => {
    const browser = new ConsoleClient(t.url);
    const wrong = await browser.signIn({ kind: 'operator', token: 'tgo-not-a-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_credentials', type: 'authentication_error' });
    expect(wrong.headers.getSetCookie()).toEqual([]);
    const token = await t.operatorToken('owner');
    const form = await browser.call('POST', '/console/api/session', { kind: 'operator', token }, { headers: { 'content-type': 'text/plain' } });
    expect(form.status).toBe(415);
    expect(browser.jar.get('tg_session')).toBeUndefined();
  });
});

describe('the session cookie behind https', () => {
  let t: TestGateway;

  beforeAll(async () => {
    t = await startTestGateway({ env: { TOLLGATE_PUBLIC_URL: 'https://gate.example' } });
  });
  afterAll(async () => t?.stop());

  it('is Secure when the public URL is https', async () => {
    const browser = new ConsoleClient(t.url);
    const signedIn = await browser.signIn({ kind: 'operator', token: await t.operatorToken('viewer') });
    expect(signedIn.headers.getSetCookie()[0]!.split('; ')).toContain('Secure');
  });
});
