/**
 * Break-even from the books: monthly revenue and direct cost (profit totals) and operating
 * expenses (the expenses table), projected under a what-if scenario by `breakEven`.
 */
import type { Kysely } from 'kysely';
import { type Currency, decimalString } from '../../../core/money.js';
import type { Database } from '../../../storage/schema.js';
import { monthEndMs, monthOf, monthRange, monthStartMs, shiftMonth } from '../../finance/calendar.js';
import { expenseTotalNanos } from '../../finance/occurrences.js';
import type { Expense } from '../../finance/types.js';
import { directCostNanos, profitTotals, totalRevenueNanos } from '../../overview/profit.js';
import { breakEven, type BreakEvenScenario } from '../break-even.js';
import { nanosToUnits, unitsToDecimal } from './daily.js';

export interface MonthBooks {
  month: string;
  revenueNanos: bigint;
  directCostNanos: bigint;
  operatingExpensesNanos: bigint;
}

/** Complete months of the last `months`, from the first with any activity; the current month only when none is complete. */
export async function monthlyBooks(db: Kysely<Database>, expenses: readonly Expense[], q: { currency: Currency; nowMs: number; months: number }): Promise<MonthBooks[]> {
  const current = monthOf(q.nowMs);
  const books: MonthBooks[] = [];
  for (const month of monthRange(shiftMonth(current, -q.months), shiftMonth(current, -1))) {
    const row = await booksOf(db, expenses, q.currency, month, monthEndMs(month));
    if (books.length > 0 || row.revenueNanos !== 0n || row.directCostNanos !== 0n || row.operatingExpensesNanos !== 0n) books.push(row);
  }
  return books.length > 0 ? books : [await booksOf(db, expenses, q.currency, current, q.nowMs + 1)];
}

async function booksOf(db: Kysely<Database>, expenses: readonly Expense[], currency: Currency, month: string, toMs: number): Promise<MonthBooks> {
  const fromMs = monthStartMs(month);
  const totals = await profitTotals(db, { fromMs, toMs, currency });
  const opex = expenseTotalNanos(expenses.filter((e) => e.currency === currency), fromMs, toMs);
  return { month, revenueNanos: totalRevenueNanos(totals), directCostNanos: directCostNanos(totals), operatingExpensesNanos: opex };
}

export async function breakEvenReport(db: Kysely<Database>, expenses: readonly Expense[], q: { currency: Currency; nowMs: number; scenario: BreakEvenScenario; horizonMonths: number; historyMonths: number }) {
  const books = await monthlyBooks(db, expenses, { currency: q.currency, nowMs: q.nowMs, months: q.historyMonths });
  const result = breakEven({
    months: books.map((b) => ({ month: b.month, revenue: nanosToUnits(b.revenueNanos), directCost: nanosToUnits(b.directCostNanos), operatingExpenses: nanosToUnits(b.operatingExpensesNanos) })),
    scenario: q.scenario,
    horizonMonths: q.horizonMonths,
  });
  return {
    currency: q.currency,
    scenario: q.scenario,
    actuals: books.map((b) => ({
      month: b.month,
      revenue: decimalString(b.revenueNanos),
      directCost: decimalString(b.directCostNanos),
      operatingExpenses: decimalString(b.operatingExpensesNanos),
      profit: decimalString(b.revenueNanos - b.directCostNanos - b.operatingExpensesNanos),
    })),
    projection: result.projection.map((p) => ({
      month: p.month,
      revenue: unitsToDecimal(p.revenue),
      directCost: unitsToDecimal(p.directCost),
      operatingExpenses: unitsToDecimal(p.operatingExpenses),
      profit: unitsToDecimal(p.profit),
      cumulativeProfit: unitsToDecimal(p.cumulativeProfit),
    })),
    actualCumulativeProfit: unitsToDecimal(result.actualCumulativeProfit),
    breakEvenMonth: result.breakEvenMonth,
    cumulativeBreakEvenMonth: result.cumulativeBreakEvenMonth,
  };
}
