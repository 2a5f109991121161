import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Usage } from '../gateway/usage.js';
import { maxCostNanos, priceQuantityNanos, priceUnits, unitsFromUsage } from './charge.js';
import { PricingError } from './errors.js';
import { perMillionTokens, perUnit } from './rates.js';
import type { Rate, RateCard, Rounding, UnitKind, Units } from './types.js';
import { unitKinds } from './types.js';

function usage(promptTokens: number, cachedPromptTokens: number, completionTokens: number, reasoningTokens = 0): Usage {
  return { promptTokens, cachedPromptTokens, completionTokens, reasoningTokens, estimated: false };
}

const miniCard: RateCard = {
  input_tokens: perMillionTokens('0.15'),
  cached_input_tokens: perMillionTokens('0.075'),
  output_tokens: perMillionTokens('0.60'),
  requests: perUnit('0.002'),
};

// DeepSeek-style prices in yuan: ¥2 / 1M uncached input, ¥0.5 / 1M cache hits, ¥8 / 1M output.
const yuanCard: RateCard = {
  input_tokens: perMillionTokens('2'),
  cached_input_tokens: perMillionTokens('0.5'),
  output_tokens: perMillionTokens('8'),
};

// $0.075 / 1M input, $0.01875 / 1M cached = 18.75 nanos a token: not a whole number of nanos.
const fractionalCard: RateCard = {
  input_tokens: perMillionTokens('0.075'),
  cached_input_tokens: perMillionTokens('0.01875'),
  output_tokens: perMillionTokens('0.30'),
};

function amounts(card: RateCard, units: Units, rounding: Rounding): Record<string, bigint> {
  const priced = priceUnits(card, units, rounding, 'test-model');
  return { ...Object.fromEntries(priced.lines.map((line) => [line.unit, line.amountNanos])), total: priced.totalNanos };
}

describe('unitsFromUsage', () => {
  it('splits the prompt into uncached and cached tokens and counts one request', () => {
    // 1534 prompt − 300 cached = 1234 uncached; reasoning is already inside the 567 completion tokens
    expect(unitsFromUsage(usage(1534, 300, 567, 200))).toEqual({ input_tokens: 1234n, cached_input_tokens: 300n, output_tokens: 567n, requests: 1n });
  });

  it('never makes uncached input negative, and never bills more cached tokens than the prompt had', () => {
    expect(unitsFromUsage(usage(100, 150, 0))).toEqual({ input_tokens: 0n, cached_input_tokens: 100n, output_tokens: 0n, requests: 1n });
  });

  it('refuses counts that are not non-negative integers', () => {
    for (const bad of [usage(-1, 0, 0), usage(1.5, 0, 0), usage(0, 0, Number.NaN)]) {
      expect(thrownBy(() => unitsFromUsage(bad))).toMatchObject({ code: 'invalid_quantity' });
    }
  });
});

