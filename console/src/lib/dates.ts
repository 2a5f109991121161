/** Dates as the signed-in person's locale writes them; the API speaks epoch milliseconds. */

export function formatDate(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }).format(ms);
}

export function formatDateTime(ms: number | null | undefined, locale: string): string {
  if (ms === null || ms === undefined) return '—';
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

/** "2026-11-29" (a UTC calendar day, as reports name days) → "Nov 29" / "11月29日". */
export function formatDay(day: string, locale: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Intl.DateTimeFormat(locale, { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(ms);
}

/** "2026-11" → "Nov 2026" / "2026年11月". */
export function formatMonth(month: string, locale: string): string {
  const ms = Date.parse(`${month}-01T00:00:00Z`);
  if (Number.isNaN(ms)) return month;
  return new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' }).format(ms);
}

const DAY_MS = 86_400_000;

/** The last `days` days up to now, starting at a local midnight: what "last 30 days" means to a person. */
export function lastDays(days: number, nowMs: number): { fromMs: number; toMs: number } {
  const start = new Date(nowMs - (days - 1) * DAY_MS);
  start.setHours(0, 0, 0, 0);
  return { fromMs: start.getTime(), toMs: nowMs };
}

/** "YYYY-MM" of the month `offset` months from the one holding `nowMs` (local time). */
export function monthKey(nowMs: number, offset = 0): string {
  const date = new Date(nowMs);
  date.setDate(1);
  date.setMonth(date.getMonth() + offset);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}`;
}

/** "2026-11-29" for an <input type=date> from epoch ms, local time. */
export function isoDay(ms: number): string {
  const date = new Date(ms);
  return `${date.getFullYear()}-${String(date.getMonth() + 1).padStart(2, '0')}-${String(date.getDate()).padStart(2, '0')}`;
}

/** Every local calendar day from `fromMs` to `toMs` as "YYYY-MM-DD", so a chart shows quiet days too. */
export function daysBetween(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  const cursor = new Date(fromMs);
  cursor.setHours(0, 0, 0, 0);
  while (cursor.getTime() <= toMs && days.length < 1000) {
    days.push(isoDay(cursor.getTime()));
    cursor.setDate(cursor.getDate() + 1);
  }
  return days;
}

/** "2026-11-29" (a calendar day, as the API names days) with its year: "Nov 29, 2026" / "2026年11月29日". */
export function formatIsoDate(day: string, locale: string): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  if (Number.isNaN(ms)) return day;
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(ms);
}

/** Every UTC calendar day from `fromMs` to `toMs`, as the reports name their days. */
export function utcDaysBetween(fromMs: number, toMs: number): string[] {
  const days: string[] = [];
  for (let ms = Math.floor(fromMs / DAY_MS) * DAY_MS; ms <= toMs && days.length < 1000; ms += DAY_MS) days.push(new Date(ms).toISOString().slice(0, 10));
  return days;
}
