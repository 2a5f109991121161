import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer } from '../customers/types.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';
import { countChatPromptTokens, countTokens } from '../tokenizer/tokenizer.js';
import { topUpTransfer } from '../ledger/transfers.js';
import { postTransferTx } from '../storage/repos/ledger-tx.js';
import { holdBounds } from './hold-size.js';

const messages = [{ role: 'user' as const, content: 'Count to three.' }];

/**
 * Money on the request path, with amounts computed by hand. Prices are chosen so a token costs a
 * whole number of nanos: input $1/1M = 1000 nanos a token, cached $0.50/1M = 500, output $2/1M = 2000.
 * The mock upstream reports 11 prompt tokens (3 of them cached) and 6 completion tokens.
 */
describe('charging on the request path', () => {
  let t: TestGateway;
  let mock: MockUpstream;

  beforeAll(async () => {
    mock = await startMockUpstream();
    t = await startTestGateway({
      openBilling: false,
      env: { TOLLGATE_CATALOG_REFRESH_MS: '200' },
      seed: {
        upstreams: [
          {
            name: 'mock',
            type: 'openai-compatible',
            baseUrl: mock.baseUrl,
            settings: { timeouts: { headersMs: 300, bodyMs: 300 } },
            // List $0.50 in / $1.00 out per 1M, 10 % discount: 450 nanos an input token, 900 an output token.
            costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '0.50', output: '1.00' }, discountBps: 1000 }],
          },
        ],
        models: ['priced', 'broken', 'slow', 'cut'].map((name) => ({
          name,
          routes: [{ upstream: 'mock' }],
          prices: [{ currency: 'USD' as const, perMillionTokens: { input: '1', cachedInput: '0.50', output: '2' } }],
        })),
      },
    });
    await t.gateway.services.models.upsert({ name: 'unpriced', routes: [{ upstream: 'mock' }] });
    await t.gateway.services.catalog.refresh();
    mock.behave('broken', 'status:503');
    mock.behave('slow', 'hang');
    mock.behave('cut', 'cut:2');
  });
  afterAll(async () => {
    await t?.stop();
    await mock?.close();
  });

  const services = () => t.gateway.services;

  async function prepaidCustomer(ref: string, topUpNanos: bigint, grantNanos = 0n): Promise<{ customer: Customer; key: string; client: OpenAI }> {
    const customer = await services().customers.create({ name: ref, ref, billingMode: 'prepaid' });
    if (topUpNanos > 0n) await services().ledger.topUp(customer, { amountNanos: topUpNanos });
    if (grantNanos > 0n) await services().ledger.grant(customer, { amountNanos: grantNanos, reason: 'trial' });
    const { secret } = await services().keys.issue(customer.id, { name: 'test' });
    await services().catalog.refresh();
    return { customer, key: secret, client: t.client(secret) };
  }

  async function usageOf(requestId: string) {
    return services().store.db.selectFrom('usageEvents').selectAll().where('requestId', '=', requestId).executeTakeFirstOrThrow();
  }

  async function chat(client: OpenAI, model: string, extra: Record<string, unknown> = {}, options: OpenAI.RequestOptions = {}) {
    const { data, response } = await client.chat.completions.create({ model, messages, ...extra }, options).withResponse();
    return { data, requestId: response.headers.get('x-request-id')! };
  }

  it('charges the exact price of the usage and records the upstream cost', async () => {
    const { customer, client } = await prepaidCustomer('exact', 1_000_000_000n);
    const { requestId } = await chat(client, 'priced');
    const event = await usageOf(requestId);
    // Revenue: 8 uncached × 1000 + 3 cached × 500 + 6 output × 2000 = 8000 + 1500 + 12000 = 21500 nanos.
    expect(event.revenueNanos).toBe(21_500n);
    // Cost: cached falls back to the input rate; 11 × 450 + 6 × 900 = 4950 + 5400 = 10350 nanos.
    expect(event.costNanos).toBe(10_350n);
    expect(event.outcome).toBe('completed');
    expect(event.estimated).toBe(0n);
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n - 21_500n);
  });

  it('uses granted credit before paid credit, and never counts it as revenue', async () => {
    const { customer, client } = await prepaidCustomer('promo', 1_000_000_000n, 10_000n);
    const { requestId } = await chat(client, 'priced');
    const balances = await services().ledger.balances(customer.id);
    expect(balances.promoNanos).toBe(0n);
    expect(balances.walletNanos).toBe(1_000_000_000n - 11_500n);
    const transfer = await services().ledgerStore.getTransfer(`usage:${requestId}`);
    const credits = Object.fromEntries(transfer!.entries.filter((e) => e.amountNanos < 0n).map((e) => [e.accountId, -e.amountNanos]));
    expect(credits['revenue:promotional:USD']).toBe(10_000n);
    expect(credits['revenue:usage:USD']).toBe(11_500n);
  });

  it('refuses with 429 insufficient_quota, forwarding nothing, when credit cannot cover the request', async () => {
    const { client } = await prepaidCustomer('broke', 0n);
    const before = mock.received.length;
    const refused = chat(client, 'priced');
    await expect(refused).rejects.toBeInstanceOf(OpenAI.RateLimitError);
    await expect(refused).rejects.toMatchObject({ status: 429, code: 'insufficient_quota', type: 'insufficient_quota' });
    expect(mock.received.length).toBe(before);
  });

  it('lets a postpaid customer owe up to its credit limit, then refuses', async () => {
    const customer = await services().customers.create({ name: 'post', ref: 'post', billingMode: 'postpaid', creditLimitNanos: 100_000n });
    const { secret } = await services().keys.issue(customer.id, { name: 'test' });
    await services().catalog.refresh();
    const client = t.client(secret);
    // A hold is the most a request can cost: its prompt bound at 1000 nanos a token plus 16 output
    // tokens at 2000. Each request then costs 21500.
    const bounds = holdBounds('chat.completions', { model: 'priced', messages, max_tokens: 16 }, { maxOutputTokens: null }, 4096);
    const hold = Number(bounds.promptTokens) * 1000 + Number(bounds.outputTokens) * 2000;
    const served = Math.floor((100_000 - hold) / 21_500) + 1;
    for (let i = 0; i < served; i++) await chat(client, 'priced', { max_tokens: 16 });
    expect((await services().ledger.balances(customer.id)).receivableNanos).toBe(BigInt(served * 21_500));
    await expect(chat(client, 'priced', { max_tokens: 16 })).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
    expect(served).toBeGreaterThanOrEqual(1);
  });

  it('sees credit another process added (the CLI, another replica) once its cached balance is older than the refresh interval', async () => {
    const { customer, client } = await prepaidCustomer('elsewhere', 0n);
    await expect(chat(client, 'priced')).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
    // Straight into the ledger, past this process's credit guard, as `tollgate credit top-up` does from its own process.
    await postTransferTx(services().store.db, topUpTransfer({ id: 'elsewhere-top-up', customerId: customer.id, currency: 'USD', amountNanos: 1_000_000_000n, memo: null, createdAtMs: Date.now() }));
    let attempts = 0;
    for (;;) {
      attempts += 1;
      const served = await chat(client, 'priced').then(() => true, (error: unknown) => {
        if ((error as { code?: string }).code !== 'insufficient_quota' || attempts >= 40) throw error;
        return false;
      });
      if (served) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(attempts).toBeGreaterThan(1); // the first try still decided on the cached balance
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n - 21_500n);
  });

  it('sends balance.low once, for the charge that takes prepaid credit below the customer threshold', async () => {
    // 3 × 21500 nanos of credit + 10000: the third request (21500 each) crosses 30000.
    const { customer, client } = await prepaidCustomer('watched', 3n * 21_500n + 10_000n);
    await services().customers.update(customer.id, { lowBalanceNanos: 30_000n });
    await services().catalog.refresh();
    const { endpoint } = await services().notifications.createEndpoint({ url: 'http://127.0.0.1:9/balance', events: ['balance.low'] });
    for (let i = 0; i < 3; i++) await chat(client, 'priced', { max_tokens: 6 });
    await expect(chat(client, 'priced', { max_tokens: 6 })).rejects.toMatchObject({ code: 'insufficient_quota' });
    const deliveries = await services().notifications.listDeliveries({ endpointId: endpoint.id, limit: 10 });
    expect(deliveries.map((d) => d.eventType)).toEqual(['balance.low']);
    expect(JSON.parse(deliveries[0]!.payload).data).toEqual({ customerId: customer.id, currency: 'USD', balance: '0.00001', previousBalance: '0.0000315', threshold: '0.00003' });
  });

  it('sends no balance.low for charges a plan bills in arrears: the prepaid wallet does not move', async () => {
    const { customer, client } = await prepaidCustomer('arrears-plan', 100_000n);
    await services().customers.update(customer.id, { lowBalanceNanos: 90_000n });
    await services().billing.ctx.plans.create({ code: 'arrears-only', name: 'Arrears', currency: 'USD', interval: 'month', feeNanos: 0n, overage: 'arrears' });
    await services().billing.subscribe((await services().customers.get(customer.id))!, 'arrears-only');
    await services().catalog.refresh();
    const { endpoint } = await services().notifications.createEndpoint({ url: 'http://127.0.0.1:9/arrears', events: ['balance.low'] });
    for (let i = 0; i < 3; i++) await chat(client, 'priced', { max_tokens: 6 });
    const balances = await services().ledger.balances(customer.id);
    expect([balances.walletNanos, balances.receivableNanos]).toEqual([100_000n, 3n * 21_500n]);
    expect(await services().notifications.listDeliveries({ endpointId: endpoint.id, limit: 10 })).toEqual([]);
  });

  it('refuses a model without a price in the customer currency: nothing unpriced is served', async () => {
    const { client } = await prepaidCustomer('unpriced', 1_000_000_000n);
    await expect(chat(client, 'unpriced')).rejects.toMatchObject({ status: 403, code: 'model_not_priced' });
  });

  it('charges nothing for an upstream 5xx or timeout, and voids the hold', async () => {
    const { customer, client } = await prepaidCustomer('faults', 1_000_000_000n);
    for (const model of ['broken', 'slow']) {
      const failing = client.chat.completions.create({ model, messages }).withResponse();
      await expect(failing).rejects.toMatchObject({ status: model === 'broken' ? 502 : 504 });
    }
    const events = await services().store.db.selectFrom('usageEvents').selectAll().where('customerId', '=', customer.id).execute();
    expect(events.map((e) => [e.model, e.outcome, e.revenueNanos])).toEqual([
      ['broken', 'failed', 0n],
      ['slow', 'failed', 0n],
    ]);
    const holds = await services().store.db.selectFrom('holds').select('status').where('customerId', '=', customer.id).execute();
    expect(holds.map((h) => h.status)).toEqual(['voided', 'voided']);
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n);
  });

  it('charges a stream cut short only for what was delivered, counted by the tokenizer', async () => {
    const { customer, client } = await prepaidCustomer('cut', 1_000_000_000n);
    const { data: stream, response } = await client.chat.completions.create({ model: 'cut', messages, stream: true }).withResponse();
    let delivered = '';
    await expect(
      (async () => {
        for await (const chunk of stream) delivered += chunk.choices[0]?.delta.content ?? '';
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
    const event = await usageOf(response.headers.get('x-request-id')!);
    expect(delivered).toBe('Mock answer');
    expect(event.outcome).toBe('cut_short');
    expect(event.estimated).toBe(1n);
    const prompt = countChatPromptTokens(messages, 'cl100k');
    const output = countTokens(delivered, 'cl100k');
    expect([event.promptTokens, event.completionTokens]).toEqual([BigInt(prompt), BigInt(output)]);
    expect(event.revenueNanos).toBe(BigInt(prompt * 1000 + output * 2000));
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n - event.revenueNanos);
  });

  it('charges a request retried with the same Idempotency-Key once, but records both upstream costs', async () => {
    const { customer, client } = await prepaidCustomer('idem', 1_000_000_000n);
    const first = await chat(client, 'priced', {}, { headers: { 'Idempotency-Key': 'order-42' } });
    const second = await chat(client, 'priced', {}, { headers: { 'Idempotency-Key': 'order-42' } });
    const events = await Promise.all([usageOf(first.requestId), usageOf(second.requestId)]);
    expect(events.map((e) => e.revenueNanos)).toEqual([21_500n, 0n]);
    expect(events.map((e) => e.costNanos)).toEqual([10_350n, 10_350n]);
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n - 21_500n);
    await chat(client, 'priced', {}, { headers: { 'Idempotency-Key': 'order-43' } });
    expect((await services().ledger.balances(customer.id)).walletNanos).toBe(1_000_000_000n - 43_000n);
  });

  it('keeps every invariant after all of the above', async () => {
    const checks = await services().ledgerStore.checkInvariants(Date.now());
    expect(checks.filter((c) => !c.ok)).toEqual([]);
    expect(checks).toHaveLength(7);
  });
});
