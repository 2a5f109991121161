import { z } from 'zod';
import { dayOf } from '../analytics/finance/calendar.js';
import type { BudgetLine } from '../analytics/finance/budget.js';
import type { CashReport } from '../analytics/finance/cash.js';
import { expenseCategories, type Expense, type FinanceSettings } from '../analytics/finance/types.js';
import { moneyOut, showMoney, showNullable } from './money-schemas.js';

const nullableMoney = moneyOut.nullable();

export const expenseView = z.object({
  id: z.string(),
  category: z.enum(expenseCategories),
  description: z.string(),
  currency: z.string(),
  amount: moneyOut,
  recurrence: z.enum(['one_off', 'monthly']),
  date: z.string().describe('The day it is paid (a monthly expense: the first month, then the same day each month)'),
  endDate: z.string().nullable().describe('A monthly expense is paid until before this day; null: no end'),
  externalRef: z.string().nullable(),
  createdAtMs: z.number(),
});

export function viewExpense(e: Expense): z.infer<typeof expenseView> {
  return {
    id: e.id,
    category: e.category,
    description: e.description,
    currency: e.currency,
    amount: showMoney(e.amountNanos),
    recurrence: e.recurrence,
    date: dayOf(e.startsAtMs),
    endDate: e.endsAtMs === null ? null : dayOf(e.endsAtMs),
    externalRef: e.externalRef,
    createdAtMs: e.createdAtMs,
  };
}

export const financeSettingsView = z.object({
  currency: z.string(),
  openingCash: moneyOut,
  openingCashDate: z.string().nullable(),
  cac: nullableMoney.describe('Customer acquisition cost per new customer'),
  cacByMonth: z.record(z.string(), moneyOut),
  alertThresholds: z.object({ runwayMonths: z.number(), creditDays: z.number() }),
});

export function viewFinanceSettings(s: FinanceSettings): z.infer<typeof financeSettingsView> {
  return {
    currency: s.currency,
    openingCash: showMoney(s.openingCashNanos),
    openingCashDate: s.openingCashDate,
    cac: showNullable(s.cacNanos),
    cacByMonth: Object.fromEntries(Object.entries(s.cacByMonth).map(([m, v]) => [m, showMoney(v)])),
    alertThresholds: s.alertThresholds,
  };
}

export const cashReportView = z.object({
  currency: z.string(),
  asOfMs: z.number(),
  openingCash: moneyOut,
  openingCashDate: z.string().nullable(),
  months: z.array(
    z.object({
      month: z.string(),
      opening: moneyOut,
      cashIn: moneyOut.describe('Payments received: top-ups and invoice payments'),
      expenses: moneyOut,
      upstreamBills: moneyOut,
      cashOut: moneyOut,
      netBurn: moneyOut.describe('cash out − cash in'),
      closing: moneyOut,
      complete: z.boolean().describe('False for the current month (month to date)'),
    }),
  ),
  closing: moneyOut,
  burnMonths: z.array(z.string()),
  averageNetBurn: moneyOut,
  runwayMonths: z.number().nullable().describe('closing ÷ average net burn of burnMonths; null when not burning'),
});

export function viewCashReport(r: CashReport): z.infer<typeof cashReportView> {
  return {
    currency: r.currency,
    asOfMs: r.asOfMs,
    openingCash: showMoney(r.openingCashNanos),
    openingCashDate: r.openingCashDate,
    months: r.months.map((m) => ({
      month: m.month,
      opening: showMoney(m.openingNanos),
      cashIn: showMoney(m.cashInNanos),
      expenses: showMoney(m.expensesNanos),
      upstreamBills: showMoney(m.upstreamBillsNanos),
      cashOut: showMoney(m.cashOutNanos),
      netBurn: showMoney(m.netBurnNanos),
      closing: showMoney(m.closingNanos),
      complete: m.complete,
    })),
    closing: showMoney(r.closingNanos),
    burnMonths: r.burnMonths,
    averageNetBurn: showMoney(r.averageNetBurnNanos),
    runwayMonths: r.runwayMonths,
  };
}

export const budgetReportView = z.object({
  month: z.string(),
  currency: z.string(),
  lines: z.array(z.object({ category: z.string(), budget: nullableMoney, actual: moneyOut, remaining: nullableMoney, usedPct: z.number().nullable() })),
});

export function viewBudgetReport(r: { month: string; currency: string; lines: readonly BudgetLine[] }): z.infer<typeof budgetReportView> {
  return {
    month: r.month,
    currency: r.currency,
    lines: r.lines.map((l) => ({ category: l.category, budget: showNullable(l.budgetNanos), actual: showMoney(l.actualNanos), remaining: showNullable(l.remainingNanos), usedPct: l.usedPct })),
  };
}

