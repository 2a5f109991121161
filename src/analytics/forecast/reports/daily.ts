/**
 * Daily series read from the database for the forecasts: revenue and cost from the profit
 * totals, usage (tokens) from the hourly rollup. Whole UTC days only, up to yesterday.
 */
import { type Kysely, sql } from 'kysely';
import { type Currency, decimalString, toBigInt } from '../../../core/money.js';
import type { Database } from '../../../storage/schema.js';
import { DAY_MS, dayOf, dayStartMs } from '../../finance/calendar.js';
import { profitTotals } from '../../overview/profit.js';
import { usageRollup } from '../../usage-rollup.js';

export type SeriesKind = 'revenue' | 'cost' | 'usage';

export interface DailyValue {
  day: string;
  /** Nanos for money, tokens for usage. */
  value: bigint;
}

export async function dailySeries(db: Kysely<Database>, q: { series: SeriesKind; currency: Currency; nowMs: number; days: number }): Promise<DailyValue[]> {
  const toMs = dayStartMs(q.nowMs);
  const fromMs = toMs - q.days * DAY_MS;
  const values = q.series === 'usage' ? await tokensByDay(db, fromMs, toMs) : await moneyByDay(db, q.series, q.currency, fromMs, toMs);
  return fillDays(values, fromMs, toMs);
}

async function moneyByDay(db: Kysely<Database>, series: 'revenue' | 'cost', currency: Currency, fromMs: number, toMs: number): Promise<Map<string, bigint>> {
  const totals = await profitTotals(db, { fromMs, toMs, currency });
  return new Map(totals.daily.map((d) => [d.day, series === 'revenue' ? d.revenueNanos : d.costNanos]));
}

async function tokensByDay(db: Kysely<Database>, fromMs: number, toMs: number): Promise<Map<string, bigint>> {
  const rows = await sql<Record<string, unknown>>`
    select (hour_ms / ${sql.raw(String(DAY_MS))}) * ${sql.raw(String(DAY_MS))} as day, sum(prompt_tokens + completion_tokens) as tokens
    from ${usageRollup(fromMs, toMs)} group by 1`.execute(db);
  return new Map(rows.rows.map((r) => [dayOf(Number(toBigInt(r.day as bigint))), toBigInt(r.tokens as bigint)]));
}

/** Every day of the window, 0 where nothing happened, starting at the first day with a value. */
function fillDays(values: Map<string, bigint>, fromMs: number, toMs: number): DailyValue[] {
  const days: DailyValue[] = [];
  for (let ms = fromMs; ms < toMs; ms += DAY_MS) {
    const day = dayOf(ms);
    const value = values.get(day) ?? 0n;
    if (days.length > 0 || value !== 0n) days.push({ day, value });
  }
  return days;
}

/** Nanos of money to a number of currency units, for the statistics of the forecasts. */
export function nanosToUnits(nanos: bigint): number {
  return Number(nanos) / 1e9;
}

/** A forecast amount (a float of units) as a decimal string, to the micro-unit. */
export function unitsToDecimal(units: number): string {
  return decimalString(BigInt(Math.round(units * 1e6)) * 1000n);
}
