/**
 * The operator's side of the history: opening cash, CAC, monthly expenses and budgets, and the
 * upstream bills paid at the start of each month.
 */
import { type Kysely, sql } from 'kysely';
import { DAY_MS, monthOf, monthRange, shiftMonth } from '../../analytics/finance/calendar.js';
import type { ExpenseCategory, ExpenseInput } from '../../analytics/finance/types.js';
import { toBigInt } from '../../core/money.js';
import { account } from '../../ledger/accounts.js';
import type { Database } from '../../storage/schema.js';
import type { Services } from '../services.js';

const USD = 1_000_000_000n;

function onDay(startMs: number, dayOfMonth: number): number {
  const start = new Date(startMs);
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), dayOfMonth);
}

function expenses(startMs: number, days: number): ExpenseInput[] {
  const base = { currency: 'USD' as const, endsAtMs: null };
  const monthly = (category: ExpenseCategory, description: string, amountNanos: bigint, dayOfMonth: number): ExpenseInput => ({
    ...base, category, description, amountNanos, recurrence: 'monthly', startsAtMs: onDay(startMs, dayOfMonth), externalRef: `hist-${category}`,
  });
  return [
    monthly('salaries', 'Payroll: three engineers and a founder', 18_000n * USD, 25),
    monthly('rent', 'Office rent', 2_500n * USD, 1),
    monthly('marketing', 'Ads and conference sponsorships', 3_000n * USD, 5),
    monthly('other', 'Software subscriptions', 400n * USD, 10),
    { ...base, category: 'gpus', description: 'Two inference GPUs for the on-premise test rig', amountNanos: 6_500n * USD, recurrence: 'one_off', startsAtMs: startMs + Math.floor(days * 0.3) * 86_400_000, externalRef: 'hist-gpus-rig' },
  ];
}

const BUDGET_USD: Record<ExpenseCategory, bigint> = { salaries: 18_000n, rent: 2_500n, marketing: 2_500n, gpus: 5_000n, other: 500n };

/** Settings, expenses and budgets, as they were when the history begins. */
export async function setUpBooks(services: Services, startMs: number, days: number): Promise<void> {
  const finance = services.analytics.finance;
  await finance.updateSettings({ currency: 'USD', openingCashNanos: 250_000n * USD, openingCashDate: new Date(startMs).toISOString().slice(0, 10), cacNanos: 120n * USD });
  const known = new Set((await finance.expenses.list()).map((e) => e.externalRef));
  for (const expense of expenses(startMs, days)) if (!known.has(expense.externalRef)) await finance.expenses.create(expense);
  const lastMonth = shiftMonth(monthOf(startMs + days * DAY_MS), 1);
  for (const month of monthRange(monthOf(startMs), lastMonth)) {
    for (const [category, amount] of Object.entries(BUDGET_USD)) await finance.setBudget(month, { category: category as ExpenseCategory, amountNanos: amount * USD, currency: 'USD' });
  }
}

/** On the 3rd of a month each upstream's bill arrives and is paid: what the ledger says it is owed. */
export async function payUpstreamBills(services: Services): Promise<void> {
  const nowMs = services.clock.nowMs();
  const month = monthOf(nowMs);
  for (const upstream of await services.upstreams.list()) {
    const owedNanos = await owedTo(services.store.db, upstream.id);
    const cents = (owedNanos / 10_000_000n) * 10_000_000n;
    if (cents <= 0n) continue;
    await services.analytics.finance.payUpstream({ upstreamId: upstream.id, amountNanos: cents, paidAtMs: nowMs, memo: `${upstream.name} bill (${month})`, currency: 'USD', idempotencyKey: `hist-${month}` });
  }
}

async function owedTo(db: Kysely<Database>, upstreamId: string): Promise<bigint> {
  const result = await sql<Record<string, unknown>>`select sum(amount_nanos) as total from ledger_entries where account_id = ${account.upstreamPayable(upstreamId)}`.execute(db);
  return -toBigInt((result.rows[0]?.total ?? 0n) as bigint);
}
