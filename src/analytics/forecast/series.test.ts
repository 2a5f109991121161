import { describe, expect, it } from 'vitest';
import { addDays, addMonths } from './dates.js';
import type { SeriesPoint } from './model.js';
import { candidateMethods, forecastSeries } from './series.js';

function daily(start: string, values: readonly number[]): SeriesPoint[] {
  return values.map((value, i) => ({ t: addDays(start, i), value }));
}

function monthly(start: string, values: readonly number[]): SeriesPoint[] {
  return values.map((value, i) => ({ t: addMonths(start, i), value }));
}

const range = (count: number): number[] => Array.from({ length: count }, (_, i) => i);
const bandWidth = (point: { lower: number; upper: number }): number => point.upper - point.lower;

describe('forecastSeries', () => {
  it('continues a perfectly linear series exactly, with MAPE 0 and a band of no width', () => {
    // y = 10 + 2i for i = 0…19, so i = 20, 21, 22 give 50, 52, 54.
    const forecast = forecastSeries(daily('2025-01-01', range(20).map((i) => 10 + 2 * i)), 3);
    expect(forecast.method).toBe('linear');
    expect(forecast.points.map((point) => point.t)).toEqual(['2025-01-21', '2025-01-22', '2025-01-23']);
    [50, 52, 54].forEach((expected, h) => {
      expect(Math.abs(forecast.points[h]!.value - expected)).toBeLessThan(1e-9);
      expect(bandWidth(forecast.points[h]!)).toBeLessThan(1e-9);
    });
    // ⌊20/4⌋ = 5 points held out, each forecast exactly.
    expect(forecast.backtest.holdout).toBe(5);
    expect(forecast.backtest.mape).toBeLessThan(1e-9);
    expect(forecast.backtest.mse).toBeLessThan(1e-18);
  });

  it('keeps a constant series constant', () => {
    const forecast = forecastSeries(daily('2025-01-01', range(21).map(() => 42)), 5);
    expect(forecast.method).toBe('linear');
    for (const point of forecast.points) {
      expect(point.value).toBeCloseTo(42, 9);
      expect(point.lower).toBeCloseTo(42, 9);
      expect(point.upper).toBeCloseTo(42, 9);
    }
    expect(forecast.backtest.mape).toBeCloseTo(0, 9);
  });

  it('keeps a weekly pattern on top of a trend', () => {
    // 2025-01-05 is a Sunday; value = level of the weekday (Sun…Sat) + day index.
    const weekdayLevels = [50, 100, 110, 120, 130, 140, 60];
    const history = daily('2025-01-05', range(35).map((i) => weekdayLevels[i % 7]! + i));
    const forecast = forecastSeries(history, 8);
    expect(forecast.method).toBe('linear+day-of-week');
    // Days 35…42 run Sunday…Sunday again.
    const expected = range(8).map((h) => weekdayLevels[(35 + h) % 7]! + 35 + h);
    forecast.points.forEach((point, h) => expect(Math.abs(point.value - expected[h]!)).toBeLessThan(1e-9));
    expect(forecast.points[0]!.t).toBe('2025-02-09');
    expect(forecast.backtest.mape).toBeLessThan(1e-9);
  });

  it('follows exponential growth with a log-linear trend', () => {
    // 5 % a day from 100: day i is 100 · 1.05^i.
    const forecast = forecastSeries(daily('2025-01-01', range(30).map((i) => 100 * 1.05 ** i)), 3);
    expect(forecast.method).toBe('log-linear');
    forecast.points.forEach((point, h) => {
      const expected = 100 * 1.05 ** (30 + h);
      expect(Math.abs(point.value / expected - 1)).toBeLessThan(1e-9);
    });
  });

  it('computes the band from the residuals, widening away from the data (hand-computed)', () => {
    // y = 1, 3, 2, 4 at x = 0…3: x̄ = 1.5, ȳ = 2.5, Sxy = 4, Sxx = 5, so b = 0.8 and a = 1.3.
    // Fitted 1.3, 2.1, 2.9, 3.7; residuals −0.3, 0.9, −0.9, 0.3; SSE = 1.8; σ² = 1.8 / (4 − 2) = 0.9.
    // At x = 4: ŷ = 4.5; se² = 0.9 · (1 + 1/4 + (4 − 1.5)²/5) = 0.9 · 2.5 = 2.25, se = 1.5;
    // band = 4.5 ± 1.96 · 1.5 = [1.56, 7.44].
    const history = daily('2025-01-01', [1, 3, 2, 4]);
    const forecast = forecastSeries(history, 2, { method: { trend: 'linear', seasonality: 'none' } });
    expect(forecast.method).toBe('linear');
    expect(forecast.points[0]).toEqual({ t: '2025-01-05', value: expect.closeTo(4.5, 12), lower: expect.closeTo(1.56, 12), upper: expect.closeTo(7.44, 12) });
    // At x = 5: se² = 0.9 · (1 + 1/4 + 3.5²/5) = 0.9 · 3.7 = 3.33.
    expect(bandWidth(forecast.points[1]!)).toBeCloseTo(2 * 1.96 * Math.sqrt(3.33), 12);
  });

  it('bands a log-linear fit on the log scale, so the band is wider above than below', () => {
    // ln y = 0, 2, 1, 3: the same regression as above shifted by −1, so at x = 4 the log forecast
    // is 3.5 ± 2.94, i.e. e^3.5 with band [e^0.56, e^6.44].
    const history = monthly('2024-11', [1, Math.E ** 2, Math.E, Math.E ** 3]);
    const forecast = forecastSeries(history, 1, { method: { trend: 'log-linear', seasonality: 'none' } });
    const [point] = forecast.points;
    expect(point!.t).toBe('2025-03');
    expect(point!.value).toBeCloseTo(Math.exp(3.5), 9);
    expect(point!.lower).toBeCloseTo(Math.exp(0.56), 9);
    expect(point!.upper).toBeCloseTo(Math.exp(6.44), 9);
    expect(point!.upper - point!.value).toBeGreaterThan(point!.value - point!.lower);
  });

  it('gives a noisy series a wider band than a clean one with the same trend', () => {
    const clean = daily('2025-01-01', range(30).map((i) => 100 + 2 * i));
    // ±5 alternating: period 2, which no weekday level can absorb.
    const noisy = daily('2025-01-01', range(30).map((i) => 100 + 2 * i + (i % 2 === 0 ? 5 : -5)));
    const cleanForecast = forecastSeries(clean, 7);
    const noisyForecast = forecastSeries(noisy, 7);
    expect(bandWidth(noisyForecast.points[0]!)).toBeGreaterThan(2 * 1.96 * 4);
    expect(bandWidth(cleanForecast.points[0]!)).toBeLessThan(1e-9);
    expect(bandWidth(noisyForecast.points[6]!)).toBeGreaterThan(bandWidth(noisyForecast.points[0]!));
    expect(noisyForecast.backtest.mse).toBeGreaterThan(cleanForecast.backtest.mse!);
  });

  it('floors a falling non-negative series at zero, unless told otherwise', () => {
    // 10, 8, 6, 4, 2 continues 0, −2, −4.
    const history = daily('2025-01-01', [10, 8, 6, 4, 2]);
    const linear = { trend: 'linear', seasonality: 'none' } as const;
    expect(forecastSeries(history, 3, { method: linear }).points.map((point) => point.value)).toEqual([
      expect.closeTo(0, 9),
      0,
      0,
    ]);
    const signed = forecastSeries(history, 3, { method: linear, nonNegative: false }).points.map((point) => point.value);
    expect(signed[2]).toBeCloseTo(-4, 9);
  });

  it('handles gaps in the dates by the dates themselves', () => {
    // y = 10 + 2·(days since 2025-01-01), with 2025-01-03 missing.
    const history = [0, 1, 3, 4, 5].map((day) => ({ t: addDays('2025-01-01', day), value: 10 + 2 * day }));
    const forecast = forecastSeries(history, 2, { method: { trend: 'linear', seasonality: 'none' } });
    expect(forecast.points.map((point) => point.t)).toEqual(['2025-01-07', '2025-01-08']);
    expect(forecast.points[0]!.value).toBeCloseTo(22, 9);
    expect(forecast.points[1]!.value).toBeCloseTo(24, 9);
  });

  it('forecasts months across a year end', () => {
    const forecast = forecastSeries(monthly('2024-09', [100, 110, 120, 130]), 2);
    expect(forecast.points.map((point) => [point.t, point.value])).toEqual([
      ['2025-01', expect.closeTo(140, 9)],
      ['2025-02', expect.closeTo(150, 9)],
    ]);
    // ⌊4/4⌋ = 1 month held out.
    expect(forecast.backtest.holdout).toBe(1);
  });

  it('forecasts a single point as flat, with no backtest', () => {
    const forecast = forecastSeries([{ t: '2025-01-01', value: 7 }], 2);
    expect(forecast.points.map((point) => point.value)).toEqual([7, 7]);
    expect(forecast.backtest).toEqual({ holdout: 0, mape: null, mse: null, method: 'linear' });
  });

  it('offers seasonal and log candidates only where the data can support them', () => {
    const positive = daily('2025-01-01', range(40).map((i) => i + 1));
    expect(candidateMethods(positive, 10).map((method) => `${method.trend}/${method.seasonality}`)).toEqual([
      'linear/none',
      'linear/day-of-week',
      'log-linear/none',
      'log-linear/day-of-week',
    ]);
    // 20 − 10 = 10 training days: some weekday occurs only once.
    expect(candidateMethods(positive.slice(0, 20), 10).every((method) => method.seasonality === 'none')).toBe(true);
    const withZero = daily('2025-01-01', [0, ...range(39)]);
    expect(candidateMethods(withZero, 10).every((method) => method.trend === 'linear')).toBe(true);
  });

  it('rejects histories and methods it cannot forecast', () => {
    expect(() => forecastSeries([], 3)).toThrow(RangeError);
    expect(() => forecastSeries(daily('2025-01-01', [1, 2]).reverse(), 3)).toThrow(/increasing/);
    expect(() => forecastSeries([{ t: '2025-01-01', value: 1 }, { t: '2025-02', value: 2 }], 1)).toThrow(/mixed/);
    expect(() => forecastSeries(daily('2025-01-01', [1, Number.NaN]), 1)).toThrow(/finite/);
    expect(() => forecastSeries(daily('2025-01-01', [1, 2, 3]), -1)).toThrow(/horizon/);
    expect(() => forecastSeries(daily('2025-01-01', [1, 2, 3]), 1, { bandZ: -1 })).toThrow(/bandZ/);
    expect(() => forecastSeries(daily('2025-01-01', range(10)), 1, { method: { trend: 'linear', seasonality: 'day-of-week' } })).toThrow(/every season/);
    expect(() => forecastSeries(daily('2025-01-01', range(40)), 1, { method: { trend: 'linear', seasonality: 'month-of-year' } })).toThrow(/does not apply/);
    expect(() => forecastSeries(daily('2025-01-01', [1, 0, 2]), 1, { method: { trend: 'log-linear', seasonality: 'none' } })).toThrow(/> 0/);
  });
});
