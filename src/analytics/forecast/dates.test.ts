import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  dayOfWeek,
  daysBetween,
  formatIsoMonth,
  granularityOf,
  monthOfYear,
  monthsBetween,
  parseIsoDay,
  parseIsoMonth,
} from './dates.js';

describe('ISO date helpers', () => {
  it('counts days from 1970-01-01 in UTC and back', () => {
    expect(parseIsoDay('1970-01-01')).toBe(0);
    expect(parseIsoDay('1970-01-31')).toBe(30);
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-28', 2)).toBe('2024-03-01');
    expect(addDays('2025-01-01', -1)).toBe('2024-12-31');
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
  });

  it('counts months across year ends', () => {
    expect(addMonths('2024-12', 1)).toBe('2025-01');
    expect(addMonths('2025-01', -13)).toBe('2023-12');
    expect(monthsBetween('2024-11', '2025-02')).toBe(3);
    expect(formatIsoMonth(parseIsoMonth('0999-07'))).toBe('0999-07');
    expect(monthOfYear('2025-12')).toBe(12);
  });

  it('knows the weekday: 2025-01-05 was a Sunday, 1970-01-01 a Thursday', () => {
    expect(dayOfWeek('2025-01-05')).toBe(0);
    expect(dayOfWeek('2025-01-11')).toBe(6);
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('1969-12-28')).toBe(0);
  });

  it('tells days from months and rejects anything else', () => {
    expect(granularityOf('2025-03-14')).toBe('day');
    expect(granularityOf('2025-03')).toBe('month');
    for (const bad of ['2025-3-14', '2025/03/14', '2025-03-14T00:00:00Z', '', '2025']) {
      expect(() => granularityOf(bad)).toThrow(RangeError);
    }
  });

  it('rejects dates and months that do not exist', () => {
    expect(() => parseIsoDay('2025-02-29')).toThrow(RangeError);
    expect(() => parseIsoDay('2025-13-01')).toThrow(RangeError);
    expect(() => parseIsoDay('0050-01-01')).toThrow(RangeError);
    expect(() => parseIsoMonth('2025-00')).toThrow(RangeError);
    expect(() => parseIsoMonth('2025-13')).toThrow(RangeError);
  });
});
