import { TollgateError } from '../core/errors.js';
import { type Currency, currencies, formatMoney, NANOS_PER_UNIT } from '../core/money.js';

/**
 * Stripe's smallest charge, in minor units. Where Stripe publishes one for the currency it is that
 * value; CNY and KRW are not settlement currencies, so Stripe's floor is "about USD 0.50 after
 * conversion" and these are rounded up to stay above it whatever the rate does.
 */
const STRIPE_MINIMUM_MINOR_UNITS: Record<Currency, bigint> = {
  USD: 50n, EUR: 50n, GBP: 30n, CNY: 400n, HKD: 400n, SGD: 50n, JPY: 50n, KRW: 1000n, INR: 50n, CAD: 50n, AUD: 50n, CHF: 50n,
};

/** Stripe's `unit_amount` holds at most eight digits. */
const STRIPE_MAXIMUM_MINOR_UNITS = 99_999_999n;

export function nanosPerMinorUnit(currency: Currency): bigint {
  return NANOS_PER_UNIT / 10n ** BigInt(currencies[currency].minorDigits);
}

/** The amount in the currency's smallest coin, or null when it is not a whole number of them. */
export function toMinorUnits(amountNanos: bigint, currency: Currency): bigint | null {
  const step = nanosPerMinorUnit(currency);
  return amountNanos % step === 0n ? amountNanos / step : null;
}

/** Refuses, with the amounts spelt out, anything that is not a positive whole number of coins. */
export function requireWholeMinorUnits(amountNanos: bigint, currency: Currency): bigint {
  const minor = toMinorUnits(amountNanos, currency);
  if (amountNanos <= 0n) throw new TollgateError('invalid_request', 'amount must be greater than zero.', { param: 'amount' });
  if (minor === null) {
    const digits = currencies[currency].minorDigits;
    const coin = digits === 0 ? `whole ${currency}` : `whole ${currency} minor units (${digits} decimals)`;
    throw new TollgateError('invalid_request', `amount must be in ${coin}: ${formatMoney(amountNanos, currency)} would be the nearest.`, { param: 'amount' });
  }
  return minor;
}

/** `unit_amount` for a Checkout Session: whole coins, within what Stripe accepts for the currency. */
export function checkoutUnitAmount(amountNanos: bigint, currency: Currency): number {
  const minor = requireWholeMinorUnits(amountNanos, currency);
  const minimum = STRIPE_MINIMUM_MINOR_UNITS[currency];
  if (minor < minimum) {
    throw new TollgateError('invalid_request', `amount is below the smallest card payment in ${currency} (${formatMoney(minimum * nanosPerMinorUnit(currency), currency)}).`, { param: 'amount' });
  }
  if (minor > STRIPE_MAXIMUM_MINOR_UNITS) {
    throw new TollgateError('invalid_request', `amount is above the largest card payment in ${currency} (${formatMoney(STRIPE_MAXIMUM_MINOR_UNITS * nanosPerMinorUnit(currency), currency)}).`, { param: 'amount' });
  }
  return Number(minor);
}
