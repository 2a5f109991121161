/**
 * Money arrives from every API as a decimal string ("12.5", "0.00003015"). It is only ever
 * formatted here, never turned into a float: Intl.NumberFormat formats a numeric string exactly.
 */

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

interface ParsedDecimal {
  negative: boolean;
  integer: string;
  /** Without trailing zeros. */
  fraction: string;
}

export function parseDecimal(value: string): ParsedDecimal | null {
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const integer = match[2]!.replace(/^0+(?=\d)/, '');
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  const zero = /^0*$/.test(integer) && fraction === '';
  return { negative: match[1] === '-' && !zero, integer, fraction };
}

export function isDecimal(value: unknown): value is string {
  return typeof value === 'string' && DECIMAL.test(value.trim());
}

/** -1, 0 or 1, read from the string: enough to colour a loss without doing arithmetic. */
export function signOf(value: string): -1 | 0 | 1 {
  const parsed = parseDecimal(value);
  if (!parsed) return 0;
  if (parsed.negative) return -1;
  return /^0*$/.test(parsed.integer) && parsed.fraction === '' ? 0 : 1;
}

const digitsCache = new Map<string, number>();

/** The fraction digits a currency normally shows: 2 for USD and CNY, 0 for JPY and KRW. */
export function currencyDigits(currency: string): number {
  let digits = digitsCache.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digitsCache.set(currency, digits);
  }
  return digits;
}

function canonical(parsed: ParsedDecimal): `${number}` {
  return `${parsed.negative ? '-' : ''}${parsed.integer}${parsed.fraction ? `.${parsed.fraction}` : ''}` as `${number}`;
}

/**
 * "12.5" USD → "$12.50"; "0.00003015" USD → "$0.00003015" (digits beyond the currency's are
 * shown, never rounded away); "1500" JPY in zh-CN → "JP¥1,500". Not a decimal: returned as is.
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const parsed = parseDecimal(amount);
  if (!parsed) return amount;
  const digits = Math.max(currencyDigits(currency), parsed.fraction.length);
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return format.format(canonical(parsed));
}

/** A decimal string without a currency (quantities, unit prices): exact, grouped per locale. */
export function formatDecimal(value: string, locale: string, minimumFractionDigits = 0): string {
  const parsed = parseDecimal(value);
  if (!parsed) return value;
  const digits = Math.max(minimumFractionDigits, parsed.fraction.length);
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(canonical(parsed));
}

/** Moves the decimal point `places` to the left, exactly: ("150000000", 9) → "0.15". */
export function shiftDecimal(value: string, places: number): string {
  const parsed = parseDecimal(value);
  if (!parsed) return value;
  const digits = (parsed.integer + parsed.fraction).padStart(places + parsed.fraction.length + 1, '0');
  const point = digits.length - parsed.fraction.length - places;
  const integer = digits.slice(0, point).replace(/^0+(?=\d)/, '');
  const fraction = digits.slice(point).replace(/0+$/, '');
  const result = `${integer}${fraction ? `.${fraction}` : ''}`;
  return parsed.negative ? `-${result}` : result;
}

/** Nanos (billionths of the currency's unit, as the price and cost-card APIs give them) as a decimal string. */
export function nanosToDecimal(nanos: string): string {
  return shiftDecimal(nanos, 9);
}

/** A rate of `amountNanos` per `perUnits` units, as a decimal amount per `per` units (exact, BigInt). */
export function ratePer(amountNanos: string, perUnits: string, per: bigint): string {
  const units = BigInt(perUnits);
  if (units <= 0n) return nanosToDecimal(amountNanos);
  // 9 extra digits keep rates like 1 nano per 3 units from being cut to 0.
  const scaled = (BigInt(amountNanos) * per * 1_000_000_000n) / units;
  return shiftDecimal(scaled.toString(), 18);
}

/** Token prices are read per million tokens. */
export function perMillion(amountNanos: string, perUnits: string): string {
  return ratePer(amountNanos, perUnits, 1_000_000n);
}

/**
 * A percentage given in points ("42.5" or 42.5 → "42.5%"; "-3" → "-3%"). Display only; the
 * value is already computed by the server.
 */
export function formatPercent(points: string | number | null | undefined, locale: string): string {
  if (points === null || points === undefined || points === '') return '—';
  const text = typeof points === 'number' ? String(points) : points;
  const parsed = parseDecimal(text);
  if (!parsed) return text;
  const fraction = shiftDecimal(canonical(parsed), 2);
  return new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 0, maximumFractionDigits: 1 }).format(fraction as `${number}`);
}

/** Whole counts (requests, tokens). */
export function formatCount(value: number | string, locale: string): string {
  const text = typeof value === 'number' ? String(value) : value;
  return isDecimal(text) ? new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(text as `${number}`) : text;
}
