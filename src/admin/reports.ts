import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isMonth } from '../analytics/finance/calendar.js';
import type { AdminDeps } from './context.js';
import type { AnalyticsAdminDeps } from './finance.js';
import { budgetReportView, cashReportView, viewBudgetReport, viewCashReport } from './finance-views.js';
import { currencySchema } from './money-schemas.js';
import { alertView, overviewView, saasReportView, viewOverview, viewSaasReport } from './reports-views.js';

const month = z.string().refine(isMonth, 'a month as YYYY-MM');
const epochMs = z.coerce.number().int().min(0);
const booleanText = z.enum(['true', 'false']).transform((text) => text === 'true');

/** SaaS metrics, cash and budget reports, the overview, and the alerts. */
export function registerReportRoutes(root: FastifyInstance, deps: AdminDeps & AnalyticsAdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const analytics = deps.analytics;

  app.get('/reports/saas', {
    schema: { tags, summary: 'SaaS metrics of a month: MRR and its movements, ARR, customers, ARPA, churn, NRR, GRR, LTV, CAC payback (docs/metrics.md)', querystring: z.object({ month: month.optional(), currency: currencySchema.optional() }), response: { 200: saasReportView } },
  }, async (req) => viewSaasReport(await analytics.saas(req.query)));

  app.get('/reports/cash', {
    schema: { tags, summary: 'Cash position per month: opening cash + payments in − expenses − upstream bills, net burn and runway', querystring: z.object({ months: z.coerce.number().int().min(1).max(120).default(12), currency: currencySchema.optional() }), response: { 200: cashReportView } },
  }, async (req) => viewCashReport(await analytics.finance.cash(req.query)));

  app.get('/reports/budget', {
    schema: {
      tags,
      summary: 'Budget against expenses paid, per category, for a month',
      querystring: z.object({ month: month.optional(), currency: currencySchema.optional() }),
      response: { 200: budgetReportView },
    },
  }, async (req) => viewBudgetReport(await analytics.finance.budgetReport(req.query)));

  app.get('/reports/overview', {
    schema: { tags, summary: 'Revenue, cost and margin of a window (default: the last 30 days), MRR, customers, cash, burn, runway, open alerts, and the daily series', querystring: z.object({ fromMs: epochMs.optional(), toMs: epochMs.optional(), currency: currencySchema.optional() }), response: { 200: overviewView } },
  }, async (req) => viewOverview(await analytics.overview(req.query)));

  app.get('/alerts', {
    schema: { tags, summary: 'Alerts, newest first; ?open=true for the ones whose condition still holds', querystring: z.object({ open: booleanText.optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) }), response: { 200: z.object({ object: z.literal('list'), data: z.array(alertView) }) } },
  }, async (req) => ({ object: 'list' as const, data: await analytics.alerts.list({ open: req.query.open, limit: req.query.limit }) }));
}

