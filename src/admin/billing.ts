import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Plan, PlanVersion } from '../billing/plans.js';
import type { Coupon } from '../billing/coupons.js';
import type { Subscription } from '../billing/subscription-types.js';
import type { Invoice } from '../billing/types.js';
import { TollgateError } from '../core/errors.js';
import type { AdminDeps } from './context.js';
import { currencySchema, limitsFromInput, limitsInput, money, moneyOut, positiveMoney, showMoney, viewLimits } from './money-schemas.js';
import { idParams } from './schemas.js';

const planVersionInput = z.object({
  currency: currencySchema,
  interval: z.enum(['month', 'year']),
  fee: money.describe('Recurring fee per interval, e.g. "20.00"'),
  included: money.optional().describe('Usage value included each period, e.g. "10.00"'),
  includedTokens: z.number().int().min(0).optional().describe('Tokens included each period (used before the money allowance)'),
  overage: z.enum(['credit', 'arrears', 'block']).optional().describe('Beyond the allowance: draw on prepaid credit (default), bill on the next invoice, or refuse'),
  limits: limitsInput.optional(),
  allowedModels: z.array(z.string()).nullable().optional(),
  trialDays: z.number().int().min(0).max(365).optional(),
  discounts: z.record(z.string(), z.number().int().min(0).max(10_000)).optional().describe('Basis points off the price book, per model'),
});
const planInput = planVersionInput.extend({ code: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/), name: z.string().min(1).max(200), description: z.string().max(2000).nullable().optional() });

const versionView = z.object({
  id: z.string(),
  version: z.number(),
  currency: z.string(),
  interval: z.string(),
  fee: moneyOut,
  included: moneyOut,
  includedTokens: z.string(),
  overage: z.string(),
  limits: z.record(z.string(), z.unknown()),
  allowedModels: z.array(z.string()).nullable(),
  trialDays: z.number(),
  discounts: z.record(z.string(), z.number()),
  createdAtMs: z.number(),
});
const planView = z.object({ id: z.string(), code: z.string(), name: z.string(), description: z.string().nullable(), status: z.string(), current: versionView, createdAtMs: z.number(), updatedAtMs: z.number() });
const subscriptionView = z.object({
  id: z.string(),
  customerId: z.string(),
  planId: z.string(),
  planVersionId: z.string(),
  status: z.string(),
  periodStartMs: z.number(),
  periodEndMs: z.number(),
  trialEndMs: z.number().nullable(),
  cancelAtPeriodEnd: z.boolean(),
  canceledAtMs: z.number().nullable(),
  couponId: z.string().nullable(),
  createdAtMs: z.number(),
});
const lineView = z.object({ kind: z.string(), description: z.string(), model: z.string().nullable(), quantity: z.string(), unit: z.string(), unitPrice: z.string(), amount: moneyOut });
export const invoiceView = z.object({
  id: z.string(),
  number: z.string().nullable(),
  kind: z.string(),
  customerId: z.string(),
  subscriptionId: z.string().nullable(),
  correctsInvoiceId: z.string().nullable(),
  currency: z.string(),
  status: z.string(),
  periodStartMs: z.number(),
  periodEndMs: z.number(),
  subtotal: moneyOut,
  taxRateBps: z.number(),
  tax: moneyOut,
  rounding: moneyOut,
  total: moneyOut,
  prepaid: moneyOut,
  amountDue: moneyOut,
  amountPaid: moneyOut,
  locale: z.string(),
  issuedAtMs: z.number().nullable(),
  dueAtMs: z.number().nullable(),
  paidAtMs: z.number().nullable(),
  lines: z.array(lineView),
});
const couponInput = z.object({
  code: z.string().regex(/^[A-Za-z0-9_-]{2,50}$/),
  kind: z.enum(['percent', 'amount']),
  percentBps: z.number().int().min(1).max(10_000).optional(),
  amount: positiveMoney.optional(),
  currency: currencySchema.optional(),
  duration: z.enum(['once', 'repeating', 'forever']),
  durationPeriods: z.number().int().min(1).optional(),
  planCodes: z.array(z.string()).nullable().optional(),
  expiresAtMs: z.number().int().positive().nullable().optional(),
  maxRedemptions: z.number().int().min(1).nullable().optional(),
});
const couponView = z.object({ id: z.string(), code: z.string(), kind: z.string(), percentBps: z.number(), amount: moneyOut, currency: z.string().nullable(), duration: z.string(), durationPeriods: z.number(), planCodes: z.array(z.string()).nullable(), expiresAtMs: z.number().nullable(), maxRedemptions: z.number().nullable(), timesRedeemed: z.number() });

const listResponse = <T extends z.ZodTypeAny>(item: T) => z.object({ object: z.literal('list'), data: z.array(item) });

