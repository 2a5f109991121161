import type { FastifyInstance } from 'fastify';
import { registerCatalogRoutes } from './catalog.js';
import { type AdminDeps, authorizeOperator } from './context.js';
import { registerCustomerRoutes } from './customers.js';
import { registerMoneyRoutes } from './money.js';
import { registerOperatorRoutes } from './operators.js';

/** The operator API under /admin/v1: every route needs an operator token whose role allows it. */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  app.addHook('onRequest', async (request) => authorizeOperator(request, deps.operators));
  registerCustomerRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOperatorRoutes(app, deps);
  registerMoneyRoutes(app, deps);
}
