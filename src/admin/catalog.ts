import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { viewUpstream } from '../upstreams/service.js';
import type { Upstream } from '../upstreams/types.js';
import type { AdminDeps } from './context.js';
import { idParams, modelInput, modelPatch, modelView, upstreamInput, upstreamPatch, upstreamView } from './schemas.js';

export function registerCatalogRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const view = (upstream: Upstream) => {
    const health = deps.health.snapshot(deps.clock.nowMs())[upstream.id] ?? { healthy: true, consecutiveFailures: 0 };
    return { ...viewUpstream(upstream), health };
  };

  const tags = ['upstreams'];
  app.get('/upstreams', {
    schema: { tags, summary: 'List upstreams', response: { 200: z.object({ object: z.literal('list'), data: z.array(upstreamView) }) } },
  }, async () => ({ object: 'list' as const, data: (await deps.upstreams.list()).map(view) }));

  app.post('/upstreams', {
    schema: { tags, summary: 'Add an upstream', body: upstreamInput, response: { 201: upstreamView } },
  }, async (req, reply) => reply.code(201).send(view(await deps.upstreams.create(req.body))));

  app.get('/upstreams/:id', {
    schema: { tags, summary: 'Get an upstream by id or name', params: idParams, response: { 200: upstreamView } },
  }, async (req) => view(await deps.upstreams.get(req.params.id)));

  app.patch('/upstreams/:id', {
    schema: { tags, summary: 'Change an upstream (credentials are replaced when apiKey is given)', params: idParams, body: upstreamPatch, response: { 200: upstreamView } },
  }, async (req) => view(await deps.upstreams.update(req.params.id, req.body)));

  const modelTags = ['models'];
  app.get('/models', {
    schema: { tags: modelTags, summary: 'List models', response: { 200: z.object({ object: z.literal('list'), data: z.array(modelView) }) } },
  }, async () => ({ object: 'list' as const, data: await deps.models.list() }));

  app.post('/models', {
    schema: { tags: modelTags, summary: 'Add a model and its routes', body: modelInput, response: { 201: modelView } },
  }, async (req, reply) => reply.code(201).send(await deps.models.create(req.body)));

  app.get('/models/:id', {
    schema: { tags: modelTags, summary: 'Get a model by id or name', params: idParams, response: { 200: modelView } },
  }, async (req) => deps.models.get(req.params.id));

  app.patch('/models/:id', {
    schema: { tags: modelTags, summary: 'Change a model; routes, when given, replace the old ones', params: idParams, body: modelPatch, response: { 200: modelView } },
  }, async (req) => deps.models.update(req.params.id, req.body));
}
