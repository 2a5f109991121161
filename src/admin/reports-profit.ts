import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_PROFIT_ROWS } from '../analytics/profit/report.js';
import type { ProfitReports } from '../analytics/profit/service.js';
import { parseDimensions, profitDimensions, profitPeriods, profitSorts } from '../analytics/profit/types.js';
import { currencySchema } from './money-schemas.js';
import { gpuReportView, planReportView, profitReportView, viewGpuReport, viewPlanReport, viewProfitReport, viewWhatIf, whatIfView } from './reports-profit-views.js';

export interface ProfitReportDeps {
  profitReports: ProfitReports;
}

const epochMs = z.coerce.number().int().min(0);
const range = {
  fromMs: epochMs.optional().describe('Epoch ms; hours that start at or after it (default: the start of last month, UTC)'),
  toMs: epochMs.optional().describe('Epoch ms; hours that start before it (default: the start of this month, UTC)'),
};
const currency = currencySchema.optional().describe('Default: the currency most customers pay in');
const perMillion = z.string().regex(/^\d{1,10}(\.\d{1,9})?$/, 'a decimal string such as "0.20"');

/** Profit by customer, key, model, plan or upstream; plans' cost per subscriber; what-if repricing; GPU hours. */
export function registerProfitReportRoutes(root: FastifyInstance, deps: ProfitReportDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['reports'];
  const reports = deps.profitReports;

  app.get('/reports/profit', {
    schema: {
      tags,
      summary: 'Recognised revenue, cost and margin per customer, key, model, plan or upstream (or a cross product), optionally per UTC day, week or month; biggest losers first (src/analytics/profit/README.md)',
      querystring: z.object({
        groupBy: z
          .string()
          .default('customer')
          .refine((text) => parseDimensions(text) !== null, `groupBy: one of ${profitDimensions.join(', ')}, or several comma-separated (customer,model)`)
          .transform((text) => parseDimensions(text)!)
          .describe(`One of ${profitDimensions.join(', ')}, or several comma-separated for their cross product, e.g. customer,model`),
        period: z.enum(profitPeriods).default('all').describe('UTC buckets; weeks start on Monday'),
        ...range,
        currency,
        sort: z.enum(profitSorts).default('margin').describe('margin ascending (default), revenue or cost descending, key ascending'),
        limit: z.coerce.number().int().min(1).max(MAX_PROFIT_ROWS).default(1000),
      }),
      response: { 200: profitReportView },
    },
  }, async (req) => viewProfitReport(await reports.profit(req.query)));

  app.get('/reports/plans', {
    schema: {
      tags,
      summary: "Each plan's month: subscribers, fee, revenue, cost, and the spread of cost per subscriber (p50, p90, p99, max) with how many cost more than the fee",
      querystring: z.object({ month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM').optional().describe('UTC month; default: last month') }),
      response: { 200: planReportView },
    },
  }, async (req) => viewPlanReport(await reports.plans(req.query.month)));

  app.get('/reports/what-if', {
    schema: {
      tags,
      summary: "A model's revenue, cost and margin over a range at the list prices then in force and at new prices per 1M tokens (both at list price; what was charged beside them)",
      querystring: z.object({
        model: z.string().min(1),
        input: perMillion.describe('New price of 1M uncached prompt tokens'),
        cachedInput: perMillion.optional().describe('New price of 1M cached prompt tokens; default: the new input price'),
        output: perMillion.describe('New price of 1M output tokens'),
        ...range,
        currency,
      }),
      response: { 200: whatIfView },
    },
  }, async (req) => {
    const { model, input, cachedInput, output, ...rest } = req.query;
    return viewWhatIf(await reports.whatIf({ model, rates: { input, cachedInput, output }, ...rest }));
  });

  app.get('/reports/gpu', {
    schema: {
      tags,
      summary: 'Per GPU-hour upstream: hours, cost, allocated and idle, utilisation, and the utilisation at which its revenue per token would break even',
      querystring: z.object(range),
      response: { 200: gpuReportView },
    },
  }, async (req) => {
    const resolved = reports.range(req.query);
    return viewGpuReport(resolved, await reports.gpu(resolved));
  });
}
