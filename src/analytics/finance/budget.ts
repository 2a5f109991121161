import type { Currency } from '../../core/money.js';
import { percent } from '../saas/ratios.js';
import { monthEndMs, monthStartMs } from './calendar.js';
import { expenseTotalNanos } from './occurrences.js';
import type { FinanceStore } from './store.js';
import { expenseCategories, type ExpenseCategory } from './types.js';

export interface BudgetLine {
  category: ExpenseCategory | 'total';
  budgetNanos: bigint | null;
  actualNanos: bigint;
  /** budget − actual: what is left (negative: over budget); null without a budget. */
  remainingNanos: bigint | null;
  usedPct: number | null;
}

/** Budget against expenses paid in the month up to `asOfMs`, per category and in total. */
export async function budgetReport(store: FinanceStore, q: { month: string; currency: Currency; asOfMs: number }): Promise<{ month: string; currency: Currency; lines: BudgetLine[] }> {
  const budgets = new Map((await store.budgets(q.month, q.currency)).map((b) => [b.category, b.amountNanos]));
  const expenses = (await store.listExpenses()).filter((e) => e.currency === q.currency);
  const fromMs = monthStartMs(q.month);
  const toMs = Math.min(monthEndMs(q.month), q.asOfMs + 1);
  const lines: BudgetLine[] = [];
  for (const category of expenseCategories) {
    const actualNanos = toMs > fromMs ? expenseTotalNanos(expenses.filter((e) => e.category === category), fromMs, toMs) : 0n;
    const budgetNanos = budgets.get(category) ?? null;
    if (budgetNanos === null && actualNanos === 0n) continue;
    lines.push(line(category, budgetNanos, actualNanos));
  }
  const budgeted = lines.filter((l) => l.budgetNanos !== null);
  const total = line('total', budgeted.length > 0 ? budgeted.reduce((s, l) => s + l.budgetNanos!, 0n) : null, lines.reduce((s, l) => s + l.actualNanos, 0n));
  return { month: q.month, currency: q.currency, lines: [...lines, total] };
}

function line(category: BudgetLine['category'], budgetNanos: bigint | null, actualNanos: bigint): BudgetLine {
  return { category, budgetNanos, actualNanos, remainingNanos: budgetNanos === null ? null : budgetNanos - actualNanos, usedPct: budgetNanos === null ? null : percent(actualNanos, budgetNanos) };
}
