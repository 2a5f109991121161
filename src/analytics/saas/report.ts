/**
 * The SaaS metrics of one month, in one currency. Every formula is in docs/metrics.md with a
 * worked example; prepaid credit never counts: it is a liability until used.
 */
import type { Kysely } from 'kysely';
import type { Currency } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { monthEndMs, monthStartMs, shiftMonth } from '../finance/calendar.js';
import type { FinanceSettings } from '../finance/types.js';
import { directCostNanos, profitTotals, totalRevenueNanos } from '../overview/profit.js';
import { type CustomerMovement, type MrrMovements, monthMovements, mrrByCustomer } from './movements.js';
import { percent, unitEconomics } from './ratios.js';
import { subscriptionSegments, type MrrSegment } from './segments.js';
import { customersWithUsage, loadHistory } from './store.js';

export interface SaasReport {
  month: string;
  currency: Currency;
  /** The month's end, or now for the current month. */
  asOfMs: number;
  startMrrNanos: bigint;
  mrrNanos: bigint;
  arrNanos: bigint;
  movements: MrrMovements;
  customers: CustomerMovement[];
  activeCustomers: number;
  payingCustomers: number;
  usageRevenueNanos: bigint;
  subscriptionRevenueNanos: bigint;
  revenueNanos: bigint;
  directCostNanos: bigint;
  grossMarginPct: number | null;
  arpaNanos: bigint | null;
  logoChurnPct: number | null;
  revenueChurnPct: number | null;
  nrrPct: number | null;
  grrPct: number | null;
  trailing12: { fromMonth: string; nrrPct: number | null; grrPct: number | null } | null;
  ltvNanos: bigint | null;
  cacNanos: bigint | null;
  cacPaybackMonths: number | null;
}

/** Every subscription's recurring revenue over time, in one currency. */
export async function mrrSegments(db: Kysely<Database>, currency: Currency): Promise<MrrSegment[]> {
  const history = await loadHistory(db);
  return history.subscriptions
    .filter((s) => s.currency === currency)
    .flatMap((s) => subscriptionSegments(s, history.events.get(s.id) ?? [], history.plans, s.couponId ? (history.coupons.get(s.couponId) ?? null) : null));
}

export async function saasReport(db: Kysely<Database>, settings: FinanceSettings, q: { month: string; currency: Currency; nowMs: number }): Promise<SaasReport> {
  const startMs = monthStartMs(q.month);
  const endMs = Math.min(monthEndMs(q.month), q.nowMs + 1);
  const segments = await mrrSegments(db, q.currency);
  const m = monthMovements(segments, startMs, endMs);
  const totals = await profitTotals(db, { fromMs: startMs, toMs: endMs, currency: q.currency });
  const active = await activeCustomers(db, segments, q.currency, startMs, endMs);
  const revenueNanos = totalRevenueNanos(totals);
  const costNanos = directCostNanos(totals);
  const arpaNanos = active > 0 ? (m.endMrrNanos + totals.usageRevenueNanos) / BigInt(active) : null;
  const lostNanos = m.churnNanos + m.contractionNanos;
  const cacNanos = settings.cacByMonth[q.month] ?? settings.cacNanos;
  const economics = unitEconomics({ arpaNanos, revenueNanos, directCostNanos: costNanos, startMrrNanos: m.startMrrNanos, lostMrrNanos: lostNanos, cacNanos });
  const startingCustomers = m.customers.filter((c) => c.startNanos > 0n).length;
  return {
    month: q.month,
    currency: q.currency,
    asOfMs: endMs - 1,
    startMrrNanos: m.startMrrNanos,
    mrrNanos: m.endMrrNanos,
    arrNanos: 12n * m.endMrrNanos,
    movements: { newNanos: m.newNanos, expansionNanos: m.expansionNanos, contractionNanos: m.contractionNanos, churnNanos: m.churnNanos, reactivationNanos: m.reactivationNanos },
    customers: m.customers.filter((c) => c.kind !== 'flat' || c.endNanos > 0n),
    activeCustomers: active,
    payingCustomers: m.customers.filter((c) => c.endNanos > 0n).length,
    usageRevenueNanos: totals.usageRevenueNanos,
    subscriptionRevenueNanos: totals.subscriptionRevenueNanos,
    revenueNanos,
    directCostNanos: costNanos,
    grossMarginPct: percent(revenueNanos - costNanos, revenueNanos),
    arpaNanos,
    logoChurnPct: percent(BigInt(m.customers.filter((c) => c.kind === 'churn').length), BigInt(startingCustomers)),
    revenueChurnPct: percent(lostNanos, m.startMrrNanos),
    nrrPct: percent(m.startMrrNanos + m.expansionNanos - m.contractionNanos - m.churnNanos, m.startMrrNanos),
    grrPct: percent(m.startMrrNanos - m.contractionNanos - m.churnNanos, m.startMrrNanos),
    trailing12: trailingRetention(segments, q.month, endMs),
    ltvNanos: economics.ltvNanos,
    cacNanos,
    cacPaybackMonths: economics.cacPaybackMonths,
  };
}

/** Customers with a live paid subscription at any time in the window, or served in it. */
export async function activeCustomers(db: Kysely<Database>, segments: MrrSegment[], currency: Currency, startMs: number, endMs: number): Promise<number> {
  const ids = await customersWithUsage(db, currency, startMs, endMs);
  for (const s of segments) if (s.startMs < endMs && s.endMs > startMs) ids.add(s.customerId);
  return ids.size;
}

/**
 * Retention of the customers paying 12 months ago (just before the first of the 11th month
 * before this one): what they pay now over what they paid then; null without such customers.
 */
function trailingRetention(segments: MrrSegment[], month: string, endMs: number): SaasReport['trailing12'] {
  const fromMonth = shiftMonth(month, -11);
  const then = mrrByCustomer(segments, monthStartMs(fromMonth) - 1);
  if (then.size === 0) return null;
  const now = mrrByCustomer(segments, endMs - 1);
  let thenTotal = 0n;
  let nowTotal = 0n;
  let keptTotal = 0n;
  for (const [customerId, before] of then) {
    const after = now.get(customerId) ?? 0n;
    thenTotal += before;
    nowTotal += after;
    keptTotal += after < before ? after : before;
  }
  return { fromMonth, nrrPct: percent(nowTotal, thenTotal), grrPct: percent(keptTotal, thenTotal) };
}
