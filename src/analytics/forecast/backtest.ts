/**
 * Backtests: fit on all but the last `holdout` points, forecast those points, and compare. Shown
 * next to every forecast so a reader can see how wrong the same method was on data it had not seen.
 */
import { mean } from 'simple-statistics';
import type { Granularity } from './dates.js';
import {
  allNonNegative,
  DEFAULT_BAND_Z,
  fitModel,
  methodName,
  predictAt,
  validateHistory,
  type ForecastMethod,
  type SeriesPoint,
} from './model.js';

export interface BacktestResult {
  holdout: number;
  /** Mean absolute percentage error in percent, over held-out points whose actual is not 0; null if none. */
  mape: number | null;
  /** Mean squared error in the series' units squared; null when nothing was held out. */
  mse: number | null;
  method: string;
}

const MAX_DAILY_HOLDOUT = 14;
const MAX_MONTHLY_HOLDOUT = 6;

/** min(14, ⌊n/4⌋) points for daily series, min(6, ⌊n/4⌋) for monthly: most of the data stays in the fit. */
export function defaultHoldout(pointCount: number, granularity: Granularity): number {
  const cap = granularity === 'day' ? MAX_DAILY_HOLDOUT : MAX_MONTHLY_HOLDOUT;
  return Math.min(cap, Math.floor(pointCount / 4));
}

export function backtest(
  history: readonly SeriesPoint[],
  holdout: number,
  method: ForecastMethod,
  options: { nonNegative?: boolean } = {},
): BacktestResult {
  validateHistory(history);
  if (!Number.isInteger(holdout) || holdout < 0 || holdout >= history.length) {
    throw new RangeError(`holdout must be a whole number from 0 to ${history.length - 1}; got ${holdout}`);
  }
  const name = methodName(method);
  if (holdout === 0) return { holdout, mape: null, mse: null, method: name };

  const training = history.slice(0, history.length - holdout);
  const heldOut = history.slice(history.length - holdout);
  const model = fitModel(training, method);
  // Judge what the forecast would have shown, floor included.
  const predictOptions = { bandZ: DEFAULT_BAND_Z, nonNegative: options.nonNegative ?? allNonNegative(history) };
  const predicted = heldOut.map((point) => predictAt(model, point.t, predictOptions).value);
  const actual = heldOut.map((point) => point.value);
  return { holdout, mape: meanAbsolutePercentageError(actual, predicted), mse: meanSquaredError(actual, predicted), method: name };
}

/** In percent. Points whose actual is 0 have no percentage error and are skipped; null if all are. */
export function meanAbsolutePercentageError(actual: readonly number[], predicted: readonly number[]): number | null {
  const percentages = actual.flatMap((value, i) => (value === 0 ? [] : [(100 * Math.abs(value - predicted[i]!)) / Math.abs(value)]));
  return percentages.length === 0 ? null : mean(percentages);
}

export function meanSquaredError(actual: readonly number[], predicted: readonly number[]): number | null {
  if (actual.length === 0) return null;
  return mean(actual.map((value, i) => (value - predicted[i]!) ** 2));
}