describe('priceUnits with hand-computed amounts', () => {
  it.each<[string, RateCard, Usage, Rounding, Record<string, bigint>]>([
    [
      'USD mini model, floor',
      miniCard,
      usage(1534, 300, 567),
      'floor',
      {
        input_tokens: 185_100n, //        1234 × 150 000 000 / 1 000 000 = 1234 × 150 = 185 100
        cached_input_tokens: 22_500n, //   300 × 75 = 22 500
        output_tokens: 340_200n, //        567 × 600 = 340 200
        requests: 2_000_000n, //           1 × 2 000 000
        total: 2_547_800n, //              185 100 + 22 500 + 340 200 + 2 000 000
      },
    ],
    ['USD mini model, ceil is the same when every line is whole', miniCard, usage(1534, 300, 567), 'ceil', { input_tokens: 185_100n, cached_input_tokens: 22_500n, output_tokens: 340_200n, requests: 2_000_000n, total: 2_547_800n }],
    [
      'CNY DeepSeek-style',
      yuanCard,
      usage(10_000, 4_096, 1_500),
      'floor',
      {
        input_tokens: 11_808_000n, //     (10 000 − 4 096) = 5 904 × 2 000 = 11 808 000
        cached_input_tokens: 2_048_000n, // 4 096 × 500 = 2 048 000
        output_tokens: 12_000_000n, //     1 500 × 8 000 = 12 000 000
        total: 25_856_000n, //             ¥0.025856; no request fee, so requests are free
      },
    ],
    [
      '$0.01875 / 1M cached, floor',
      fractionalCard,
      usage(1_334, 333, 0),
      'floor',
      {
        input_tokens: 75_075n, //          1 001 × 75 = 75 075
        cached_input_tokens: 6_243n, //    333 × 18.75 = 6 243.75 → ⌊⌋ 6 243
        total: 81_318n, //                 75 075 + 6 243
      },
    ],
    [
      '$0.01875 / 1M cached, ceil',
      fractionalCard,
      usage(1_334, 333, 0),
      'ceil',
      {
        input_tokens: 75_075n, //          exact, same as floor
        cached_input_tokens: 6_244n, //    6 243.75 → ⌈⌉ 6 244
        total: 81_319n,
      },
    ],
    ['one cached token at 18.75 nanos, floor', fractionalCard, usage(1, 1, 0), 'floor', { cached_input_tokens: 18n, total: 18n }],
    ['one cached token at 18.75 nanos, ceil', fractionalCard, usage(1, 1, 0), 'ceil', { cached_input_tokens: 19n, total: 19n }],
    [
      'no cached rate: cached tokens at the input rate',
      { input_tokens: perMillionTokens('0.15'), output_tokens: perMillionTokens('0.60') },
      usage(1_000, 400, 10),
      'floor',
      {
        input_tokens: 90_000n, //          600 × 150
        cached_input_tokens: 60_000n, //   400 × 150 (fallback to the input rate)
        output_tokens: 6_000n, //          10 × 600
        total: 156_000n,
      },
    ],
  ])('%s', (_name, card, used, rounding, expected) => {
    expect(amounts(card, unitsFromUsage(used), rounding)).toEqual(expected);
  });

  it('prices images and audio seconds per unit', () => {
    const card: RateCard = { images: perUnit('0.04'), audio_seconds: perUnit('0.0001') };
    // 3 × 40 000 000 = 120 000 000; 61 × 100 000 = 6 100 000
    expect(amounts(card, { images: 3n, audio_seconds: 61n }, 'floor')).toEqual({ images: 120_000_000n, audio_seconds: 6_100_000n, total: 126_100_000n });
  });

  it('records quantity and rate on each line, in unit order', () => {
    const priced = priceUnits(miniCard, unitsFromUsage(usage(1534, 300, 567)), 'floor');
    expect(priced.lines.map((line) => line.unit)).toEqual(['input_tokens', 'cached_input_tokens', 'output_tokens', 'requests']);
    expect(priced.lines[0]).toEqual({ unit: 'input_tokens', quantity: 1234n, rate: perMillionTokens('0.15'), amountNanos: 185_100n });
    expect(priced.lines[1]!.rate).toEqual(perMillionTokens('0.075'));
  });

  it('throws a PricingError naming the unit and model for a used unit without a rate', () => {
    const card: RateCard = { input_tokens: perMillionTokens('0.15') };
    const thrown = thrownBy(() => priceUnits(card, unitsFromUsage(usage(10, 0, 5)), 'floor', 'gpt-x'));
    expect(thrown).toBeInstanceOf(PricingError);
    expect(thrown).toMatchObject({ code: 'missing_rate', unit: 'output_tokens', model: 'gpt-x' });
    expect((thrown as Error).message).toContain('gpt-x');
    expect((thrown as Error).message).toContain('output_tokens');
  });

  it('does not require a rate for a unit that was not used', () => {
    const card: RateCard = { input_tokens: perMillionTokens('0.15') };
    // 10 × 150 = 1 500; zero output tokens need no output rate; requests unpriced are free
    expect(priceUnits(card, unitsFromUsage(usage(10, 0, 0)), 'floor').totalNanos).toBe(1_500n);
  });

  it('rejects invalid rates and quantities instead of pricing them', () => {
    expect(thrownBy(() => priceUnits({ input_tokens: { amountNanos: -1n, perUnits: 1n } }, { input_tokens: 1n }, 'floor'))).toMatchObject({ code: 'invalid_rate', unit: 'input_tokens' });
    expect(thrownBy(() => priceUnits({ input_tokens: { amountNanos: 1n, perUnits: 0n } }, { input_tokens: 1n }, 'floor'))).toMatchObject({ code: 'invalid_rate' });
    expect(thrownBy(() => priceUnits(miniCard, { input_tokens: -1n }, 'floor'))).toMatchObject({ code: 'invalid_quantity' });
  });
});

