/**
 * The one model every forecast here uses: a least-squares trend on the period number, on the
 * values or on their logarithms, with an optional level per season (weekday or calendar month).
 *
 *   y'ᵢ = a_s(i) + b·xᵢ + eᵢ        y' = y (linear) or ln y (log-linear), x = periods since the first point
 *
 * The regression itself is simple-statistics' `linearRegression`. With seasons, the slope is the
 * simple regression of the season-demeaned values on the season-demeaned periods (the
 * Frisch–Waugh–Lovell theorem), which is exactly the joint least-squares slope; each season's
 * level then follows from its means. See README.md for the band formula.
 */
import { linearRegression, mean, sum } from 'simple-statistics';
import { dayOfWeek, granularityOf, monthOfYear, periodNumber, type Granularity } from './dates.js';

export type TrendKind = 'linear' | 'log-linear';
export type SeasonalityKind = 'none' | 'day-of-week' | 'month-of-year';

export interface ForecastMethod {
  readonly trend: TrendKind;
  readonly seasonality: SeasonalityKind;
}

export interface SeriesPoint {
  readonly t: string;
  readonly value: number;
}

export interface ForecastPoint {
  t: string;
  value: number;
  lower: number;
  upper: number;
}

export interface PredictOptions {
  /** Half-width of the band in residual standard errors; 1.96 ≈ 95 % if residuals are normal. */
  bandZ?: number;
  /** Floor value and band at 0. Defaults to true when every historical value is ≥ 0. */
  nonNegative?: boolean;
}

/** Two-sided 95 % standard-normal quantile. A constant: the library's `probit` is an approximation (1.9572). */
export const DEFAULT_BAND_Z = 1.96;

interface SeasonGroup {
  readonly count: number;
  readonly meanPeriod: number;
  readonly meanFitValue: number;
}

export interface FittedModel {
  readonly method: ForecastMethod;
  readonly granularity: Granularity;
  readonly originPeriod: number;
  readonly pointCount: number;
  readonly slopePerPeriod: number;
  readonly groups: ReadonlyMap<number, SeasonGroup>;
  /** Σ (x − x̄_season)²: how much the periods spread inside their seasons; drives band widening. */
  readonly withinSeasonSpread: number;
  /** On the fit scale (log units for log-linear). */
  readonly residualStd: number;
}

const SEASONS_PER_CYCLE: Record<SeasonalityKind, number> = { none: 1, 'day-of-week': 7, 'month-of-year': 12 };

export function methodName(method: ForecastMethod): string {
  return method.seasonality === 'none' ? method.trend : `${method.trend}+${method.seasonality}`;
}

/** The seasonality that makes sense for a granularity: weekdays for days, calendar months for months. */
export function naturalSeasonality(granularity: Granularity): SeasonalityKind {
  return granularity === 'day' ? 'day-of-week' : 'month-of-year';
}

/** Checks a history is non-empty, of one granularity, strictly increasing and finite; returns the granularity. */
export function validateHistory(history: readonly SeriesPoint[]): Granularity {
  const first = history[0];
  if (!first) throw new RangeError('a forecast needs at least one point of history');
  const granularity = granularityOf(first.t);
  let previous = Number.NEGATIVE_INFINITY;
  for (const point of history) {
    if (granularityOf(point.t) !== granularity) throw new RangeError(`mixed days and months in one series at ${point.t}`);
    const period = periodNumber(point.t, granularity);
    if (period <= previous) throw new RangeError(`history must be in strictly increasing order of t; see ${point.t}`);
    if (!Number.isFinite(point.value)) throw new RangeError(`value at ${point.t} is not a finite number`);
    previous = period;
  }
  return granularity;
}

export function seasonKey(t: string, seasonality: SeasonalityKind): number {
  if (seasonality === 'day-of-week') return dayOfWeek(t);
  if (seasonality === 'month-of-year') return monthOfYear(t);
  return 0;
}

/**
 * Whether every season occurs at least twice: once fixes the season's level with nothing left to
 * check it against, and a season never seen has no level to forecast.
 */
