/**
 * When a prepaid customer's credit runs out if they keep spending as forecast.
 */
import { mean } from 'simple-statistics';
import { addDays, daysBetween, parseIsoDay } from './dates.js';
import type { SeriesPoint } from './model.js';
import { forecastSeries, type ForecastOptions } from './series.js';

export interface CreditRunOutInput {
  balance: number;
  /** Whole days of spend up to `today` at the latest; gaps are allowed. */
  dailySpend: readonly SeriesPoint[];
  today: string;
  /** The spend rate is the mean forecast over this many days after today. */
  rateWindowDays?: number;
  /** Beyond this many days the balance is reported as not running out. */
  horizonCapDays?: number;
  forecast?: ForecastOptions;
}

export interface CreditRunOut {
  /** The day the balance reaches zero; null when spend is zero or it lasts beyond the cap. */
  runOutDate: string | null;
  /** Whole days from today to runOutDate. */
  remainingDays: number | null;
  spendRatePerDay: number;
  /** The forecast method behind the rate, or 'none' without history. */
  method: string;
}

const DEFAULT_RATE_WINDOW_DAYS = 30;
const DEFAULT_HORIZON_CAP_DAYS = 3 * 365;
/** Keeps 100 / 10.000000000000002 from rounding up to an eleventh day. */
const DAY_ROUNDING_SLACK = 1e-9;

export function creditRunOut(input: CreditRunOutInput): CreditRunOut {
  const { balance, today } = input;
  parseIsoDay(today);
  if (!Number.isFinite(balance)) throw new RangeError('balance must be a finite number');
  const horizonCapDays = input.horizonCapDays ?? DEFAULT_HORIZON_CAP_DAYS;
  if (!Number.isInteger(horizonCapDays) || horizonCapDays < 0) throw new RangeError(`horizonCapDays must be a whole number ≥ 0; got ${horizonCapDays}`);
  const rate = forecastSpendRate(input);
  if (balance <= 0) return { runOutDate: today, remainingDays: 0, ...rate };
  if (rate.spendRatePerDay <= 0) return { runOutDate: null, remainingDays: null, ...rate };

  // Spend on today+1 … today+d: the balance is gone at the end of day d = ⌈balance / rate⌉.
  const remainingDays = Math.max(1, Math.ceil(balance / rate.spendRatePerDay - DAY_ROUNDING_SLACK));
  if (remainingDays > horizonCapDays) return { runOutDate: null, remainingDays: null, ...rate };
  return { runOutDate: addDays(today, remainingDays), remainingDays, ...rate };
}

/** The mean forecast daily spend over the window after today, never below zero. */
function forecastSpendRate(input: CreditRunOutInput): { spendRatePerDay: number; method: string } {
  const last = input.dailySpend[input.dailySpend.length - 1];
  if (!last) return { spendRatePerDay: 0, method: 'none' };
  const staleDays = daysBetween(last.t, input.today);
  if (staleDays < 0) throw new RangeError(`dailySpend has a day after today (${last.t} > ${input.today})`);
  const windowDays = input.rateWindowDays ?? DEFAULT_RATE_WINDOW_DAYS;
  if (!Number.isInteger(windowDays) || windowDays < 1) throw new RangeError(`rateWindowDays must be a whole number ≥ 1; got ${windowDays}`);

  // Forecast through the days between the last data and today too, then keep only the window after today.
  const forecast = forecastSeries(input.dailySpend, staleDays + windowDays, input.forecast);
  const window = forecast.points.slice(staleDays).map((point) => point.value);
  return { spendRatePerDay: Math.max(0, mean(window)), method: forecast.method };
}
