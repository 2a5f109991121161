import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { page } from '../admin/context.js';
import { idParams, listOf, pageQuery } from '../admin/schemas.js';
import { type PortalDeps, owned, portalOf } from './context.js';
import { issuedPortalKeyView, meView, portalKeyInput, portalKeyView } from './schemas.js';
import { viewBalance, viewKey } from './views.js';

/** Who is signed in, and the account's API keys. */
export function registerAccountRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.get('/me', {
    schema: { tags: ['account'], summary: 'The signed-in member, its customer and the balance', response: { 200: meView } },
  }, async (req) => {
    const { member, customer } = portalOf(req);
    return {
      member: { id: member.id, email: member.email, name: member.name, role: member.role },
      customer: { id: customer.id, name: customer.name, currency: customer.currency, billingMode: customer.billingMode, locale: customer.locale, suspendedAtMs: customer.suspendedAtMs },
      balance: viewBalance(customer, await deps.ledger.balances(customer.id)),
    };
  });

  const tags = ['keys'];
  app.get('/keys', {
    schema: { tags, summary: "The account's API keys", querystring: pageQuery, response: { 200: listOf(portalKeyView) } },
  }, async (req) => {
    const found = await deps.keys.list({ ...req.query, customerId: portalOf(req).customer.id, limit: req.query.limit + 1 });
    return page(found.map(viewKey), req.query.limit);
  });

  app.post('/keys', {
    schema: { tags, summary: 'Create an API key (the secret is in this answer only)', body: portalKeyInput, response: { 201: issuedPortalKeyView } },
  }, async (req, reply) => {
    const { key, secret } = await deps.keys.issue(portalOf(req).customer.id, req.body);
    await deps.catalog.refresh();
    return reply.code(201).send({ ...viewKey(key), secret });
  });

  app.post('/keys/:id/revoke', {
    config: { ownerOnly: true },
    schema: { tags, summary: 'Revoke an API key for good (owners only)', params: idParams, response: { 200: portalKeyView } },
  }, async (req) => {
    const key = await owned(deps.keys.get(req.params.id), portalOf(req).customer.id, `No API key with id ${req.params.id}.`);
    const revoked = await deps.keys.revoke(key.id);
    await deps.catalog.refresh();
    return viewKey(revoked);
  });
}
