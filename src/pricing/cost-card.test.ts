import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateGpuHour, costOfUsage, gpuHourCapacity, gpuHourCostNanos } from './cost-card.js';
import { parseRate, perMillionTokens } from './rates.js';
import type { GpuAllocationRequest, GpuHourCostCard, PerTokenCostCard } from './types.js';

// $2.50 per GPU-hour, one GPU serving 100 tokens a second: 360 000 tokens or 3 600 000 ms an hour.
const gpuCard: GpuHourCostCard = {
  kind: 'gpu_hour',
  currency: 'USD',
  hourlyNanos: parseRate('2.50', 1n).amountNanos,
  gpuCount: 1,
  capacityTokensPerSecond: 100,
};

function request(id: string, tokens: bigint, busyMs: bigint): GpuAllocationRequest {
  return { id, tokens, busyMs };
}

const three = [request('a', 1_000n, 60_000n), request('b', 2_000n, 120_000n), request('c', 7_000n, 420_000n)];

function thrownBy(action: () => unknown): unknown {
  try {
    action();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('costOfUsage', () => {
  it('charges a per-token upstream its list rates less the discount, each line rounded up', () => {
    const card: PerTokenCostCard = {
      kind: 'per_token',
      currency: 'USD',
      discountBps: 1_500,
      rates: { input_tokens: perMillionTokens('0.15'), cached_input_tokens: perMillionTokens('0.01875'), output_tokens: perMillionTokens('0.60') },
    };
    const cost = costOfUsage(card, { promptTokens: 1_534, cachedPromptTokens: 333, completionTokens: 567 }, 'mini');
    expect(cost).toMatchObject({ allocation: 'direct', currency: 'USD' });
    if (cost.allocation !== 'direct') throw new Error('expected a direct cost');
    // input  1 201 × 150 × 0.85 = 1 201 × 127.5 = 153 127.5   → ⌈⌉ 153 128
    // cached   333 × 18.75 × 0.85 = 333 × 15.9375 = 5 307.1875 → ⌈⌉ 5 308
    // output   567 × 600 × 0.85 = 567 × 510 = 289 170          (exact)
    // no request rate: requests are free. Total 153 128 + 5 308 + 289 170 = 447 606
    expect(cost.lines.map((line) => [line.unit, line.amountNanos])).toEqual([
      ['input_tokens', 153_128n],
      ['cached_input_tokens', 5_308n],
      ['output_tokens', 289_170n],
    ]);
    expect(cost.costNanos).toBe(447_606n);
  });

  it('defers a GPU-hour upstream to the hourly allocation', () => {
    expect(costOfUsage(gpuCard, { promptTokens: 10, cachedPromptTokens: 0, completionTokens: 10 })).toEqual({ allocation: 'deferred', currency: 'USD', costNanos: 0n });
  });

  it('throws when the upstream card cannot price a used unit', () => {
    const card: PerTokenCostCard = { kind: 'per_token', currency: 'CNY', discountBps: 0, rates: { input_tokens: perMillionTokens('2') } };
    expect(thrownBy(() => costOfUsage(card, { promptTokens: 1, cachedPromptTokens: 0, completionTokens: 1 }, 'ds'))).toMatchObject({
      code: 'missing_rate',
      unit: 'output_tokens',
      model: 'ds',
    });
  });
});

describe('GPU-hour cost and capacity', () => {
  it('multiplies by the GPU count', () => {
    const two = { ...gpuCard, gpuCount: 2, capacityTokensPerSecond: 250 };
    expect(gpuHourCostNanos(two)).toBe(5_000_000_000n); // 2.50 × 2
    expect(gpuHourCapacity(gpuCard, 'tokens')).toBe(360_000n); // 100 × 3 600
    expect(gpuHourCapacity(two, 'tokens')).toBe(900_000n); // 250 × 3 600 (the whole deployment's throughput)
    expect(gpuHourCapacity(two, 'busy_time')).toBe(7_200_000n); // 3 600 000 ms × 2
  });

  it.each([{ gpuCount: 0 }, { gpuCount: 1.5 }, { capacityTokensPerSecond: -1 }, { hourlyNanos: -1n }])('rejects a card with %o', (change) => {
    expect(thrownBy(() => gpuHourCapacity({ ...gpuCard, ...change }, 'tokens'))).toMatchObject({ code: 'invalid_cost_card' });
  });
});

describe('allocateGpuHour', () => {
  it('shares $2.50 by tokens, with the unused capacity as idle', () => {
    // capacity 360 000 tokens, used 10 000. Exact shares of 2 500 000 000:
    //   a 1 000/360 000 → 6 944 444.44…   b 2 000 → 13 888 888.88…   c 7 000 → 48 611 111.11…
    //   idle 350 000 → 2 430 555 555.55…
    // floors sum to 2 499 999 998; the 2 nanos left go to the largest remainders: b (.88) and idle (.55)
    expect(allocateGpuHour({ hourCostNanos: gpuHourCostNanos(gpuCard), capacity: gpuHourCapacity(gpuCard, 'tokens'), requests: three, key: 'tokens' })).toEqual({
      parts: [
        { id: 'a', costNanos: 6_944_444n },
        { id: 'b', costNanos: 13_888_889n },
        { id: 'c', costNanos: 48_611_111n },
      ],
      idleNanos: 2_430_555_556n,
      usedUnits: 10_000n,
      capacityUnits: 360_000n,
    });
  });

  it('shares $2.50 by busy time, with the unused capacity as idle', () => {
    // capacity 3 600 000 ms, used 600 000. Exact shares of 2 500 000 000:
    //   a 60 000 → 41 666 666.66…   b 120 000 → 83 333 333.33…   c 420 000 → 291 666 666.66…
    //   idle 3 000 000 → 2 083 333 333.33…
    // floors sum to 2 499 999 998; the 2 nanos go to the largest remainders: a and c (.66 each)
    expect(allocateGpuHour({ hourCostNanos: 2_500_000_000n, capacity: gpuHourCapacity(gpuCard, 'busy_time'), requests: three, key: 'busy_time' })).toEqual({
      parts: [
        { id: 'a', costNanos: 41_666_667n },
        { id: 'b', costNanos: 83_333_333n },
        { id: 'c', costNanos: 291_666_667n },
      ],
      idleNanos: 2_083_333_333n,
      usedUnits: 600_000n,
      capacityUnits: 3_600_000n,
    });
  });

  it('gives a tied leftover nano to the earlier request', () => {
    // 1 nano over 2 tokens of capacity 2: each exact share is 0.5; the first takes it
    const allocation = allocateGpuHour({ hourCostNanos: 1n, capacity: 2n, requests: [request('x', 1n, 0n), request('y', 1n, 0n)], key: 'tokens' });
    expect(allocation.parts).toEqual([{ id: 'x', costNanos: 1n }, { id: 'y', costNanos: 0n }]);
    expect(allocation.idleNanos).toBe(0n);
  });

  it('shares the hour over what was used when use exceeds the declared capacity', () => {
    // used 200 > capacity 100: 1 000 × 150/200 = 750, 1 000 × 50/200 = 250, idle 0
    expect(allocateGpuHour({ hourCostNanos: 1_000n, capacity: 100n, requests: [request('p', 150n, 0n), request('q', 50n, 0n)], key: 'tokens' })).toEqual({
      parts: [{ id: 'p', costNanos: 750n }, { id: 'q', costNanos: 250n }],
      idleNanos: 0n,
      usedUnits: 200n,
      capacityUnits: 200n,
    });
  });

  it('makes an hour without traffic all idle', () => {
    expect(allocateGpuHour({ hourCostNanos: 2_500_000_000n, capacity: 360_000n, requests: [], key: 'tokens' })).toEqual({ parts: [], idleNanos: 2_500_000_000n, usedUnits: 0n, capacityUnits: 360_000n });
    expect(allocateGpuHour({ hourCostNanos: 7n, capacity: 0n, requests: [request('z', 0n, 0n)], key: 'busy_time' })).toEqual({ parts: [{ id: 'z', costNanos: 0n }], idleNanos: 7n, usedUnits: 0n, capacityUnits: 0n });
  });

  it('rejects negative amounts', () => {
    expect(thrownBy(() => allocateGpuHour({ hourCostNanos: -1n, capacity: 1n, requests: [], key: 'tokens' }))).toMatchObject({ code: 'invalid_allocation' });
    expect(thrownBy(() => allocateGpuHour({ hourCostNanos: 1n, capacity: 1n, requests: [request('n', -1n, 0n)], key: 'tokens' }))).toMatchObject({ code: 'invalid_allocation' });
  });

  it('always sums parts and idle to the hour cost exactly, none negative, each within a nano of its exact share', () => {
    const requestArb = fc.record({ id: fc.string(), tokens: fc.bigInt({ min: 0n, max: 10n ** 6n }), busyMs: fc.bigInt({ min: 0n, max: 10n ** 6n }) });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 13n }),
        fc.bigInt({ min: 0n, max: 10n ** 7n }),
        fc.array(requestArb, { maxLength: 30 }),
        fc.constantFrom<'tokens' | 'busy_time'>('tokens', 'busy_time'),
        (hourCostNanos, capacity, requests, key) => {
          const allocation = allocateGpuHour({ hourCostNanos, capacity, requests, key });
          const parts = allocation.parts.map((part) => part.costNanos);
          expect(parts.reduce((a, b) => a + b, 0n) + allocation.idleNanos).toBe(hourCostNanos);
          expect([...parts, allocation.idleNanos].every((nanos) => nanos >= 0n)).toBe(true);
          expect(allocation.parts.map((part) => part.id)).toEqual(requests.map((r) => r.id));
          const denominator = allocation.capacityUnits;
          requests.forEach((r, i) => {
            const weight = key === 'tokens' ? r.tokens : r.busyMs;
            if (weight === 0n) expect(parts[i]).toBe(0n);
            if (denominator === 0n) return;
            // |part − hourCost·weight/capacity| < 1, scaled by capacity to stay in integers
            const gap = parts[i]! * denominator - hourCostNanos * weight;
            expect(gap > -denominator && gap < denominator).toBe(true);
          });
        },
      ),
    );
  });
});
