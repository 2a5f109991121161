import { describe, expect, it } from 'vitest';
import { exactDigits, formatAmount, formatDate, formatPeriod, formatQuantity, formatTaxRate } from './format.js';

describe('amounts', () => {
  it('show a usage line exactly: the currency digits plus only the decimals the nanos need', () => {
    expect(formatAmount(2_134_500n, 'USD', 'en', 'exact')).toBe('$0.0021345');
    expect(formatAmount(20_000_000_000n, 'USD', 'en', 'exact')).toBe('$20.00');
    expect(formatAmount(20_500_000_000n, 'USD', 'en', 'exact')).toBe('$20.50');
    expect(formatAmount(1n, 'USD', 'en', 'exact')).toBe('$0.000000001');
    expect(formatAmount(-123_456_700n, 'USD', 'en', 'exact')).toBe('-$0.1234567');
    expect(exactDigits(0n, 'USD')).toBe(2);
  });

  it('show totals in the currency digits', () => {
    expect(formatAmount(20_730_000_000n, 'USD', 'en', 'coin')).toBe('$20.73');
    expect(formatAmount(1_234_000_000_000n, 'JPY', 'en', 'coin')).toBe('¥1,234');
    expect(formatAmount(1_500_000_000n, 'JPY', 'en', 'exact')).toBe('¥1.5');
  });

  it('use the locale symbol and grouping', () => {
    expect(formatAmount(1_234_567_890_000_000n, 'CNY', 'zh-CN', 'coin')).toBe('¥1,234,567.89');
    expect(formatAmount(1_234_567_890_000_000n, 'CNY', 'en', 'coin')).toBe('CN¥1,234,567.89');
    expect(formatAmount(-5_000_000_000n, 'USD', 'zh-CN', 'coin')).toBe('-US$5.00');
    expect(formatAmount(1_000_000_000n, 'EUR', 'en', 'coin')).toBe('€1.00');
  });

  it('never pass through a float: nanos beyond 2^53 keep every digit', () => {
    expect(formatAmount(12_345_678_901_234_567_891n, 'USD', 'en', 'exact')).toBe('$12,345,678,901.234567891');
  });
});

describe('other values', () => {
  it('format quantities, tax rates, dates and periods per locale in UTC', () => {
    expect(formatQuantity(1_234_567n, 'zh-CN')).toBe('1,234,567');
    expect([1300, 1250, 5, 0].map(formatTaxRate)).toEqual(['13%', '12.5%', '0.05%', '0%']);
    // 23:30 UTC on the 31st is still the 31st, whatever the machine's zone.
    expect(formatDate(Date.UTC(2026, 2, 31, 23, 30), 'en')).toBe('March 31, 2026');
    expect(formatDate(Date.UTC(2026, 2, 31, 23, 30), 'zh-CN')).toBe('2026年3月31日');
    expect(formatDate(null, 'en')).toBe('—');
    expect(formatPeriod(Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1), 'en')).toBe('February 1, 2026 – February 28, 2026');
    expect(formatPeriod(Date.UTC(2026, 1, 1), Date.UTC(2026, 2, 1), 'zh-CN')).toBe('2026年2月1日 至 2026年2月28日');
  });
});
