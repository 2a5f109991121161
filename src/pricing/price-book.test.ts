import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Currency } from '../core/money.js';
import { priceQuantityNanos, priceUnits, unitsFromUsage } from './charge.js';
import { discountRates, overrideRates, selectPrice } from './price-book.js';
import { perMillionTokens, perUnit } from './rates.js';
import type { PriceBookVersion, RateCard } from './types.js';

const miniCard: RateCard = {
  input_tokens: perMillionTokens('0.15'),
  cached_input_tokens: perMillionTokens('0.075'),
  output_tokens: perMillionTokens('0.60'),
  requests: perUnit('0.002'),
};

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

function version(model: string, currency: Currency, effectiveFromMs: number, output = '0.60'): PriceBookVersion {
  return { model, currency, effectiveFromMs, rates: { ...miniCard, output_tokens: perMillionTokens(output) } };
}

describe('selectPrice', () => {
  const first = version('mini', 'USD', 1_000, '0.60');
  const second = version('mini', 'USD', 2_000, '0.50');
  const yuan = version('mini', 'CNY', 1_500, '4');
  const other = version('other', 'USD', 500, '9');
  const book = [second, yuan, other, first];

  it.each<[string, string, Currency, number, PriceBookVersion | null]>([
    ['before the first version', 'mini', 'USD', 999, null],
    ['at the instant the first starts', 'mini', 'USD', 1_000, first],
    ['just before the second starts', 'mini', 'USD', 1_999, first],
    ['at the instant the second starts', 'mini', 'USD', 2_000, second],
    ['long after', 'mini', 'USD', 10 ** 12, second],
    ['in another currency', 'mini', 'CNY', 1_600, yuan],
    ['a currency with no price', 'mini', 'EUR', 5_000, null],
    ['another model', 'other', 'USD', 500, other],
    ['an unknown model', 'nope', 'USD', 5_000, null],
  ])('%s', (_name, model, currency, atMs, expected) => {
    expect(selectPrice(book, model, currency, atMs)).toBe(expected);
  });

  it('refuses two versions that start at the same instant, whatever their order', () => {
    const twin = version('mini', 'USD', 2_000, '0.40');
    for (const versions of [[first, second, twin], [twin, first, second]]) {
      expect(thrownBy(() => selectPrice(versions, 'mini', 'USD', 3_000))).toMatchObject({ name: 'PricingError', code: 'duplicate_version', model: 'mini' });
    }
    // an older tie no longer in force is not ambiguous for later requests
    expect(selectPrice([first, version('mini', 'USD', 1_000, '0.7'), second], 'mini', 'USD', 3_000)).toBe(second);
  });

  it('returns the version with the greatest effectiveFromMs ≤ atMs', () => {
    const versionArb = fc.record({
      model: fc.constantFrom('a', 'b'),
      currency: fc.constantFrom<Currency>('USD', 'CNY'),
      effectiveFromMs: fc.integer({ min: 0, max: 1_000 }),
    });
    fc.assert(
      fc.property(
        fc.uniqueArray(versionArb, { selector: (v) => `${v.model}|${v.currency}|${v.effectiveFromMs}`, maxLength: 20 }),
        fc.constantFrom('a', 'b'),
        fc.constantFrom<Currency>('USD', 'CNY'),
        fc.integer({ min: -10, max: 1_010 }),
        (raw, model, currency, atMs) => {
          const versions: PriceBookVersion[] = raw.map((v) => ({ ...v, rates: miniCard }));
          const eligible = versions.filter((v) => v.model === model && v.currency === currency && v.effectiveFromMs <= atMs);
          const latest = eligible.reduce<PriceBookVersion | null>((best, v) => (best === null || v.effectiveFromMs > best.effectiveFromMs ? v : best), null);
          expect(selectPrice(versions, model, currency, atMs)).toBe(latest);
        },
      ),
    );
  });
});

describe('overrideRates', () => {
  it('replaces the rates a plan sets and keeps the rest', () => {
    const base = { ...miniCard };
    const card = overrideRates(base, { output_tokens: perMillionTokens('0.50'), input_tokens: undefined });
    expect(card).toEqual({ ...miniCard, output_tokens: perMillionTokens('0.50') });
    expect(base).toEqual(miniCard);
  });

  it('can add a unit the base did not price', () => {
    expect(overrideRates({}, { images: perUnit('0.04') })).toEqual({ images: { amountNanos: 40_000_000n, perUnits: 1n } });
  });
});

