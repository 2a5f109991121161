import { describe, expect, it } from 'vitest';
import { backtest, defaultHoldout, meanAbsolutePercentageError, meanSquaredError } from './backtest.js';
import { addDays } from './dates.js';
import type { SeriesPoint } from './model.js';
import { forecastSeries } from './series.js';

const linear = { trend: 'linear', seasonality: 'none' } as const;

function daily(values: readonly number[]): SeriesPoint[] {
  return values.map((value, i) => ({ t: addDays('2025-01-01', i), value }));
}

describe('backtest', () => {
  it('fits all but the held-out points and scores the forecast of those (hand-computed)', () => {
    // Fit on 10, 13, 14 at x = 0, 1, 2: x̄ = 1, ȳ = 37/3, Sxy = (−1)(−7/3) + 0 + (1)(5/3) = 4, Sxx = 2,
    // so b = 2 and a = 37/3 − 2 = 31/3. Forecast x = 3 → 49/3, x = 4 → 55/3; actual 15 and 20.
    // Errors −4/3 and 5/3: MSE = (16/9 + 25/9) / 2 = 41/18.
    // Percentage errors (4/3)/15 = 4/45 and (5/3)/20 = 1/12: MAPE = 100 · (4/45 + 1/12) / 2 = 3100/360 %.
    const result = backtest(daily([10, 13, 14, 15, 20]), 2, linear);
    expect(result.holdout).toBe(2);
    expect(result.method).toBe('linear');
    expect(result.mse).toBeCloseTo(41 / 18, 12);
    expect(result.mape).toBeCloseTo(3100 / 360, 12);
  });

  it('skips actuals of zero in MAPE but not in MSE', () => {
    // Fit on 1, 2, 3 → forecast 4 and 5; actual 0 (skipped in MAPE) and 5 (exact).
    // MAPE = 0 over the one remaining point; MSE = ((0 − 4)² + 0²) / 2 = 8.
    const result = backtest(daily([1, 2, 3, 0, 5]), 2, linear);
    expect(result.mape).toBe(0);
    expect(result.mse).toBeCloseTo(8, 12);
  });

  it('reports MAPE as null when every held-out actual is zero', () => {
    // Forecast 4 and 5 against 0 and 0: MSE = (16 + 25) / 2 = 20.5.
    const result = backtest(daily([1, 2, 3, 0, 0]), 2, linear);
    expect(result.mape).toBeNull();
    expect(result.mse).toBeCloseTo(20.5, 12);
  });

  it('reports no errors when nothing is held out, and refuses to hold out everything', () => {
    expect(backtest(daily([1, 2, 3]), 0, linear)).toEqual({ holdout: 0, mape: null, mse: null, method: 'linear' });
    expect(() => backtest(daily([1, 2, 3]), 3, linear)).toThrow(RangeError);
    expect(() => backtest(daily([1, 2, 3]), 1.5, linear)).toThrow(RangeError);
  });

  it('is the backtest shown beside a forecast of the same method', () => {
    const history = daily([5, 9, 4, 12, 8, 15, 11, 18, 13, 20, 16, 23]);
    const forecast = forecastSeries(history, 3, { method: linear, holdout: 4 });
    expect(forecast.backtest).toEqual(backtest(history, 4, linear));
  });

  it('holds out min(14, ⌊n/4⌋) days or min(6, ⌊n/4⌋) months by default', () => {
    expect(defaultHoldout(100, 'day')).toBe(14);
    expect(defaultHoldout(20, 'day')).toBe(5);
    expect(defaultHoldout(3, 'day')).toBe(0);
    expect(defaultHoldout(36, 'month')).toBe(6);
    expect(defaultHoldout(10, 'month')).toBe(2);
  });

  it('computes the error measures directly', () => {
    // |100 − 90| / 100 = 10 %, |50 − 60| / 50 = 20 % → 15 %; squared errors 100 and 100 → 100.
    expect(meanAbsolutePercentageError([100, 50], [90, 60])).toBeCloseTo(15, 12);
    expect(meanSquaredError([100, 50], [90, 60])).toBe(100);
    expect(meanAbsolutePercentageError([-100], [-90])).toBeCloseTo(10, 12);
    expect(meanSquaredError([], [])).toBeNull();
  });
});
