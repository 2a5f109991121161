import swagger from '@fastify/swagger';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance, LogController } from 'fastify';
import { hasZodFastifySchemaValidationErrors, jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Logger } from 'pino';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { sql } from 'kysely';
import { adminPlugin } from '../admin/plugin.js';
import { TollgateError, isTollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Admitter } from '../gateway/admission.js';
import { ChargingAdmitter } from '../gateway/charging.js';
import { createGatewayMetrics } from '../gateway/metrics.js';
import { Proxy } from '../gateway/proxy.js';
import { registerGatewayRoutes } from '../gateway/routes.js';
import { stripeWebhookPlugin } from '../payments/webhook-route.js';
import type { Services } from './services.js';

export interface ServerOptions {
  logger: Logger;
  admitter?: Admitter;
}

/** Builds the HTTP server: /v1 (OpenAI-compatible), /admin/v1, /webhooks, health and metrics. */
export async function buildServer(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const { config } = services;
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: !config.logRequests }),
    bodyLimit: config.bodyLimitBytes,
    genReqId: () => newId('req'),
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerJsonParser(app);
  registerErrorHandlers(app);

  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'tollgate_' });
  const proxy = new Proxy({
    catalog: services.catalog,
    health: services.health,
    admitter:
      options.admitter ??
      new ChargingAdmitter({
        catalog: services.catalog,
        limiter: services.limiter,
        guard: services.creditGuard,
        writer: services.ledgerWriter,
        clock: services.clock,
        logger: app.log,
        options: { holdTtlMs: config.holdTtlMs, defaultMaxOutputTokens: config.defaultMaxOutputTokens },
      }),
    clock: services.clock,
    metrics: createGatewayMetrics(registry),
    logger: app.log,
  });

  await app.register(swagger, {
    openapi: {
      info: { title: 'Tollgate admin API', version: '1', description: 'Operator API. Authenticate with "Authorization: Bearer <operator token>".' },
      components: { securitySchemes: { operatorToken: { type: 'http', scheme: 'bearer' } } },
      security: [{ operatorToken: [] }],
    },
    transform: (input) => (input.url.startsWith('/admin/v1/') ? jsonSchemaTransform(input) : { schema: { ...input.schema, hide: true }, url: input.url }),
  });

  let closing = false;
  app.addHook('onClose', async () => {
    closing = true;
  });
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async (_request, reply) => {
    try {
      if (closing) throw new Error('closing');
      await sql`select 1`.execute(services.store.db);
      return { status: 'ready' };
    } catch {
      return reply.code(503).send({ status: 'not ready' });
    }
  });
  app.get('/metrics', async (_request, reply) => reply.header('content-type', registry.contentType).send(await registry.metrics()));
  app.get('/admin/v1/openapi.json', async () => app.swagger());

  registerGatewayRoutes(app, proxy, services.catalog);
  await app.register(async (admin) => adminPlugin(admin, services), { prefix: '/admin/v1' });
  await app.register(async (webhooks) => stripeWebhookPlugin(webhooks, services));

  // A write through this replica's admin API is visible to its request path at once; other
  // replicas see it on their next catalog poll.
  app.addHook('onResponse', async (request) => {
    if (request.method !== 'GET' && request.url.startsWith('/admin/')) await services.catalog.refresh();
  });
  return app;
}

/**
 * Every body is read as JSON whatever its content type (a pasted curl without -H still works),
 * and a body that is not JSON gets the catalog's invalid_json.
 */
function registerJsonParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (_request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (error) {
      done(new TollgateError('invalid_json', `We could not parse the JSON body of your request: ${(error as Error).message}`), undefined);
    }
  });
}

function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const tollgateError = toTollgateError(error);
    if (tollgateError.status >= 500) request.log.error({ err: error, requestId: request.id }, 'request failed');
    return reply.code(tollgateError.status).headers(tollgateError.headers).send(tollgateError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new TollgateError('route_not_found', `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`);
    return reply.code(error.status).send(error.toBody());
  });
}

function toTollgateError(error: FastifyError): TollgateError {
  if (isTollgateError(error)) return error;
  if (hasZodFastifySchemaValidationErrors(error)) {
    const first = error.validation[0];
    const param = first?.instancePath ? first.instancePath.replace(/^\//, '').replace(/\//g, '.') : null;
    return new TollgateError('invalid_request', `Invalid ${error.validationContext ?? 'request'}: ${param ? `${param}: ` : ''}${first?.message ?? error.message}`, { param });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new TollgateError('body_too_large');
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new TollgateError('unsupported_media_type');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return new TollgateError('invalid_json');
  }
  if (error.statusCode === 405) return new TollgateError('method_not_allowed');
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return new TollgateError('invalid_request', error.message);
  return new TollgateError('internal_error', undefined, { cause: error });
}
