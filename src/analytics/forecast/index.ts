export { backtest, defaultHoldout, meanAbsolutePercentageError, meanSquaredError, type BacktestResult } from './backtest.js';
export {
  breakEven,
  type BreakEvenInput,
  type BreakEvenResult,
  type BreakEvenScenario,
  type MonthActuals,
  type ProjectedMonth,
} from './break-even.js';
export { creditRunOut, type CreditRunOut, type CreditRunOutInput } from './credit.js';
export {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  granularityOf,
  monthOfYear,
  monthsBetween,
  type Granularity,
} from './dates.js';
export {
  DEFAULT_BAND_Z,
  methodName,
  type ForecastMethod,
  type ForecastPoint,
  type PredictOptions,
  type SeasonalityKind,
  type SeriesPoint,
  type TrendKind,
} from './model.js';
export { runwayMonths, type RunwayInput } from './runway.js';
export { candidateMethods, forecastSeries, type ForecastOptions, type SeriesForecast } from './series.js';
