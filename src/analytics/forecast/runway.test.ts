import { describe, expect, it } from 'vitest';
import { runwayMonths } from './runway.js';

describe('runwayMonths', () => {
  it('divides cash by the monthly net burn', () => {
    expect(runwayMonths({ cash: 120, monthlyNetBurn: 10 })).toBe(12);
    expect(runwayMonths({ cash: 25, monthlyNetBurn: 10 })).toBe(2.5);
  });

  it('is null when the business is not burning cash', () => {
    expect(runwayMonths({ cash: 120, monthlyNetBurn: 0 })).toBeNull();
    expect(runwayMonths({ cash: 120, monthlyNetBurn: -5 })).toBeNull();
  });

  it('is zero when the cash is already gone', () => {
    expect(runwayMonths({ cash: -50, monthlyNetBurn: 10 })).toBe(0);
  });

  it('rejects numbers that are not finite', () => {
    expect(() => runwayMonths({ cash: Number.NaN, monthlyNetBurn: 10 })).toThrow(RangeError);
  });
});
