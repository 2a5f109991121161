import type { Kysely } from 'kysely';
import { TollgateError } from '../../core/errors.js';
import type { Database } from '../../storage/schema.js';
import { percent } from '../saas/ratios.js';
import { costOf, revenueOf } from './amounts.js';
import { type Bucket, labelOf, startOf } from './calendar.js';
import { earnedFees, type EarnedFee, feeShares } from './fees.js';
import { namesOf } from './names.js';
import { gpuPartsBy, type Grouped, idleByUpstream, type SourceQuery, usageBy, type UsageSums } from './sources.js';
import { profitTotals, type ProfitTotals } from './totals.js';
import type { ProfitAmounts, ProfitDimension, ProfitQuery, ProfitReport, ProfitRow, ProfitSort, ProfitTotalsRow } from './types.js';

export const MAX_PROFIT_ROWS = 100_000;
const DEFAULT_ROWS = 1000;

interface Group extends ProfitAmounts {
  group: string[];
  periodStartMs: number | null;
  requests: bigint;
  failedRequests: bigint;
  tokens: bigint;
}

/**
 * Revenue, cost and margin per customer, key, model, plan or upstream, or a cross product of
 * them (optionally per UTC day, week or month), in one currency, biggest losers first. Fees go to
 * rows only when every dimension is customer or plan; idle GPU time only to upstream rows. See
 * README.md for what each amount is.
 */
export async function profitReport(db: Kysely<Database>, q: ProfitQuery): Promise<ProfitReport> {
  assertQuery(q);
  const bucket: Bucket | null = q.period === 'all' ? null : q.period;
  // Months vary in length, so SQL groups by day and the days are folded into months here.
  const source: SourceQuery = { ...q, period: q.period === 'month' ? 'day' : q.period };
  const feesInRows = q.groupBy.every((d) => d === 'customer' || d === 'plan');
  const idleInRows = q.groupBy.length === 1 && q.groupBy[0] === 'upstream';
  const [usage, parts, idle, fees, totals] = await Promise.all([
    usageBy(db, source),
    gpuPartsBy(db, source),
    idleInRows ? idleByUpstream(db, source) : Promise.resolve([]),
    feesInRows ? earnedFees(db, q.currency, q.fromMs, q.toMs) : Promise.resolve([]),
    profitTotals(db, q),
  ]);
  const groups = collect(q, bucket, { usage, parts, idle, fees });
  const names = await Promise.all(q.groupBy.map((d, i) => namesOf(db, d, groups.map((g) => g.group[i]!))));
  const rows = groups.map((g) => finishRow(g, q.groupBy, names, bucket)).sort(compareRows(q.sort ?? 'margin'));
  return {
    currency: q.currency,
    groupBy: [...q.groupBy],
    period: q.period,
    fromMs: q.fromMs,
    toMs: q.toMs,
    rows: rows.slice(0, q.limit ?? DEFAULT_ROWS),
    rowCount: rows.length,
    totals: totalsRow(totals, rows),
    daily: totals.daily,
  };
}

/** Sums every source into one group per dimension values and period. */
function collect(
  q: ProfitQuery,
  bucket: Bucket | null,
  sources: { usage: Grouped<UsageSums>[]; parts: Grouped<bigint>[]; idle: Grouped<bigint>[]; fees: EarnedFee[] },
): Group[] {
  const groups = new Map<string, Group>();
  const at = (group: string[], bucketMs: number | null): Group => {
    const periodStartMs = bucket === null || bucketMs === null ? null : startOf(bucketMs, bucket);
    const id = `${group.join('\u0000')}\u0001${periodStartMs ?? ''}`;
    let found = groups.get(id);
    if (!found) groups.set(id, (found = emptyGroup(group, periodStartMs)));
    return found;
  };
  for (const { group, bucketMs, sums } of sources.usage) {
    const g = at(group, bucketMs);
    g.requests += sums.requests;
    g.failedRequests += sums.failedRequests;
    g.tokens += sums.tokens;
    g.usageRevenueNanos += sums.revenueNanos - sums.promoNanos;
    g.promotionalNanos += sums.promoNanos;
    g.includedNanos += sums.includedNanos;
    g.tokenCostNanos += sums.costNanos;
  }
  for (const { group, bucketMs, sums } of sources.parts) at(group, bucketMs).gpuCostNanos += sums;
  for (const { group, bucketMs, sums } of sources.idle) at(group, bucketMs).idleGpuNanos += sums;
  for (const fee of sources.fees) {
    const group = q.groupBy.map((d) => (d === 'customer' ? fee.customerId : fee.planId) ?? '');
    for (const share of feeShares(fee, q.fromMs, q.toMs, bucket)) at(group, share.bucketMs).subscriptionRevenueNanos += share.nanos;
  }
  return [...groups.values()];
}

