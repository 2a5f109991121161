import { formatNanos, parseDecimalNanos } from '../core/money.js';
import { forModel, PricingError } from './errors.js';
import type { Rate, UnitKind } from './types.js';

/** Token prices are quoted per million tokens, as every provider lists them. */
export const TOKENS_PER_MILLION = 1_000_000n;

/**
 * Parses a decimal price of major units ("0.15") for `perUnits` units into an exact rate.
 * Rejects negatives, exponents, stray text and more than 9 decimals (finer than a nano).
 */
export function parseRate(amount: string, perUnits: bigint): Rate {
  if (typeof amount !== 'string') throw new PricingError('invalid_rate', `A price must be a decimal string, got ${typeof amount}.`);
  if (amount.trim().startsWith('-')) throw new PricingError('invalid_rate', `A price cannot be negative: ${JSON.stringify(amount)}.`);
  const amountNanos = parseDecimalNanos(amount);
  if (amountNanos === null) {
    throw new PricingError('invalid_rate', `Not a decimal price with at most 9 decimals: ${JSON.stringify(amount)}.`);
  }
  if (perUnits <= 0n) throw new PricingError('invalid_rate', `A rate must be per a positive number of units, got ${perUnits}.`);
  return { amountNanos, perUnits };
}

/** `perMillionTokens('0.15')` → 150 000 000 nanos per 1 000 000 tokens. */
export function perMillionTokens(amount: string): Rate {
  return parseRate(amount, TOKENS_PER_MILLION);
}

/** A price per request, per image or per second of audio. */
export function perUnit(amount: string): Rate {
  return parseRate(amount, 1n);
}

/** The price of `perUnits` units as a decimal string without trailing zeros: '0.15', '2'. */
export function formatRate(rate: Rate): string {
  return formatNanos(rate.amountNanos).replace(/\.?0+$/, '');
}

/** For display: '0.15 per 1M', '0.002 per 1'. */
export function describeRate(rate: Rate): string {
  return `${formatRate(rate)} per ${formatCount(rate.perUnits)}`;
}

function formatCount(count: bigint): string {
  if (count >= TOKENS_PER_MILLION && count % TOKENS_PER_MILLION === 0n) return `${count / TOKENS_PER_MILLION}M`;
  if (count >= 1000n && count % 1000n === 0n) return `${count / 1000n}K`;
  return String(count);
}

/** Rates read from storage or config were not necessarily made by parseRate, so pricing checks them. */
export function assertValidRate(rate: Rate, unit: UnitKind, model?: string): void {
  if (typeof rate.amountNanos !== 'bigint' || typeof rate.perUnits !== 'bigint' || rate.amountNanos < 0n || rate.perUnits <= 0n) {
    throw new PricingError('invalid_rate', `The ${unit} rate${forModel(model)} must be a non-negative amount per a positive number of units.`, { unit, model });
  }
}
