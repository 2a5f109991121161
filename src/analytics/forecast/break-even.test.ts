import { describe, expect, it } from 'vitest';
import { breakEven, type BreakEvenScenario, type MonthActuals } from './break-even.js';

const flatMonth = (month: string): MonthActuals => ({ month, revenue: 1000, directCost: 800, operatingExpenses: 400 });
const growthScenario: BreakEvenScenario = {
  revenueGrowthPctPerMonth: 10,
  priceChangePct: 5,
  costPerUnitChangePct: -10,
  opexGrowthPctPerMonth: 0,
};

describe('breakEven', () => {
  it('projects growth, a price rise and a cheaper unit cost month by month (hand-computed)', () => {
    // Base month 2025-03: revenue 1000, direct cost 800, opex 400, profit −200 (three such months: −600).
    // Month k: revenue = 1000 · 1.1^k · 1.05 = 1050 · 1.1^k; cost = 800 · 1.1^k · 0.9 = 720 · 1.1^k; opex = 400.
    // k=1 (2025-04): 1155     − 792      − 400 = −37
    // k=2 (2025-05): 1270.5   − 871.2    − 400 = −0.7
    // k=3 (2025-06): 1397.55  − 958.32   − 400 = 39.23   ← first month with profit ≥ 0
    // k=4 (2025-07): 1537.305 − 1054.152 − 400 = 83.153
    // Cumulative from −600: −637, −637.7, −598.47, −515.317: never ≥ 0 within four months.
    const result = breakEven({ months: [flatMonth('2025-01'), flatMonth('2025-02'), flatMonth('2025-03')], scenario: growthScenario, horizonMonths: 4 });
    expect(result.actualCumulativeProfit).toBe(-600);
    expect(result.projection.map((row) => row.month)).toEqual(['2025-04', '2025-05', '2025-06', '2025-07']);
    const expected = [
      { revenue: 1155, directCost: 792, profit: -37, cumulativeProfit: -637 },
      { revenue: 1270.5, directCost: 871.2, profit: -0.7, cumulativeProfit: -637.7 },
      { revenue: 1397.55, directCost: 958.32, profit: 39.23, cumulativeProfit: -598.47 },
      { revenue: 1537.305, directCost: 1054.152, profit: 83.153, cumulativeProfit: -515.317 },
    ];
    result.projection.forEach((row, k) => {
      expect(row.revenue).toBeCloseTo(expected[k]!.revenue, 9);
      expect(row.directCost).toBeCloseTo(expected[k]!.directCost, 9);
      expect(row.operatingExpenses).toBe(400);
      expect(row.profit).toBeCloseTo(expected[k]!.profit, 9);
      expect(row.cumulativeProfit).toBeCloseTo(expected[k]!.cumulativeProfit, 9);
    });
    expect(result.breakEvenMonth).toBe('2025-06');
    expect(result.cumulativeBreakEvenMonth).toBeNull();
  });

  it('finds when past losses are earned back (hand-computed)', () => {
    // One actual month (−200), same scenario. Cumulative: −237, −237.7, −198.47, −115.317, then
    // k=5 (2025-08): 1050 · 1.61051 − 720 · 1.61051 − 400 = 131.4683 → cumulative 16.1513 ≥ 0.
    const result = breakEven({ months: [flatMonth('2025-03')], scenario: growthScenario, horizonMonths: 6 });
    expect(result.projection[4]!.cumulativeProfit).toBeCloseTo(16.1513, 9);
    expect(result.breakEvenMonth).toBe('2025-06');
    expect(result.cumulativeBreakEvenMonth).toBe('2025-08');
  });

  it('returns null when the business never breaks even within the horizon', () => {
    const flat = { revenueGrowthPctPerMonth: 0, priceChangePct: 0, costPerUnitChangePct: 0, opexGrowthPctPerMonth: 0 };
    const result = breakEven({ months: [flatMonth('2025-03')], scenario: flat, horizonMonths: 24 });
    expect(result.projection).toHaveLength(24);
    expect(result.projection.every((row) => row.profit === -200)).toBe(true);
    expect(result.breakEvenMonth).toBeNull();
    expect(result.cumulativeBreakEvenMonth).toBeNull();
  });

  it('applies price to revenue only, unit cost to direct cost only, and grows opex on its own', () => {
    // Price +100 %: revenue 2000; unit cost −50 %: cost 400; opex +100 %/month: 800 then 1600.
    const scenario = { revenueGrowthPctPerMonth: 0, priceChangePct: 100, costPerUnitChangePct: -50, opexGrowthPctPerMonth: 100 };
    const result = breakEven({ months: [flatMonth('2024-12')], scenario, horizonMonths: 2 });
    expect(result.projection).toEqual([
      { month: '2025-01', revenue: 2000, directCost: 400, operatingExpenses: 800, profit: 800, cumulativeProfit: 600 },
      { month: '2025-02', revenue: 2000, directCost: 400, operatingExpenses: 1600, profit: 0, cumulativeProfit: 600 },
    ]);
    expect(result.breakEvenMonth).toBe('2025-01');
    expect(result.cumulativeBreakEvenMonth).toBe('2025-01');
  });

  it('rejects input it cannot project', () => {
    const scenario = growthScenario;
    expect(() => breakEven({ months: [], scenario, horizonMonths: 3 })).toThrow(RangeError);
    expect(() => breakEven({ months: [flatMonth('2025-02'), flatMonth('2025-01')], scenario, horizonMonths: 3 })).toThrow(/increasing/);
    expect(() => breakEven({ months: [flatMonth('2025-01')], scenario, horizonMonths: -1 })).toThrow(/horizonMonths/);
    expect(() => breakEven({ months: [flatMonth('2025-01')], scenario: { ...scenario, priceChangePct: -150 }, horizonMonths: 3 })).toThrow(/priceChangePct/);
  });
});