describe('maxCostNanos', () => {
  it('prices every prompt token as uncached, output at its maximum, plus the request fee, rounded up', () => {
    // 4 000 × 150 = 600 000; 1 000 × 600 = 600 000; + 2 000 000 = 3 200 000
    expect(maxCostNanos(miniCard, { promptTokensUpperBound: 4_000n, maxOutputTokens: 1_000n })).toBe(3_200_000n);
    // 1 prompt token at 18.75 → ⌈⌉ 19; 1 output token at 18.75 → ⌈⌉ 19; no request fee: 38
    const tiny: RateCard = { input_tokens: perMillionTokens('0.01875'), output_tokens: perMillionTokens('0.01875') };
    expect(maxCostNanos(tiny, { promptTokensUpperBound: 1n, maxOutputTokens: 1n })).toBe(38n);
  });

  it('uses the cached rate for the hold when a card makes it the dearer one', () => {
    const odd: RateCard = { input_tokens: perMillionTokens('0.01875'), cached_input_tokens: perMillionTokens('0.02'), output_tokens: perMillionTokens('1') };
    // 1 × 20 (cached is dearer) + 0 output = 20
    expect(maxCostNanos(odd, { promptTokensUpperBound: 1n, maxOutputTokens: 0n })).toBe(20n);
  });

  it('throws when the card cannot price prompt or output', () => {
    const noOutput: RateCard = { input_tokens: perMillionTokens('1') };
    expect(thrownBy(() => maxCostNanos(noOutput, { promptTokensUpperBound: 1n, maxOutputTokens: 1n }, 'm'))).toMatchObject({ code: 'missing_rate', unit: 'output_tokens', model: 'm' });
    const noInput: RateCard = { cached_input_tokens: perMillionTokens('1'), output_tokens: perMillionTokens('1') };
    expect(thrownBy(() => maxCostNanos(noInput, { promptTokensUpperBound: 1n, maxOutputTokens: 0n }))).toMatchObject({ code: 'missing_rate', unit: 'input_tokens' });
  });
});

// ---- properties ----

const perUnitsArb = fc.oneof(fc.constantFrom(1n, 1_000n, 1_000_000n), fc.bigInt({ min: 1n, max: 10n ** 7n }));
// Half the rates are whole nanos per unit (amountNanos divisible by perUnits), where pricing is exactly additive.
const rateArb: fc.Arbitrary<Rate> = fc.oneof(
  fc.record({ amountNanos: fc.bigInt({ min: 0n, max: 10n ** 12n }), perUnits: perUnitsArb }),
  fc.tuple(fc.bigInt({ min: 0n, max: 10n ** 5n }), perUnitsArb).map(([perUnit, perUnits]) => ({ amountNanos: perUnit * perUnits, perUnits })),
);
const roundingArb = fc.constantFrom<Rounding>('floor', 'ceil');
const quantityArb = fc.bigInt({ min: 0n, max: 10n ** 9n });
const fullCardArb: fc.Arbitrary<RateCard> = fc.record(
  Object.fromEntries(unitKinds.map((unit) => [unit, rateArb])) as Record<UnitKind, fc.Arbitrary<Rate>>,
);
const unitsArb: fc.Arbitrary<Units> = fc.record(
  Object.fromEntries(unitKinds.map((unit) => [unit, quantityArb])) as Record<UnitKind, fc.Arbitrary<bigint>>,
);

function abs(value: bigint): bigint {
  return value < 0n ? -value : value;
}

