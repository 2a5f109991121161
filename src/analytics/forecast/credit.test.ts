import { describe, expect, it } from 'vitest';
import { creditRunOut } from './credit.js';
import { addDays } from './dates.js';
import type { SeriesPoint } from './model.js';

function spend(start: string, values: readonly number[]): SeriesPoint[] {
  return values.map((value, i) => ({ t: addDays(start, i), value }));
}

const steadyTen = spend('2025-03-01', Array.from({ length: 14 }, () => 10));

describe('creditRunOut', () => {
  it('runs $100 out in 10 days at a steady $10 a day', () => {
    // Spend on 03-15 … 03-24 adds up to 100.
    const result = creditRunOut({ balance: 100, dailySpend: steadyTen, today: '2025-03-14' });
    expect(result).toEqual({ runOutDate: '2025-03-24', remainingDays: 10, spendRatePerDay: expect.closeTo(10, 9), method: 'linear' });
  });

  it('counts from today even when the spend data stops a few days earlier', () => {
    const result = creditRunOut({ balance: 100, dailySpend: steadyTen, today: '2025-03-19' });
    expect(result.runOutDate).toBe('2025-03-29');
  });

  it('rounds a part day up: $100 at $30 a day lasts into the fourth day', () => {
    const result = creditRunOut({ balance: 100, dailySpend: spend('2025-03-01', [30, 30, 30, 30]), today: '2025-03-04' });
    expect(result.remainingDays).toBe(4);
    expect(result.runOutDate).toBe('2025-03-08');
  });

  it('uses the forecast of growing spend, not its past average', () => {
    // Spend 1, 2, …, 10 on 03-01 … 03-10 continues 11 … 40 over the next 30 days: mean (11 + 40)/2 = 25.5.
    // $102 / 25.5 = 4 days.
    const result = creditRunOut({ balance: 102, dailySpend: spend('2025-03-01', Array.from({ length: 10 }, (_, i) => i + 1)), today: '2025-03-10' });
    expect(result.spendRatePerDay).toBeCloseTo(25.5, 9);
    expect(result.runOutDate).toBe('2025-03-14');
  });

  it('never runs out at zero spend or without spend history', () => {
    const zero = creditRunOut({ balance: 100, dailySpend: spend('2025-03-01', [0, 0, 0, 0, 0]), today: '2025-03-05' });
    expect(zero).toMatchObject({ runOutDate: null, remainingDays: null, spendRatePerDay: 0 });
    const empty = creditRunOut({ balance: 100, dailySpend: [], today: '2025-03-05' });
    expect(empty).toEqual({ runOutDate: null, remainingDays: null, spendRatePerDay: 0, method: 'none' });
  });

  it('does not report a run-out beyond the cap', () => {
    // $1 a day: 1095 days is the three-year cap, 1096 is past it.
    const daily = spend('2025-03-01', [1, 1, 1, 1]);
    expect(creditRunOut({ balance: 1095, dailySpend: daily, today: '2025-03-04' }).remainingDays).toBe(1095);
    expect(creditRunOut({ balance: 1096, dailySpend: daily, today: '2025-03-04' }).runOutDate).toBeNull();
    expect(creditRunOut({ balance: 20, dailySpend: daily, today: '2025-03-04', horizonCapDays: 10 }).runOutDate).toBeNull();
  });

  it('is out today when the balance is already gone', () => {
    expect(creditRunOut({ balance: 0, dailySpend: steadyTen, today: '2025-03-14' })).toMatchObject({ runOutDate: '2025-03-14', remainingDays: 0 });
  });

  it('rejects spend dated after today', () => {
    expect(() => creditRunOut({ balance: 100, dailySpend: steadyTen, today: '2025-03-10' })).toThrow(/after today/);
  });
});
