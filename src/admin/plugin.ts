import type { FastifyInstance } from 'fastify';
import { registerCodeRoutes } from '../billing/codes/routes.js';
import { registerNotificationRoutes } from '../notifications/routes.js';
import { registerBillingRoutes } from './billing.js';
import { registerCatalogRoutes } from './catalog.js';
import { type AdminDeps, authorizeOperator } from './context.js';
import { registerCustomerRoutes } from './customers.js';
import { registerMoneyRoutes } from './money.js';
import { registerOperatorRoutes } from './operators.js';
import { registerPaymentRoutes } from '../payments/routes.js';
import { registerUsageRoutes } from './usage.js';

/** The operator API under /admin/v1: every route needs an operator token whose role allows it. */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps): Promise<void> {
  app.addHook('onRequest', async (request) => authorizeOperator(request, deps.operators));
  registerCustomerRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOperatorRoutes(app, deps);
  registerMoneyRoutes(app, deps);
  registerBillingRoutes(app, deps);
  registerCodeRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerUsageRoutes(app, deps);
}
