/**
 * The alert rules: each reads the books and returns the conditions that hold now. Thresholds and
 * windows are in docs/metrics.md, "Alerts".
 */
import type { Kysely } from 'kysely';
import { type Currency, decimalString } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { DAY_MS } from '../finance/calendar.js';
import type { CashReport } from '../finance/cash.js';
import type { FinanceSettings } from '../finance/types.js';
import type { CreditRunway } from '../forecast/reports/credit-report.js';
import { percent } from '../saas/ratios.js';
import { mrrSegments } from '../saas/report.js';
import { customerCostSince, gpuUse, type Margin, marginsByCustomer, marginsByModel, marginsByPlan } from './margins.js';
import type { AlertCondition, AlertKind } from './types.js';

export const MARGIN_WINDOW_DAYS = 30;

export interface RuleInputs {
  db: Kysely<Database>;
  nowMs: number;
  settings: FinanceSettings;
  cash: CashReport;
  credit: CreditRunway[];
}

export async function evaluateRules(i: RuleInputs): Promise<AlertCondition[]> {
  const currency = i.settings.currency;
  const fromMs = i.nowMs - MARGIN_WINDOW_DAYS * DAY_MS;
  const toMs = i.nowMs + 1;
  const names = await namesOf(i.db);
  const segments = await mrrSegments(i.db, currency);
  return [
    ...negativeMargins('negative_margin_customer', 'Customer', await marginsByCustomer(i.db, segments, currency, fromMs, toMs), currency, (id) => names.customers.get(id) ?? id),
    ...negativeMargins('negative_margin_plan', 'Plan', await marginsByPlan(i.db, segments, currency, fromMs, toMs), currency, (id) => names.plans.get(id) ?? id),
    ...negativeMargins('negative_margin_model', 'Model', await marginsByModel(i.db, currency, fromMs, toMs), currency, (id) => id),
    ...(await subscribersOverFee(i.db, currency, i.nowMs, names)),
    ...(await gpusBelowBreakEven(i.db, currency, fromMs, toMs, names.upstreams)),
    ...runwayBelowThreshold(i.cash, i.settings.alertThresholds.runwayMonths),
    ...creditRunningOut(i.credit, i.settings.alertThresholds.creditDays),
  ];
}

function negativeMargins(kind: AlertKind, label: string, sums: Map<string, Margin>, currency: Currency, nameOf: (id: string) => string): AlertCondition[] {
  return [...sums.entries()]
    .filter(([id, m]) => id !== '' && m.revenueNanos - m.costNanos < 0n)
    .map(([id, m]) => {
      const margin = m.revenueNanos - m.costNanos;
      return {
        kind,
        subject: id,
        severity: 'warning',
        message: `${label} ${nameOf(id)} lost ${decimalString(-margin)} ${currency} over the last ${MARGIN_WINDOW_DAYS} days (revenue ${decimalString(m.revenueNanos)}, cost ${decimalString(m.costNanos)}).`,
        details: { currency, revenue: decimalString(m.revenueNanos), cost: decimalString(m.costNanos), margin: decimalString(margin), windowDays: MARGIN_WINDOW_DAYS },
      };
    });
}

async function subscribersOverFee(db: Kysely<Database>, currency: Currency, nowMs: number, names: Names): Promise<AlertCondition[]> {
  const subs = await db
    .selectFrom('subscriptions')
    .innerJoin('planVersions', 'planVersions.id', 'subscriptions.planVersionId')
    .select(['subscriptions.id', 'subscriptions.customerId', 'subscriptions.planId', 'subscriptions.periodStartMs', 'planVersions.feeNanos', 'planVersions.currency'])
    .where('subscriptions.status', 'in', ['active', 'past_due'])
    .execute();
  const out: AlertCondition[] = [];
  for (const sub of subs.filter((s) => s.currency === currency)) {
    const costNanos = await customerCostSince(db, currency, sub.customerId, Number(sub.periodStartMs), nowMs + 1);
    if (costNanos <= sub.feeNanos) continue;
    const who = names.customers.get(sub.customerId) ?? sub.customerId;
    const plan = names.plans.get(sub.planId) ?? sub.planId;
    out.push({
      kind: 'subscriber_cost_over_fee',
      subject: sub.id,
      severity: 'warning',
      message: `${who} on plan ${plan} has cost ${decimalString(costNanos)} ${currency} this period, more than the plan's fee of ${decimalString(sub.feeNanos)}.`,
      details: { currency, customerId: sub.customerId, planId: sub.planId, periodStartMs: Number(sub.periodStartMs), cost: decimalString(costNanos), fee: decimalString(sub.feeNanos) },
    });
  }
  return out;
}

