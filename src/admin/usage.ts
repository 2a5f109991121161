import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { exportFormats, exportMediaTypes, exportText } from '../metering/export.js';
import { MAX_USAGE_PAGE } from '../metering/service.js';
import { parseGroupBy, type SummaryDimension, summaryDimensions } from '../metering/summary.js';
import { summaryRowView, usageEventView } from '../metering/views.js';
import type { AdminDeps } from './context.js';
import { moneyOut } from './money-schemas.js';
import { listOf } from './schemas.js';

const epochMs = z.coerce.number().int().min(0);
const usageFilter = z.object({
  requestId: z.string().min(1).optional().describe('One request, by the x-request-id its answer carried'),
  customerId: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  upstreamId: z.string().min(1).optional(),
  outcome: z.enum(['completed', 'cut_short', 'failed']).optional(),
  fromMs: epochMs.optional().describe('Epoch ms; events that started at or after it'),
  toMs: epochMs.optional().describe('Epoch ms; events that started before it'),
});
const listQuery = usageFilter.extend({
  limit: z.coerce.number().int().min(1).max(MAX_USAGE_PAGE).default(100),
  before: z.string().min(1).optional().describe('The requestId of the last event of the previous page: returns the events after it in newest-first order'),
});

const groupBy = z
  .string()
  .default('')
  .refine((text) => parseGroupBy(text) !== null, `groupBy: a comma-separated list of ${summaryDimensions.join(', ')}`)
  .transform((text) => parseGroupBy(text)!);
const summaryQuery = z.object({
  groupBy: groupBy.describe(`Comma-separated subset of ${summaryDimensions.join(',')}; empty: totals per currency`),
  utcOffsetMinutes: z.coerce.number().int().min(-720).max(840).default(0).describe('Where days and months start: 0 = UTC, 480 = UTC+8'),
  fromMs: epochMs.optional().describe('Epoch ms; hours that start at or after it (the rollup is hourly: align to an hour for an exact range)'),
  toMs: epochMs.optional().describe('Epoch ms; hours that start before it'),
  customerId: z.string().min(1).optional(),
  keyId: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  upstreamId: z.string().min(1).optional(),
});

const attemptsQuery = z.object({
  fromMs: epochMs.optional().describe('Epoch ms; attempts that started at or after it'),
  toMs: epochMs.optional().describe('Epoch ms; attempts that started before it'),
  upstreamId: z.string().min(1).optional(),
  customerId: z.string().min(1).optional(),
  model: z.string().min(1).optional().describe('The public model the request asked for'),
});

const attemptRow = z.object({
  upstreamId: z.string(),
  outcome: z.string().describe('How the attempt failed: connect, timeout, status, bad_response, or client_closed'),
  httpStatus: z.number().nullable().describe('The upstream\'s status, for outcome "status"'),
  attempts: z.number(),
  rescued: z.number().describe('Attempts whose request a later route then served'),
  latencyMsSum: z.number().describe('Time the upstream spent on them'),
});

/** A usage event as operators see it; the portal shows customers a part of it. */
export const eventView = z.object({
  requestId: z.string(),
  customerId: z.string(),
  keyId: z.string(),
  model: z.string(),
  endpoint: z.string(),
  upstreamId: z.string().nullable(),
  upstreamModel: z.string().nullable(),
  stream: z.boolean(),
  outcome: z.enum(['completed', 'cut_short', 'failed']),
  httpStatus: z.number(),
  promptTokens: z.number(),
  cachedPromptTokens: z.number(),
  completionTokens: z.number(),
  reasoningTokens: z.number(),
  estimated: z.boolean().describe('Counted by Tollgate because the upstream reported no usage'),
  currency: z.string(),
  revenue: moneyOut.describe('What the customer was charged'),
  costCurrency: z.string().nullable(),
  cost: moneyOut.describe('What the upstream cost the operator (0 while GPU-hour cost is allocated later)'),
  priceId: z.string().nullable(),
  costCardId: z.string().nullable(),
  idempotencyKey: z.string().nullable(),
  latencyMs: z.number(),
  firstByteMs: z.number().nullable(),
  startedAtMs: z.number(),
  createdAtMs: z.number(),
});

