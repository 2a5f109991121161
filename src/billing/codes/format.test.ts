import { describe, expect, it } from 'vitest';
import { CODE_ALPHABET, CODE_RANDOM_BITS, codePrefix, generateCodes, hashCode, normalizeCode } from './format.js';

describe('redemption code format', () => {
  it('draws TG-XXXX-XXXX-XXXX from 32 symbols without 0, O, 1 or I: 60 random bits', () => {
    expect(CODE_ALPHABET).toHaveLength(32);
    expect(new Set(CODE_ALPHABET).size).toBe(32);
    expect(CODE_ALPHABET).not.toMatch(/[01OI]/);
    expect(CODE_RANDOM_BITS).toBeGreaterThanOrEqual(60);
    const codes = [...generateCodes(2000), ...generateCodes(1)];
    for (const code of codes) expect(code).toMatch(/^TG-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}$/);
    expect(generateCodes(2000)).toHaveLength(2000);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('uses every symbol of the alphabet', () => {
    const seen = new Set(generateCodes(500).map((code) => code.slice(3).replaceAll('-', '')).join(''));
    for (const symbol of CODE_ALPHABET) expect(seen.has(symbol)).toBe(true);
  });

  it('reads codes as people type them, and refuses what cannot be one', () => {
    expect(normalizeCode('tg-7kq2-m9xd-4rtw')).toBe('TG-7KQ2-M9XD-4RTW');
    expect(normalizeCode(' TG 7KQ2 M9XD 4RTW ')).toBe('TG-7KQ2-M9XD-4RTW');
    expect(normalizeCode('7KQ2M9XD4RTW')).toBe('TG-7KQ2-M9XD-4RTW');
    for (const bad of ['', 'TG-7KQ2-M9XD', 'TG-7KQ2-M9XD-4RTW-AAAA', 'TG-0KQ2-M9XD-4RTW', 'TG-IKQ2-M9XD-4RTW', 'XX-7KQ2-M9XD-4RTW']) {
      expect(normalizeCode(bad)).toBeNull();
    }
  });

  it('keeps a hash and a short prefix, neither of which is the code', () => {
    const code = 'TG-7KQ2-M9XD-4RTW';
    expect(hashCode(code)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashCode(normalizeCode('tg7kq2m9xd4rtw')!)).toBe(hashCode(code));
    expect(codePrefix(code)).toBe('TG-7KQ2');
  });
});
