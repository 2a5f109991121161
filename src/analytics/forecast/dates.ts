/**
 * ISO calendar arithmetic in UTC. Series arrive as 'YYYY-MM-DD' (daily) or 'YYYY-MM' (monthly)
 * strings; the forecasts work on whole-number period indexes so that gaps and month lengths are
 * exact and no time zone or clock can shift a date.
 */

export type Granularity = 'day' | 'month';

const MS_PER_DAY = 86_400_000;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

/** 'YYYY-MM-DD' is daily, 'YYYY-MM' monthly; anything else is rejected. */
export function granularityOf(t: string): Granularity {
  if (DAY_PATTERN.test(t)) return 'day';
  if (MONTH_PATTERN.test(t)) return 'month';
  throw new RangeError(`not an ISO date (YYYY-MM-DD) or month (YYYY-MM): ${JSON.stringify(t)}`);
}

/** Days since 1970-01-01. Rejects impossible dates such as 2025-02-30. */
export function parseIsoDay(t: string): number {
  const match = DAY_PATTERN.exec(t);
  if (!match) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(t)}`);
  const dayNumber = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / MS_PER_DAY;
  // Date.UTC rolls 02-30 over into March and maps years below 100 to the 1900s: the round trip catches both.
  if (formatIsoDay(dayNumber) !== t) throw new RangeError(`no such date: ${t}`);
  return dayNumber;
}

export function formatIsoDay(dayNumber: number): string {
  return new Date(dayNumber * MS_PER_DAY).toISOString().slice(0, 10);
}

/** Months since 0000-01, so consecutive months differ by exactly 1. */
export function parseIsoMonth(t: string): number {
  const match = MONTH_PATTERN.exec(t);
  const month = match ? Number(match[2]) : 0;
  if (!match || month < 1 || month > 12) throw new RangeError(`not an ISO month (YYYY-MM): ${JSON.stringify(t)}`);
  return Number(match[1]) * 12 + (month - 1);
}

export function formatIsoMonth(monthNumber: number): string {
  const year = Math.floor(monthNumber / 12);
  const month = monthNumber - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addDays(t: string, days: number): string {
  return formatIsoDay(parseIsoDay(t) + days);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return parseIsoDay(to) - parseIsoDay(from);
}

export function addMonths(t: string, months: number): string {
  return formatIsoMonth(parseIsoMonth(t) + months);
}

export function monthsBetween(from: string, to: string): number {
  return parseIsoMonth(to) - parseIsoMonth(from);
}

/** 0 = Sunday … 6 = Saturday, as in Date.getUTCDay. */
export function dayOfWeek(t: string): number {
  // 1970-01-01 was a Thursday (4).
  return (((parseIsoDay(t) + 4) % 7) + 7) % 7;
}

/** 1 = January … 12 = December. */
export function monthOfYear(t: string): number {
  return (parseIsoMonth(t) % 12) + 1;
}

/** The period number of a date or month at the given granularity: day numbers or month numbers. */
export function periodNumber(t: string, granularity: Granularity): number {
  return granularity === 'day' ? parseIsoDay(t) : parseIsoMonth(t);
}

export function formatPeriod(period: number, granularity: Granularity): string {
  return granularity === 'day' ? formatIsoDay(period) : formatIsoMonth(period);
}
