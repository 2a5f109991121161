import { describe, expect, it } from 'vitest';
import { readBreakEven, readForecast } from './forecastShape.js';

describe('reading the forecast reports', () => {
  it('takes history and points under the names the report may use', () => {
    const data = readForecast({ currency: 'USD', history: [{ day: '2026-11-01', value: '3.5' }], forecast: { method: 'linear', points: [{ t: '2026-11-02', value: 4, lower: 3, upper: 5 }], backtest: { mape: 12.5 } } });
    expect(data.history).toEqual([{ t: '2026-11-01', value: '3.5', lower: null, upper: null }]);
    expect(data.forecast).toEqual([{ t: '2026-11-02', value: 4, lower: 3, upper: 5 }]);
    expect(data).toMatchObject({ method: 'linear', mape: 12.5, currency: 'USD' });
  });

  it('gives empty series for a shape it does not know', () => {
    expect(readForecast('nonsense')).toEqual({ history: [], forecast: [], method: null, mape: null, currency: null });
  });

  it('reads the currency from the unit of a money series, and none from tokens', () => {
    expect(readForecast({ unit: 'EUR', history: [], points: [{ day: '2026-12-01', value: '1', lower: '0', upper: '2' }] })).toMatchObject({ currency: 'EUR', forecast: [{ t: '2026-12-01', value: '1', lower: '0', upper: '2' }] });
    expect(readForecast({ unit: 'tokens' }).currency).toBeNull();
  });

  it('reads the projection and the break-even months', () => {
    const data = readBreakEven({ actuals: [{ month: '2026-12', revenue: '1', directCost: '1', operatingExpenses: '1', profit: '-1' }], projection: [{ month: '2027-01', revenue: 1, directCost: 1, operatingExpenses: 1, profit: -1, cumulativeProfit: -1 }, { bogus: true }], breakEvenMonth: '2027-06', cumulativeBreakEvenMonth: null });
    expect(data.projection).toHaveLength(1);
    expect(data.actuals.map((a) => a.month)).toEqual(['2026-12']);
    expect(data.breakEvenMonth).toBe('2027-06');
    expect(data.cumulativeBreakEvenMonth).toBeNull();
  });
});
