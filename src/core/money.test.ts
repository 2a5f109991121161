import { describe, expect, it } from 'vitest';
import { formatMoney, formatNanos, mulDivCeil, mulDivFloor, parseDecimalNanos, roundToMinorUnit, toBigInt } from './money.js';

describe('money', () => {
  it.each([
    ['12.5', 12_500_000_000n],
    ['0.000000001', 1n],
    ['-3', -3_000_000_000n],
    ['0', 0n],
    ['92233720368.547758070', 92_233_720_368_547_758_070n],
  ])('parses %s exactly', (text, nanos) => {
    expect(parseDecimalNanos(text)).toBe(nanos);
  });

  it.each(['1e3', '1.0000000001', 'abc', '', '1.', '.5', '0x10', '1,5'])('rejects %j', (text) => {
    expect(parseDecimalNanos(text)).toBeNull();
  });

  it('formats in full precision and in a currency, rounding half away from zero', () => {
    expect(formatNanos(1n)).toBe('0.000000001');
    expect(formatNanos(-12_345_000_000n)).toBe('-12.345000000');
    expect(formatMoney(12_345_000_000n, 'USD')).toBe('12.35');
    expect(formatMoney(-12_345_000_000n, 'USD')).toBe('-12.35');
    expect(formatMoney(1_499_999_999n, 'JPY')).toBe('1');
    expect(formatMoney(4_999_999n, 'USD')).toBe('0.00');
  });

  it('rounds to the smallest coin once and reports the rounding', () => {
    expect(roundToMinorUnit(12_345_000_000n, 'USD')).toEqual({ roundedNanos: 12_350_000_000n, roundingNanos: 5_000_000n });
    expect(roundToMinorUnit(12_344_999_999n, 'USD')).toEqual({ roundedNanos: 12_340_000_000n, roundingNanos: -4_999_999n });
    expect(roundToMinorUnit(-5_000_000n, 'CNY')).toEqual({ roundedNanos: -10_000_000n, roundingNanos: -5_000_000n });
  });

  it('multiplies then divides without losing precision', () => {
    expect(mulDivFloor(7n, 150_000_000n, 1_000_000n)).toBe(1050n);
    expect(mulDivFloor(1n, 18_750_000n, 1_000_000n)).toBe(18n);
    expect(mulDivCeil(1n, 18_750_000n, 1_000_000n)).toBe(19n);
    expect(mulDivCeil(0n, 18_750_000n, 1_000_000n)).toBe(0n);
  });

  it('reads integers from any driver form and refuses fractions', () => {
    expect(toBigInt('9223372036854775807')).toBe(9_223_372_036_854_775_807n);
    expect(toBigInt(42)).toBe(42n);
    expect(() => toBigInt(1.5)).toThrow(RangeError);
    expect(() => toBigInt('1.5')).toThrow(RangeError);
  });
});
