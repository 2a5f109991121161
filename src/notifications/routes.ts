import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { page } from '../admin/context.js';
import { idParams, listOf, pageQuery } from '../admin/schemas.js';
import { ALL_EVENTS, webhookEventTypes } from './events.js';
import { type NotificationService, viewEndpoint } from './service.js';
import type { WebhookDelivery } from './types.js';

const subscription = z.enum([...webhookEventTypes, ALL_EVENTS]);
const endpointView = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(subscription),
  status: z.enum(['enabled', 'disabled']),
  createdAtMs: z.number(),
});
const deliveryStatus = z.enum(['pending', 'delivered', 'failed']);
const deliveryView = z.object({
  id: z.string(),
  endpointId: z.string(),
  eventId: z.string(),
  eventType: z.enum(webhookEventTypes),
  event: z.record(z.string(), z.unknown()).describe('The body sent, as JSON'),
  status: deliveryStatus,
  attempts: z.number(),
  nextAttemptAtMs: z.number().nullable(),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAtMs: z.number(),
  deliveredAtMs: z.number().nullable(),
});
const url = z.string().min(1).max(2000).describe('Where events are POSTed: an absolute http:// or https:// URL');
const events = z.array(subscription).min(1).describe('Event types to send; ["*"] (the default) for all, including types added later');

const viewDelivery = ({ payload, ...rest }: WebhookDelivery) => ({ ...rest, event: JSON.parse(payload) as Record<string, unknown> });

/** Outbound webhooks: endpoints the operator registers, and the deliveries made to them. */
export function registerNotificationRoutes(root: FastifyInstance, deps: { notifications: NotificationService }): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['webhooks'];

  app.post('/webhook-endpoints', {
    schema: {
      tags,
      summary: 'Register a webhook endpoint (its signing secret is in this answer only)',
      body: z.object({ url, events: events.optional() }),
      response: { 201: endpointView.extend({ secret: z.string().describe('whsec_…: verifies the tollgate-signature header. Shown once.') }) },
    },
  }, async (req, reply) => {
    const { endpoint, secret } = await deps.notifications.createEndpoint(req.body);
    return reply.code(201).send({ ...viewEndpoint(endpoint), secret });
  });

  app.get('/webhook-endpoints', {
    schema: { tags, summary: 'List webhook endpoints', querystring: pageQuery, response: { 200: listOf(endpointView) } },
  }, async (req) => page((await deps.notifications.listEndpoints({ ...req.query, limit: req.query.limit + 1 })).map(viewEndpoint), req.query.limit));

  app.get('/webhook-endpoints/:id', {
    schema: { tags, summary: 'Get a webhook endpoint', params: idParams, response: { 200: endpointView } },
  }, async (req) => viewEndpoint(await deps.notifications.getEndpoint(req.params.id)));

  app.patch('/webhook-endpoints/:id', {
    schema: {
      tags,
      summary: "Change an endpoint's URL or events, or disable it (its deliveries wait) and enable it again",
      params: idParams,
      body: z.object({ url: url.optional(), events: events.optional(), status: z.enum(['enabled', 'disabled']).optional() }),
      response: { 200: endpointView },
    },
  }, async (req) => viewEndpoint(await deps.notifications.updateEndpoint(req.params.id, req.body)));

  app.get('/webhook-deliveries', {
    schema: {
      tags,
      summary: 'List deliveries with their status and attempts',
      querystring: pageQuery.extend({ endpointId: z.string().min(1).optional(), status: deliveryStatus.optional() }),
      response: { 200: listOf(deliveryView) },
    },
  }, async (req) => page((await deps.notifications.listDeliveries({ ...req.query, limit: req.query.limit + 1 })).map(viewDelivery), req.query.limit));

  app.post('/webhook-deliveries/:id/retry', {
    schema: { tags, summary: 'Send a delivered or failed delivery again, at once', params: idParams, response: { 202: deliveryView } },
  }, async (req, reply) => reply.code(202).send(viewDelivery(await deps.notifications.retryDelivery(req.params.id))));
}
