import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decimalString } from '../core/money.js';
import { SimProvider } from '../providers/sim/provider.js';
import { Cancellation } from '../providers/cancellation.js';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { holdBounds } from './hold-size.js';

/**
 * Credit under concurrency: 500 requests at once from one prepaid key whose credit covers only a
 * fraction of them. The credit guard checks and reserves without an await in between, so however
 * the requests interleave, settled spend never exceeds the credit (plus overdraft); every served
 * request is billed exactly once, every refused one not at all, and the ledger balances.
 *
 * Amounts are chosen so they can be checked exactly. The simulated model answers the same prompt
 * with the same text, so its usage is known before the run (it is asked here, outside the server).
 * - "flat": 0.001 a request + 1.00 per 1M output tokens, prompt free, and `max_tokens` equal to the
 *   answer's length. A hold (the most a request may cost) then equals the charge exactly, so the
 *   number served is exactly ⌊credit / charge⌋.
 * - "metered": the same plus 1.00 per 1M prompt tokens. A hold counts the prompt with a margin, so
 *   it is a little more than the charge, and the difference is released at settlement.
 */
const REQUESTS = 500;
const messages = [{ role: 'user' as const, content: 'Write one short line about toll gates.' }];
const PER_REQUEST_NANOS = 1_000_000n; // 0.001
const PER_TOKEN_NANOS = 1_000n; // 1.00 per 1M tokens

interface Served {
  kind: 'served';
  requestId: string;
}
interface Refused {
  kind: 'refused';
  requestId: string | null;
  status: number | undefined;
  code: string | null | undefined;
  message: string;
}
type Outcome = Served | Refused;

/** What the simulated model reports for this prompt on this model, asked directly. */
async function simUsage(model: string): Promise<{ promptTokens: bigint; completionTokens: bigint }> {
  const sim = new SimProvider({ id: 'ups_probe', name: 'probe', type: 'sim', baseUrl: null, credentialsSealed: null, settings: {}, status: 'enabled', createdAtMs: 0, updatedAtMs: 0 });
  const response = await sim.send({ endpoint: 'chat.completions', body: { model, messages }, stream: false, cancellation: new Cancellation() });
  if (response.kind !== 'json') throw new Error('expected a JSON answer from the simulated model');
  const usage = (JSON.parse(response.body.toString('utf8')) as { usage: { prompt_tokens: number; completion_tokens: number } }).usage;
  return { promptTokens: BigInt(usage.prompt_tokens), completionTokens: BigInt(usage.completion_tokens) };
}

interface Plan {
  model: string;
  maxTokens: number;
  /** What one served request is charged. */
  chargeNanos: bigint;
  /** What one request holds at admission (the most it may cost). */
  holdNanos: bigint;
}

async function plan(model: string, inputNanosPerToken: bigint): Promise<Plan> {
  const usage = await simUsage(model);
  const maxTokens = Number(usage.completionTokens);
  const bounds = holdBounds('chat.completions', { model, messages, max_tokens: maxTokens }, { maxOutputTokens: null }, 4096);
  return {
    model,
    maxTokens,
    chargeNanos: PER_REQUEST_NANOS + usage.promptTokens * inputNanosPerToken + usage.completionTokens * PER_TOKEN_NANOS,
    holdNanos: PER_REQUEST_NANOS + bounds.promptTokens * inputNanosPerToken + bounds.outputTokens * PER_TOKEN_NANOS,
  };
}

