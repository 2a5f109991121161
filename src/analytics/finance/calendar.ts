/**
 * UTC calendar months and days as the finance reports use them: a month is 'YYYY-MM', a day
 * 'YYYY-MM-DD', both in UTC, so every replica and every report agree on where a month starts.
 */
export const DAY_MS = 86_400_000;

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isMonth(text: string): boolean {
  return MONTH.test(text);
}

export function monthOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 7);
}

export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function monthStartMs(month: string): number {
  const match = MONTH.exec(month);
  if (!match) throw new RangeError(`not a month (YYYY-MM): ${month}`);
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, 1);
}

/** The first instant after the month. */
export function monthEndMs(month: string): number {
  const start = new Date(monthStartMs(month));
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1);
}

export function shiftMonth(month: string, count: number): string {
  const start = new Date(monthStartMs(month));
  return monthOf(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + count, 1));
}

/** Months from `first` to `last`, both included; empty when last is before first. */
export function monthRange(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = shiftMonth(m, 1)) months.push(m);
  return months;
}

/** Epoch ms of a 'YYYY-MM-DD' day's start, or null when it is no real date. */
export function parseDay(text: string): number | null {
  const match = DAY.exec(text);
  if (!match) return null;
  const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  return dayOf(ms) === text ? ms : null;
}

export function dayStartMs(ms: number): number {
  return Math.floor(ms / DAY_MS) * DAY_MS;
}
