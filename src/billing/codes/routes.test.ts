import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../../test-support/gateway.js';
import { adminCall } from '../../test-support/portal.js';

describe('the redemption code admin API', () => {
  let t: TestGateway;
  let finance: string;

  beforeAll(async () => {
    t = await startTestGateway();
    finance = await t.operatorToken('finance');
  });
  afterAll(async () => t?.stop());

  const call = (method: string, path: string, token: string, body?: unknown) => adminCall(t, token, method, path, body);

  it('creates a batch for finance only, returns its codes once, and redeems one for a customer', async () => {
    const viewer = await t.operatorToken('viewer');
    expect((await call('POST', '/redemption-batches', viewer, { name: 'x', currency: 'USD', amount: '5', count: 1 })).status).toBe(403);
    expect((await call('POST', '/redemption-batches', finance, { name: 'x', currency: 'USD', amount: '5', count: 100_001 })).status).toBe(400);

    const created = await call('POST', '/redemption-batches', finance, { name: 'Webinar', currency: 'USD', amount: '12.50', count: 3 });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'Webinar', currency: 'USD', amount: '12.5', count: 3, expiresAtMs: null });
    expect(created.body.codes).toHaveLength(3);
    const listed = await call('GET', '/redemption-batches', viewer);
    expect(listed.body.data.find((b: { id: string }) => b.id === created.body.id)).toMatchObject({ redeemed: 0, count: 3 });
    expect(listed.body.data[0]).not.toHaveProperty('codes');

    const customer = await t.gateway.services.customers.create({ name: 'Attendee' });
    const [code] = created.body.codes as string[];
    expect((await call('POST', `/customers/${customer.id}/redeem`, viewer, { code })).status).toBe(403);
    const redeemed = await call('POST', `/customers/${customer.id}/redeem`, finance, { code });
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({ customerId: customer.id, batchId: created.body.id, code: code!.slice(0, 7), currency: 'USD', amount: '12.5' });
    expect((await call('GET', `/customers/${customer.id}/balance`, viewer)).body).toMatchObject({ promotional: '12.5', wallet: '0' });

    const again = await call('POST', `/customers/${customer.id}/redeem`, finance, { code });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: 'code_redeemed', type: 'conflict_error', param: 'code' });
    const unknown = await call('POST', `/customers/${customer.id}/redeem`, finance, { code: 'TG-2222-3333-4444' });
    expect(unknown.body.error).toMatchObject({ code: 'code_invalid' });
    expect((await call('POST', '/customers/cus_missing/redeem', finance, { code })).status).toBe(404);
    expect((await call('GET', '/redemption-batches', finance)).body.data.find((b: { id: string }) => b.id === created.body.id).redeemed).toBe(1);
  });
});