/** One request through the official SDK: half of them streamed. Only an API error is an expected failure. */
async function send(client: OpenAI, p: Plan, stream: boolean): Promise<Outcome> {
  try {
    if (stream) {
      const { data, response } = await client.chat.completions.create({ model: p.model, messages, max_tokens: p.maxTokens, stream: true }).withResponse();
      let text = '';
      for await (const chunk of data) text += chunk.choices[0]?.delta.content ?? '';
      expect(text.length).toBeGreaterThan(0);
      return { kind: 'served', requestId: response.headers.get('x-request-id')! };
    }
    const { data, response } = await client.chat.completions.create({ model: p.model, messages, max_tokens: p.maxTokens }).withResponse();
    expect(data.usage?.completion_tokens).toBe(p.maxTokens);
    return { kind: 'served', requestId: response.headers.get('x-request-id')! };
  } catch (error) {
    if (!(error instanceof OpenAI.APIError)) throw error;
    return { kind: 'refused', requestId: error.requestID ?? null, status: error.status, code: error.code, message: error.message };
  }
}

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`prepaid credit under ${REQUESTS} concurrent requests (${dialect.name})`, () => {
    let t: TestGateway;
    let flat: Plan;
    let metered: Plan;

    beforeAll(async () => {
      flat = await plan('flat', 0n);
      metered = await plan('metered', PER_TOKEN_NANOS);
      t = await startTestGateway({
        dialect: dialect.name,
        openBilling: false,
        seed: {
          // A few milliseconds of latency, so hundreds of requests are admitted and in flight together.
          upstreams: [{ name: 'sim', type: 'sim', settings: { sim: { firstTokenMs: 5 } } }],
          models: [
            { name: 'flat', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perRequest: '0.001', perMillionTokens: { input: '0', output: '1' } }] },
            { name: 'metered', routes: [{ upstream: 'sim' }], prices: [{ currency: 'USD', perRequest: '0.001', perMillionTokens: { input: '1', output: '1' } }] },
          ],
          customers: [
            { ref: 'wallet', name: 'Wallet Ltd', currency: 'USD', billingMode: 'prepaid', keys: [] },
            { ref: 'overdraft', name: 'Overdraft Ltd', currency: 'USD', billingMode: 'prepaid', overdraft: decimalString(30n * metered.chargeNanos), keys: [] },
          ],
        },
      });
    });
    afterAll(async () => {
      await t?.stop();
    });

    const services = () => t.gateway.services;

    /** Calls the gateway made to its upstream so far, from its Prometheus metrics. */
    async function upstreamCalls(): Promise<number> {
      const text = await (await fetch(`${t.url}/metrics`)).text();
      return [...text.matchAll(/^tollgate_upstream_attempts_total\{[^}]*upstream="sim"[^}]*\} (\d+)$/gm)].reduce((n, m) => n + Number(m[1]), 0);
    }

    /** Tops the customer up with `credit`, then sends REQUESTS requests at once, alternating JSON and streams. */
    async function run(ref: string, p: Plan, credit: bigint): Promise<{ customerId: string; served: Served[]; refused: Refused[]; forwarded: number }> {
      const customer = (await services().customers.findByRef(ref))!;
      await services().ledger.topUp(customer, { amountNanos: credit });
      const client = t.client((await t.issueKey(ref)).secret);
      const callsBefore = await upstreamCalls();
      const outcomes = await Promise.all(Array.from({ length: REQUESTS }, (_, i) => send(client, p, i % 2 === 1)));
      return {
        customerId: customer.id,
        served: outcomes.filter((o): o is Served => o.kind === 'served'),
        refused: outcomes.filter((o): o is Refused => o.kind === 'refused'),
        forwarded: (await upstreamCalls()) - callsBefore,
      };
    }

    /** The book after a run: what each request left in the ledger, usage events and holds. */
    async function book(customerId: string) {
      const db = services().store.db;
      const usage = await db.selectFrom('usageEvents').select(['requestId', 'revenueNanos']).where('customerId', '=', customerId).execute();
      const transfers = await db.selectFrom('ledgerTransfers').select(['id', 'requestId']).where('customerId', '=', customerId).where('kind', '=', 'usage').execute();
      const holds = await db.selectFrom('holds').select(['id', 'status', 'amountNanos']).where('customerId', '=', customerId).execute();
      const pendingAnywhere = await db.selectFrom('holds').select('id').where('status', '=', 'pending').execute();
      const spend = usage.reduce((sum, u) => sum + BigInt(u.revenueNanos), 0n);
      return { usage, transfers, holds, pendingAnywhere, spend };
    }

    /** What holds whatever the interleaving: nothing overspent, each served request billed once, refusals justified and traceless. */
    async function expectSoundBook(run: { customerId: string; served: Served[]; refused: Refused[]; forwarded: number }, p: Plan, credit: bigint, overdraft: bigint) {
      const { customerId, served, refused } = run;
      expect(served.length + refused.length).toBe(REQUESTS);
      // Only served requests reached the upstream: a refusal forwards nothing.
      expect(run.forwarded).toBe(served.length);
      // Every refusal is the credit guard's, with the available credit below what the request could cost.
      for (const r of refused) {
        expect({ status: r.status, code: r.code }).toEqual({ status: 429, code: 'insufficient_quota' });
        const [, upTo, available] = /may cost up to (\d+) nanos .*; (\d+) are available/.exec(r.message) ?? ['', '-1', '-1'];
        expect(BigInt(upTo!)).toBe(p.holdNanos);
        expect(BigInt(available!)).toBeGreaterThanOrEqual(0n);
        expect(BigInt(available!)).toBeLessThan(p.holdNanos);
        expect(r.requestId).toMatch(/^req_/);
      }

      const { usage, transfers, holds, pendingAnywhere, spend } = await book(customerId);
      const servedIds = served.map((s) => s.requestId).sort();
      expect(new Set(servedIds).size).toBe(served.length);
      // Each served request: one usage event at the exact charge, one `usage:<id>` transfer, one posted hold.
      expect(usage.map((u) => u.requestId).sort()).toEqual(servedIds);
      for (const u of usage) expect(BigInt(u.revenueNanos)).toBe(p.chargeNanos);
      expect(transfers.map((x) => x.requestId).sort()).toEqual(servedIds);
      for (const x of transfers) expect(x.id).toBe(`usage:${x.requestId}`);
      expect(holds.map((h) => h.id).sort()).toEqual(servedIds);
      for (const h of holds) expect({ status: h.status, amountNanos: BigInt(h.amountNanos) }).toEqual({ status: 'posted', amountNanos: p.holdNanos });
      // A refused request was answered before any hold: it left no hold, no usage event, no transfer.
      const traced = new Set([...usage.map((u) => u.requestId), ...holds.map((h) => h.id), ...transfers.map((x) => x.requestId)]);
      for (const r of refused) expect(traced.has(r.requestId!)).toBe(false);

      expect(spend).toBe(BigInt(served.length) * p.chargeNanos);
      expect(spend).toBeLessThanOrEqual(credit + overdraft);
      expect((await services().ledger.balances(customerId)).walletNanos).toBe(credit - spend);
      expect(pendingAnywhere).toEqual([]);
      const checks = await services().ledgerStore.checkInvariants(services().clock.nowMs());
      expect(checks.filter((c) => !c.ok)).toEqual([]);
      return spend;
    }

    it('never spends more than the wallet holds, and stops within one request of it', async () => {
      // The hold equals the charge here, so exactly ⌊credit / charge⌋ = 100 requests can be served.
      expect(flat.holdNanos).toBe(flat.chargeNanos);
      const credit = 100n * flat.chargeNanos + flat.chargeNanos / 2n;
      const result = await run('wallet', flat, credit);
      const spend = await expectSoundBook(result, flat, credit, 0n);
      expect(result.served).toHaveLength(100);
      expect(result.refused).toHaveLength(REQUESTS - 100);
      expect(spend).toBeGreaterThanOrEqual(credit - flat.holdNanos);
    }, 60_000);

    it('lets an overdraft be drawn on, never beyond it, releasing what a hold over-reserved', async () => {
      // Holds count the prompt with a margin here, so each reserves more than it is then charged.
      expect(metered.holdNanos).toBeGreaterThan(metered.chargeNanos);
      const overdraft = 30n * metered.chargeNanos;
      const credit = 40n * metered.chargeNanos;
      const result = await run('overdraft', metered, credit);
      const spend = await expectSoundBook(result, metered, credit, overdraft);
      // A refusal can only be caused by holds in flight over-reserving, each by (hold − charge), so
      // whatever the interleaving, what is left is less than one hold plus those margins.
      const margin = metered.holdNanos - metered.chargeNanos;
      expect(spend).toBeGreaterThanOrEqual(credit + overdraft - metered.holdNanos - BigInt(result.served.length) * margin);
      expect(spend).toBeGreaterThan(credit);
      expect((await services().ledger.balances(result.customerId)).walletNanos).toBeLessThan(0n);
      expect(result.refused.length).toBeGreaterThan(0);
    }, 60_000);
  });
}
