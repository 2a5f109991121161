import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { adminCall, signedInMember } from '../test-support/portal.js';
import type { ConsoleClient } from '../test-support/cookie-jar.js';

const seed = { upstreams: [{ name: 'sim', type: 'sim' as const }], models: [{ name: 'sim-mini', routes: [{ upstream: 'sim' }] }] };

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`one customer's member never reaches another customer's data (${dialect.name})`, () => {
    let t: TestGateway;
    let alice: ConsoleClient;
    let aliceCustomer: string;
    let bob: { customerId: string; key: { id: string; secret: string }; invoice: { id: string; number: string }; requestId: string };

    beforeAll(async () => {
      t = await startTestGateway({ dialect: dialect.name, seed });
      const operator = await t.operatorToken('owner');
      await adminCall(t, operator, 'POST', '/plans', { code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', fee: '20.00' });
      ({ browser: alice, customerId: aliceCustomer } = await signedInMember(t, 'alpha', 'owner'));
      const { browser: bobBrowser, customerId: bobCustomer } = await signedInMember(t, 'beta', 'owner');
      const key = (await bobBrowser.call('POST', '/portal/v1/keys', { name: 'beta prod' })).body;
      await t.client(key.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'secret business' }] });
      const { invoice } = (await bobBrowser.call('POST', '/portal/v1/subscription', { plan: 'pro' })).body;
      const [event] = (await bobBrowser.call('GET', '/portal/v1/usage')).body.data;
      bob = { customerId: bobCustomer, key, invoice, requestId: event.requestId };
      const own = (await alice.call('POST', '/portal/v1/keys', { name: 'alpha prod' })).body;
      await t.client(own.secret).chat.completions.create({ model: 'sim-mini', messages: [{ role: 'user', content: 'hello' }] });
    });
    afterAll(async () => t?.stop());

    it("answers 404 for the other customer's invoice, by id or number, as data, PDF, HTML or payment", async () => {
      for (const path of [`/invoices/${bob.invoice.id}`, `/invoices/${bob.invoice.number}`, `/invoices/${bob.invoice.id}/pdf`, `/invoices/${bob.invoice.id}/html`]) {
        const answer = await alice.call('GET', `/portal/v1${path}`);
        expect(answer.status, path).toBe(404);
        expect(answer.body.error.code).toBe('not_found');
      }
      const pay = await alice.call('POST', `/portal/v1/invoices/${bob.invoice.id}/pay`);
      expect(pay.status).toBe(404);
      const missing = await alice.call('GET', '/portal/v1/invoices/inv_missing');
      expect(missing.body.error).toEqual({ ...(await alice.call('GET', `/portal/v1/invoices/${bob.invoice.id}`)).body.error, message: 'No invoice inv_missing.' });
      expect((await alice.call('GET', '/portal/v1/invoices')).body.data).toEqual([]);
    });

    it("answers 404 to revoking the other customer's key, which keeps working", async () => {
      const revoke = await alice.call('POST', `/portal/v1/keys/${bob.key.id}/revoke`);
      expect(revoke.status).toBe(404);
      expect(revoke.body.error).toMatchObject({ code: 'not_found', message: `No API key with id ${bob.key.id}.` });
      const models = await t.client(bob.key.secret).models.list();
      expect(models.data.map((m) => m.id)).toContain('sim-mini');
      const keys = (await alice.call('GET', '/portal/v1/keys')).body.data;
      expect(keys.map((k: { name: string }) => k.name)).not.toContain('beta prod');
    });

    it("never lists the other customer's usage or money, whatever the filter", async () => {
      const usage = (await alice.call('GET', '/portal/v1/usage')).body.data;
      expect(usage.length).toBeGreaterThan(0);
      expect(usage.every((e: { keyId: string }) => e.keyId !== bob.key.id)).toBe(true);
      expect((await alice.call('GET', `/portal/v1/usage?keyId=${bob.key.id}`)).body.data).toEqual([]);
      const foreign = await alice.call('GET', `/portal/v1/usage?customerId=${bob.customerId}`);
      expect(foreign.status).toBe(200);
      expect(foreign.body.data).toEqual(usage);
      const cursor = await alice.call('GET', `/portal/v1/usage?before=${bob.requestId}`);
      expect(cursor.status).toBe(400);
      const summary = (await alice.call('GET', '/portal/v1/usage/summary?groupBy=key')).body.data;
      expect(summary.map((r: { keyId: string }) => r.keyId)).not.toContain(bob.key.id);
      expect(summary.reduce((n: number, r: { requests: number }) => n + r.requests, 0)).toBe(usage.length);
      const ledger = (await alice.call('GET', '/portal/v1/ledger')).body.data;
      expect(ledger.map((e: { requestId: string | null }) => e.requestId)).not.toContain(bob.requestId);
      expect((await alice.call('GET', '/portal/v1/me')).body.customer.id).toBe(aliceCustomer);
    });
  });
}
