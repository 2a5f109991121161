import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invoiceView, viewInvoice } from '../admin/billing.js';
import type { Subscription } from '../billing/subscription-types.js';
import type { Invoice } from '../billing/types.js';
import { TollgateError } from '../core/errors.js';
import { type PortalDeps, portalOf } from './context.js';
import { portalPlanView, portalSubscriptionView } from './schemas.js';
import { viewPlan, viewSubscription } from './views.js';

const changeView = z.object({ subscription: portalSubscriptionView, invoice: invoiceView.nullable().describe('The invoice this change issued, if any') });

/** Plans on offer in the account's currency, and the account's subscription (changes are for owners). */
export function registerPlanRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['plans'];
  const { billing } = deps;
  const show = async (result: { subscription: Subscription; invoice: Invoice | null }) => ({
    subscription: viewSubscription(result.subscription, await billing.ctx.plans.get(result.subscription.planId)),
    invoice: result.invoice ? viewInvoice(result.invoice) : null,
  });
  const live = async (customerId: string) => {
    const subscription = await billing.subscription(customerId);
    if (!subscription) throw new TollgateError('not_found', 'The account has no subscription; subscribe to a plan first.');
    return subscription;
  };

  app.get('/plans', {
    schema: { tags, summary: "Plans on offer, in the account's currency", response: { 200: z.object({ object: z.literal('list'), data: z.array(portalPlanView) }) } },
  }, async (req) => {
    const { currency } = portalOf(req).customer;
    const plans = (await billing.ctx.plans.list()).filter((p) => p.status === 'active' && p.current.currency === currency);
    return { object: 'list' as const, data: plans.map(viewPlan) };
  });

  app.get('/subscription', {
    schema: { tags, summary: "The account's live subscription, or null", response: { 200: portalSubscriptionView.nullable() } },
  }, async (req) => {
    const subscription = await billing.subscription(portalOf(req).customer.id);
    return subscription ? viewSubscription(subscription, await billing.ctx.plans.get(subscription.planId)) : null;
  });

  app.post('/subscription', {
    config: { ownerOnly: true },
    schema: { tags, summary: 'Subscribe to a plan (by code); the first fee is invoiced now unless the plan has a trial', body: z.object({ plan: z.string().min(1), coupon: z.string().min(1).optional() }), response: { 201: changeView } },
  }, async (req, reply) => reply.code(201).send(await show(await billing.subscribe(portalOf(req).customer, req.body.plan, { coupon: req.body.coupon }))));

  app.post('/subscription/change', {
    config: { ownerOnly: true },
    schema: { tags, summary: 'Upgrade or downgrade now, with proration', body: z.object({ plan: z.string().min(1) }), response: { 200: changeView } },
  }, async (req) => show(await billing.changePlan((await live(portalOf(req).customer.id)).id, req.body.plan)));

  app.post('/subscription/cancel', {
    config: { ownerOnly: true },
    schema: { tags, summary: 'Cancel at the end of the period (default) or now', body: z.object({ atPeriodEnd: z.boolean().default(true) }), response: { 200: changeView } },
  }, async (req) => show(await billing.cancel((await live(portalOf(req).customer.id)).id, { atPeriodEnd: req.body.atPeriodEnd })));
}
