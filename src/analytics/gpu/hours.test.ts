import { describe, expect, it } from 'vitest';
import type { CostCard } from '../../pricing/types.js';
import type { StoredCostCard } from '../../upstreams/cost-cards.js';
import { HOUR_MS, gpuCardFor, lastSettledHour, pendingHours } from './hours.js';

const T0 = Date.UTC(2026, 2, 1);
const gpu: CostCard = { kind: 'gpu_hour', currency: 'USD', hourlyNanos: 2_500_000_000n, gpuCount: 2, capacityTokensPerSecond: 1000 };
const perToken: CostCard = { kind: 'per_token', currency: 'USD', rates: {}, discountBps: 0 };
const card = (id: string, effectiveFromMs: number, c: CostCard, upstreamModel = '*'): StoredCostCard => ({ id, upstreamId: 'u', upstreamModel, effectiveFromMs, card: c, createdAtMs: effectiveFromMs });
const hour = (n: number) => T0 + n * HOUR_MS;

describe('which GPU hours to allocate', () => {
  it('takes an hour as settled once it ended and the grace passed', () => {
    expect(lastSettledHour(hour(3) + 15 * 60_000, 15 * 60_000)).toBe(hour(2));
    expect(lastSettledHour(hour(3) + 14 * 60_000, 15 * 60_000)).toBe(hour(1));
  });

  it('bills the hour a card takes effect in whole, with the card in force at its end', () => {
    const cards = [card('a', hour(2) + 30 * 60_000, gpu)];
    expect(gpuCardFor(cards, 'u', hour(1))).toBeNull();
    expect(gpuCardFor(cards, 'u', hour(2))?.id).toBe('a');
    expect(gpuCardFor([card('m', T0, gpu, 'some-model')], 'u', hour(2))).toBeNull();
  });

  it('counts every hour from the first card or the creation, skips per-token and allocated hours, and stops at the limit', () => {
    const cards = [card('a', hour(0), gpu), card('b', hour(3), perToken), card('c', hour(5), gpu)];
    const allocated = new Set([hour(1)]);
    const base = { cards, upstreamId: 'u', createdAtMs: T0, allocated, lastHourMs: hour(6) };
    expect(pendingHours({ ...base, limit: 100 })).toEqual([hour(0), hour(2), hour(5), hour(6)]);
    expect(pendingHours({ ...base, limit: 2 })).toEqual([hour(0), hour(2)]);
    expect(pendingHours({ ...base, createdAtMs: hour(2) + 1, limit: 100 })).toEqual([hour(2), hour(5), hour(6)]);
    expect(pendingHours({ ...base, upstreamId: 'other', limit: 100 })).toEqual([]);
  });
});
