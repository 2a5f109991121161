import { type Currency, currencies, formatMoney, formatNanos } from '../../core/money.js';
import type { Locale } from '../../customers/types.js';

/**
 * How an amount is shown. `coin`: the currency's own digits (the total and what is paid, whole
 * coins by construction). `exact`: the currency's digits, plus as many more as the nanos need, so
 * a usage line worth a fraction of a cent is shown as it is billed and the document adds up.
 */
export type Precision = 'coin' | 'exact';

/** Decimals an exact amount needs: never fewer than the currency's, never more than nine. */
export function exactDigits(nanos: bigint, currency: Currency): number {
  const minor = currencies[currency].minorDigits;
  let digits = 9;
  let rest = nanos < 0n ? -nanos : nanos;
  while (digits > minor && rest % 10n === 0n) {
    rest /= 10n;
    digits--;
  }
  return digits;
}

export function formatAmount(nanos: bigint, currency: Currency, locale: Locale, precision: Precision): string {
  const decimal = precision === 'coin' ? formatMoney(nanos, currency) : formatNanos(nanos, exactDigits(nanos, currency));
  return localizeDecimal(decimal, currency, locale);
}

/**
 * Puts the exact digits of a decimal string into the locale's currency pattern: Intl supplies the
 * symbol, the sign's place, the separators and the grouping (of a bigint, which it formats
 * exactly); the digits themselves never pass through a float.
 */
function localizeDecimal(decimal: string, currency: Currency, locale: Locale): string {
  const negative = decimal.startsWith('-');
  const [whole = '0', fraction] = (negative ? decimal.slice(1) : decimal).split('.');
  const grouped = numberFormat(locale).format(BigInt(whole));
  let placed = false;
  const parts = currencyPattern(locale, currency, negative).map((part) => {
    switch (part.type) {
      case 'integer':
        if (placed) return '';
        placed = true;
        return grouped;
      case 'group':
        return '';
      case 'decimal':
        return fraction ? part.value : '';
      case 'fraction':
        return fraction ?? '';
      default:
        return part.value;
    }
  });
  return plainSpaces(parts.join(''));
}

const patterns = new Map<string, Intl.NumberFormatPart[]>();

/** The parts of ±1.0 in the currency: a pattern only, the constant is not money. */
function currencyPattern(locale: Locale, currency: Currency, negative: boolean): Intl.NumberFormatPart[] {
  const key = `${locale}|${currency}|${negative}`;
  let parts = patterns.get(key);
  if (!parts) {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: 1, maximumFractionDigits: 1 });
    parts = format.formatToParts(negative ? -1 : 1);
    patterns.set(key, parts);
  }
  return parts;
}

const numberFormats = new Map<Locale, Intl.NumberFormat>();

function numberFormat(locale: Locale): Intl.NumberFormat {
  let format = numberFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { useGrouping: true });
    numberFormats.set(locale, format);
  }
  return format;
}

export function formatQuantity(quantity: bigint, locale: Locale): string {
  return plainSpaces(numberFormat(locale).format(quantity));
}

/** Basis points as a percentage without needless zeros: 1300 → "13%", 1250 → "12.5%". */
export function formatTaxRate(bps: number): string {
  const whole = Math.trunc(bps / 100);
  const fraction = String(bps % 100).padStart(2, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}%` : `${whole}%`;
}

export function formatDate(ms: number | null, locale: Locale): string {
  if (ms === null) return '—';
  const format = new Intl.DateTimeFormat(locale, { timeZone: 'UTC', dateStyle: 'long' });
  return plainSpaces(format.format(ms));
}

/** A period is [start, end): it is shown up to its last included moment, as people read periods. */
export function formatPeriod(startMs: number, endMs: number, locale: Locale): string {
  const last = Math.max(startMs, endMs - 1);
  const separator = locale === 'zh-CN' ? ' 至 ' : ' – ';
  return `${formatDate(startMs, locale)}${separator}${formatDate(last, locale)}`;
}

/** Intl's thin and narrow spaces become plain ones: identical text in the HTML and any PDF font. */
function plainSpaces(text: string): string {
  return text.replace(/[\u2000-\u200b\u202f]/g, ' ');
}
