import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { sampleInvoice } from '../test-support/invoice-fixture.js';
import { signedInMember } from '../test-support/portal.js';

/** Drafts are the operator's: a member's invoice list leaves them out before it takes a page, so no page comes back short. */
describe('the portal invoice list', () => {
  let t: TestGateway;
  let member: Awaited<ReturnType<typeof signedInMember>>;

  beforeAll(async () => {
    t = await startTestGateway();
    member = await signedInMember(t, 'drafts', 'owner');
    const store = t.gateway.services.billing.ctx.store;
    const invoice = (id: string, status: 'draft' | 'finalized', createdAtMs: number) =>
      sampleInvoice('en', { id, number: null, status, customerId: member.customerId, subscriptionId: null, createdAtMs });
    await store.apply({ invoice: invoice('inv_issued', 'finalized', 1_000), transfers: [] }, 1_000);
    await store.apply({ invoice: invoice('inv_draft_1', 'draft', 2_000), transfers: [] }, 2_000);
    await store.apply({ invoice: invoice('inv_draft_2', 'draft', 3_000), transfers: [] }, 3_000);
  });
  afterAll(async () => t?.stop());

  it('answers the newest issued invoice on a page of one, though two newer drafts exist', async () => {
    const { status, body } = await member.browser.call('GET', '/portal/v1/invoices?limit=1');
    expect(status).toBe(200);
    expect(body.data.map((i: { id: string }) => i.id)).toEqual(['inv_issued']);
  });

  it('answers 404 for a draft, as for an invoice that does not exist', async () => {
    expect((await member.browser.call('GET', '/portal/v1/invoices/inv_draft_1')).status).toBe(404);
  });
});
