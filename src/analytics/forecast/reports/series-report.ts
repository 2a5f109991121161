import type { Kysely } from 'kysely';
import type { Currency } from '../../../core/money.js';
import type { Database } from '../../../storage/schema.js';
import type { BacktestResult } from '../backtest.js';
import { forecastSeries } from '../series.js';
import { dailySeries, nanosToUnits, type SeriesKind, unitsToDecimal } from './daily.js';

export interface SeriesForecastReport {
  series: SeriesKind;
  /** The currency of revenue and cost; usage is in tokens. */
  unit: Currency | 'tokens';
  method: string;
  history: { day: string; value: string }[];
  points: { day: string; value: string; lower: string; upper: string }[];
  /** How wrong the same method was on the last days of the history it had not seen. */
  backtest: BacktestResult | null;
}

/** Forecast of a daily series with its band, and the backtest beside it. */
export async function seriesForecastReport(db: Kysely<Database>, q: { series: SeriesKind; currency: Currency; nowMs: number; horizonDays: number; historyDays: number }): Promise<SeriesForecastReport> {
  const days = await dailySeries(db, { series: q.series, currency: q.currency, nowMs: q.nowMs, days: q.historyDays });
  const isMoney = q.series !== 'usage';
  const toNumber = (value: bigint) => (isMoney ? nanosToUnits(value) : Number(value));
  const show = (value: number) => (isMoney ? unitsToDecimal(value) : String(Math.round(value)));
  const base = { series: q.series, unit: isMoney ? q.currency : ('tokens' as const), history: days.map((d) => ({ day: d.day, value: isMoney ? unitsToDecimal(toNumber(d.value)) : d.value.toString() })) };
  if (days.length === 0) return { ...base, method: 'none', points: [], backtest: null };
  const forecast = forecastSeries(days.map((d) => ({ t: d.day, value: toNumber(d.value) })), q.horizonDays);
  return {
    ...base,
    method: forecast.method,
    points: forecast.points.map((p) => ({ day: p.t, value: show(p.value), lower: show(p.lower), upper: show(p.upper) })),
    backtest: forecast.backtest,
  };
}
