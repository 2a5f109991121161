import { describe, expect, it } from 'vitest';
import { currencyDigits, formatDecimal, formatMoney, formatPercent, nanosToDecimal, parseDecimal, perMillion, ratePer, shiftDecimal, signOf } from './money.js';

describe('formatMoney', () => {
  it('pads to the digits the currency normally shows', () => {
    expect(formatMoney('12.5', 'USD', 'en')).toBe('$12.50');
    expect(formatMoney('12', 'USD', 'en')).toBe('$12.00');
    expect(formatMoney('1500', 'JPY', 'en')).toBe('¥1,500');
  });

  it('shows digits beyond the currency rather than rounding them away', () => {
    expect(formatMoney('0.00003015', 'USD', 'en')).toBe('$0.00003015');
    expect(formatMoney('12.5', 'JPY', 'en')).toBe('¥12.5');
    expect(formatMoney('2.500', 'USD', 'en')).toBe('$2.50');
  });

  it('is exact where a float would not be', () => {
    expect(formatMoney('1234567890123456789.12', 'USD', 'en')).toBe('$1,234,567,890,123,456,789.12');
    expect(formatMoney('0.1000000003', 'USD', 'en')).toBe('$0.1000000003');
  });

  it('follows the locale', () => {
    expect(formatMoney('1234.5', 'USD', 'zh-CN')).toBe('US$1,234.50');
    expect(formatMoney('1234.5', 'CNY', 'zh-CN')).toBe('¥1,234.50');
    expect(formatMoney('1234.5', 'EUR', 'de')).toBe('1.234,50\u00a0€');
  });

  it('keeps the sign of a loss and drops it from zero', () => {
    expect(formatMoney('-3', 'USD', 'en')).toBe('-$3.00');
    expect(formatMoney('-0.000', 'USD', 'en')).toBe('$0.00');
    expect(formatMoney('+7', 'USD', 'en')).toBe('$7.00');
  });

  it('leaves what is not a decimal as it came', () => {
    expect(formatMoney('n/a', 'USD', 'en')).toBe('n/a');
    expect(formatMoney('1e3', 'USD', 'en')).toBe('1e3');
    expect(formatMoney('', 'USD', 'en')).toBe('');
  });
});

describe('the decimal helpers', () => {
  it('parses without losing digits', () => {
    expect(parseDecimal('007.2500')).toEqual({ negative: false, integer: '7', fraction: '25' });
    expect(parseDecimal('-0.0')).toEqual({ negative: false, integer: '0', fraction: '' });
    expect(parseDecimal('1.')).toBeNull();
  });

  it('reads the sign from the string', () => {
    expect(signOf('-0.01')).toBe(-1);
    expect(signOf('0.000')).toBe(0);
    expect(signOf('12')).toBe(1);
    expect(signOf('garbage')).toBe(0);
  });

  it('moves the decimal point exactly', () => {
    expect(shiftDecimal('150000000', 9)).toBe('0.15');
    expect(shiftDecimal('-5', 2)).toBe('-0.05');
    expect(shiftDecimal('1234.5', 2)).toBe('12.345');
    expect(nanosToDecimal('20000000')).toBe('0.02');
    expect(nanosToDecimal('0')).toBe('0');
    expect(nanosToDecimal('123456789012345678901')).toBe('123456789012.345678901');
  });

  it('turns a rate per units into a price per million or per one', () => {
    expect(perMillion('150000000', '1000000')).toBe('0.15');
    expect(perMillion('10000000000', '1000000')).toBe('10');
    expect(perMillion('1', '3')).toBe('0.000333333333333333');
    expect(ratePer('2000000', '1', 1n)).toBe('0.002');
  });

  it('knows how many digits a currency shows', () => {
    expect(currencyDigits('USD')).toBe(2);
    expect(currencyDigits('JPY')).toBe(0);
    expect(currencyDigits('KRW')).toBe(0);
  });

  it('formats plain decimals and percentages per locale', () => {
    expect(formatDecimal('1234.5000', 'en')).toBe('1,234.5');
    expect(formatDecimal('1234.5', 'en', 2)).toBe('1,234.50');
    expect(formatPercent('42.5', 'en')).toBe('42.5%');
    expect(formatPercent(-3, 'zh-CN')).toBe('-3%');
    expect(formatPercent(null, 'en')).toBe('—');
  });
});
