import http from 'node:http';
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
import { chargingAdmitter } from './charging.js';
import { GatewayMetrics } from '../gateway/metrics.js';
import { fastPath } from '../gateway/fast-path.js';
import { Proxy } from '../gateway/proxy.js';
import { registerGatewayRoutes } from '../gateway/routes.js';
import { stripeWebhookPlugin } from '../payments/webhook-route.js';
import { consolePlugin } from '../portal/plugin.js';
import { CookieAuth } from '../portal/session-auth.js';
import { consoleStaticPlugin } from '../portal/static.js';
import type { Services } from './services.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** The request body as received, when it was JSON. */
    rawBody?: string;
  }
}

export interface ServerOptions {
  logger: Logger;
  admitter?: Admitter;
}

/** Builds the HTTP server: /v1 (OpenAI-compatible), /admin/v1, /portal/v1, the console, /webhooks, health and metrics. */
export async function buildServer(services: Services, options: ServerOptions): Promise<FastifyInstance> {
  const { config } = services;
  let proxy: Proxy | null = null;
  let closing = false;
  const fast = fastPath(() => proxy, { bodyLimitBytes: config.bodyLimitBytes, logRequests: config.logRequests, isClosing: () => closing, logger: () => app.log });
  const app = Fastify({
    // The /v1 POST endpoints are served before Fastify sees them (gateway/fast-path.ts).
    serverFactory: (handler) => http.createServer((req, res) => fast(req, res) || handler(req, res)),
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
  proxy = new Proxy({
    catalog: services.catalog,
    health: services.health,
    admitter: options.admitter ?? chargingAdmitter(services, app.log),
    clock: services.clock,
    metrics: new GatewayMetrics(registry),
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

  app.addHook('preClose', async () => {
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
  const cookieAuth = new CookieAuth(services.sessions, config.publicUrl);
  await app.register(async (admin) => adminPlugin(admin, { ...services, cookieAuth }), { prefix: '/admin/v1' });
  await app.register(async (scope) => consolePlugin(scope, { ...services, auth: cookieAuth }));
  await app.register(async (scope) => consoleStaticPlugin(scope, { dir: config.consoleDir }));
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
  app.addContentTypeParser('*', { parseAs: 'string' }, (request, body, done) => {
    const text = body as string;
    if (text.length === 0) return done(null, undefined);
    try {
      const parsed: unknown = JSON.parse(text);
      // Kept so the gateway can forward the client's own bytes when it changes nothing in them.
      request.rawBody = text;
      done(null, parsed);
    } catch (error) {
      done(new TollgateError('invalid_json', `We could not parse the JSON body of your request: ${(error as Error).message}`), undefined);
    }
  });
}

function registerErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const tollgateError = toTollgateError(error);
    // A client that hung up is not a server failure worth an error line.
    if (tollgateError.status >= 500 && !request.raw.destroyed) request.log.error({ err: error, requestId: request.id }, 'request failed');
    return reply.code(tollgateError.status).headers({ 'x-request-id': request.id, ...tollgateError.headers }).send(tollgateError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    const error = new TollgateError('route_not_found', `Unknown request URL: ${request.method} ${request.url.split('?')[0]}.`);
    return reply.code(error.status).header('x-request-id', request.id).send(error.toBody());
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
