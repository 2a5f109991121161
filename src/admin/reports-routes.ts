import type { FastifyInstance } from 'fastify';
import type { AdminDeps } from './context.js';
import { type AnalyticsAdminDeps, registerFinanceRoutes } from './finance.js';
import { registerReportRoutes } from './reports.js';
import { registerForecastRoutes } from './reports-forecast.js';

export type { AnalyticsAdminDeps };

/** Finance inputs, reports, forecasts and alerts under /admin/v1. */
export function registerAnalyticsRoutes(app: FastifyInstance, deps: AdminDeps & AnalyticsAdminDeps): void {
  registerFinanceRoutes(app, deps);
  registerReportRoutes(app, deps);
  registerForecastRoutes(app, deps);
}
