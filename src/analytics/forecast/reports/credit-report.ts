/** When each prepaid customer's credit runs out at its forecast spend. */
import { type Kysely, sql } from 'kysely';
import { type Currency, decimalString, toBigInt } from '../../../core/money.js';
import type { Database } from '../../../storage/schema.js';
import { DAY_MS, dayOf, dayStartMs } from '../../finance/calendar.js';
import { creditRunOut } from '../credit.js';
import { nanosToUnits, unitsToDecimal } from './daily.js';
import { usageRollup } from '../../usage-rollup.js';

export interface CreditRunway {
  customerId: string;
  name: string;
  currency: Currency;
  /** Paid plus granted credit left. */
  balance: string;
  spendPerDay: string;
  runOutDate: string | null;
  remainingDays: number | null;
  method: string;
}

const SPEND_HISTORY_DAYS = 60;
const DAY = sql.raw(String(DAY_MS));

/** Every prepaid customer with credit left, soonest run-out first (never last). */
export async function creditRunways(db: Kysely<Database>, nowMs: number): Promise<CreditRunway[]> {
  const balances = await creditBalances(db);
  const todayMs = dayStartMs(nowMs);
  const spend = await dailySpend(db, todayMs - SPEND_HISTORY_DAYS * DAY_MS, todayMs);
  const today = dayOf(todayMs);
  const out: CreditRunway[] = [];
  for (const customer of balances) {
    const days = fill(spend.get(customer.id) ?? new Map(), todayMs - SPEND_HISTORY_DAYS * DAY_MS, todayMs);
    const result = creditRunOut({ balance: nanosToUnits(customer.balanceNanos), dailySpend: days, today });
    out.push({
      customerId: customer.id,
      name: customer.name,
      currency: customer.currency,
      balance: decimalString(customer.balanceNanos),
      spendPerDay: unitsToDecimal(result.spendRatePerDay),
      runOutDate: result.runOutDate,
      remainingDays: result.remainingDays,
      method: result.method,
    });
  }
  return out.sort((a, b) => (a.remainingDays ?? Infinity) - (b.remainingDays ?? Infinity) || a.customerId.localeCompare(b.customerId));
}

async function creditBalances(db: Kysely<Database>): Promise<{ id: string; name: string; currency: Currency; balanceNanos: bigint }[]> {
  const rows = await sql<Record<string, unknown>>`
    select c.id, c.name, c.currency, sum(e.amount_nanos) as total from customers c
    join ledger_entries e on e.account_id in ('customer:' || c.id || ':wallet', 'customer:' || c.id || ':promo')
    where c.billing_mode = 'prepaid' group by c.id, c.name, c.currency`.execute(db);
  // Wallet and promo are liabilities: their balance is the negated sum of entries.
  return rows.rows
    .map((r) => ({ id: r.id as string, name: r.name as string, currency: r.currency as Currency, balanceNanos: -toBigInt(r.total as bigint) }))
    .filter((c) => c.balanceNanos > 0n);
}

async function dailySpend(db: Kysely<Database>, fromMs: number, toMs: number): Promise<Map<string, Map<string, number>>> {
  const rows = await sql<Record<string, unknown>>`
    select customer_id, (hour_ms / ${DAY}) * ${DAY} as day, sum(revenue_nanos) as spent from ${usageRollup(fromMs, toMs)}
    group by 1, 2`.execute(db);
  const byCustomer = new Map<string, Map<string, number>>();
  for (const r of rows.rows) {
    const id = (r.customerId ?? r.customer_id) as string;
    const days = byCustomer.get(id) ?? new Map<string, number>();
    days.set(dayOf(Number(toBigInt(r.day as bigint))), nanosToUnits(toBigInt(r.spent as bigint)));
    byCustomer.set(id, days);
  }
  return byCustomer;
}

/** Whole days up to yesterday with 0 where nothing was spent, from the first day with spend. */
function fill(days: Map<string, number>, fromMs: number, toMs: number): { t: string; value: number }[] {
  const out: { t: string; value: number }[] = [];
  for (let ms = fromMs; ms < toMs; ms += DAY_MS) {
    const value = days.get(dayOf(ms)) ?? 0;
    if (out.length > 0 || value !== 0) out.push({ t: dayOf(ms), value });
  }
  return out;
}
