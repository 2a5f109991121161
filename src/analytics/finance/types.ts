import type { Currency } from '../../core/money.js';

export const expenseCategories = ['salaries', 'rent', 'marketing', 'gpus', 'other'] as const;
export type ExpenseCategory = (typeof expenseCategories)[number];

export const recurrences = ['one_off', 'monthly'] as const;
export type Recurrence = (typeof recurrences)[number];

/**
 * An operating expense: paid once on `startsAtMs`, or every month on the same day of the month
 * (the last day in shorter months) from `startsAtMs` until before `endsAtMs`.
 */
export interface Expense {
  id: string;
  category: ExpenseCategory;
  description: string;
  currency: Currency;
  amountNanos: bigint;
  recurrence: Recurrence;
  startsAtMs: number;
  endsAtMs: number | null;
  /** The operator's own id (from a CSV import): a second import with it adds nothing. */
  externalRef: string | null;
  createdAtMs: number;
}

export type ExpenseInput = Omit<Expense, 'id' | 'createdAtMs'>;

export interface Budget {
  month: string;
  category: ExpenseCategory;
  currency: Currency;
  amountNanos: bigint;
}

export interface FinanceSettings {
  /** The currency of the finance reports (MRR, cash, runway): one currency per report. */
  currency: Currency;
  openingCashNanos: bigint;
  /** 'YYYY-MM-DD': cash moved before this day is already in the opening cash; null: count everything. */
  openingCashDate: string | null;
  /** Customer acquisition cost per new customer, for CAC payback; `cacByMonth` overrides it per month. */
  cacNanos: bigint | null;
  cacByMonth: Record<string, bigint>;
  alertThresholds: { runwayMonths: number; creditDays: number };
}

export const defaultFinanceSettings: FinanceSettings = {
  currency: 'USD',
  openingCashNanos: 0n,
  openingCashDate: null,
  cacNanos: null,
  cacByMonth: {},
  alertThresholds: { runwayMonths: 6, creditDays: 7 },
};