export function viewVersion(v: PlanVersion) {
  return { ...v, fee: showMoney(v.feeNanos), included: showMoney(v.includedNanos), includedTokens: v.includedTokens.toString(), limits: viewLimits(v.limits) };
}
export const viewPlan = (p: Plan) => ({ ...p, current: viewVersion(p.current) });
export const viewSubscription = (s: Subscription) => s;
export function viewInvoice(i: Invoice) {
  return {
    ...i,
    subtotal: showMoney(i.subtotalNanos),
    tax: showMoney(i.taxNanos),
    rounding: showMoney(i.roundingNanos),
    total: showMoney(i.totalNanos),
    prepaid: showMoney(i.prepaidNanos),
    amountDue: showMoney(i.amountDueNanos),
    amountPaid: showMoney(i.amountPaidNanos),
    lines: i.lines.map((l) => ({ ...l, quantity: l.quantity.toString(), amount: showMoney(l.amountNanos) })),
  };
}
const viewCoupon = (c: Coupon) => ({ ...c, amount: showMoney(c.amountNanos) });

function versionFields(body: z.infer<typeof planVersionInput>) {
  return {
    currency: body.currency,
    interval: body.interval,
    feeNanos: body.fee,
    includedNanos: body.included,
    includedTokens: body.includedTokens === undefined ? undefined : BigInt(body.includedTokens),
    overage: body.overage,
    limits: body.limits ? limitsFromInput(body.limits) : undefined,
    allowedModels: body.allowedModels,
    trialDays: body.trialDays,
    discounts: body.discounts,
  };
}

