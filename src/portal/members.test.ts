import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Clock, ManualClock, systemClock } from '../core/clock.js';
import type { TollgateError } from '../core/errors.js';
import { MemoryLimiter } from '../limits/memory.js';
import { KyselyPortalStore } from '../storage/repos/portal.js';
import { ConsoleClient } from '../test-support/cookie-jar.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { adminCall } from '../test-support/portal.js';
import { SESSION_TTL_MS, SessionService } from './sessions.js';
import { FailureThrottle } from './throttle.js';

describe('customer members', () => {
  let t: TestGateway;
  let owner: string;
  let customerId: string;

  const admin = (method: string, path: string, body?: unknown) => adminCall(t, owner, method, path, body);

  async function member(email: string, role: 'owner' | 'member' = 'member', password?: string) {
    const made = await admin('POST', `/customers/${customerId}/members`, { email, name: email.split('@')[0], role, password });
    expect(made.status).toBe(201);
    return made.body;
  }

  beforeAll(async () => {
    t = await startTestGateway();
    owner = await t.operatorToken('owner');
    customerId = (await t.issueKey('acme')).customerId;
  });
  afterAll(async () => t?.stop());

  it('are created by operators, with a generated password shown once, or a chosen one never echoed', async () => {
    const made = await member('Ada@Acme.Example', 'owner');
    expect(made).toMatchObject({ customerId, email: 'ada@acme.example', role: 'owner', status: 'active', lastLoginAtMs: null });
    expect(made.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(made).not.toHaveProperty('passwordHash');
    const chosen = await member('bob@acme.example', 'member', 'correct horse battery');
    expect(chosen.password).toBeNull();

    const listed = await admin('GET', `/customers/${customerId}/members`);
    expect(listed.body.data.map((m: { email: string }) => m.email)).toEqual(['ada@acme.example', 'bob@acme.example']);
    expect(JSON.stringify(listed.body)).not.toContain(made.password);

    const duplicate = await admin('POST', `/customers/${customerId}/members`, { email: 'ADA@acme.example', name: 'Again', role: 'member' });
    expect(duplicate.status).toBe(409);
    const short = await admin('POST', `/customers/${customerId}/members`, { email: 'c@acme.example', name: 'C', role: 'member', password: 'short pass' });
    expect(short.status).toBe(400);
    expect(short.body.error.param).toBe('password');
    expect((await admin('POST', '/customers/cus_missing/members', { email: 'd@acme.example', name: 'D', role: 'member' })).status).toBe(404);

    const browser = new ConsoleClient(t.url);
    const signedIn = await browser.signIn({ kind: 'member', email: 'ADA@acme.example', password: made.password });
    expect(signedIn.status).toBe(200);
    expect(signedIn.body.principal).toEqual({ kind: 'member', id: made.id, name: 'Ada', role: 'owner', customerId });
    const after = await admin('GET', `/customers/${customerId}/members`);
    expect(after.body.data[0].lastLoginAtMs).toEqual(expect.any(Number));
  });

  it('answer a wrong password and an unknown email with the same 401', async () => {
    await member('carol@acme.example', 'member', 'carol has a long password');
    const browser = new ConsoleClient(t.url);
    const wrong = await browser.signIn({ kind: 'member', email: 'carol@acme.example', password: 'not her password' });
    const unknown = await browser.signIn({ kind: 'member', email: 'nobody@acme.example', password: 'not her password' });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    expect(browser.jar.get('tg_session')).toBeUndefined();
  });

  it('rate-limit an email after 10 failures with 429 and retry-after, even for the right password', async () => {
    await member('dave@acme.example', 'member', 'dave has a long password');
    const browser = new ConsoleClient(t.url);
    for (let i = 0; i < 10; i++) expect((await browser.signIn({ kind: 'member', email: 'dave@acme.example', password: `guess number ${i}` })).status).toBe(401);
    const limited = await browser.signIn({ kind: 'member', email: 'dave@acme.example', password: 'guess number 11' });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('rate_limit_exceeded');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const right = await browser.signIn({ kind: 'member', email: 'dave@acme.example', password: 'dave has a long password' });
    expect(right.status).toBe(429);
    expect(browser.jar.get('tg_session')).toBeUndefined();
    expect((await browser.signIn({ kind: 'member', email: 'carol@acme.example', password: 'carol has a long password' })).status).toBe(200);
  });

  it('cannot use the admin API with a member session', async () => {
    const made = await member('erin@acme.example');
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'member', email: 'erin@acme.example', password: made.password });
    const read = await browser.call('GET', '/admin/v1/customers');
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('forbidden');
    expect((await browser.call('POST', '/admin/v1/customers', { name: 'Nope' })).status).toBe(403);
  });

  it('are signed out everywhere when disabled or given a new password', async () => {
    const made = await member('frank@acme.example');
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'member', email: 'frank@acme.example', password: made.password });
    expect((await browser.call('GET', '/portal/v1/me')).status).toBe(200);

    const reset = await admin('PATCH', `/members/${made.id}`, { resetPassword: true });
    expect(reset.body.password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(reset.body.password).not.toBe(made.password);
    expect((await browser.call('GET', '/portal/v1/me')).body.error.code).toBe('not_signed_in');
    expect((await browser.signIn({ kind: 'member', email: 'frank@acme.example', password: made.password })).status).toBe(401);
    expect((await browser.signIn({ kind: 'member', email: 'frank@acme.example', password: reset.body.password })).status).toBe(200);

    const disabled = await admin('PATCH', `/members/${made.id}`, { status: 'disabled', name: 'Frank Gone' });
    expect(disabled.body).toMatchObject({ status: 'disabled', name: 'Frank Gone', password: null });
    expect((await browser.call('GET', '/portal/v1/me')).status).toBe(401);
    expect((await browser.signIn({ kind: 'member', email: 'frank@acme.example', password: reset.body.password })).status).toBe(401);
  });

  function sessionService(clock: Clock, limits?: { perEmail: number; perAddress: number }) {
    const services = t.gateway.services;
    return new SessionService({
      store: new KyselyPortalStore(services.store.db),
      operators: services.operators,
      members: services.members,
      customers: services.customers,
      throttle: new FailureThrottle(new MemoryLimiter(), clock),
      clock,
      limits,
    });
  }

  it('count failures per address too, across emails', async () => {
    const sessions = sessionService(systemClock, { perEmail: 10, perAddress: 3 });
    const attempt = (email: string, address: string) => sessions.signIn({ kind: 'member', email, password: 'wrong password!' }, address).catch((e: TollgateError) => e.code);
    expect([await attempt('a@x.example', '198.51.100.7'), await attempt('b@x.example', '198.51.100.7'), await attempt('c@x.example', '198.51.100.7')]).toEqual(Array(3).fill('invalid_credentials'));
    expect(await attempt('d@x.example', '198.51.100.7')).toBe('rate_limit_exceeded');
    expect(await attempt('d@x.example', '203.0.113.9')).toBe('invalid_credentials');
  });

  it('end 12 hours after sign-in, however busy they were', async () => {
    const made = await member('grace@acme.example');
    const clock = new ManualClock(Date.now());
    const sessions = sessionService(clock);
    const { secret } = await sessions.signIn({ kind: 'member', email: 'grace@acme.example', password: made.password }, '192.0.2.1');
    clock.advance(SESSION_TTL_MS - 1);
    expect(await sessions.resolve(secret)).toMatchObject({ principal: { kind: 'member', id: made.id } });
    clock.advance(1);
    expect(await sessions.resolve(secret)).toBeNull();
  });

  it("stop working when the member's customer is disabled", async () => {
    const { customerId: other } = await t.issueKey('initech');
    const made = (await admin('POST', `/customers/${other}/members`, { email: 'heidi@initech.example', name: 'Heidi', role: 'owner' })).body;
    const browser = new ConsoleClient(t.url);
    await browser.signIn({ kind: 'member', email: 'heidi@initech.example', password: made.password });
    expect((await browser.call('GET', '/portal/v1/me')).status).toBe(200);
    expect((await admin('PATCH', `/customers/${other}`, { status: 'disabled' })).status).toBe(200);
    expect((await browser.call('GET', '/portal/v1/me')).body.error.code).toBe('not_signed_in');
    expect((await browser.signIn({ kind: 'member', email: 'heidi@initech.example', password: made.password })).body.error.code).toBe('invalid_credentials');
  });
});