/**
 * A GPU upstream pays for itself when its usage earns what its hours cost. Its break-even
 * utilisation is hour cost ÷ (revenue per unit served × capacity); below it, it loses money.
 */
async function gpusBelowBreakEven(db: Kysely<Database>, currency: Currency, fromMs: number, toMs: number, names: Map<string, string>): Promise<AlertCondition[]> {
  return (await gpuUse(db, currency, fromMs, toMs))
    .filter((g) => g.hourCostNanos > 0n && g.revenueNanos < g.hourCostNanos)
    .map((g) => {
      const utilisationPct = percent(g.usedUnits, g.capacityUnits) ?? 0;
      const breakEvenPct = g.revenueNanos > 0n ? percent(g.hourCostNanos * g.usedUnits, g.revenueNanos * g.capacityUnits) : null;
      return {
        kind: 'gpu_below_break_even' as const,
        subject: g.upstreamId,
        severity: 'warning' as const,
        message: `GPU upstream ${names.get(g.upstreamId) ?? g.upstreamId} ran at ${utilisationPct}% utilisation over the last ${MARGIN_WINDOW_DAYS} days; it breaks even at ${breakEvenPct === null ? 'no utilisation (its usage earned nothing)' : `${breakEvenPct}%`}.`,
        details: { currency, utilisationPct, breakEvenUtilisationPct: breakEvenPct, hourCost: decimalString(g.hourCostNanos), revenue: decimalString(g.revenueNanos) },
      };
    });
}

function runwayBelowThreshold(cash: CashReport, thresholdMonths: number): AlertCondition[] {
  if (cash.runwayMonths === null || cash.runwayMonths >= thresholdMonths) return [];
  return [{
    kind: 'runway_below_threshold',
    subject: cash.currency,
    severity: 'critical',
    message: `Cash runway is ${cash.runwayMonths} months (${decimalString(cash.closingNanos)} ${cash.currency} at a net burn of ${decimalString(cash.averageNetBurnNanos)} a month), under the ${thresholdMonths}-month threshold.`,
    details: { currency: cash.currency, runwayMonths: cash.runwayMonths, thresholdMonths, cash: decimalString(cash.closingNanos), netBurn: decimalString(cash.averageNetBurnNanos) },
  }];
}

function creditRunningOut(credit: CreditRunway[], withinDays: number): AlertCondition[] {
  return credit
    .filter((c) => c.remainingDays !== null && c.remainingDays <= withinDays)
    .map((c) => ({
      kind: 'credit_running_out' as const,
      subject: c.customerId,
      severity: 'warning' as const,
      message: `${c.name}'s prepaid credit (${c.balance} ${c.currency}) runs out in ${c.remainingDays} days, on ${c.runOutDate}, at ${c.spendPerDay} a day.`,
      details: { currency: c.currency, balance: c.balance, spendPerDay: c.spendPerDay, runOutDate: c.runOutDate, remainingDays: c.remainingDays, thresholdDays: withinDays },
    }));
}

interface Names {
  customers: Map<string, string>;
  plans: Map<string, string>;
  upstreams: Map<string, string>;
}

async function namesOf(db: Kysely<Database>): Promise<Names> {
  const [customers, plans, upstreams] = await Promise.all([
    db.selectFrom('customers').select(['id', 'name']).execute(),
    db.selectFrom('plans').select(['id', 'code']).execute(),
    db.selectFrom('upstreams').select(['id', 'name']).execute(),
  ]);
  return { customers: new Map(customers.map((c) => [c.id, c.name])), plans: new Map(plans.map((p) => [p.id, p.code])), upstreams: new Map(upstreams.map((u) => [u.id, u.name])) };
}
