import { mulDivCeil, mulDivFloor } from '../core/money.js';
import { forModel, PricingError } from './errors.js';
import { assertValidRate } from './rates.js';
import type { PricedUnits, PriceLine, Rate, RateCard, Rounding, UnitKind, Units, UsageCounts } from './types.js';
import { unitKinds } from './types.js';

/**
 * The units one request consumed. Cached tokens are capped at the prompt: they are a part of it,
 * and a report claiming more must not bill more tokens than the prompt had.
 */
export function unitsFromUsage(usage: UsageCounts): Units {
  const prompt = tokenCount(usage.promptTokens, 'input_tokens');
  const reportedCached = tokenCount(usage.cachedPromptTokens, 'cached_input_tokens');
  const cached = reportedCached < prompt ? reportedCached : prompt;
  return {
    input_tokens: prompt - cached,
    cached_input_tokens: cached,
    output_tokens: tokenCount(usage.completionTokens, 'output_tokens'),
    requests: 1n,
  };
}

/**
 * Prices units line by line, rounding each line once. Lines come in `unitKinds` order and only for
 * quantities above zero. A quantity without a rate throws, except requests, which are free unless priced.
 */
export function priceUnits(card: RateCard, units: Units, rounding: Rounding, model?: string): PricedUnits {
  const lines: PriceLine[] = [];
  for (const unit of unitKinds) {
    const quantity = units[unit] ?? 0n;
    assertValidQuantity(quantity, unit, model);
    if (quantity === 0n) continue;
    const rate = rateFor(card, unit);
    if (rate === undefined) {
      if (unit === 'requests') continue;
      throw new PricingError('missing_rate', `No ${unit} rate${forModel(model)}, but ${quantity} ${unit} were used.`, { unit, model });
    }
    assertValidRate(rate, unit, model);
    lines.push({ unit, quantity, rate, amountNanos: priceQuantityNanos(quantity, rate, rounding) });
  }
  return { totalNanos: lines.reduce((sum, line) => sum + line.amountNanos, 0n), lines };
}

/** quantity × amountNanos / perUnits, rounded once in the given direction. */
export function priceQuantityNanos(quantity: bigint, rate: Rate, rounding: Rounding): bigint {
  return rounding === 'floor'
    ? mulDivFloor(quantity, rate.amountNanos, rate.perUnits)
    : mulDivCeil(quantity, rate.amountNanos, rate.perUnits);
}

/**
 * The most one request can cost a customer, for a hold: every prompt token priced as uncached (or
 * as cached if that rate is dearer), output at its maximum, the request fee, rounded up. It is at
 * least the floor-priced charge of any usage within these bounds. Images and audio are not included.
 */
export function maxCostNanos(
  card: RateCard,
  bounds: { promptTokensUpperBound: bigint; maxOutputTokens: bigint },
  model?: string,
): bigint {
  const promptRate = dearerRate(card.input_tokens, card.cached_input_tokens);
  const holdCard: RateCard = { ...card, input_tokens: promptRate };
  const units: Units = { input_tokens: bounds.promptTokensUpperBound, output_tokens: bounds.maxOutputTokens, requests: 1n };
  return priceUnits(holdCard, units, 'ceil', model).totalNanos;
}

/** Cached tokens fall back to the uncached input rate when a card does not discount them. */
function rateFor(card: RateCard, unit: UnitKind): Rate | undefined {
  if (unit === 'cached_input_tokens') return card.cached_input_tokens ?? card.input_tokens;
  return card[unit];
}

/** The uncached rate unless a cached rate exists and costs more per token; missing input stays missing. */
function dearerRate(input: Rate | undefined, cached: Rate | undefined): Rate | undefined {
  if (input === undefined || cached === undefined) return input;
  return cached.amountNanos * input.perUnits > input.amountNanos * cached.perUnits ? cached : input;
}

function tokenCount(value: number, unit: UnitKind): bigint {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new PricingError('invalid_quantity', `A ${unit} count must be a non-negative integer, got ${value}.`, { unit });
  }
  return BigInt(value);
}

function assertValidQuantity(quantity: bigint, unit: UnitKind, model?: string): void {
  if (typeof quantity !== 'bigint' || quantity < 0n) {
    throw new PricingError('invalid_quantity', `The ${unit} quantity${forModel(model)} must be a non-negative bigint, got ${String(quantity)}.`, { unit, model });
  }
}
