import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminDeps } from './context.js';
import { page } from './context.js';
import {
  customerInput, customerPatch, customerView, idParams, issuedKeyView, keyInput, keyPatch, keyView, listOf, pageQuery,
} from './schemas.js';
import { limitsFromInput } from './money-schemas.js';
import { billingFields, viewCustomer, viewKey } from './views.js';

export function registerCustomerRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['customers'];

  app.get('/customers', {
    schema: { tags, summary: 'List customers', querystring: pageQuery.extend({ status: z.enum(['active', 'disabled']).optional() }), response: { 200: listOf(customerView) } },
  }, async (req) => {
    const found = await deps.customers.list({ ...req.query, limit: req.query.limit + 1 });
    return page(found.map(viewCustomer), req.query.limit);
  });

  app.post('/customers', {
    schema: { tags, summary: 'Create a customer', body: customerInput, response: { 201: customerView } },
  }, async (req, reply) => {
    const { billingMode, overdraft, creditLimit, lowBalance, limits, ...rest } = req.body;
    const customer = await deps.customers.create({ ...rest, ...billingFields({ billingMode, overdraft, creditLimit, lowBalance, limits }) });
    return reply.code(201).send(viewCustomer(customer));
  });

  app.get('/customers/:id', {
    schema: { tags, summary: 'Get a customer', params: idParams, response: { 200: customerView } },
  }, async (req) => viewCustomer(await deps.customers.get(req.params.id)));

  app.patch('/customers/:id', {
    schema: { tags, summary: 'Update or disable a customer, or change its billing and limits', params: idParams, body: customerPatch, response: { 200: customerView } },
  }, async (req) => {
    const { billingMode, overdraft, creditLimit, lowBalance, limits, ...rest } = req.body;
    return viewCustomer(await deps.customers.update(req.params.id, { ...rest, ...billingFields({ billingMode, overdraft, creditLimit, lowBalance, limits }) }));
  });

  const keyTags = ['keys'];
  app.get('/customers/:id/keys', {
    schema: { tags: keyTags, summary: "List a customer's API keys", params: idParams, querystring: pageQuery, response: { 200: listOf(keyView) } },
  }, async (req) => {
    await deps.customers.get(req.params.id);
    const found = await deps.keys.list({ customerId: req.params.id, ...req.query, limit: req.query.limit + 1 });
    return page(found.map(viewKey), req.query.limit);
  });

  app.post('/customers/:id/keys', {
    schema: { tags: keyTags, summary: 'Issue an API key (the secret is in this answer only)', params: idParams, body: keyInput, response: { 201: issuedKeyView } },
  }, async (req, reply) => {
    await deps.customers.get(req.params.id);
    const { limits, ...rest } = req.body;
    const { key, secret } = await deps.keys.issue(req.params.id, { ...rest, limits: limits ? limitsFromInput(limits) : undefined });
    return reply.code(201).send({ ...viewKey(key), secret });
  });

  app.get('/keys/:id', {
    schema: { tags: keyTags, summary: 'Get an API key', params: idParams, response: { 200: keyView } },
  }, async (req) => viewKey(await deps.keys.get(req.params.id)));

  app.patch('/keys/:id', {
    schema: { tags: keyTags, summary: "Change a key's name, scope, expiry or limits, or disable it", params: idParams, body: keyPatch, response: { 200: keyView } },
  }, async (req) => {
    const { limits, ...rest } = req.body;
    return viewKey(await deps.keys.update(req.params.id, { ...rest, limits: limits ? limitsFromInput(limits) : undefined }));
  });

  app.post('/keys/:id/revoke', {
    schema: { tags: keyTags, summary: 'Revoke an API key for good', params: idParams, response: { 200: keyView } },
  }, async (req) => viewKey(await deps.keys.revoke(req.params.id)));
}
