import type { Clock } from '../../core/clock.js';
import { TollgateError } from '../../core/errors.js';
import type { Currency } from '../../core/money.js';
import type { LedgerWriter } from '../../ledger/writer.js';
import { budgetReport } from './budget.js';
import { isMonth, monthOf } from './calendar.js';
import { cashReport } from './cash.js';
import { ExpenseService } from './expenses.js';
import type { FinanceStore } from './store.js';
import type { ExpenseCategory, FinanceSettings } from './types.js';
import { payUpstreamBill, type UpstreamBill } from './upstream-bills.js';

/** Operating expenses, budgets, cash and runway, and the finance settings behind them. */
export class FinanceService {
  readonly expenses: ExpenseService;

  constructor(
    readonly store: FinanceStore,
    private readonly writer: LedgerWriter,
    private readonly clock: Clock,
  ) {
    this.expenses = new ExpenseService(store, clock);
  }

  settings(): Promise<FinanceSettings> {
    return this.store.settings();
  }

  /** Changes the fields given; the others keep their value. */
  async updateSettings(patch: Partial<FinanceSettings>): Promise<FinanceSettings> {
    const current = await this.store.settings();
    const next: FinanceSettings = { ...current, ...patch, alertThresholds: { ...current.alertThresholds, ...patch.alertThresholds } };
    await this.store.saveSettings(next, this.clock.nowMs());
    return next;
  }

  async setBudget(month: string, input: { category: ExpenseCategory; amountNanos: bigint; currency?: Currency }): Promise<{ month: string; category: ExpenseCategory; currency: Currency; amountNanos: bigint }> {
    if (!isMonth(month)) throw new TollgateError('invalid_request', `"${month}" is not a month (YYYY-MM).`, { param: 'month' });
    const budget = { month, category: input.category, currency: input.currency ?? (await this.store.settings()).currency, amountNanos: input.amountNanos };
    await this.store.upsertBudget(budget, this.clock.nowMs());
    return budget;
  }

  async budgetReport(q: { month?: string; currency?: Currency } = {}) {
    const nowMs = this.clock.nowMs();
    const month = q.month ?? monthOf(nowMs);
    if (!isMonth(month)) throw new TollgateError('invalid_request', `"${month}" is not a month (YYYY-MM).`, { param: 'month' });
    return budgetReport(this.store, { month, currency: q.currency ?? (await this.store.settings()).currency, asOfMs: nowMs });
  }

  async cash(q: { months?: number; currency?: Currency; asOfMs?: number } = {}) {
    const settings = await this.store.settings();
    return cashReport(this.store, settings, { months: q.months ?? 12, currency: q.currency ?? settings.currency, asOfMs: Math.min(q.asOfMs ?? this.clock.nowMs(), this.clock.nowMs()) });
  }

  async payUpstream(bill: Omit<UpstreamBill, 'currency'> & { currency?: Currency }) {
    const currency = bill.currency ?? (await this.store.settings()).currency;
    return payUpstreamBill(this.writer, { ...bill, currency }, this.clock.nowMs());
  }
}
