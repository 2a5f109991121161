import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listOf } from '../admin/schemas.js';
import { TollgateError } from '../core/errors.js';
import { MAX_USAGE_PAGE } from '../metering/service.js';
import { parseGroupBy, type SummaryDimension } from '../metering/summary.js';
import { type PortalDeps, portalOf } from './context.js';
import { summaryRowView, usageEventView } from './schemas.js';
import { viewSummaryRow, viewUsageEvent } from './views.js';

/** Customers group by what is theirs to know: not by customer (there is one) nor by upstream (the operator's). */
const portalDimensions = ['key', 'model', 'hour', 'day', 'month'] as const satisfies readonly SummaryDimension[];

const epochMs = z.coerce.number().int().min(0);
const listQuery = z.object({
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  outcome: z.enum(['completed', 'cut_short', 'failed']).optional(),
  fromMs: epochMs.optional().describe('Epoch ms; events that started at or after it'),
  toMs: epochMs.optional().describe('Epoch ms; events that started before it'),
  limit: z.coerce.number().int().min(1).max(MAX_USAGE_PAGE).default(100),
  before: z.string().min(1).optional().describe('The requestId of the last event of the previous page'),
});
const summaryQuery = z.object({
  groupBy: z
    .string()
    .default('')
    .refine((text) => parseGroupBy(text)?.every((d) => (portalDimensions as readonly string[]).includes(d)) ?? false, `groupBy: a comma-separated list of ${portalDimensions.join(', ')}`)
    .transform((text) => parseGroupBy(text)!),
  utcOffsetMinutes: z.coerce.number().int().min(-720).max(840).default(0).describe('Where days and months start: 0 = UTC, 480 = UTC+8'),
  fromMs: epochMs.optional().describe('Epoch ms; hours that start at or after it'),
  toMs: epochMs.optional().describe('Epoch ms; hours that start before it'),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
});

/** The account's metered requests, newest first, and their sums; always filtered to the account. */
export function registerUsageRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['usage'];

  app.get('/usage', {
    schema: { tags, summary: 'Usage events, newest first; page on with before=<requestId of the last event>', querystring: listQuery, response: { 200: listOf(usageEventView) } },
  }, async (req) => {
    const customerId = portalOf(req).customer.id;
    const { limit, before, ...filter } = req.query;
    if (before !== undefined && (await deps.usageOwners.usageEventCustomer(before)) !== customerId) {
      throw new TollgateError('invalid_request', `before: no usage event has the request id "${before}".`, { param: 'before' });
    }
    const { events, hasMore } = await deps.usage.list({ ...filter, customerId }, { limit, before });
    return { object: 'list' as const, data: events.map(viewUsageEvent), hasMore };
  });

  app.get('/usage/summary', {
    schema: {
      tags,
      summary: `Sums of usage grouped by any of ${portalDimensions.join(', ')}; always per currency`,
      querystring: summaryQuery,
      response: { 200: z.object({ object: z.literal('list'), groupBy: z.array(z.enum(portalDimensions)), utcOffsetMinutes: z.number(), data: z.array(summaryRowView) }) },
    },
  }, async (req) => {
    const rows = await deps.usage.summary({ ...req.query, customerId: portalOf(req).customer.id });
    return { object: 'list' as const, groupBy: req.query.groupBy as (typeof portalDimensions)[number][], utcOffsetMinutes: req.query.utcOffsetMinutes, data: rows.map(viewSummaryRow) };
  });
}
