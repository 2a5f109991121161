/**
 * Cash position per month: opening cash (a setting) plus money received (the ledger's cash
 * account debits: top-ups and invoice payments) minus operating expenses and upstream bills paid
 * (the cash account's credits). Formulas: docs/metrics.md, "Cash and runway".
 */
import type { Currency } from '../../core/money.js';
import { runwayMonths } from '../forecast/runway.js';
import { monthEndMs, monthOf, monthRange, monthStartMs, parseDay, shiftMonth } from './calendar.js';
import { expenseTotalNanos } from './occurrences.js';
import type { FinanceStore } from './store.js';
import type { Expense, FinanceSettings } from './types.js';

export interface CashMonth {
  month: string;
  openingNanos: bigint;
  cashInNanos: bigint;
  expensesNanos: bigint;
  upstreamBillsNanos: bigint;
  cashOutNanos: bigint;
  /** cash out − cash in: positive while the business burns cash. */
  netBurnNanos: bigint;
  closingNanos: bigint;
  /** False for the month that contains `asOfMs`: its numbers are month-to-date. */
  complete: boolean;
  /** Complete and not cut by the opening cash date: a whole month of flows, fit to average burn over. */
  whole: boolean;
}

export interface CashReport {
  currency: Currency;
  asOfMs: number;
  openingCashNanos: bigint;
  openingCashDate: string | null;
  months: CashMonth[];
  closingNanos: bigint;
  /** The months whose net burn is averaged for the runway: the last three whole ones. */
  burnMonths: string[];
  averageNetBurnNanos: bigint;
  runwayMonths: number | null;
}

const BURN_MONTHS = 3;

export async function cashReport(store: FinanceStore, settings: FinanceSettings, q: { currency: Currency; months: number; asOfMs: number }): Promise<CashReport> {
  const expenses = (await store.listExpenses()).filter((e) => e.currency === q.currency);
  const originMs = settings.openingCashDate ? parseDay(settings.openingCashDate)! : 0;
  const endMs = q.asOfMs + 1;
  const lastMonth = monthOf(q.asOfMs);
  const wanted = shiftMonth(lastMonth, -(q.months - 1));
  const firstMonth = settings.openingCashDate && monthOf(originMs) > wanted ? monthOf(originMs) : wanted;
  const before = await flows(store, expenses, q.currency, originMs, Math.max(originMs, monthStartMs(firstMonth)));
  let cash = settings.openingCashNanos + before.inNanos - before.expensesNanos - before.billsNanos;
  const months: CashMonth[] = [];
  for (const month of monthRange(firstMonth, lastMonth)) {
    const fromMs = Math.max(originMs, monthStartMs(month));
    const toMs = Math.min(monthEndMs(month), endMs);
    const f = fromMs < toMs ? await flows(store, expenses, q.currency, fromMs, toMs) : { inNanos: 0n, expensesNanos: 0n, billsNanos: 0n };
    const cashOutNanos = f.expensesNanos + f.billsNanos;
    const closingNanos = cash + f.inNanos - cashOutNanos;
    months.push({ month, openingNanos: cash, cashInNanos: f.inNanos, expensesNanos: f.expensesNanos, upstreamBillsNanos: f.billsNanos, cashOutNanos, netBurnNanos: cashOutNanos - f.inNanos, closingNanos, complete: monthEndMs(month) <= endMs, whole: monthEndMs(month) <= endMs && monthStartMs(month) >= originMs });
    cash = closingNanos;
  }
  const whole = months.filter((m) => m.whole);
  const complete = months.filter((m) => m.complete);
  const burn = (whole.length > 0 ? whole : complete.length > 0 ? complete : months).slice(-BURN_MONTHS);
  const averageNetBurnNanos = burn.length > 0 ? burn.reduce((s, m) => s + m.netBurnNanos, 0n) / BigInt(burn.length) : 0n;
  const runway = runwayMonths({ cash: Number(cash) / 1e9, monthlyNetBurn: Number(averageNetBurnNanos) / 1e9 });
  return {
    currency: q.currency,
    asOfMs: q.asOfMs,
    openingCashNanos: settings.openingCashNanos,
    openingCashDate: settings.openingCashDate,
    months,
    closingNanos: cash,
    burnMonths: burn.map((m) => m.month),
    averageNetBurnNanos,
    runwayMonths: runway === null ? null : Math.round(runway * 100) / 100,
  };
}

async function flows(store: FinanceStore, expenses: Expense[], currency: Currency, fromMs: number, toMs: number) {
  const ledger = await store.cashMovements(currency, fromMs, toMs);
  return { inNanos: ledger.inNanos, billsNanos: ledger.outNanos, expensesNanos: expenseTotalNanos(expenses, fromMs, toMs) };
}
