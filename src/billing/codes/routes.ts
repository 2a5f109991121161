import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page } from '../../admin/context.js';
import { currencySchema, moneyOut, positiveMoney, showMoney } from '../../admin/money-schemas.js';
import { idParams, listOf, pageQuery } from '../../admin/schemas.js';
import type { CustomerService } from '../../customers/service.js';
import { MAX_CODES_PER_BATCH, type RedemptionService } from './service.js';
import type { BatchSummary, Redemption, RedemptionBatch } from './types.js';

const batchView = z.object({
  id: z.string(),
  name: z.string(),
  currency: z.string(),
  amount: moneyOut.describe('Credit each code grants'),
  count: z.number(),
  expiresAtMs: z.number().nullable(),
  createdAtMs: z.number(),
});
const redemptionView = z.object({
  customerId: z.string(),
  batchId: z.string(),
  batchName: z.string(),
  code: z.string().describe('The start of the code, for recognition'),
  currency: z.string(),
  amount: moneyOut,
  transferId: z.string().describe('The ledger grant that credited it'),
  redeemedAtMs: z.number(),
});

const viewBatch = (b: RedemptionBatch) => ({ id: b.id, name: b.name, currency: b.currency, amount: showMoney(b.amountNanos), count: b.codeCount, expiresAtMs: b.expiresAtMs, createdAtMs: b.createdAtMs });
const viewSummary = (b: BatchSummary) => ({ ...viewBatch(b), redeemed: b.redeemedCount });
const viewRedemption = (r: Redemption) => ({
  customerId: r.customerId, batchId: r.batchId, batchName: r.batchName, code: r.prefix, currency: r.currency, amount: showMoney(r.amountNanos), transferId: r.transferId, redeemedAtMs: r.redeemedAtMs,
});

/** Redemption codes: batches are money actions (`finance`); redeeming grants credit. */
export function registerCodeRoutes(root: FastifyInstance, deps: { codes: RedemptionService; customers: CustomerService }): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];

  app.post('/redemption-batches', {
    config: { permission: 'finance' },
    schema: {
      tags,
      summary: 'Create a batch of single-use codes worth credit (the codes are in this answer only)',
      body: z.object({
        name: z.string().trim().min(1).max(200),
        currency: currencySchema,
        amount: positiveMoney.describe('Credit each code grants, e.g. "10.00"'),
        count: z.number().int().min(1).max(MAX_CODES_PER_BATCH),
        expiresAtMs: z.number().int().positive().nullable().optional().describe('Epoch ms after which the codes are refused'),
      }),
      response: { 201: batchView.extend({ codes: z.array(z.string()).describe('The codes. Shown once; only their hashes are stored.') }) },
    },
  }, async (req, reply) => {
    const { amount, ...rest } = req.body;
    const { batch, codes } = await deps.codes.createBatch({ ...rest, amountNanos: amount });
    return reply.code(201).send({ ...viewBatch(batch), codes });
  });

  app.get('/redemption-batches', {
    schema: { tags, summary: 'List code batches and how many of their codes were redeemed', querystring: pageQuery, response: { 200: listOf(batchView.extend({ redeemed: z.number() })) } },
  }, async (req) => page((await deps.codes.listBatches({ ...req.query, limit: req.query.limit + 1 })).map(viewSummary), req.query.limit));

  app.post('/customers/:id/redeem', {
    config: { permission: 'finance' },
    schema: {
      tags,
      summary: "Redeem a code for a customer: its credit is granted once, whoever tries it again",
      params: idParams,
      body: z.object({ code: z.string().min(1).max(100) }),
      response: { 201: redemptionView },
    },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    return reply.code(201).send(viewRedemption(await deps.codes.redeem(customer, req.body.code)));
  });
}
