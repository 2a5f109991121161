import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../core/clock.js';
import { decimalString } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';
import type { Invoice } from './types.js';

/**
 * One billing month (November 2026) of four customers, end to end through the real server, with
 * every invoice checked to the cent against amounts computed by hand.
 *
 * Model "m" costs $0.01 per uncached prompt token, $0.005 per cached one and $0.02 per output
 * token. The mock upstream answers every request with 11 prompt tokens (3 cached) and 6 output
 * tokens, so a request is worth 8 × 0.01 + 3 × 0.005 + 6 × 0.02 = 0.08 + 0.015 + 0.12 = $0.215.
 *
 * Plans: starter $20/month including $0.50 of usage, overage from prepaid credit; pro $100
 * including $5, overage billed in arrears; team $300 including $20, arrears, 20 % off model m.
 */
const DAY = 86_400_000;
const NOV_1 = Date.UTC(2026, 10, 1);
const DEC_1 = Date.UTC(2026, 11, 1);
const $ = (dollars: string) => BigInt(Math.round(Number(dollars) * 1e9)); // test literals only; the code never uses floats
const money = (nanos: bigint) => decimalString(nanos);

describe('a month of billing, to the cent', () => {
  const clock = new ManualClock(NOV_1);
  let t: TestGateway;
  let mock: MockUpstream;
  let owner: string;
  const customers: Record<string, Customer> = {};
  const keys: Record<string, string> = {};

  beforeAll(async () => {
    mock = await startMockUpstream();
    t = await startTestGateway({
      clock,
      openBilling: false,
      env: { TOLLGATE_BILLING_INTERVAL_MS: String(3_600_000), TOLLGATE_DUNNING_GRACE_DAYS: '7' },
      seed: {
        upstreams: [{ name: 'mock', type: 'openai-compatible', baseUrl: mock.baseUrl, costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '5000', output: '10000' } }] }],
        models: [{ name: 'm', routes: [{ upstream: 'mock' }], prices: [{ currency: 'USD', perMillionTokens: { input: '10000', cachedInput: '5000', output: '20000' } }] }],
      },
    });
    owner = await t.operatorToken('owner');
    await admin('POST', '/plans', { code: 'starter', name: 'Starter', currency: 'USD', interval: 'month', fee: '20', included: '0.5', overage: 'credit' });
    await admin('POST', '/plans', { code: 'pro', name: 'Pro', currency: 'USD', interval: 'month', fee: '100', included: '5', overage: 'arrears' });
    await admin('POST', '/plans', { code: 'team', name: 'Team', currency: 'USD', interval: 'month', fee: '300', included: '20', overage: 'arrears', discounts: { m: 2000 } });
    await admin('POST', '/coupons', { code: 'HALF', kind: 'percent', percentBps: 5000, duration: 'once' });
    for (const [ref, body] of Object.entries({
      alpha: { billingMode: 'prepaid', taxRateBps: 1000 },
      beta: { billingMode: 'postpaid' },
      gamma: { billingMode: 'postpaid', creditLimit: '100' },
      delta: { billingMode: 'prepaid' },
    })) {
      const created = await admin('POST', '/customers', { name: ref, ref, currency: 'USD', ...body });
      customers[ref] = (await t.gateway.services.customers.get(created.id))!;
      keys[ref] = (await admin('POST', `/customers/${created.id}/keys`, { name: 'main' })).secret;
    }
  });
  afterAll(async () => {
    await t?.stop();
    await mock?.close();
  });

  async function admin(method: string, path: string, body?: unknown, expected = method === 'POST' ? [200, 201] : [200]): Promise<any> {
    const response = await fetch(`${t.url}/admin/v1${path}`, {
      method,
      headers: { authorization: `Bearer ${owner}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await response.json();
    if (!expected.includes(response.status)) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
    return json;
  }

  async function use(ref: string, requests: number): Promise<void> {
    // A prompt long enough that its hold (bytes / 2 + framing, at least 28 tokens: $0.40 with the
    // output) exceeds what the mock's fixed usage costs ($0.215), as holds do for real prompts.
    const messages = [{ role: 'user' as const, content: 'Please count from one to three, thank you.' }];
    for (let i = 0; i < requests; i++) await t.client(keys[ref]!).chat.completions.create({ model: 'm', messages, max_tokens: 6 });
  }

  const at = (ms: number) => clock.set(ms);
  const balances = (ref: string) => t.gateway.services.ledger.balances(customers[ref]!.id);
  const invoicesOf = async (ref: string): Promise<Invoice[]> => (await t.gateway.services.billing.invoices({ customerId: customers[ref]!.id, limit: 100 })).reverse();
  const linesOf = (invoice: Invoice) => invoice.lines.map((l) => `${l.kind} ${l.model ?? '-'} ${l.quantity} ${money(l.amountNanos)}`);

  it('November 1: subscriptions start and each first fee is invoiced in advance', async () => {
    await admin('POST', `/customers/${customers.alpha!.id}/top-ups`, { amount: '1' });
    await admin('POST', `/customers/${customers.alpha!.id}/subscription`, { plan: 'starter' });
    await admin('POST', `/customers/${customers.beta!.id}/subscription`, { plan: 'pro' });
    await admin('POST', `/customers/${customers.delta!.id}/subscription`, { plan: 'starter', coupon: 'HALF' });
    const [alpha] = await invoicesOf('alpha');
    // Alpha: fee 20.00 + 10 % tax 2.00 = 22.00.
    expect([alpha!.number, money(alpha!.subtotalNanos), money(alpha!.taxNanos), money(alpha!.totalNanos)]).toEqual(['INV-2026-000001', '20', '2', '22']);
    expect(alpha!.dueAtMs).toBe(NOV_1 + 7 * DAY);
    const [beta] = await invoicesOf('beta');
    expect([beta!.number, money(beta!.totalNanos)]).toEqual(['INV-2026-000002', '100']);
    const [delta] = await invoicesOf('delta');
    // Delta: fee 20.00 − 50 % coupon 10.00 = 10.00.
    expect(linesOf(delta!)).toEqual(['fee - 1 20', 'coupon - 1 -10']);
    expect([delta!.number, money(delta!.totalNanos)]).toEqual(['INV-2026-000003', '10']);
    at(NOV_1 + 1 * DAY);
    for (const ref of ['alpha', 'delta']) {
      const [invoice] = await invoicesOf(ref);
      await admin('POST', `/customers/${customers[ref]!.id}/payments/manual`, { purpose: 'invoice', invoiceId: invoice!.id, amount: money(invoice!.totalNanos), reference: `bank-${ref}-nov` });
    }
    expect((await invoicesOf('alpha'))[0]!.status).toBe('paid');
  });

  it('usage draws on the allowance first, then on credit as the plan says', async () => {
    at(NOV_1 + 5 * DAY);
    await use('alpha', 4);
    // Allowance 0.50 covers 0.215 + 0.215 + 0.07; the rest (0.145 + 0.215 = 0.36) comes from the wallet: 1.00 − 0.36 = 0.64.
    expect((await balances('alpha')).walletNanos).toBe($('0.64'));

    at(NOV_1 + 6 * DAY);
    await admin('POST', '/redemption-batches', { name: 'launch', currency: 'USD', amount: '0.30', count: 1 }).then(async (batch) => {
      await admin('POST', `/customers/${customers.delta!.id}/redeem`, { code: batch.codes[0] });
    });
    await use('delta', 2);
    // Delta ran out: allowance 0.07 left and 0.30 of promotional credit cannot cover this request's hold.
    await expect(use('delta', 1)).rejects.toMatchObject({ status: 429, code: 'insufficient_quota' });
    await admin('POST', `/customers/${customers.delta!.id}/top-ups`, { amount: '1' });
    await use('delta', 1);
    // Third request: 0.07 from the allowance, 0.145 from granted credit first: 0.30 − 0.145 = 0.155; the wallet keeps its 1.00.
    expect(await balances('delta')).toMatchObject({ promoNanos: $('0.155'), walletNanos: $('1') });

    at(NOV_1 + 9 * DAY);
    await use('beta', 10);
    at(NOV_1 + 11 * DAY);
    await use('gamma', 3);
    // Gamma is postpaid without a plan: 3 × 0.215 = 0.645 owed.
    expect((await balances('gamma')).receivableNanos).toBe($('0.645'));
  });

  it('an upgrade mid-period credits the unused fee and charges the new one, prorated', async () => {
    at(NOV_1 + 15 * DAY);
    const sub = await admin('GET', `/customers/${customers.beta!.id}/subscription`);
    const before = await t.gateway.services.store.db.selectFrom('ledgerTransfers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const refused = await fetch(`${t.url}/admin/v1/subscriptions/${sub.id}/change`, {
      method: 'POST',
      headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' },
      body: JSON.stringify({ plan: 'team', atMs: NOV_1 - DAY }),
    });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { error: { param: string } }).error.param).toBe('atMs');
    const after = await t.gateway.services.store.db.selectFrom('ledgerTransfers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);

    const { invoice } = await admin('POST', `/subscriptions/${sub.id}/change`, { plan: 'team' });
    // Half of November left: −100 × 15/30 = −50.00 for Pro, +300 × 15/30 = +150.00 for Team.
    expect(invoice.lines.map((l: { kind: string; amount: string }) => `${l.kind} ${l.amount}`)).toEqual(['proration -50', 'proration 150']);
    expect(invoice.total).toBe('100');
    at(NOV_1 + 19 * DAY);
    await use('beta', 5);
    expect((await balances('beta')).receivableNanos).toBe($('200'));
  });

  it('December 1: periods close, fees are earned, usage is invoiced, next fees billed', async () => {
    at(DEC_1 + 60_000);
    const report = await admin('POST', '/billing/run', {});
    expect(report.renewed).toBe(3);
    expect(report.postpaidInvoices).toHaveLength(1);

    const alpha = (await invoicesOf('alpha')).at(-1)!;
    // Fee 20.00; usage of 4 requests: 32 prompt tokens × 0.01 = 0.32, 12 cached × 0.005 = 0.06,
    // 24 output × 0.02 = 0.48 (0.86); included −0.50; prepaid −0.36; subtotal 20.00; tax 2.00.
    expect(linesOf(alpha)).toEqual(['fee - 1 20', 'usage m 32 0.32', 'usage m 12 0.06', 'usage m 24 0.48', 'included - 1 -0.5', 'prepaid - 1 -0.36']);
    expect([money(alpha.subtotalNanos), money(alpha.taxNanos), money(alpha.totalNanos), money(alpha.amountDueNanos)]).toEqual(['20', '2', '22', '22']);

    const beta = (await invoicesOf('beta')).at(-1)!;
    // Fee 300; Pro-priced usage 10 requests = 2.15 (0.80 + 0.15 + 1.20); Team-priced (20 % off)
    // 5 requests = 0.86 (40 × 0.008 = 0.32, 15 × 0.004 = 0.06, 30 × 0.016 = 0.48); all of it included.
    expect(linesOf(beta)).toEqual([
      'fee - 1 300',
      'usage m 80 0.8', 'usage m 30 0.15', 'usage m 60 1.2',
      'usage m 40 0.32', 'usage m 15 0.06', 'usage m 30 0.48',
      'included - 1 -3.01',
    ]);
    expect(money(beta.totalNanos)).toBe('300');

    const gamma = (await invoicesOf('gamma')).at(-1)!;
    // 24 × 0.01 + 9 × 0.005 + 18 × 0.02 = 0.645, rounded once to the cent: 0.65 (rounding +0.005).
    expect([money(gamma.subtotalNanos), money(gamma.roundingNanos), money(gamma.totalNanos)]).toEqual(['0.645', '0.005', '0.65']);

    const delta = (await invoicesOf('delta')).at(-1)!;
    // The coupon was for one period: fee 20.00; usage 0.645; included −0.50; prepaid −0.145.
    expect(linesOf(delta)).toEqual(['fee - 1 20', 'usage m 24 0.24', 'usage m 9 0.045', 'usage m 18 0.36', 'included - 1 -0.5', 'prepaid - 1 -0.145']);
    expect(money(delta.totalNanos)).toBe('20');

    // Running the job again changes nothing.
    const again = await admin('POST', '/billing/run', {});
    expect([again.renewed, again.invoices.length, again.postpaidInvoices.length]).toEqual([0, 0, 0]);
  });

  it('the ledger reconciles with the invoices, and fees are recognised as their period passes', async () => {
    for (const ref of ['alpha', 'beta', 'gamma', 'delta']) {
      const owed = (await invoicesOf(ref)).reduce((sum, i) => sum + i.amountDueNanos, 0n);
      expect({ ref, receivable: (await balances(ref)).receivableNanos }).toEqual({ ref, receivable: owed });
    }
    const recognised = await t.gateway.services.store.db
      .selectFrom('ledgerEntries')
      .select((eb) => eb.fn.sum<bigint>('amountNanos').as('total'))
      .where('accountId', '=', 'revenue:subscription:USD')
      .executeTakeFirstOrThrow();
    // November fees earned: alpha 20, beta 100 − 50 + 150 = 200, delta 10.
    expect(-BigInt(recognised.total)).toBe($('230'));
    const verify = await admin('GET', '/ledger/verify');
    expect(verify.checks.filter((c: { ok: boolean }) => !c.ok)).toEqual([]);
    const numbers = (await t.gateway.services.billing.invoices({ limit: 100 })).map((i) => i.number).sort();
    expect(numbers).toEqual(Array.from({ length: numbers.length }, (_, i) => `INV-2026-${String(i + 1).padStart(6, '0')}`));
  });

  it('an unpaid invoice is chased, then the keys are suspended, and paying restores them', async () => {
    for (const ref of ['alpha', 'beta', 'delta']) {
      for (const invoice of (await invoicesOf(ref)).filter((i) => i.amountDueNanos > 0n)) {
        await admin('POST', `/customers/${customers[ref]!.id}/payments/manual`, { purpose: 'invoice', invoiceId: invoice.id, amount: money(invoice.amountDueNanos), reference: `bank-${invoice.id}` });
      }
    }
    const gamma = (await invoicesOf('gamma')).at(-1)!;
    at(gamma.dueAtMs! + 2 * DAY);
    expect((await admin('POST', '/billing/run', {})).overdue).toBe(1);
    await use('gamma', 1);
    at(gamma.dueAtMs! + 8 * DAY);
    expect((await admin('POST', '/billing/run', {})).suspended).toBe(1);
    await expect(use('gamma', 1)).rejects.toMatchObject({ status: 403, code: 'account_suspended' });
    await admin('POST', `/customers/${customers.gamma!.id}/payments/manual`, { purpose: 'invoice', invoiceId: gamma.id, amount: '0.65', reference: 'bank-gamma-dec' });
    expect((await t.gateway.services.billing.invoice(gamma.id)).status).toBe('paid');
    await use('gamma', 1);
  });

  it('refuses bad input without touching the ledger', async () => {
    const before = await t.gateway.services.store.db.selectFrom('ledgerTransfers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    const bad = async (path: string, body: unknown) => {
      const response = await fetch(`${t.url}/admin/v1${path}`, { method: 'POST', headers: { authorization: `Bearer ${owner}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(response.status).toBe(400);
      return ((await response.json()) as { error: { code: string } }).error.code;
    };
    const alpha = customers.alpha!.id;
    expect(await bad(`/customers/${alpha}/top-ups`, { amount: '-5' })).toBe('invalid_request');
    expect(await bad(`/customers/${alpha}/top-ups`, { amount: '1e3' })).toBe('invalid_request');
    expect(await bad(`/customers/${alpha}/top-ups`, { amount: 12.5 })).toBe('invalid_request');
    expect(await bad(`/customers/${alpha}/top-ups`, { amount: '0.0000000001' })).toBe('invalid_request');
    expect(await bad('/customers', { name: 'x', currency: 'XYZ' })).toBe('invalid_request');
    expect(await bad('/plans', { code: 'neg', name: 'Neg', currency: 'USD', interval: 'month', fee: '-1' })).toBe('invalid_request');
    const after = await t.gateway.services.store.db.selectFrom('ledgerTransfers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    expect(after.n).toBe(before.n);
  });
});
