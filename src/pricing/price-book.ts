import type { Currency } from '../core/money.js';
import { PricingError } from './errors.js';
import type { PriceBookVersion, Rate, RateCard } from './types.js';
import { unitKinds } from './types.js';

const FULL_BPS = 10_000n;

/**
 * The version of a model's price in a currency that was in force at `atMs`: the one with the
 * latest effectiveFromMs ≤ atMs, or null before the first. Versions are never edited, only added,
 * so a past request is re-priced with the price it was served at. Two versions starting at the
 * same instant are ambiguous and throw rather than pick one by accident of order.
 */
export function selectPrice<V extends PriceBookVersion>(
  versions: readonly V[],
  model: string,
  currency: Currency,
  atMs: number,
): V | null {
  let selected: V | null = null;
  let tied = false;
  for (const version of versions) {
    if (version.model !== model || version.currency !== currency || version.effectiveFromMs > atMs) continue;
    if (selected === null || version.effectiveFromMs > selected.effectiveFromMs) {
      selected = version;
      tied = false;
    } else if (version.effectiveFromMs === selected.effectiveFromMs) {
      tied = true;
    }
  }
  if (selected !== null && tied) {
    throw new PricingError('duplicate_version', `Two ${currency} prices for model ${JSON.stringify(model)} start at ${selected.effectiveFromMs} ms.`, { model });
  }
  return selected;
}

/** A plan's own rates replace the base rates unit by unit; units the override leaves undefined keep the base rate. */
export function overrideRates(base: RateCard, override: Partial<RateCard>): RateCard {
  const card: RateCard = { ...base };
  for (const unit of unitKinds) {
    const rate = override[unit];
    if (rate !== undefined) card[unit] = rate;
  }
  return card;
}

/**
 * Every rate less `discountBps` basis points, EXACTLY: the discounted rate is
 * amountNanos·(10000−bps) / (perUnits·10000), reduced by the common factor of the numerator and
 * 10000. Nothing is rounded here, so the one rounding still happens per line in priceUnits (floor
 * for customers, ceil for costs). perUnits grows only when the discounted price per perUnits is
 * not a whole number of nanos (e.g. 1 nano per unit at 1500 bps → 17 nanos per 20 units).
 */
export function discountRates(card: RateCard, discountBps: number): RateCard {
  assertValidBps(discountBps);
  const discounted: RateCard = {};
  for (const unit of unitKinds) {
    const rate = card[unit];
    if (rate !== undefined) discounted[unit] = discountRate(rate, BigInt(discountBps));
  }
  return discounted;
}

function discountRate(rate: Rate, discountBps: bigint): Rate {
  const numerator = rate.amountNanos * (FULL_BPS - discountBps);
  const common = gcd(numerator, FULL_BPS);
  return { amountNanos: numerator / common, perUnits: (rate.perUnits * FULL_BPS) / common };
}

export function assertValidBps(discountBps: number): void {
  if (!Number.isInteger(discountBps) || discountBps < 0 || discountBps > 10_000) {
    throw new PricingError('invalid_discount', `A discount must be an integer number of basis points from 0 to 10000, got ${discountBps}.`);
  }
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b < 0n ? -b : b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x;
}
