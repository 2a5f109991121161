import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Customer } from '../customers/types.js';
import type { GrantReason } from '../ledger/service.js';
import type { Price } from '../models/prices.js';
import { costCardToJson, rateCardToJson } from '../pricing/codec.js';
import type { StoredCostCard } from '../upstreams/cost-cards.js';
import type { AdminDeps } from './context.js';
import { costCardInput, moneyOut, positiveMoney, priceInput, showMoney, transferView, viewTransfer } from './money-schemas.js';
import { idParams } from './schemas.js';

const rateJson = z.record(z.string(), z.object({ amountNanos: z.string(), perUnits: z.string() }));
const priceView = z.object({ id: z.string(), model: z.string(), currency: z.string(), effectiveFromMs: z.number(), rates: rateJson, createdAtMs: z.number() });
const costCardView = z.object({ id: z.string(), upstreamId: z.string(), upstreamModel: z.string(), effectiveFromMs: z.number(), card: z.record(z.string(), z.unknown()), createdAtMs: z.number() });
const balanceView = z.object({
  customerId: z.string(),
  currency: z.string(),
  billingMode: z.enum(['prepaid', 'postpaid']),
  wallet: moneyOut.describe('Paid prepaid credit left'),
  promotional: moneyOut.describe('Granted credit left; used before the wallet'),
  receivable: moneyOut.describe('What a postpaid customer owes'),
});
const creditBody = z.object({ amount: positiveMoney, memo: z.string().max(500).optional() });
const idempotencyHeaders = z.object({ 'idempotency-key': z.string().min(1).max(200).optional() });

const viewPrice = (p: Price) => ({ ...p, rates: rateCardToJson(p.rates) });
const viewCostCard = (c: StoredCostCard) => ({ ...c, card: costCardToJson(c.card) as Record<string, unknown> });

/** Price books, cost cards, prepaid credit, balances, the ledger and its invariants. */
export function registerMoneyRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/prices', {
    schema: { tags: ['prices'], summary: 'List price book versions', querystring: z.object({ model: z.string().optional() }), response: { 200: z.object({ object: z.literal('list'), data: z.array(priceView) }) } },
  }, async (req) => ({ object: 'list' as const, data: (await deps.prices.list(req.query.model)).map(viewPrice) }));

  app.post('/prices', {
    schema: { tags: ['prices'], summary: 'Add a price version for a model (from now or a future moment; never the past)', body: priceInput, response: { 201: priceView } },
  }, async (req, reply) => reply.code(201).send(viewPrice(await deps.prices.add(req.body))));

  app.get('/upstreams/:id/cost-cards', {
    schema: { tags: ['upstreams'], summary: "An upstream's cost cards (what the operator pays)", params: idParams, response: { 200: z.object({ object: z.literal('list'), data: z.array(costCardView) }) } },
  }, async (req) => {
    const upstream = await deps.upstreams.get(req.params.id);
    return { object: 'list' as const, data: (await deps.costCards.list(upstream.id)).map(viewCostCard) };
  });

  app.post('/upstreams/:id/cost-cards', {
    schema: { tags: ['upstreams'], summary: 'Add a cost card: per-token list prices with a discount, or GPU hours', params: idParams, body: costCardInput, response: { 201: costCardView } },
  }, async (req, reply) => reply.code(201).send(viewCostCard(await deps.costCards.add(req.params.id, req.body))));

  app.get('/customers/:id/balance', {
    schema: { tags: ['credit'], summary: "A customer's credit and what it owes", params: idParams, response: { 200: balanceView } },
  }, async (req) => {
    const customer = await deps.customers.get(req.params.id);
    return viewBalance(customer, await deps.ledger.balances(customer.id));
  });

  app.post('/customers/:id/top-ups', {
    config: { permission: 'finance' },
    schema: {
      tags: ['credit'],
      summary: 'Record money received as prepaid credit (manual payment). Send an Idempotency-Key to make retries safe.',
      params: idParams,
      headers: idempotencyHeaders,
      body: creditBody,
      response: { 201: transferView, 200: transferView },
    },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    const { transfer, applied } = await deps.ledger.topUp(customer, { amountNanos: req.body.amount, memo: req.body.memo, id: req.headers['idempotency-key'] });
    return reply.code(applied ? 201 : 200).send(viewTransfer(transfer));
  });

  app.post('/customers/:id/grants', {
    config: { permission: 'finance' },
    schema: {
      tags: ['credit'],
      summary: 'Grant free credit (trial, promotion, refund, goodwill): used before paid credit, never counted as revenue',
      params: idParams,
      headers: idempotencyHeaders,
      body: creditBody.extend({ reason: z.enum(['trial', 'promotion', 'refund', 'goodwill']) }),
      response: { 201: transferView, 200: transferView },
    },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    const input = { amountNanos: req.body.amount, memo: req.body.memo, reason: req.body.reason as GrantReason, id: req.headers['idempotency-key'] };
    const { transfer, applied } = await deps.ledger.grant(customer, input);
    return reply.code(applied ? 201 : 200).send(viewTransfer(transfer));
  });

  app.get('/customers/:id/ledger', {
    schema: {
      tags: ['credit'],
      summary: "A customer's ledger transfers, newest first",
      params: idParams,
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), beforeMs: z.coerce.number().int().optional() }),
      response: { 200: z.object({ object: z.literal('list'), data: z.array(transferView) }) },
    },
  }, async (req) => {
    const customer = await deps.customers.get(req.params.id);
    return { object: 'list' as const, data: (await deps.ledger.history(customer.id, req.query.limit, req.query.beforeMs)).map(viewTransfer) };
  });

  app.get('/ledger/verify', {
    schema: {
      tags: ['ledger'],
      summary: "Check the money invariants: trial balance, balanced transfers, usage = ledger, rollups = events, no stale holds",
      response: { 200: z.object({ ok: z.boolean(), checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })) }) },
    },
  }, async () => {
    const checks = await deps.ledgerStore.checkInvariants(deps.clock.nowMs());
    return { ok: checks.every((c) => c.ok), checks };
  });

  app.get('/ledger/unbilled', {
    schema: {
      tags: ['ledger'],
      summary: 'Upstream cost of requests cut off after admission (a crash): their holds expired unposted',
      response: { 200: z.object({ object: z.literal('list'), data: z.array(z.object({ upstreamId: z.string().nullable(), holds: z.number(), costEstimate: moneyOut })) }) },
    },
  }, async () => ({
    object: 'list' as const,
    data: (await deps.ledgerStore.unbilledCost()).map((u) => ({ upstreamId: u.upstreamId, holds: u.holds, costEstimate: showMoney(u.costEstimateNanos) })),
  }));
}

function viewBalance(customer: Customer, b: { walletNanos: bigint; promoNanos: bigint; receivableNanos: bigint }) {
  return {
    customerId: customer.id,
    currency: customer.currency,
    billingMode: customer.billingMode,
    wallet: showMoney(b.walletNanos),
    promotional: showMoney(b.promoNanos),
    receivable: showMoney(b.receivableNanos),
  };
}
