import { describe, expect, it } from 'vitest';
import type { PlanVersion } from '../../billing/plans.js';
import { percent, ratio, unitEconomics } from './ratios.js';
import { monthlyValueNanos } from './segments.js';

const USD = 1_000_000_000n;

describe('ratios', () => {
  it('rounds percentages half away from zero to 2 decimals and refuses a zero denominator', () => {
    expect(percent(1n, 3n)).toBe(33.33); // 33.333…
    expect(percent(2n, 3n)).toBe(66.67); // 66.666…
    expect(percent(1n, 8n)).toBe(12.5);
    expect(percent(-1n, 3n)).toBe(-33.33);
    expect(percent(5n, 0n)).toBeNull();
    expect(ratio(7n, 4n)).toBe(1.75);
  });

  it('LTV and CAC payback by hand', () => {
    // ARPA 50, revenue 1000, direct cost 400 → gross margin 60 %; start MRR 800, lost 40 → revenue churn 5 %.
    // LTV = 50 × 60 % / 5 % = 600. CAC payback = 120 / (50 × 60 %) = 4 months.
    const e = unitEconomics({ arpaNanos: 50n * USD, revenueNanos: 1_000n * USD, directCostNanos: 400n * USD, startMrrNanos: 800n * USD, lostMrrNanos: 40n * USD, cacNanos: 120n * USD });
    expect(e).toEqual({ ltvNanos: 600n * USD, cacPaybackMonths: 4 });
  });

  it('has no LTV without churn, and no payback without a CAC or a positive margin', () => {
    const base = { arpaNanos: 50n * USD, revenueNanos: 1_000n * USD, directCostNanos: 400n * USD, startMrrNanos: 800n * USD, lostMrrNanos: 0n, cacNanos: null };
    expect(unitEconomics(base)).toEqual({ ltvNanos: null, cacPaybackMonths: null });
    expect(unitEconomics({ ...base, directCostNanos: 1_200n * USD, cacNanos: 120n * USD }).cacPaybackMonths).toBeNull();
  });
});

describe('monthly value of a plan version', () => {
  const version = (interval: 'month' | 'year', feeNanos: bigint) => ({ interval, feeNanos }) as PlanVersion;
  const coupon = (percentBps: number, duration: 'once' | 'forever') => ({ kind: 'percent', percentBps, amountNanos: 0n, duration, durationPeriods: 1 }) as never;

  it('divides a yearly fee by 12, rounding down to the nano', () => {
    // 100 / 12 = 8.333333333(3…) → 8.333333333
    expect(monthlyValueNanos(version('year', 100n * USD), null, 0)).toBe(8_333_333_333n);
  });

  it('takes off a coupon only in the periods it covers, and nothing before the first paid period', () => {
    expect(monthlyValueNanos(version('month', 40n * USD), coupon(5000, 'once'), 0)).toBe(20n * USD);
    expect(monthlyValueNanos(version('month', 40n * USD), coupon(5000, 'once'), 1)).toBe(40n * USD);
    expect(monthlyValueNanos(version('month', 40n * USD), coupon(2500, 'forever'), 7)).toBe(30n * USD);
    expect(monthlyValueNanos(version('month', 40n * USD), null, -1)).toBe(0n);
  });
});
