/**
 * The finance tables (expenses, budgets, the finance settings) and the ledger's cash account, read
 * and written with Kysely on both dialects.
 */
import { type Kysely, sql } from 'kysely';
import { type Currency, decimalString, parseDecimalNanos, toBigInt } from '../../core/money.js';
import type { Database } from '../../storage/schema.js';
import { type Budget, defaultFinanceSettings, type Expense, type ExpenseCategory, type FinanceSettings, type Recurrence } from './types.js';

const FINANCE_SETTINGS_KEY = 'finance';

type ExpenseRow = Awaited<ReturnType<typeof selectExpenses>>[number];

function selectExpenses(db: Kysely<Database>) {
  return db.selectFrom('expenses').selectAll().orderBy('startsAtMs').orderBy('id').execute();
}

function toExpense(r: ExpenseRow): Expense {
  return {
    id: r.id,
    category: r.category as ExpenseCategory,
    description: r.description,
    currency: r.currency as Currency,
    amountNanos: toBigInt(r.amountNanos),
    recurrence: r.recurrence as Recurrence,
    startsAtMs: Number(r.startsAtMs),
    endsAtMs: r.endsAtMs === null ? null : Number(r.endsAtMs),
    externalRef: r.externalRef,
    createdAtMs: Number(r.createdAtMs),
  };
}

export class FinanceStore {
  constructor(readonly db: Kysely<Database>) {}

  async listExpenses(): Promise<Expense[]> {
    return (await selectExpenses(this.db)).map(toExpense);
  }

  async getExpense(id: string): Promise<Expense | null> {
    const row = await this.db.selectFrom('expenses').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toExpense(row) : null;
  }

  async expensesByRef(refs: string[]): Promise<Map<string, Expense>> {
    if (refs.length === 0) return new Map();
    const rows = await this.db.selectFrom('expenses').selectAll().where('externalRef', 'in', refs).execute();
    return new Map(rows.map((r) => [r.externalRef!, toExpense(r)]));
  }

  async insertExpense(expense: Expense): Promise<void> {
    await this.db.insertInto('expenses').values(expense).execute();
  }

  /** All or nothing: one transaction. */
  async insertExpenses(expenses: Expense[]): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const expense of expenses) await trx.insertInto('expenses').values(expense).execute();
    });
  }

  async deleteExpense(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('expenses').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async upsertBudget(budget: Budget, nowMs: number): Promise<void> {
    const values = { ...budget, updatedAtMs: nowMs };
    await this.db
      .insertInto('budgets')
      .values(values)
      .onConflict((oc) => oc.columns(['month', 'category', 'currency']).doUpdateSet({ amountNanos: budget.amountNanos, updatedAtMs: nowMs }))
      .execute();
  }

  async budgets(month: string, currency: Currency): Promise<Budget[]> {
    const rows = await this.db.selectFrom('budgets').selectAll().where('month', '=', month).where('currency', '=', currency).execute();
    return rows.map((r) => ({ month: r.month, category: r.category as ExpenseCategory, currency: r.currency as Currency, amountNanos: toBigInt(r.amountNanos) }));
  }

  /** Money into and out of the cash account in [fromMs, toMs): debits are cash received, credits cash paid. */
  async cashMovements(currency: Currency, fromMs: number, toMs: number): Promise<{ inNanos: bigint; outNanos: bigint }> {
    const row = await sql<{ cashIn: unknown; cashOut: unknown }>`
      select sum(case when amount_nanos > 0 then amount_nanos else 0 end) as cash_in,
             sum(case when amount_nanos < 0 then -amount_nanos else 0 end) as cash_out
      from ledger_entries where account_id = ${`cash:${currency}`} and created_at_ms >= ${fromMs} and created_at_ms < ${toMs}`.execute(this.db);
    // The camel-case plugin names the result columns cashIn and cashOut.
    const first = row.rows[0];
    return { inNanos: toBigInt(first?.cashIn as bigint | null), outNanos: toBigInt(first?.cashOut as bigint | null) };
  }

  async settings(): Promise<FinanceSettings> {
    const row = await this.db.selectFrom('settings').select('value').where('key', '=', FINANCE_SETTINGS_KEY).executeTakeFirst();
    return row ? parseSettings(row.value) : { ...defaultFinanceSettings };
  }

  async saveSettings(settings: FinanceSettings, nowMs: number): Promise<void> {
    const value = serializeSettings(settings);
    await this.db.insertInto('settings').values({ key: FINANCE_SETTINGS_KEY, value, updatedAtMs: nowMs }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAtMs: nowMs })).execute();
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
  }

  async setSetting(key: string, value: string, nowMs: number): Promise<void> {
    await this.db.insertInto('settings').values({ key, value, updatedAtMs: nowMs }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAtMs: nowMs })).execute();
  }
}

interface StoredSettings {
  currency: Currency;
  openingCash: string;
  openingCashDate: string | null;
  cac: string | null;
  cacByMonth: Record<string, string>;
  alertThresholds: { runwayMonths: number; creditDays: number };
}

function serializeSettings(s: FinanceSettings): string {
  const stored: StoredSettings = {
    currency: s.currency,
    openingCash: decimalString(s.openingCashNanos),
    openingCashDate: s.openingCashDate,
    cac: s.cacNanos === null ? null : decimalString(s.cacNanos),
    cacByMonth: Object.fromEntries(Object.entries(s.cacByMonth).map(([m, v]) => [m, decimalString(v)])),
    alertThresholds: s.alertThresholds,
  };
  return JSON.stringify(stored);
}

function parseSettings(text: string): FinanceSettings {
  const s = JSON.parse(text) as Partial<StoredSettings>;
  const d = defaultFinanceSettings;
  return {
    currency: s.currency ?? d.currency,
    openingCashNanos: parseDecimalNanos(s.openingCash ?? '0') ?? 0n,
    openingCashDate: s.openingCashDate ?? null,
    cacNanos: s.cac ? parseDecimalNanos(s.cac) : null,
    cacByMonth: Object.fromEntries(Object.entries(s.cacByMonth ?? {}).map(([m, v]) => [m, parseDecimalNanos(v) ?? 0n])),
    alertThresholds: { ...d.alertThresholds, ...s.alertThresholds },
  };
}
