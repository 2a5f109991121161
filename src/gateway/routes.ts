import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TollgateError } from '../core/errors.js';
import { keyAllowsModel } from '../keys/service.js';
import type { Endpoint } from '../providers/types.js';
import type { CatalogCache, Caller, ResolvedModel } from './catalog.js';
import { bearerToken } from './auth.js';
import type { Proxy } from './proxy.js';

/** The OpenAI-compatible API under /v1. */
export function registerGatewayRoutes(app: FastifyInstance, proxy: Proxy, catalog: CatalogCache): void {
  const forward = (endpoint: Endpoint) => (request: FastifyRequest, reply: Parameters<Proxy['handle']>[2]) => proxy.handle(endpoint, request, reply);
  app.post('/v1/chat/completions', forward('chat.completions'));
  app.post('/v1/completions', forward('completions'));
  app.post('/v1/embeddings', forward('embeddings'));

  app.get('/v1/models', async (request) => {
    const caller = await authenticate(request, catalog);
    const data = catalog
      .allModels()
      .filter((m) => keyAllowsModel(caller.key, m.model.name))
      .sort((a, b) => a.model.name.localeCompare(b.model.name))
      .map(modelObject);
    return { object: 'list', data };
  });

  app.get('/v1/models/*', async (request) => {
    const caller = await authenticate(request, catalog);
    const name = decodeURIComponent((request.params as { '*': string })['*']);
    const model = catalog.model(name);
    if (!model || !keyAllowsModel(caller.key, name)) {
      throw new TollgateError('model_not_found', `The model '${name}' does not exist or you do not have access to it.`, { param: 'model' });
    }
    return modelObject(model);
  });
}

function modelObject(resolved: ResolvedModel) {
  return {
    id: resolved.model.name,
    object: 'model',
    created: Math.floor(resolved.model.createdAtMs / 1000),
    owned_by: 'tollgate',
  };
}

async function authenticate(request: FastifyRequest, catalog: CatalogCache): Promise<Caller> {
  return catalog.authenticate(bearerToken(request));
}
