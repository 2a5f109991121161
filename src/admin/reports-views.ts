import { z } from 'zod';
import type { Overview } from '../analytics/overview/overview.js';
import type { SaasReport } from '../analytics/saas/report.js';
import { moneyOut, showMoney, showNullable } from './money-schemas.js';

const pct = z.number().nullable();

export const saasReportView = z.object({
  month: z.string(),
  currency: z.string(),
  asOfMs: z.number(),
  startMrr: moneyOut,
  mrr: moneyOut,
  arr: moneyOut,
  movements: z.object({ new: moneyOut, expansion: moneyOut, contraction: moneyOut, churn: moneyOut, reactivation: moneyOut }),
  customers: z.array(z.object({ customerId: z.string(), startMrr: moneyOut, endMrr: moneyOut, movement: z.string() })),
  activeCustomers: z.number(),
  payingCustomers: z.number(),
  usageRevenue: moneyOut,
  subscriptionRevenue: moneyOut,
  revenue: moneyOut,
  directCost: moneyOut,
  grossMarginPct: pct,
  arpa: moneyOut.nullable(),
  logoChurnPct: pct,
  revenueChurnPct: pct,
  nrrPct: pct,
  grrPct: pct,
  trailing12: z.object({ fromMonth: z.string(), nrrPct: pct, grrPct: pct }).nullable(),
  ltv: moneyOut.nullable(),
  cac: moneyOut.nullable(),
  cacPaybackMonths: z.number().nullable(),
});

export function viewSaasReport(r: SaasReport): z.infer<typeof saasReportView> {
  return {
    month: r.month,
    currency: r.currency,
    asOfMs: r.asOfMs,
    startMrr: showMoney(r.startMrrNanos),
    mrr: showMoney(r.mrrNanos),
    arr: showMoney(r.arrNanos),
    movements: {
      new: showMoney(r.movements.newNanos),
      expansion: showMoney(r.movements.expansionNanos),
      contraction: showMoney(r.movements.contractionNanos),
      churn: showMoney(r.movements.churnNanos),
      reactivation: showMoney(r.movements.reactivationNanos),
    },
    customers: r.customers.map((c) => ({ customerId: c.customerId, startMrr: showMoney(c.startNanos), endMrr: showMoney(c.endNanos), movement: c.kind })),
    activeCustomers: r.activeCustomers,
    payingCustomers: r.payingCustomers,
    usageRevenue: showMoney(r.usageRevenueNanos),
    subscriptionRevenue: showMoney(r.subscriptionRevenueNanos),
    revenue: showMoney(r.revenueNanos),
    directCost: showMoney(r.directCostNanos),
    grossMarginPct: r.grossMarginPct,
    arpa: showNullable(r.arpaNanos),
    logoChurnPct: r.logoChurnPct,
    revenueChurnPct: r.revenueChurnPct,
    nrrPct: r.nrrPct,
    grrPct: r.grrPct,
    trailing12: r.trailing12,
    ltv: showNullable(r.ltvNanos),
    cac: showNullable(r.cacNanos),
    cacPaybackMonths: r.cacPaybackMonths,
  };
}

export const overviewView = z.object({
  currency: z.string(),
  fromMs: z.number(),
  toMs: z.number(),
  revenue: moneyOut.describe('usageRevenue + subscriptionRevenue'),
  usageRevenue: moneyOut,
  subscriptionRevenue: moneyOut,
  promotionalUsage: moneyOut.describe('Usage paid with granted credit: not revenue'),
  cost: moneyOut.describe('Direct cost: upstream usage and GPU hours, idle ones included'),
  grossMargin: moneyOut,
  grossMarginPct: z.number().nullable(),
  mrr: moneyOut,
  arr: moneyOut,
  activeCustomers: z.number(),
  cash: moneyOut,
  netBurn: moneyOut.describe('Average monthly net burn of the last complete months'),
  runwayMonths: z.number().nullable(),
  alerts: z.array(z.object({ id: z.string(), kind: z.string(), severity: z.string(), message: z.string(), firstSeenMs: z.number() })),
  series: z.array(z.object({ day: z.string(), revenue: moneyOut, cost: moneyOut, margin: moneyOut })),
});

export function viewOverview(o: Overview): z.infer<typeof overviewView> {
  return {
    currency: o.currency,
    fromMs: o.fromMs,
    toMs: o.toMs,
    revenue: showMoney(o.revenueNanos),
    usageRevenue: showMoney(o.usageRevenueNanos),
    subscriptionRevenue: showMoney(o.subscriptionRevenueNanos),
    promotionalUsage: showMoney(o.promotionalUsageNanos),
    cost: showMoney(o.costNanos),
    grossMargin: showMoney(o.grossMarginNanos),
    grossMarginPct: o.grossMarginPct,
    mrr: showMoney(o.mrrNanos),
    arr: showMoney(o.arrNanos),
    activeCustomers: o.activeCustomers,
    cash: showMoney(o.cashNanos),
    netBurn: showMoney(o.netBurnNanos),
    runwayMonths: o.runwayMonths,
    alerts: o.alerts,
    series: o.series.map((d) => ({ day: d.day, revenue: showMoney(d.revenueNanos), cost: showMoney(d.costNanos), margin: showMoney(d.marginNanos) })),
  };
}

export const alertView = z.object({
  id: z.string(),
  kind: z.string(),
  subject: z.string(),
  severity: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  firstSeenMs: z.number(),
  lastSeenMs: z.number(),
  resolvedAtMs: z.number().nullable(),
});
