import { z } from 'zod';
import type { GpuUpstreamReport } from '../analytics/gpu/report.js';
import type { PlanReport } from '../analytics/profit/plans.js';
import type { ProfitReport, ProfitRow, ProfitTotalsRow } from '../analytics/profit/types.js';
import type { Scenario, WhatIfReport } from '../analytics/profit/what-if.js';
import { moneyOut, showMoney } from './money-schemas.js';

/** Answers of the profit reports: money as decimal strings, counts as numbers, percentages with two decimals. */
const signedMoney = z.string().describe('Decimal string of the currency; negative for a loss, e.g. "-3.5"');
const pct = z.number().nullable().describe('Percent with two decimals; null when the base is zero');

const amounts = {
  requests: z.number().describe('Requests served'),
  failedRequests: z.number(),
  tokens: z.number().describe('Prompt + completion tokens'),
  revenue: moneyOut.describe('Recognised revenue: usage revenue + subscription revenue'),
  usageRevenue: moneyOut.describe('Usage charged less the part paid with granted credit'),
  subscriptionRevenue: moneyOut.describe('Plan fees earned in the range (customer and plan rows only)'),
  promotional: moneyOut.describe('Usage paid with granted credit: not revenue'),
  included: moneyOut.describe("Usage value covered by a plan's allowance: not revenue"),
  tokenCost: moneyOut.describe('What per-token upstreams cost'),
  gpuCost: moneyOut.describe('GPU hours allocated to the usage'),
  idleGpuCost: moneyOut.describe('GPU hours nobody used (upstream rows and totals only)'),
  cost: moneyOut.describe('tokenCost + gpuCost + idleGpuCost'),
  margin: signedMoney.describe('revenue − cost'),
  marginPct: pct.describe('margin / revenue in percent; null when revenue is 0'),
};

export const profitReportView = z.object({
  currency: z.string(),
  groupBy: z.array(z.string()),
  period: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  rows: z.array(
    z.object({
      keys: z.record(z.string(), z.string()).describe("The group's id per dimension (a model's id is its name; '' for none)"),
      key: z.string().describe('The ids joined with " / "'),
      name: z.string().describe('The names joined with " / "'),
      period: z.string().nullable().describe('"2026-11-02", "2026-W45" or "2026-11"; null for period=all'),
      periodStartMs: z.number().nullable(),
      ...amounts,
    }),
  ),
  rowCount: z.number().describe('Rows before the limit'),
  totals: z.object({ ...amounts, unattributedRevenue: signedMoney.describe('Revenue no row carries (plan fees when grouping by key, model or upstream)'), unattributedCost: signedMoney.describe('Cost no row carries (idle GPU hours unless grouping by upstream)') }),
  daily: z.array(z.object({ day: z.string(), revenue: moneyOut, cost: moneyOut, margin: signedMoney })),
});

type AmountsView = z.infer<z.ZodObject<typeof amounts>>;

/** Written out field by field: object spread is slow over tens of thousands of rows. */
function viewAmounts<T extends object>(r: Omit<ProfitRow, 'keys' | 'key' | 'name' | 'period' | 'periodStartMs'>, head: T): T & AmountsView {
  const view = head as T & AmountsView;
  view.requests = Number(r.requests);
  view.failedRequests = Number(r.failedRequests);
  view.tokens = Number(r.tokens);
  view.revenue = showMoney(r.revenueNanos);
  view.usageRevenue = showMoney(r.usageRevenueNanos);
  view.subscriptionRevenue = showMoney(r.subscriptionRevenueNanos);
  view.promotional = showMoney(r.promotionalNanos);
  view.included = showMoney(r.includedNanos);
  view.tokenCost = showMoney(r.tokenCostNanos);
  view.gpuCost = showMoney(r.gpuCostNanos);
  view.idleGpuCost = showMoney(r.idleGpuNanos);
  view.cost = showMoney(r.costNanos);
  view.margin = showMoney(r.marginNanos);
  view.marginPct = r.marginPct;
  return view;
}

export function viewProfitReport(r: ProfitReport): z.infer<typeof profitReportView> {
  const totals: ProfitTotalsRow = r.totals;
  return {
    currency: r.currency,
    groupBy: r.groupBy,
    period: r.period,
    fromMs: r.fromMs,
    toMs: r.toMs,
    rows: r.rows.map((row) => viewAmounts(row, { keys: row.keys as Record<string, string>, key: row.key, name: row.name, period: row.period, periodStartMs: row.periodStartMs })),
    rowCount: r.rowCount,
    totals: Object.assign(viewAmounts(totals, {}), { unattributedRevenue: showMoney(totals.unattributedRevenueNanos), unattributedCost: showMoney(totals.unattributedCostNanos) }),
    daily: r.daily.map((d) => ({ day: d.day, revenue: showMoney(d.revenueNanos), cost: showMoney(d.costNanos), margin: showMoney(d.revenueNanos - d.costNanos) })),
  };
}

