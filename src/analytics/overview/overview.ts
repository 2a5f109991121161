/**
 * The console's first page: revenue, cost and margin of a window, MRR, customers, cash, burn,
 * runway and the open alerts, each taken from the report that owns it so the numbers agree.
 */
import type { Kysely } from 'kysely';
import type { Currency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import type { Alert } from '../alerts/types.js';
import type { CashReport } from '../finance/cash.js';
import { percent } from '../saas/ratios.js';
import { activeCustomers, mrrSegments } from '../saas/report.js';
import { mrrAt } from '../saas/movements.js';
import { directCostNanos, profitTotals, totalRevenueNanos } from './profit.js';

export interface Overview {
  currency: Currency;
  fromMs: number;
  toMs: number;
  revenueNanos: bigint;
  usageRevenueNanos: bigint;
  subscriptionRevenueNanos: bigint;
  promotionalUsageNanos: bigint;
  costNanos: bigint;
  grossMarginNanos: bigint;
  grossMarginPct: number | null;
  mrrNanos: bigint;
  arrNanos: bigint;
  activeCustomers: number;
  cashNanos: bigint;
  netBurnNanos: bigint;
  runwayMonths: number | null;
  alerts: Pick<Alert, 'id' | 'kind' | 'severity' | 'message' | 'firstSeenMs'>[];
  series: { day: string; revenueNanos: bigint; costNanos: bigint; marginNanos: bigint }[];
}

export async function overview(db: Kysely<Database>, q: { currency: Currency; fromMs: number; toMs: number; cash: CashReport; openAlerts: Alert[] }): Promise<Overview> {
  const totals = await profitTotals(db, { fromMs: q.fromMs, toMs: q.toMs, currency: q.currency });
  const segments = await mrrSegments(db, q.currency);
  const revenueNanos = totalRevenueNanos(totals);
  const costNanos = directCostNanos(totals);
  const mrrNanos = mrrAt(segments, q.toMs - 1);
  return {
    currency: q.currency,
    fromMs: q.fromMs,
    toMs: q.toMs,
    revenueNanos,
    usageRevenueNanos: totals.usageRevenueNanos,
    subscriptionRevenueNanos: totals.subscriptionRevenueNanos,
    promotionalUsageNanos: totals.promotionalNanos,
    costNanos,
    grossMarginNanos: revenueNanos - costNanos,
    grossMarginPct: percent(revenueNanos - costNanos, revenueNanos),
    mrrNanos,
    arrNanos: 12n * mrrNanos,
    activeCustomers: await activeCustomers(db, segments, q.currency, q.fromMs, q.toMs),
    cashNanos: q.cash.closingNanos,
    netBurnNanos: q.cash.averageNetBurnNanos,
    runwayMonths: q.cash.runwayMonths,
    alerts: q.openAlerts.map((a) => ({ id: a.id, kind: a.kind, severity: a.severity, message: a.message, firstSeenMs: a.firstSeenMs })),
    series: totals.daily.map((d) => ({ day: d.day, revenueNanos: d.revenueNanos, costNanos: d.costNanos, marginNanos: d.revenueNanos - d.costNanos })),
  };
}
