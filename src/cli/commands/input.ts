import { TollgateError } from '../../core/errors.js';
import { type Currency, isCurrency, parseDecimalNanos } from '../../core/money.js';

/**
 * Options of the money commands, checked before anything is opened. Every refusal is an
 * invalid_request, which the CLI turns into exit code 2.
 */
function refuse(message: string, param: string): never {
  throw new TollgateError('invalid_request', message, { param });
}

/** A decimal string of the currency ("12.50"): no sign, no exponent, at most 9 decimals (a nano). */
export function moneyOption(flag: string, text: string, options: { positive?: boolean } = {}): { text: string; nanos: bigint } {
  const trimmed = text.trim();
  if (trimmed.startsWith('-')) refuse(`${flag} cannot be negative (got "${text}").`, flag);
  if (/^\d+\.\d{10,}$/.test(trimmed)) refuse(`${flag} has more than 9 decimals (got "${text}"); the smallest amount is 0.000000001.`, flag);
  const nanos = parseDecimalNanos(trimmed);
  if (nanos === null) refuse(`${flag} must be a decimal amount such as 12.50 (got "${text}").`, flag);
  if (options.positive && nanos === 0n) refuse(`${flag} must be greater than zero.`, flag);
  return { text: trimmed, nanos };
}

export function optionalMoney(flag: string, text: string | undefined): string | undefined {
  return text === undefined ? undefined : moneyOption(flag, text).text;
}

export function currencyOption(text: string): Currency {
  const code = text.trim().toUpperCase();
  if (!isCurrency(code)) refuse(`Unknown currency "${text}".`, '--currency');
  return code;
}

/** An ISO 8601 date or time ("2026-03-01", "2026-03-01T08:00:00Z") as epoch ms. */
export function timeOption(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) refuse(`${flag} must be an ISO 8601 date or time, e.g. 2026-03-01 or 2026-03-01T08:00:00Z (got "${text}").`, flag);
  return ms;
}

export function integerOption(flag: string, text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || value < min || value > max) refuse(`${flag} must be a whole number from ${min} to ${max} (got "${text}").`, flag);
  return value;
}

export function positiveNumberOption(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text.trim()) || !(value > 0)) refuse(`${flag} must be a number greater than zero (got "${text}").`, flag);
  return value;
}

export function choiceOption<T extends string>(flag: string, text: string, choices: readonly T[]): T {
  if (!(choices as readonly string[]).includes(text)) refuse(`${flag} must be one of ${choices.join(', ')} (got "${text}").`, flag);
  return text as T;
}