export const planReportView = z.object({
  month: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  plans: z.array(
    z.object({
      planId: z.string(),
      code: z.string(),
      name: z.string(),
      currency: z.string(),
      interval: z.string(),
      fee: moneyOut.describe("The current version's fee per billing period"),
      monthlyFee: moneyOut.describe('The fee for one month (a yearly fee / 12)'),
      subscribers: z.number().describe('Subscriptions alive in the month, and customers with usage on the plan'),
      revenue: moneyOut.describe("Usage revenue of the plan's usage + the plan's fees earned in the month"),
      cost: moneyOut,
      margin: signedMoney,
      marginPct: pct,
      costPerSubscriber: z.object({ p50: moneyOut, p90: moneyOut, p99: moneyOut, max: moneyOut, mean: moneyOut }).nullable().describe('Nearest-rank percentiles of what serving each subscriber cost'),
      costlierThanFee: z.number().describe('Subscribers who cost more to serve than the monthly fee'),
      heaviest: z.array(z.object({ customerId: z.string(), name: z.string(), cost: moneyOut })),
    }),
  ),
});

export function viewPlanReport(r: PlanReport): z.infer<typeof planReportView> {
  return {
    ...r,
    plans: r.plans.map((p) => ({
      planId: p.planId,
      code: p.code,
      name: p.name,
      currency: p.currency,
      interval: p.interval,
      fee: showMoney(p.feeNanos),
      monthlyFee: showMoney(p.monthlyFeeNanos),
      subscribers: p.subscribers,
      revenue: showMoney(p.revenueNanos),
      cost: showMoney(p.costNanos),
      margin: showMoney(p.marginNanos),
      marginPct: p.marginPct,
      costPerSubscriber: p.costPerSubscriber && {
        p50: showMoney(p.costPerSubscriber.p50Nanos),
        p90: showMoney(p.costPerSubscriber.p90Nanos),
        p99: showMoney(p.costPerSubscriber.p99Nanos),
        max: showMoney(p.costPerSubscriber.maxNanos),
        mean: showMoney(p.costPerSubscriber.meanNanos),
      },
      costlierThanFee: p.costlierThanFee,
      heaviest: p.heaviest.map((h) => ({ customerId: h.customerId, name: h.name, cost: showMoney(h.costNanos) })),
    })),
  };
}

const scenarioView = z.object({ revenue: moneyOut, cost: moneyOut, margin: signedMoney, marginPct: pct });
const viewScenario = (s: Scenario) => ({ revenue: showMoney(s.revenueNanos), cost: showMoney(s.costNanos), margin: showMoney(s.marginNanos), marginPct: s.marginPct });

export const whatIfView = z.object({
  model: z.string(),
  currency: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  rates: z.object({ input: z.string(), cachedInput: z.string(), output: z.string() }).describe('The new prices per 1M tokens'),
  requests: z.number(),
  inputTokens: z.number().describe('Uncached prompt tokens'),
  cachedInputTokens: z.number(),
  outputTokens: z.number(),
  charged: scenarioView.extend({ promotional: moneyOut, included: moneyOut }).describe('What was recognised (plan discounts, allowances and promotional credit applied)'),
  asWas: scenarioView.describe('The same units at the list prices then in force'),
  asWouldHaveBeen: scenarioView.describe('The same units at the new list prices'),
  change: z.object({ revenue: signedMoney, margin: signedMoney }),
  unpricedRequests: z.number().describe('Requests served in hours without a price version, left out of both list-price scenarios'),
});

export function viewWhatIf(r: WhatIfReport): z.infer<typeof whatIfView> {
  return {
    model: r.model,
    currency: r.currency,
    fromMs: r.fromMs,
    toMs: r.toMs,
    rates: r.rates,
    requests: Number(r.requests),
    inputTokens: Number(r.inputTokens),
    cachedInputTokens: Number(r.cachedInputTokens),
    outputTokens: Number(r.outputTokens),
    charged: { ...viewScenario(r.charged), promotional: showMoney(r.charged.promotionalNanos), included: showMoney(r.charged.includedNanos) },
    asWas: viewScenario(r.asWas),
    asWouldHaveBeen: viewScenario(r.asWouldHaveBeen),
    change: { revenue: showMoney(r.change.revenueNanos), margin: showMoney(r.change.marginNanos) },
    unpricedRequests: Number(r.unpricedRequests),
  };
}

export const gpuReportView = z.object({
  fromMs: z.number(),
  toMs: z.number(),
  data: z.array(
    z.object({
      upstreamId: z.string(),
      name: z.string(),
      currency: z.string(),
      hours: z.number(),
      cost: moneyOut.describe('Every hour at hourly price × GPUs'),
      allocated: moneyOut.describe('The part shared among requests'),
      idle: moneyOut.describe('The part nobody used'),
      utilisationPct: pct.describe('Mean over the hours of used / capacity, in the unit each hour was shared by'),
      tokens: z.number(),
      tokenUtilisationPct: pct.describe('Tokens served / tokens the GPUs could have served'),
      revenue: moneyOut.describe("Usage revenue of the requests served there, in the card's currency"),
      breakEvenUtilisationPct: pct.describe('Token utilisation at which that revenue per token would pay for the hours; null without revenue'),
    }),
  ),
});

export function viewGpuReport(range: { fromMs: number; toMs: number }, rows: GpuUpstreamReport[]): z.infer<typeof gpuReportView> {
  return {
    ...range,
    data: rows.map((r) => ({
      upstreamId: r.upstreamId,
      name: r.name,
      currency: r.currency,
      hours: r.hours,
      cost: showMoney(r.costNanos),
      allocated: showMoney(r.allocatedNanos),
      idle: showMoney(r.idleNanos),
      utilisationPct: r.utilisationPct,
      tokens: Number(r.tokens),
      tokenUtilisationPct: r.tokenUtilisationPct,
      revenue: showMoney(r.revenueNanos),
      breakEvenUtilisationPct: r.breakEvenUtilisationPct,
    })),
  };
}