export function hasEverySeasonTwice(history: readonly SeriesPoint[], seasonality: SeasonalityKind): boolean {
  const counts = new Map<number, number>();
  for (const point of history) {
    const key = seasonKey(point.t, seasonality);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const seasons = [...counts.values()];
  return seasons.length === SEASONS_PER_CYCLE[seasonality] && seasons.every((count) => count >= 2);
}

export function allNonNegative(history: readonly SeriesPoint[]): boolean {
  return history.every((point) => point.value >= 0);
}

export function fitModel(history: readonly SeriesPoint[], method: ForecastMethod): FittedModel {
  const granularity = validateHistory(history);
  checkSeasonalityMatches(method.seasonality, granularity);
  if (method.seasonality !== 'none' && !hasEverySeasonTwice(history, method.seasonality)) {
    throw new RangeError(`${methodName(method)} needs every season in the history at least twice`);
  }
  const originPeriod = periodNumber(history[0]!.t, granularity);
  const periods = history.map((point) => periodNumber(point.t, granularity) - originPeriod);
  const fitValues = history.map((point) => toFitScale(point.value, method.trend, point.t));
  const keys = history.map((point) => seasonKey(point.t, method.seasonality));
  const groups = seasonGroups(periods, fitValues, keys);

  const demeaned = periods.map((period, i) => {
    const group = groups.get(keys[i]!)!;
    return [period - group.meanPeriod, fitValues[i]! - group.meanFitValue];
  });
  const withinSeasonSpread = sum(demeaned.map(([dx]) => dx! * dx!));
  // With no spread inside any season the slope is not identified; a flat trend is the honest answer.
  const slopePerPeriod = withinSeasonSpread > 0 ? linearRegression(demeaned).m : 0;

  const squaredResiduals = demeaned.map(([dx, dy]) => (dy! - slopePerPeriod * dx!) ** 2);
  const parameterCount = groups.size + (withinSeasonSpread > 0 ? 1 : 0);
  const degreesOfFreedom = Math.max(1, history.length - parameterCount);
  const residualStd = Math.sqrt(sum(squaredResiduals) / degreesOfFreedom);

  return { method, granularity, originPeriod, pointCount: history.length, slopePerPeriod, groups, withinSeasonSpread, residualStd };
}

/** The forecast at `t` (any date or month of the model's granularity), with its band. */
export function predictAt(model: FittedModel, t: string, options: Required<PredictOptions>): ForecastPoint {
  const period = periodNumber(t, model.granularity) - model.originPeriod;
  const group = model.groups.get(seasonKey(t, model.method.seasonality));
  if (!group) throw new RangeError(`no fitted season for ${t}`);
  const distance = period - group.meanPeriod;
  const fitValue = group.meanFitValue + model.slopePerPeriod * distance;
  const leverage = 1 / group.count + (model.withinSeasonSpread > 0 ? (distance * distance) / model.withinSeasonSpread : 0);
  const halfWidth = options.bandZ * model.residualStd * Math.sqrt(1 + leverage);
  const floor = options.nonNegative ? 0 : Number.NEGATIVE_INFINITY;
  const toValue = (y: number): number => Math.max(floor, fromFitScale(y, model.method.trend));
  return { t, value: toValue(fitValue), lower: toValue(fitValue - halfWidth), upper: toValue(fitValue + halfWidth) };
}

function seasonGroups(periods: number[], fitValues: number[], keys: number[]): Map<number, SeasonGroup> {
  const members = new Map<number, number[]>();
  keys.forEach((key, i) => {
    const indexes = members.get(key);
    if (indexes) indexes.push(i);
    else members.set(key, [i]);
  });
  const groups = new Map<number, SeasonGroup>();
  for (const [key, indexes] of members) {
    groups.set(key, {
      count: indexes.length,
      meanPeriod: mean(indexes.map((i) => periods[i]!)),
      meanFitValue: mean(indexes.map((i) => fitValues[i]!)),
    });
  }
  return groups;
}

function checkSeasonalityMatches(seasonality: SeasonalityKind, granularity: Granularity): void {
  if (seasonality !== 'none' && seasonality !== naturalSeasonality(granularity)) {
    throw new RangeError(`${seasonality} seasonality does not apply to a series by ${granularity}`);
  }
}

function toFitScale(value: number, trend: TrendKind, t: string): number {
  if (trend === 'linear') return value;
  if (value <= 0) throw new RangeError(`log-linear trend needs values > 0; ${t} has ${value}`);
  return Math.log(value);
}

function fromFitScale(fitValue: number, trend: TrendKind): number {
  return trend === 'linear' ? fitValue : Math.exp(fitValue);
}
