import { describe, expect, it } from 'vitest';
import { newId } from './ids.js';

describe('newId', () => {
  it('is the prefix, 10 characters of time and 16 of randomness, in Crockford base32', () => {
    expect(newId('req', 0)).toMatch(/^req_0{10}[0-9a-hjkmnp-tv-z]{16}$/);
    expect(newId('cus', Date.UTC(2026, 10, 29))).toMatch(/^cus_[0-9a-hjkmnp-tv-z]{26}$/);
  });

  it('sorts by creation time, whatever the random part', () => {
    const times = [0, 1, 31, 32, 1_000, 2 ** 32, Date.UTC(2026, 0, 1), Date.UTC(2026, 0, 1) + 1, 2 ** 48 - 1];
    const ids = times.map((t) => newId('x', t));
    expect([...ids].sort()).toEqual(ids);
  });

  it('does not repeat across many ids made in the same millisecond', () => {
    const ids = new Set(Array.from({ length: 20_000 }, () => newId('req', 1_700_000_000_000)));
    expect(ids.size).toBe(20_000);
  });
});
