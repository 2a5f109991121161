/**
 * Forecasts of a daily or monthly series (usage, revenue, cost) with an uncertainty band and the
 * backtest of the same method beside it.
 */
import { mean } from 'simple-statistics';
import { backtest, defaultHoldout, type BacktestResult } from './backtest.js';
import { formatPeriod, periodNumber } from './dates.js';
import {
  allNonNegative,
  DEFAULT_BAND_Z,
  fitModel,
  hasEverySeasonTwice,
  methodName,
  naturalSeasonality,
  predictAt,
  validateHistory,
  type ForecastMethod,
  type ForecastPoint,
  type PredictOptions,
  type SeriesPoint,
} from './model.js';

export interface ForecastOptions extends PredictOptions {
  /** A fixed method, or 'auto' (the default): the candidate with the lowest backtest MSE. */
  method?: ForecastMethod | 'auto';
  /** Points held out for the backtest; defaults to min(14, ⌊n/4⌋) daily, min(6, ⌊n/4⌋) monthly. */
  holdout?: number;
}

export interface SeriesForecast {
  method: string;
  points: ForecastPoint[];
  backtest: BacktestResult;
}

/** Forecasts the `horizon` periods (days or months) after the last point of `history`. */
export function forecastSeries(history: readonly SeriesPoint[], horizon: number, options: ForecastOptions = {}): SeriesForecast {
  const granularity = validateHistory(history);
  if (!Number.isInteger(horizon) || horizon < 0) throw new RangeError(`horizon must be a whole number ≥ 0; got ${horizon}`);
  const bandZ = options.bandZ ?? DEFAULT_BAND_Z;
  if (!Number.isFinite(bandZ) || bandZ < 0) throw new RangeError(`bandZ must be a finite number ≥ 0; got ${bandZ}`);
  const holdout = options.holdout ?? defaultHoldout(history.length, granularity);
  const nonNegative = options.nonNegative ?? allNonNegative(history);
  const requested = options.method ?? 'auto';
  const chosen =
    requested === 'auto'
      ? chooseMethod(history, holdout, nonNegative)
      : { method: requested, backtest: backtest(history, holdout, requested, { nonNegative }) };

  const model = fitModel(history, chosen.method);
  const lastPeriod = periodNumber(history[history.length - 1]!.t, granularity);
  const predictOptions = { bandZ, nonNegative };
  const points = Array.from({ length: horizon }, (_, i) => predictAt(model, formatPeriod(lastPeriod + i + 1, granularity), predictOptions));
  return { method: methodName(chosen.method), points, backtest: chosen.backtest };
}

/**
 * The methods worth trying on this history, simplest first: a log trend only when every value is
 * positive, a seasonal level only when the training part of the backtest sees every season twice
 * (so the backtest can judge it).
 */
export function candidateMethods(history: readonly SeriesPoint[], holdout: number): ForecastMethod[] {
  const granularity = validateHistory(history);
  const trends = history.every((point) => point.value > 0) ? (['linear', 'log-linear'] as const) : (['linear'] as const);
  const training = history.slice(0, history.length - holdout);
  const seasonal = naturalSeasonality(granularity);
  const seasonalities = holdout > 0 && hasEverySeasonTwice(training, seasonal) ? (['none', seasonal] as const) : (['none'] as const);
  return trends.flatMap((trend) => seasonalities.map((seasonality) => ({ trend, seasonality })));
}

/**
 * Picks the candidate whose backtest MSE is lowest. A later (more complex) candidate must beat the
 * best so far by more than float noise, so exact fits tie towards the simpler method. With
 * nothing held out there is nothing to compare, and the plain linear trend is used.
 */
function chooseMethod(history: readonly SeriesPoint[], holdout: number, nonNegative: boolean): { method: ForecastMethod; backtest: BacktestResult } {
  const candidates = candidateMethods(history, holdout);
  const heldOut = history.slice(history.length - holdout).map((point) => point.value);
  const noise = holdout > 0 ? 1e-9 * mean(heldOut.map((value) => value * value)) : 0;
  let best: { method: ForecastMethod; backtest: BacktestResult } | undefined;
  for (const method of candidates) {
    const result = backtest(history, holdout, method, { nonNegative });
    if (!best || (result.mse !== null && best.backtest.mse !== null && result.mse < best.backtest.mse - noise)) {
      best = { method, backtest: result };
    }
  }
  return best!;
}
