import type { Expense } from './types.js';

/**
 * When an expense is paid within [fromMs, toMs): a one-off on its date; a monthly one on the same
 * day of every month from its start (the month's last day when the month is shorter), up to but
 * not including `endsAtMs`.
 */
export function paymentDatesMs(expense: Pick<Expense, 'recurrence' | 'startsAtMs' | 'endsAtMs'>, fromMs: number, toMs: number): number[] {
  const stopMs = Math.min(toMs, expense.endsAtMs ?? Number.POSITIVE_INFINITY);
  if (expense.recurrence === 'one_off') return expense.startsAtMs >= fromMs && expense.startsAtMs < stopMs ? [expense.startsAtMs] : [];
  const start = new Date(expense.startsAtMs);
  const dates: number[] = [];
  for (let k = 0; ; k++) {
    const atMs = sameDayMonthsLater(start, k);
    if (atMs >= stopMs) break;
    if (atMs >= fromMs) dates.push(atMs);
  }
  return dates;
}

export function expenseTotalNanos(expenses: readonly Expense[], fromMs: number, toMs: number): bigint {
  return expenses.reduce((sum, e) => sum + e.amountNanos * BigInt(paymentDatesMs(e, fromMs, toMs).length), 0n);
}

function sameDayMonthsLater(start: Date, months: number): number {
  const year = start.getUTCFullYear();
  const month = start.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(start.getUTCDate(), lastDay), start.getUTCHours(), start.getUTCMinutes());
}