describe('pricing properties', () => {
  it('is additive within k − 1 nanos per line for any split into k parts, and exact when amountNanos divides by perUnits', () => {
    fc.assert(
      fc.property(fullCardArb, fc.array(unitsArb, { minLength: 1, maxLength: 8 }), roundingArb, (card, parts, rounding) => {
        const k = BigInt(parts.length);
        for (const unit of unitKinds) {
          const rate = card[unit]!;
          const pieces = parts.map((part) => priceQuantityNanos(part[unit]!, rate, rounding));
          const whole = priceQuantityNanos(parts.reduce((sum, part) => sum + part[unit]!, 0n), rate, rounding);
          const sum = pieces.reduce((a, b) => a + b, 0n);
          expect(abs(sum - whole) <= k - 1n).toBe(true);
          // floor pieces never add up to more than the whole, ceil pieces never to less
          expect(rounding === 'floor' ? sum <= whole : sum >= whole).toBe(true);
          if (rate.amountNanos % rate.perUnits === 0n) expect(sum).toBe(whole);
        }
        const totals = parts.map((part) => priceUnits(card, part, rounding).totalNanos).reduce((a, b) => a + b, 0n);
        const total = priceUnits(card, sumUnits(parts), rounding).totalNanos;
        expect(abs(totals - total) <= (k - 1n) * BigInt(unitKinds.length)).toBe(true);
      }),
    );
  });

  it('is monotone: more units never cost less', () => {
    fc.assert(
      fc.property(fullCardArb, unitsArb, unitsArb, roundingArb, (card, base, extra, rounding) => {
        const more = sumUnits([base, extra]);
        expect(priceUnits(card, base, rounding).totalNanos <= priceUnits(card, more, rounding).totalNanos).toBe(true);
      }),
    );
  });

  it('brackets the exact rational price: floor ≤ exact ≤ ceil, at most one nano apart', () => {
    fc.assert(
      fc.property(rateArb, quantityArb, (rate, quantity) => {
        const floor = priceQuantityNanos(quantity, rate, 'floor');
        const ceil = priceQuantityNanos(quantity, rate, 'ceil');
        const exactTimesPerUnits = quantity * rate.amountNanos;
        expect(floor * rate.perUnits <= exactTimesPerUnits).toBe(true);
        expect(exactTimesPerUnits <= ceil * rate.perUnits).toBe(true);
        expect(ceil - floor).toBe(exactTimesPerUnits % rate.perUnits === 0n ? 0n : 1n);
      }),
    );
  });

  it('charges zero for zero units, with any card, even an empty one', () => {
    const zero: Units = Object.fromEntries(unitKinds.map((unit) => [unit, 0n]));
    fc.assert(
      fc.property(fc.oneof(fullCardArb, fc.constant({} as RateCard)), roundingArb, (card, rounding) => {
        expect(priceUnits(card, zero, rounding)).toEqual({ totalNanos: 0n, lines: [] });
        expect(priceUnits(card, {}, rounding)).toEqual({ totalNanos: 0n, lines: [] });
      }),
    );
    // a usage of zero tokens on a card without a request fee costs zero too
    expect(priceUnits(yuanCard, unitsFromUsage(usage(0, 0, 0)), 'floor').totalNanos).toBe(0n);
  });

  it('holds at least what any usage within the bounds is charged', () => {
    const tokenCardArb = fc.record({ input_tokens: rateArb, cached_input_tokens: rateArb, output_tokens: rateArb, requests: rateArb });
    const usageWithinArb = fc
      .tuple(fc.nat({ max: 200_000 }), fc.nat({ max: 200_000 }), fc.nat({ max: 200_000 }), fc.nat({ max: 200_000 }))
      .map(([bound, maxOutput, prompt, completion]) => ({ bound, maxOutput, prompt: prompt % (bound + 1), completion: completion % (maxOutput + 1) }))
      .chain((b) => fc.nat({ max: b.prompt }).map((cached) => ({ ...b, cached })));
    fc.assert(
      fc.property(tokenCardArb, usageWithinArb, (card, u) => {
        const hold = maxCostNanos(card, { promptTokensUpperBound: BigInt(u.bound), maxOutputTokens: BigInt(u.maxOutput) });
        const charged = priceUnits(card, unitsFromUsage(usage(u.prompt, u.cached, u.completion)), 'floor').totalNanos;
        expect(charged <= hold).toBe(true);
      }),
    );
  });
});

function sumUnits(parts: Units[]): Units {
  return Object.fromEntries(unitKinds.map((unit) => [unit, parts.reduce((sum, part) => sum + (part[unit] ?? 0n), 0n)]));
}

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}
