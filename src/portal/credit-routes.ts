import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { moneyOut, positiveMoney, showMoney } from '../admin/money-schemas.js';
import { isTollgateError } from '../core/errors.js';
import { type PortalDeps, portalOf } from './context.js';
import { consoleReturnUrls } from './links.js';
import { balanceView, checkoutView, ledgerEntryView } from './schemas.js';
import { viewBalance, viewLedgerEntry } from './views.js';

/** Invalid codes one customer may try in the throttle's window before it must wait. */
export const REDEEM_FAILURES_PER_CUSTOMER = 20;

/** Credit: the balance, its history, card top-ups and redemption codes. */
export function registerCreditRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['credit'];

  app.get('/balance', {
    schema: { tags, summary: 'Credit left and what is owed', response: { 200: balanceView } },
  }, async (req) => {
    const { customer } = portalOf(req);
    return viewBalance(customer, await deps.ledger.balances(customer.id));
  });

  app.get('/ledger', {
    schema: {
      tags,
      summary: "How the account's credit moved, newest first",
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(100), beforeMs: z.coerce.number().int().optional() }),
      response: { 200: z.object({ object: z.literal('list'), data: z.array(ledgerEntryView) }) },
    },
  }, async (req) => {
    const { customer } = portalOf(req);
    const transfers = await deps.ledger.history(customer.id, req.query.limit, req.query.beforeMs);
    return { object: 'list' as const, data: transfers.map((t) => viewLedgerEntry(t, customer.id)) };
  });

  app.post('/top-ups', {
    schema: { tags, summary: 'Buy prepaid credit by card: answers the Stripe Checkout page to send the browser to', body: z.object({ amount: positiveMoney }), response: { 201: checkoutView } },
  }, async (req, reply) => {
    const { customer } = portalOf(req);
    const { payment, url } = await deps.payments.createTopUpCheckout(customer, req.body.amount, consoleReturnUrls(req, deps.config.publicUrl, '/portal/billing'));
    return reply.code(201).send({ url, paymentId: payment.id });
  });

  app.post('/redeem', {
    schema: {
      tags,
      summary: 'Redeem a code for promotional credit',
      body: z.object({ code: z.string().min(1).max(100) }),
      response: { 201: z.object({ code: z.string(), currency: z.string(), amount: moneyOut, redeemedAtMs: z.number() }) },
    },
  }, async (req, reply) => {
    const { customer } = portalOf(req);
    const subjects = [{ kind: 'redeem:customer', value: customer.id, limit: REDEEM_FAILURES_PER_CUSTOMER }];
    const redeemed = await deps.throttle.run(subjects, () => deps.codes.redeem(customer, req.body.code), (e) => isTollgateError(e) && e.code === 'code_invalid');
    return reply.code(201).send({ code: redeemed.prefix, currency: redeemed.currency, amount: showMoney(redeemed.amountNanos), redeemedAtMs: redeemed.redeemedAtMs });
  });
}