function assertQuery(q: ProfitQuery): void {
  if (q.groupBy.length === 0 || new Set(q.groupBy).size !== q.groupBy.length) {
    throw new TollgateError('invalid_request', 'groupBy needs one or more different dimensions.', { param: 'groupBy' });
  }
  if (!Number.isSafeInteger(q.fromMs) || !Number.isSafeInteger(q.toMs) || q.fromMs >= q.toMs) {
    throw new TollgateError('invalid_request', 'fromMs must be before toMs (epoch milliseconds).', { param: 'fromMs' });
  }
  if (q.limit !== undefined && (!Number.isInteger(q.limit) || q.limit < 1 || q.limit > MAX_PROFIT_ROWS)) {
    throw new TollgateError('invalid_request', `limit must be a whole number from 1 to ${MAX_PROFIT_ROWS}.`, { param: 'limit' });
  }
}

// Rows are built property by property: object spread over bigint fields is an order of
// magnitude slower in V8, and a report can have tens of thousands of rows.
function emptyGroup(group: string[], periodStartMs: number | null): Group {
  return {
    group,
    periodStartMs,
    requests: 0n,
    failedRequests: 0n,
    tokens: 0n,
    usageRevenueNanos: 0n,
    subscriptionRevenueNanos: 0n,
    promotionalNanos: 0n,
    includedNanos: 0n,
    tokenCostNanos: 0n,
    gpuCostNanos: 0n,
    idleGpuNanos: 0n,
  };
}

function finishRow(g: Group, dimensions: readonly ProfitDimension[], names: Map<string, string>[], bucket: Bucket | null): ProfitRow {
  const revenueNanos = revenueOf(g);
  const costNanos = costOf(g);
  const keys: Partial<Record<ProfitDimension, string>> = {};
  dimensions.forEach((d, i) => (keys[d] = g.group[i]!));
  return {
    keys,
    key: g.group.join(' / '),
    name: g.group.map((id, i) => names[i]!.get(id) ?? id).join(' / '),
    period: bucket === null || g.periodStartMs === null ? null : labelOf(g.periodStartMs, bucket),
    periodStartMs: g.periodStartMs,
    requests: g.requests,
    failedRequests: g.failedRequests,
    tokens: g.tokens,
    usageRevenueNanos: g.usageRevenueNanos,
    subscriptionRevenueNanos: g.subscriptionRevenueNanos,
    promotionalNanos: g.promotionalNanos,
    includedNanos: g.includedNanos,
    tokenCostNanos: g.tokenCostNanos,
    gpuCostNanos: g.gpuCostNanos,
    idleGpuNanos: g.idleGpuNanos,
    revenueNanos,
    costNanos,
    marginNanos: revenueNanos - costNanos,
    marginPct: percent(revenueNanos - costNanos, revenueNanos),
  };
}

function totalsRow(t: ProfitTotals, rows: readonly ProfitRow[]): ProfitTotalsRow {
  let [requests, failedRequests, tokens, tokenCostNanos, rowRevenueNanos, rowCostNanos] = [0n, 0n, 0n, 0n, 0n, 0n];
  for (const r of rows) {
    requests += r.requests;
    failedRequests += r.failedRequests;
    tokens += r.tokens;
    tokenCostNanos += r.tokenCostNanos;
    rowRevenueNanos += r.revenueNanos;
    rowCostNanos += r.costNanos;
  }
  const revenueNanos = t.usageRevenueNanos + t.subscriptionRevenueNanos;
  const costNanos = t.costNanos + t.idleGpuNanos;
  return {
    requests,
    failedRequests,
    tokens,
    usageRevenueNanos: t.usageRevenueNanos,
    subscriptionRevenueNanos: t.subscriptionRevenueNanos,
    promotionalNanos: t.promotionalNanos,
    includedNanos: t.includedNanos,
    tokenCostNanos,
    gpuCostNanos: t.costNanos - tokenCostNanos,
    idleGpuNanos: t.idleGpuNanos,
    revenueNanos,
    costNanos,
    marginNanos: revenueNanos - costNanos,
    marginPct: percent(revenueNanos - costNanos, revenueNanos),
    unattributedRevenueNanos: revenueNanos - rowRevenueNanos,
    unattributedCostNanos: costNanos - rowCostNanos,
  };
}

function compareRows(sort: ProfitSort): (a: ProfitRow, b: ProfitRow) => number {
  const byValue = (pick: (r: ProfitRow) => bigint, direction: 1 | -1) => (a: ProfitRow, b: ProfitRow) => {
    const [x, y] = [pick(a), pick(b)];
    return x === y ? 0 : (x < y ? -1 : 1) * direction;
  };
  const primary = sort === 'margin' ? byValue((r) => r.marginNanos, 1) : sort === 'revenue' ? byValue((r) => r.revenueNanos, -1) : sort === 'cost' ? byValue((r) => r.costNanos, -1) : () => 0;
  return (a, b) => (a.periodStartMs ?? 0) - (b.periodStartMs ?? 0) || primary(a, b) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
}