describe('discountRates', () => {
  it('takes 1500 bps off every rate exactly', () => {
    expect(discountRates(miniCard, 1_500)).toEqual({
      input_tokens: { amountNanos: 127_500_000n, perUnits: 1_000_000n }, //       150 000 000 × 8 500 / 10 000
      cached_input_tokens: { amountNanos: 63_750_000n, perUnits: 1_000_000n }, //  75 000 000 × 0.85
      output_tokens: { amountNanos: 510_000_000n, perUnits: 1_000_000n }, //      600 000 000 × 0.85
      requests: { amountNanos: 1_700_000n, perUnits: 1n }, //                       2 000 000 × 0.85
    });
  });

  it('prices a usage at 85 % of list, rounded once per line', () => {
    const priced = priceUnits(discountRates(miniCard, 1_500), unitsFromUsage({ promptTokens: 1534, cachedPromptTokens: 300, completionTokens: 567 }), 'floor');
    // 1234 × 127.5 = 157 335; 300 × 63.75 = 19 125; 567 × 510 = 289 170; 1 700 000
    // total 2 165 630 = 2 547 800 (list) × 0.85
    expect(priced.lines.map((line) => line.amountNanos)).toEqual([157_335n, 19_125n, 289_170n, 1_700_000n]);
    expect(priced.totalNanos).toBe(2_165_630n);
  });

  it('keeps fractions of a nano until the line is rounded', () => {
    const cached = discountRates({ cached_input_tokens: perMillionTokens('0.01875') }, 1_500).cached_input_tokens!;
    // 18 750 000 × 0.85 = 15 937 500 per 1M = 15.9375 a token; 333 × 15.9375 = 5 307.1875
    expect(cached).toEqual({ amountNanos: 15_937_500n, perUnits: 1_000_000n });
    expect(priceQuantityNanos(333n, cached, 'floor')).toBe(5_307n);
    expect(priceQuantityNanos(333n, cached, 'ceil')).toBe(5_308n);
    // one nano per unit × 8 500 / 10 000 = 17/20: kept as 17 nanos per 20 units; 3 units = 2.55
    const nano = discountRates({ requests: perUnit('0.000000001') }, 1_500).requests!;
    expect(nano).toEqual({ amountNanos: 17n, perUnits: 20n });
    expect(priceQuantityNanos(3n, nano, 'floor')).toBe(2n);
    expect(priceQuantityNanos(3n, nano, 'ceil')).toBe(3n);
  });

  it('leaves rates alone at 0 bps and makes them free at 10000 bps', () => {
    expect(discountRates(miniCard, 0)).toEqual(miniCard);
    expect(discountRates({ output_tokens: perMillionTokens('0.60') }, 10_000)).toEqual({ output_tokens: { amountNanos: 0n, perUnits: 1_000_000n } });
  });

  it.each([-1, 10_001, 1.5, Number.NaN])('rejects %s bps', (bps) => {
    expect(thrownBy(() => discountRates(miniCard, bps))).toMatchObject({ name: 'PricingError', code: 'invalid_discount' });
  });

  it('equals the exact discounted price rounded once, for any rate, discount and quantity', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 12n }),
        fc.bigInt({ min: 1n, max: 10n ** 7n }),
        fc.integer({ min: 0, max: 10_000 }),
        fc.bigInt({ min: 0n, max: 10n ** 9n }),
        (amountNanos, perUnits, bps, quantity) => {
          const rate = discountRates({ output_tokens: { amountNanos, perUnits } }, bps).output_tokens!;
          const numerator = quantity * amountNanos * BigInt(10_000 - bps);
          const denominator = perUnits * 10_000n;
          expect(priceQuantityNanos(quantity, rate, 'floor')).toBe(numerator / denominator);
          expect(priceQuantityNanos(quantity, rate, 'ceil')).toBe((numerator + denominator - 1n) / denominator);
          expect(rate.perUnits % perUnits).toBe(0n);
        },
      ),
    );
  });
});
