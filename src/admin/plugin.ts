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
import { registerPortalAdminRoutes } from '../portal/admin-routes.js';
import { registerUsageRoutes } from './usage.js';
import { type AnalyticsAdminDeps, registerAnalyticsRoutes } from './reports-routes.js';
import { type ProfitReportDeps, registerProfitReportRoutes } from './reports-profit.js';

/** The operator API under /admin/v1: every route needs an operator token (or its console session) whose role allows it. */
export async function adminPlugin(app: FastifyInstance, deps: AdminDeps & AnalyticsAdminDeps & ProfitReportDeps): Promise<void> {
  app.addHook('onRequest', async (request) => authorizeOperator(request, deps.operators, deps.cookieAuth));
  registerCustomerRoutes(app, deps);
  registerCatalogRoutes(app, deps);
  registerOperatorRoutes(app, deps);
  registerMoneyRoutes(app, deps);
  registerBillingRoutes(app, deps);
  registerCodeRoutes(app, deps);
  registerNotificationRoutes(app, deps);
  registerPaymentRoutes(app, deps);
  registerUsageRoutes(app, deps);
  registerPortalAdminRoutes(app, deps);
  registerAnalyticsRoutes(app, deps);
  registerProfitReportRoutes(app, deps);
}
