import { describe, expect, it } from 'vitest';
import { parseDecimalNanos } from '../core/money.js';
import { checkoutUnitAmount, requireWholeMinorUnits, toMinorUnits } from './minor-units.js';

const nanos = (text: string) => parseDecimalNanos(text)!;

describe('minor units', () => {
  it('converts nanos to cents and yen exactly', () => {
    expect(toMinorUnits(nanos('12.34'), 'USD')).toBe(1234n);
    expect(toMinorUnits(nanos('1500'), 'JPY')).toBe(1500n);
    expect(toMinorUnits(nanos('12.345'), 'USD')).toBeNull();
    expect(toMinorUnits(nanos('0.000000001'), 'EUR')).toBeNull();
    expect(toMinorUnits(nanos('1500.5'), 'JPY')).toBeNull();
  });

  it('refuses fractions of a coin, naming the nearest amount', () => {
    expect(() => requireWholeMinorUnits(nanos('10.005'), 'USD')).toThrow(/whole USD minor units.*10\.01/);
    expect(() => requireWholeMinorUnits(nanos('100.5'), 'JPY')).toThrow(/whole JPY/);
    expect(() => requireWholeMinorUnits(0n, 'USD')).toThrow(/greater than zero/);
  });

  it("keeps card payments within Stripe's per-currency minimum and maximum", () => {
    expect(checkoutUnitAmount(nanos('0.50'), 'USD')).toBe(50);
    expect(checkoutUnitAmount(nanos('0.30'), 'GBP')).toBe(30);
    expect(checkoutUnitAmount(nanos('50'), 'JPY')).toBe(50);
    expect(() => checkoutUnitAmount(nanos('0.49'), 'USD')).toThrow(/below the smallest card payment in USD \(0\.50\)/);
    expect(() => checkoutUnitAmount(nanos('49'), 'JPY')).toThrow(/below the smallest card payment in JPY \(50\)/);
    expect(checkoutUnitAmount(nanos('999999.99'), 'USD')).toBe(99_999_999);
    expect(() => checkoutUnitAmount(nanos('1000000'), 'USD')).toThrow(/above the largest/);
  });
});
