import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PricingError } from './errors.js';
import { describeRate, formatRate, parseRate, perMillionTokens, perUnit } from './rates.js';

describe('rates from decimal strings', () => {
  it.each([
    // 0.15 × 10⁹ = 150 000 000 nanos per 1M tokens
    ['0.15', 150_000_000n],
    // 0.01875 × 10⁹ = 18 750 000
    ['0.01875', 18_750_000n],
    // DeepSeek-style ¥2 per 1M: 2 × 10⁹
    ['2', 2_000_000_000n],
    // the finest price there is: one nano
    ['0.000000001', 1n],
    ['0', 0n],
  ])('perMillionTokens(%s) is %s nanos per 1M', (text, amountNanos) => {
    expect(perMillionTokens(text)).toEqual({ amountNanos, perUnits: 1_000_000n });
  });

  it('prices per unit for requests, images and audio seconds', () => {
    // 0.002 × 10⁹ = 2 000 000 nanos per request
    expect(perUnit('0.002')).toEqual({ amountNanos: 2_000_000n, perUnits: 1n });
  });

  it.each(['-0.15', '-0', '1e-7', '0.0000000001', 'abc', '', '.5', '1,5', '0x10', '+1'])('rejects %j with a PricingError', (text) => {
    const error = thrownBy(() => perMillionTokens(text));
    expect(error).toBeInstanceOf(PricingError);
    expect(error).toMatchObject({ code: 'invalid_rate' });
  });

  it('rejects a rate per zero units', () => {
    expect(thrownBy(() => parseRate('1', 0n))).toMatchObject({ code: 'invalid_rate' });
  });

  it('formats back for display', () => {
    expect(formatRate(perMillionTokens('0.15'))).toBe('0.15');
    expect(formatRate(perMillionTokens('2'))).toBe('2');
    expect(formatRate(perMillionTokens('0'))).toBe('0');
    expect(formatRate(perMillionTokens('10.5'))).toBe('10.5');
    expect(describeRate(perMillionTokens('0.15'))).toBe('0.15 per 1M');
    expect(describeRate(perUnit('0.002'))).toBe('0.002 per 1');
    expect(describeRate({ amountNanos: 17n, perUnits: 20n })).toBe('0.000000017 per 20');
    expect(describeRate({ amountNanos: 1n, perUnits: 4_000n })).toBe('0.000000001 per 4K');
  });

  it('formats every rate to a string that parses back to the same rate', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), fc.bigInt({ min: 1n, max: 10n ** 9n }), (amountNanos, perUnits) => {
        const rate = { amountNanos, perUnits };
        expect(parseRate(formatRate(rate), perUnits)).toEqual(rate);
      }),
    );
  });
});

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