const summaryRow = z.object({
  customerId: z.string().optional(),
  keyId: z.string().optional(),
  model: z.string().optional(),
  upstreamId: z.string().nullable().optional(),
  hour: z.string().optional().describe('Local start of the hour, e.g. "2026-03-05T14:00"'),
  hourStartMs: z.number().optional(),
  day: z.string().optional().describe('Local date, e.g. "2026-03-05"'),
  dayStartMs: z.number().optional(),
  month: z.string().optional().describe('Local month, e.g. "2026-03"'),
  monthStartMs: z.number().optional(),
  currency: z.string().describe('The currency of revenue (the customer\'s)'),
  requests: z.number().describe('Requests served (completed or cut short)'),
  failedRequests: z.number(),
  promptTokens: z.number(),
  cachedPromptTokens: z.number(),
  completionTokens: z.number(),
  revenue: moneyOut,
  cost: moneyOut,
  costCurrency: z.string().nullable().describe('The currency of cost; null when the row mixes upstreams costed in different currencies'),
  margin: moneyOut.nullable().describe('revenue − cost; null unless cost is in the revenue currency'),
  avgLatencyMs: z.number().nullable(),
});

/** The read side of metering: usage events, their sums from the hourly rollup, and exports. */
export function registerUsageRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['usage'];

  app.get('/usage', {
    schema: {
      tags,
      summary: 'List usage events, newest first (by startedAtMs, then requestId). Page on with before=<requestId of the last event>.',
      querystring: listQuery,
      response: { 200: listOf(eventView) },
    },
  }, async (req) => {
    const { limit, before, ...filter } = req.query;
    const { events, hasMore } = await deps.usage.list(filter, { limit, before });
    return { object: 'list' as const, data: events.map(usageEventView), hasMore };
  });

  app.get('/usage/summary', {
    schema: {
      tags,
      summary: 'Sums of usage from the hourly rollup, grouped by any of customer, key, model, upstream, hour, day, month; always per currency',
      querystring: summaryQuery,
      response: { 200: z.object({ object: z.literal('list'), groupBy: z.array(z.enum(summaryDimensions)), utcOffsetMinutes: z.number(), data: z.array(summaryRow) }) },
    },
  }, async (req) => {
    const rows = await deps.usage.summary(req.query);
    return { object: 'list' as const, groupBy: req.query.groupBy as SummaryDimension[], utcOffsetMinutes: req.query.utcOffsetMinutes, data: rows.map(summaryRowView) };
  });

  app.get('/usage/attempts', {
    schema: {
      tags,
      summary: 'Upstream attempts that failed (the request then went to its next route, or failed), per upstream, outcome and status',
      querystring: attemptsQuery,
      response: { 200: z.object({ object: z.literal('list'), data: z.array(attemptRow) }) },
    },
  }, async (req) => ({ object: 'list' as const, data: await deps.usage.failedAttempts(req.query) }));

  app.get('/usage/export', {
    schema: {
      tags,
      summary: 'Download usage events as CSV (RFC 4180, with a header row) or JSON lines, newest first, streamed as they are read',
      querystring: usageFilter.extend({ format: z.enum(exportFormats).default('csv') }),
      produces: Object.values(exportMediaTypes),
    },
  }, async (req, reply) => {
    const { format, ...filter } = req.query;
    const stamp = new Date(deps.clock.nowMs()).toISOString().replace(/[-:]|\.\d+/g, '');
    return reply
      .header('content-type', exportMediaTypes[format])
      .header('content-disposition', `attachment; filename="usage-${stamp}.${format}"`)
      // One chunk in flight at a time: a slow client holds back the reads instead of filling memory.
      .send(Readable.from(exportText(deps.usage.chunks(filter), format), { highWaterMark: 1 }));
  });
}
