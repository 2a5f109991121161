import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';
import { TollgateError } from '../core/errors.js';
import { registerAccountRoutes } from './account-routes.js';
import type { PortalDeps } from './context.js';
import { registerCreditRoutes } from './credit-routes.js';
import { registerInvoiceRoutes } from './invoice-routes.js';
import { registerPlanRoutes } from './plan-routes.js';
import { CSRF_HEADER } from './session-auth.js';
import { registerSessionRoutes } from './session-routes.js';
import { registerUsageRoutes } from './usage-routes.js';
import { SESSION_COOKIE } from './cookies.js';

declare module 'fastify' {
  interface FastifyInstance {
    portalSwagger: FastifyInstance['swagger'];
  }
}

/**
 * The console's session API (/console/api) and the customer portal (/portal/v1), with their own
 * OpenAPI document at /portal/v1/openapi.json. Its swagger instance lives in this encapsulated
 * scope, so it sees only these routes, while the root's admin document hides them.
 */
export async function consolePlugin(app: FastifyInstance, deps: PortalDeps): Promise<void> {
  await app.register(swagger, {
    decorator: 'portalSwagger',
    openapi: {
      info: { title: 'Tollgate portal API', version: '1', description: `For a customer's members. Sign in with POST /console/api/session; the ${SESSION_COOKIE} cookie then authenticates, and every request other than GET and HEAD must send the session's csrfToken as ${CSRF_HEADER}.` },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE },
          csrf: { type: 'apiKey', in: 'header', name: CSRF_HEADER },
        },
      },
      security: [{ session: [], csrf: [] }],
    },
    transform: jsonSchemaTransform,
  });
  app.get('/portal/v1/openapi.json', { schema: { hide: true } }, async () => app.portalSwagger());
  await app.register(async (session) => registerSessionRoutes(session, deps), { prefix: '/console/api' });
  await app.register(async (portal) => portalPlugin(portal, deps), { prefix: '/portal/v1' });
}

/** Every portal route needs a member's session and is about that member's customer only. */
async function portalPlugin(app: FastifyInstance, deps: PortalDeps): Promise<void> {
  app.addHook('onRequest', async (request) => {
    const live = await deps.auth.memberFromCookie(request);
    if (request.routeOptions.config.ownerOnly && live.member.member.role !== 'owner') {
      throw new TollgateError('forbidden', 'Only an owner of the account may do this.');
    }
    request.portal = live;
  });
  registerAccountRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerCreditRoutes(app, deps);
  registerPlanRoutes(app, deps);
  registerInvoiceRoutes(app, deps);
}
