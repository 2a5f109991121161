/**
 * Money is a `bigint` count of **nanos**: 10⁻⁹ of a currency's major unit (1 USD = 1 000 000 000
 * nanos). The unit is the same for every currency and is fixed forever: it is what the ledger
 * stores. A nano is fine enough that per-token prices (fractions of a cent) are whole or nearly
 * whole numbers, and an int64 column still holds 9.2 billion major units.
 *
 * No floats anywhere: amounts enter as decimal strings ("12.50") and leave as decimal strings.
 */

export const NANOS_PER_UNIT = 1_000_000_000n;
const FRACTION_DIGITS = 9;

/** ISO 4217 currencies Tollgate accepts, with the digits of their smallest coin. */
export const currencies = {
  USD: { minorDigits: 2 },
  EUR: { minorDigits: 2 },
  GBP: { minorDigits: 2 },
  CNY: { minorDigits: 2 },
  HKD: { minorDigits: 2 },
  SGD: { minorDigits: 2 },
  JPY: { minorDigits: 0 },
  KRW: { minorDigits: 0 },
  INR: { minorDigits: 2 },
  CAD: { minorDigits: 2 },
  AUD: { minorDigits: 2 },
  CHF: { minorDigits: 2 },
} as const;

export type Currency = keyof typeof currencies;

export function isCurrency(value: string): value is Currency {
  return Object.prototype.hasOwnProperty.call(currencies, value);
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,9}))?$/;

/**
 * Parses a decimal string of major units ("12.5", "0.000000001") into nanos, exactly.
 * Returns null for anything else: floats in exponent form, more than 9 decimals, stray text.
 */
export function parseDecimalNanos(text: string): bigint | null {
  const match = DECIMAL.exec(text.trim());
  if (!match) return null;
  const [, sign, whole, fraction = ''] = match;
  const nanos = BigInt(whole!) * NANOS_PER_UNIT + BigInt(fraction.padEnd(FRACTION_DIGITS, '0'));
  return sign ? -nanos : nanos;
}

/** Formats nanos as a decimal string with exactly `digits` decimals, rounding half away from zero. */
export function formatNanos(nanos: bigint, digits = FRACTION_DIGITS): string {
  const negative = nanos < 0n;
  let magnitude = negative ? -nanos : nanos;
  const dropped = FRACTION_DIGITS - digits;
  if (dropped > 0) magnitude = divRoundHalfUp(magnitude, 10n ** BigInt(dropped));
  const scale = 10n ** BigInt(digits);
  const whole = magnitude / scale;
  const fraction = (magnitude % scale).toString().padStart(digits, '0');
  const body = digits > 0 ? `${whole}.${fraction}` : `${whole}`;
  return negative && magnitude !== 0n ? `-${body}` : body;
}

/** Formats nanos in a currency's own digits ("12.35" for USD, "1235" for JPY). */
export function formatMoney(nanos: bigint, currency: Currency): string {
  return formatNanos(nanos, currencies[currency].minorDigits);
}

/**
 * Rounds nanos to the currency's smallest coin, half away from zero. Invoices round once, here,
 * and record `roundingNanos` (rounded − exact) so the ledger still reconciles to the nano.
 */
export function roundToMinorUnit(nanos: bigint, currency: Currency): { roundedNanos: bigint; roundingNanos: bigint } {
  const step = NANOS_PER_UNIT / 10n ** BigInt(currencies[currency].minorDigits);
  const negative = nanos < 0n;
  const magnitude = negative ? -nanos : nanos;
  const roundedMagnitude = divRoundHalfUp(magnitude, step) * step;
  const roundedNanos = negative ? -roundedMagnitude : roundedMagnitude;
  return { roundedNanos, roundingNanos: roundedNanos - nanos };
}

/** ⌊a·b / c⌋ for non-negative a, b and positive c. */
export function mulDivFloor(a: bigint, b: bigint, c: bigint): bigint {
  return (a * b) / c;
}

/** ⌈a·b / c⌉ for non-negative a, b and positive c. */
export function mulDivCeil(a: bigint, b: bigint, c: bigint): bigint {
  const product = a * b;
  return (product + c - 1n) / c;
}

function divRoundHalfUp(magnitude: bigint, divisor: bigint): bigint {
  return (magnitude + divisor / 2n) / divisor;
}

/** Accepts a bigint, a safe integer number, or an integer string from a database driver. */
export function toBigInt(value: bigint | number | string | null | undefined): bigint {
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`Not a safe integer: ${value}`);
    return BigInt(value);
  }
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return BigInt(value);
  if (value === null || value === undefined) return 0n;
  throw new RangeError(`Not an integer: ${String(value)}`);
}

/** Nanos as a decimal string of major units with no needless zeros ("12.5", "0.000000001", "3"). */
export function decimalString(nanos: bigint): string {
  const text = formatNanos(nanos);
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}
