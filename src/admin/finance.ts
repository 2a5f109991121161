import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { isMonth, parseDay } from '../analytics/finance/calendar.js';
import { expenseCategories, type FinanceSettings } from '../analytics/finance/types.js';
import type { Analytics } from '../analytics/overview/analytics.js';
import { TollgateError } from '../core/errors.js';
import type { AdminDeps } from './context.js';
import { financeSettingsView, viewExpense, viewFinanceSettings, expenseView } from './finance-views.js';
import { currencySchema, money, moneyOut, positiveMoney, showMoney, transferView, viewTransfer } from './money-schemas.js';
import { idParams } from './schemas.js';

export interface AnalyticsAdminDeps {
  analytics: Analytics;
}

const day = z.string().refine((text) => parseDay(text) !== null, 'a date as YYYY-MM-DD').describe('YYYY-MM-DD (UTC)');
const expenseInput = z.object({
  date: day,
  category: z.enum(expenseCategories),
  description: z.string().min(1).max(500),
  amount: positiveMoney,
  currency: currencySchema.optional().describe('Default: the finance settings currency'),
  recurrence: z.enum(['one_off', 'monthly']).default('one_off'),
  endDate: day.optional().describe('Monthly only: paid until before this day'),
  externalRef: z.string().min(1).max(200).optional(),
});
const settingsInput = z.object({
  currency: currencySchema.optional(),
  openingCash: money.optional(),
  openingCashDate: day.nullable().optional(),
  cac: money.nullable().optional(),
  cacByMonth: z.record(z.string().refine(isMonth, 'a month as YYYY-MM'), money).optional(),
  alertThresholds: z.object({ runwayMonths: z.number().min(0).max(120).optional(), creditDays: z.number().int().min(0).max(365).optional() }).optional(),
});
const budgetView = z.object({ month: z.string(), category: z.enum(expenseCategories), currency: z.string(), amount: moneyOut });

/** Operating expenses (and their CSV import), budgets, the finance settings, upstream bills paid. */
export function registerFinanceRoutes(root: FastifyInstance, deps: AdminDeps & AnalyticsAdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const finance = deps.analytics.finance;

  app.post('/expenses', {
    config: { permission: 'finance' },
    schema: { tags: ['finance'], summary: 'Record an operating expense, one-off or monthly', body: expenseInput, response: { 201: expenseView } },
  }, async (req, reply) => {
    const b = req.body;
    const currency = b.currency ?? (await finance.settings()).currency;
    const expense = await finance.expenses.create({
      category: b.category, description: b.description, currency, amountNanos: b.amount, recurrence: b.recurrence,
      startsAtMs: parseDay(b.date)!, endsAtMs: b.endDate ? parseDay(b.endDate)! : null, externalRef: b.externalRef ?? null,
    });
    return reply.code(201).send(viewExpense(expense));
  });

  app.get('/expenses', {
    schema: { tags: ['finance'], summary: 'Operating expenses, oldest first', querystring: z.object({ category: z.enum(expenseCategories).optional() }), response: { 200: z.object({ object: z.literal('list'), data: z.array(expenseView) }) } },
  }, async (req) => ({ object: 'list' as const, data: (await finance.expenses.list()).filter((e) => !req.query.category || e.category === req.query.category).map(viewExpense) }));

  app.delete('/expenses/:id', {
    config: { permission: 'finance' },
    schema: { tags: ['finance'], summary: 'Delete an expense', params: idParams, response: { 200: z.object({ id: z.string(), deleted: z.literal(true) }) } },
  }, async (req) => {
    await finance.expenses.remove(req.params.id);
    return { id: req.params.id, deleted: true as const };
  });

  void app.register(async (scope) => {
    scope.addContentTypeParser(['text/csv', 'text/plain'], { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.withTypeProvider<ZodTypeProvider>().post('/expenses/import', {
      config: { permission: 'finance' },
      schema: {
        tags: ['finance'],
        summary: 'Import expenses from CSV (content-type text/csv): header date,category,description,amount,currency,recurrence[,external_ref][,end_date]. All rows or none; rows whose external_ref was imported before are skipped.',
        body: z.string(),
        response: { 200: z.object({ imported: z.number(), skipped: z.number(), data: z.array(expenseView) }) },
      },
    }, async (req) => {
      const result = await finance.expenses.importCsv(req.body);
      return { imported: result.imported.length, skipped: result.skipped, data: result.imported.map(viewExpense) };
    });
  });

  app.put('/budgets/:month', {
    config: { permission: 'finance' },
    schema: { tags: ['finance'], summary: "Set a category's budget for a month", params: z.object({ month: z.string().refine(isMonth, 'a month as YYYY-MM') }), body: z.object({ category: z.enum(expenseCategories), amount: money, currency: currencySchema.optional() }), response: { 200: budgetView } },
  }, async (req) => {
    const budget = await finance.setBudget(req.params.month, { category: req.body.category, amountNanos: req.body.amount, currency: req.body.currency });
    return { ...budget, amount: showMoney(budget.amountNanos) };
  });

  app.get('/settings/finance', {
    schema: { tags: ['finance'], summary: 'Finance settings: report currency, opening cash, CAC, alert thresholds', response: { 200: financeSettingsView } },
  }, async () => viewFinanceSettings(await finance.settings()));

  app.put('/settings/finance', {
    config: { permission: 'finance' },
    schema: { tags: ['finance'], summary: 'Change finance settings; fields left out keep their value', body: settingsInput, response: { 200: financeSettingsView } },
  }, async (req) => viewFinanceSettings(await finance.updateSettings(settingsPatch(req.body))));

  app.post('/upstreams/:id/bills', {
    config: { permission: 'finance' },
    schema: {
      tags: ['finance'],
      summary: "Record a bill paid to an upstream: Dr the upstream's payable, Cr cash. Send an Idempotency-Key to make retries safe.",
      params: idParams,
      headers: z.object({ 'idempotency-key': z.string().min(1).max(200).optional() }),
      body: z.object({ amount: positiveMoney, paidAtMs: z.number().int().positive(), memo: z.string().max(500).optional(), currency: currencySchema.optional() }),
      response: { 201: transferView, 200: transferView },
    },
  }, async (req, reply) => {
    const upstream = await deps.upstreams.get(req.params.id);
    const { transfer, applied } = await finance.payUpstream({ upstreamId: upstream.id, amountNanos: req.body.amount, paidAtMs: req.body.paidAtMs, memo: req.body.memo ?? null, currency: req.body.currency, idempotencyKey: req.headers['idempotency-key'] });
    return reply.code(applied ? 201 : 200).send(viewTransfer(transfer));
  });
}

function settingsPatch(body: z.infer<typeof settingsInput>): Partial<FinanceSettings> {
  const patch: Partial<FinanceSettings> = {};
  if (body.currency !== undefined) patch.currency = body.currency;
  if (body.openingCash !== undefined) patch.openingCashNanos = body.openingCash;
  if (body.openingCashDate !== undefined) patch.openingCashDate = body.openingCashDate;
  if (body.cac !== undefined) patch.cacNanos = body.cac;
  if (body.cacByMonth !== undefined) patch.cacByMonth = body.cacByMonth;
  if (body.alertThresholds !== undefined) patch.alertThresholds = body.alertThresholds as FinanceSettings['alertThresholds'];
  if (Object.keys(patch).length === 0) throw new TollgateError('invalid_request', 'Send at least one setting to change.');
  return patch;
}
