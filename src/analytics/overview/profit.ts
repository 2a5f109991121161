/**
 * The one door from these reports to the profit module's totals (src/analytics/profit/), and
 * the two sums every report here takes from them the same way.
 */
import type { ProfitTotals } from '../profit/totals.js';

export { profitTotals, type ProfitTotals } from '../profit/totals.js';

/** What serving cost, idle GPU hours included: the operator pays for them either way. */
export function directCostNanos(totals: Pick<ProfitTotals, 'costNanos' | 'idleGpuNanos'>): bigint {
  return totals.costNanos + totals.idleGpuNanos;
}

/** Recognised revenue: usage paid with money or on account, and plan fees earned. */
export function totalRevenueNanos(totals: Pick<ProfitTotals, 'usageRevenueNanos' | 'subscriptionRevenueNanos'>): bigint {
  return totals.usageRevenueNanos + totals.subscriptionRevenueNanos;
}
