import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AdminDeps } from './context.js';
import type { AnalyticsAdminDeps } from './finance.js';
import { currencySchema } from './money-schemas.js';

const pctParam = z.coerce.number().min(-100).max(1000).default(0);
const backtestView = z.object({ holdout: z.number(), mape: z.number().nullable(), mse: z.number().nullable(), method: z.string() }).nullable();
const forecastView = z.object({
  series: z.enum(['revenue', 'cost', 'usage']),
  unit: z.string().describe('The currency of revenue and cost, or "tokens"'),
  method: z.string(),
  history: z.array(z.object({ day: z.string(), value: z.string() })),
  points: z.array(z.object({ day: z.string(), value: z.string(), lower: z.string(), upper: z.string() })),
  backtest: backtestView.describe('The same method fitted without the last days and compared with them: MAPE in percent, MSE in units squared'),
});
const projectionRow = z.object({ month: z.string(), revenue: z.string(), directCost: z.string(), operatingExpenses: z.string(), profit: z.string(), cumulativeProfit: z.string() });
const breakEvenView = z.object({
  currency: z.string(),
  scenario: z.object({ revenueGrowthPctPerMonth: z.number(), priceChangePct: z.number(), costPerUnitChangePct: z.number(), opexGrowthPctPerMonth: z.number() }),
  actuals: z.array(projectionRow.omit({ cumulativeProfit: true })),
  projection: z.array(projectionRow),
  actualCumulativeProfit: z.string(),
  breakEvenMonth: z.string().nullable(),
  cumulativeBreakEvenMonth: z.string().nullable(),
});
const creditView = z.object({
  customerId: z.string(),
  name: z.string(),
  currency: z.string(),
  balance: z.string(),
  spendPerDay: z.string(),
  runOutDate: z.string().nullable(),
  remainingDays: z.number().nullable(),
  method: z.string(),
});

/** Forecasts wired to the books: daily series with backtests, break-even, prepaid credit run-out. */
export function registerForecastRoutes(root: FastifyInstance, deps: AdminDeps & AnalyticsAdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['forecasts'];
  const analytics = deps.analytics;

  app.get('/reports/forecast', {
    schema: {
      tags,
      summary: 'Forecast of daily revenue, cost or usage (tokens) with a 95 % band, and its backtest',
      querystring: z.object({
        series: z.enum(['revenue', 'cost', 'usage']).default('revenue'),
        horizonDays: z.coerce.number().int().min(1).max(365).default(30),
        historyDays: z.coerce.number().int().min(7).max(730).default(90),
        currency: currencySchema.optional(),
      }),
      response: { 200: forecastView },
    },
  }, async (req) => analytics.forecast(req.query));

  app.get('/reports/break-even', {
    schema: {
      tags,
      summary: 'When the business breaks even under a what-if scenario, from the monthly books (revenue, direct cost, operating expenses)',
      querystring: z.object({
        growthPct: pctParam.describe('Usage growth per month, compounding'),
        priceChangePct: pctParam,
        costChangePct: pctParam.describe('Change in what a unit costs to serve'),
        opexGrowthPct: pctParam.describe('Operating expense growth per month'),
        horizonMonths: z.coerce.number().int().min(1).max(120).default(24),
        currency: currencySchema.optional(),
      }),
      response: { 200: breakEvenView },
    },
  }, async (req) => {
    const q = req.query;
    return analytics.breakEven({
      scenario: { revenueGrowthPctPerMonth: q.growthPct, priceChangePct: q.priceChangePct, costPerUnitChangePct: q.costChangePct, opexGrowthPctPerMonth: q.opexGrowthPct },
      horizonMonths: q.horizonMonths,
      currency: q.currency,
    });
  });

  app.get('/reports/credit-runway', {
    schema: { tags, summary: 'Every prepaid customer with credit left: balance, forecast spend per day, the day it runs out', response: { 200: z.object({ object: z.literal('list'), data: z.array(creditView) }) } },
  }, async () => ({ object: 'list' as const, data: await analytics.creditRunway() }));
}