/** Plans, coupons, subscriptions, invoices and the billing job. */
export function registerBillingRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const billing = deps.billing;

  app.get('/plans', { schema: { tags: ['plans'], summary: 'List plans', response: { 200: listResponse(planView) } } }, async () => ({ object: 'list' as const, data: (await billing.ctx.plans.list()).map(viewPlan) }));
  app.post('/plans', { schema: { tags: ['plans'], summary: 'Create a plan (version 1)', body: planInput, response: { 201: planView } } }, async (req, reply) => {
    const { code, name, description, ...version } = req.body;
    return reply.code(201).send(viewPlan(await billing.ctx.plans.create({ code, name, description, ...versionFields(version) })));
  });
  app.get('/plans/:id', { schema: { tags: ['plans'], summary: 'Get a plan by id or code', params: idParams, response: { 200: planView } } }, async (req) => viewPlan(await billing.ctx.plans.get(req.params.id)));
  app.get('/plans/:id/versions', { schema: { tags: ['plans'], summary: "A plan's versions, oldest first", params: idParams, response: { 200: listResponse(versionView) } } }, async (req) => {
    const plan = await billing.ctx.plans.get(req.params.id);
    return { object: 'list' as const, data: (await billing.ctx.plans.versions(plan.id)).map(viewVersion) };
  });
  app.post('/plans/:id/versions', { schema: { tags: ['plans'], summary: 'Change a plan: adds a version; existing subscribers keep theirs', params: idParams, body: planVersionInput, response: { 201: planView } } }, async (req, reply) =>
    reply.code(201).send(viewPlan(await billing.ctx.plans.addVersion(req.params.id, versionFields(req.body)))),
  );
  app.post('/plans/:id/archive', { schema: { tags: ['plans'], summary: 'Archive a plan: no new subscriptions', params: idParams, response: { 200: planView } } }, async (req) => viewPlan(await billing.ctx.plans.archive(req.params.id)));

  app.get('/coupons', { schema: { tags: ['plans'], summary: 'List coupons', response: { 200: listResponse(couponView) } } }, async () => ({ object: 'list' as const, data: (await billing.ctx.coupons.list()).map(viewCoupon) }));
  app.post('/coupons', { config: { permission: 'finance' }, schema: { tags: ['plans'], summary: 'Create a coupon on plan fees', body: couponInput, response: { 201: couponView } } }, async (req, reply) => {
    const { amount, ...rest } = req.body;
    return reply.code(201).send(viewCoupon(await billing.ctx.coupons.create({ ...rest, amountNanos: amount })));
  });

  app.get('/subscriptions', {
    schema: { tags: ['subscriptions'], summary: 'List subscriptions', querystring: z.object({ customerId: z.string().optional(), status: z.enum(['trialing', 'active', 'past_due', 'canceled']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100) }), response: { 200: listResponse(subscriptionView) } },
  }, async (req) => ({ object: 'list' as const, data: await billing.listSubscriptions(req.query) }));
  app.post('/customers/:id/subscription', {
    config: { permission: 'finance' },
    schema: { tags: ['subscriptions'], summary: 'Subscribe a customer to a plan', params: idParams, body: z.object({ plan: z.string(), coupon: z.string().optional() }), response: { 201: z.object({ subscription: subscriptionView, invoice: invoiceView.nullable() }) } },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    const { subscription, invoice } = await billing.subscribe(customer, req.body.plan, { coupon: req.body.coupon });
    return reply.code(201).send({ subscription, invoice: invoice ? viewInvoice(invoice) : null });
  });
  app.get('/customers/:id/subscription', {
    schema: { tags: ['subscriptions'], summary: "A customer's live subscription (404 if none)", params: idParams, response: { 200: subscriptionView } },
  }, async (req) => {
    const sub = await billing.subscription(req.params.id);
    if (!sub) throw new TollgateError('not_found', 'The customer has no live subscription.');
    return sub;
  });
  app.post('/subscriptions/:id/change', {
    config: { permission: 'finance' },
    schema: { tags: ['subscriptions'], summary: 'Upgrade or downgrade now, with proration', params: idParams, body: z.object({ plan: z.string(), atMs: z.number().int().positive().optional() }), response: { 200: z.object({ subscription: subscriptionView, invoice: invoiceView.nullable() }) } },
  }, async (req) => {
    const { subscription, invoice } = await billing.changePlan(req.params.id, req.body.plan, { atMs: req.body.atMs });
    return { subscription, invoice: invoice ? viewInvoice(invoice) : null };
  });
  app.post('/subscriptions/:id/cancel', {
    config: { permission: 'finance' },
    schema: { tags: ['subscriptions'], summary: 'Cancel now or at the end of the period', params: idParams, body: z.object({ atPeriodEnd: z.boolean().default(true) }), response: { 200: z.object({ subscription: subscriptionView, invoice: invoiceView.nullable() }) } },
  }, async (req) => {
    const { subscription, invoice } = await billing.cancel(req.params.id, { atPeriodEnd: req.body.atPeriodEnd });
    return { subscription, invoice: invoice ? viewInvoice(invoice) : null };
  });
  app.get('/subscriptions/:id/events', {
    schema: { tags: ['subscriptions'], summary: "A subscription's history", params: idParams, response: { 200: listResponse(z.object({ id: z.string(), kind: z.string(), atMs: z.number(), details: z.record(z.string(), z.unknown()) })) } },
  }, async (req) => ({ object: 'list' as const, data: await billing.events(req.params.id) }));

  app.get('/invoices', {
    schema: { tags: ['invoices'], summary: 'List invoices and credit notes, newest first', querystring: z.object({ customerId: z.string().optional(), status: z.enum(['draft', 'finalized', 'paid', 'void']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), beforeMs: z.coerce.number().int().optional() }), response: { 200: listResponse(invoiceView) } },
  }, async (req) => ({ object: 'list' as const, data: (await billing.invoices(req.query)).map(viewInvoice) }));
  app.get('/invoices/:id', { schema: { tags: ['invoices'], summary: 'Get an invoice by id or number', params: idParams, response: { 200: invoiceView } } }, async (req) => viewInvoice(await billing.invoice(req.params.id)));
  app.get('/customers/:id/invoices/preview', { schema: { tags: ['invoices'], summary: 'What the next invoice would hold if the period ended now (not stored)', params: idParams, response: { 200: invoiceView } } }, async (req) =>
    viewInvoice(await billing.preview(await deps.customers.get(req.params.id))),
  );
  app.post('/invoices/:id/credit-notes', {
    config: { permission: 'finance' },
    schema: { tags: ['invoices'], summary: 'Correct a finalized invoice with a credit note (tax included in the amount)', params: idParams, body: z.object({ amount: positiveMoney, reason: z.string().min(1).max(500) }), response: { 201: invoiceView } },
  }, async (req, reply) => reply.code(201).send(viewInvoice(await billing.creditNote(req.params.id, req.body.amount, req.body.reason))));
  app.post('/invoices/:id/void', {
    config: { permission: 'finance' },
    schema: { tags: ['invoices'], summary: 'Void an unpaid invoice (by a credit note for all of it)', params: idParams, body: z.object({ reason: z.string().min(1).max(500) }), response: { 200: invoiceView } },
  }, async (req) => viewInvoice(await billing.void(req.params.id, req.body.reason)));

  app.post('/billing/run', {
    config: { permission: 'finance' },
    schema: { tags: ['invoices'], summary: 'Run the billing job now (renewals, postpaid invoices, dunning); it also runs every minute', response: { 200: z.object({ renewed: z.number(), canceled: z.number(), invoices: z.array(z.string()), postpaidInvoices: z.array(z.string()), overdue: z.number(), pastDue: z.number(), suspended: z.number() }) } },
  }, async () => {
    const { renewal, postpaid, dunning } = await billing.run();
    return { ...renewal, postpaidInvoices: postpaid, ...dunning };
  });
}
