import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AcquireResult, Amounts, Lease, LimitRule, LimitWindow, Limiter, LimiterOptions, Metric } from './types.js';
import { MAX_LIMIT } from './validate.js';

/**
 * The behaviour every Limiter must have, run against each implementation by its own test file.
 * Each test uses a fresh scope, so implementations that share a store between tests stay apart.
 */

/** A multiple of every bucket width used below, so bucket starts are easy to reason about. */
const T = 1_738_800_000_000;
const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
const LEASE_MS = 30 * SECOND_MS;

const perMinute: LimitWindow = { kind: 'rolling', ms: MINUTE_MS };

function newScope(): string {
  return `cus_${randomBytes(6).toString('hex')}`;
}

function rule(scope: string, name: string, metric: Metric, window: LimitWindow, limit: bigint): LimitRule {
  return { id: `${scope}:${name}`, scope, metric, window, limit };
}

function use(partial: Partial<Amounts>): Amounts {
  return { requests: 0n, tokens: 0n, spend: 0n, ...partial };
}

function leaseOf(result: AcquireResult): Lease {
  if (!result.ok) throw new Error(`expected the acquire to pass, but "${result.ruleId}" refused it`);
  return result.lease;
}

export function limiterContract(makeLimiter: (options?: LimiterOptions) => Limiter): void {
  describe('rolling windows', () => {
    it('lets 3 requests a minute pass, refuses the 4th until the oldest bucket leaves the window', async () => {
      const limiter = makeLimiter();
      const rpm = rule(newScope(), 'rpm', 'requests', perMinute, 3n);
      const one = use({ requests: 1n });
      for (const atMs of [T, T + 1500, T + 2500]) expect((await limiter.acquire([rpm], one, atMs, LEASE_MS)).ok).toBe(true);

      expect(await limiter.acquire([rpm], one, T + 30_000, LEASE_MS)).toEqual({ ok: false, ruleId: rpm.id, metric: 'requests', limit: 3n, remaining: 0n, retryAfterMs: 30_000 });
      expect(await limiter.acquire([rpm], one, T + 59_999, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 1 });
      expect((await limiter.acquire([rpm], one, T + 60_000, LEASE_MS)).ok).toBe(true);
      // Full again; the next to leave is the bucket that started at T + 1000.
      expect(await limiter.acquire([rpm], one, T + 60_000, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 1000 });
    });

    it('counts tokens by amount, and retries once enough old buckets have left', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      leaseOf(await limiter.acquire([tpm], use({ tokens: 300n }), T, LEASE_MS));
      leaseOf(await limiter.acquire([tpm], use({ tokens: 300n }), T + 5000, LEASE_MS));
      leaseOf(await limiter.acquire([tpm], use({ tokens: 400n }), T + 10_000, LEASE_MS));

      // 500 more fits only once both 300s are gone: the second leaves at T + 65 s.
      expect(await limiter.acquire([tpm], use({ tokens: 500n }), T + 20_000, LEASE_MS)).toEqual({ ok: false, ruleId: tpm.id, metric: 'tokens', limit: 1000n, remaining: 0n, retryAfterMs: 45_000 });
      expect(await limiter.acquire([tpm], use({ tokens: 500n }), T + 64_999, LEASE_MS)).toMatchObject({ ok: false, remaining: 300n, retryAfterMs: 1 });
      expect((await limiter.acquire([tpm], use({ tokens: 500n }), T + 65_000, LEASE_MS)).ok).toBe(true);
    });

    it('fills a window exactly to its limit and lets an amount of 0 through even when full', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const tpm = rule(scope, 'tpm', 'tokens', perMinute, 1000n);
      const rpm = rule(scope, 'rpm', 'requests', perMinute, 10n);
      leaseOf(await limiter.acquire([tpm], use({ tokens: 600n }), T, LEASE_MS));
      expect(await limiter.acquire([tpm], use({ tokens: 500n }), T + 10_000, LEASE_MS)).toMatchObject({ ok: false, remaining: 400n, retryAfterMs: 50_000 });
      leaseOf(await limiter.acquire([tpm], use({ tokens: 400n }), T + 10_000, LEASE_MS));
      expect((await limiter.acquire([rpm, tpm], use({ requests: 1n, tokens: 0n }), T + 10_000, LEASE_MS)).ok).toBe(true);
      expect(await limiter.acquire([rpm, tpm], use({ requests: 1n, tokens: 1n }), T + 10_000, LEASE_MS)).toMatchObject({ ok: false, ruleId: tpm.id, remaining: 0n });
    });

    it('refuses an amount larger than the limit for one window length', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      expect(await limiter.acquire([tpm], use({ tokens: 1001n }), T, LEASE_MS)).toEqual({ ok: false, ruleId: tpm.id, metric: 'tokens', limit: 1000n, remaining: 1000n, retryAfterMs: MINUTE_MS });
    });

    it('records in buckets of window / bucketsPerWindow', async () => {
      const limiter = makeLimiter({ bucketsPerWindow: 6 });
      const rpm = rule(newScope(), 'rpm', 'requests', perMinute, 1n);
      // Recorded in the bucket starting at T, which leaves the window at T + 60 s, not T + 69.999 s.
      leaseOf(await limiter.acquire([rpm], use({ requests: 1n }), T + 9999, LEASE_MS));
      expect(await limiter.acquire([rpm], use({ requests: 1n }), T + 10_000, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 50_000 });
      expect((await limiter.acquire([rpm], use({ requests: 1n }), T + MINUTE_MS, LEASE_MS)).ok).toBe(true);
    });

    it('checks a 5-hour and a weekly token window together, and the tighter one refuses', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const fiveHours = rule(scope, 'tokens:5h', 'tokens', { kind: 'rolling', ms: 5 * HOUR_MS }, 100_000n);
      const weekly = rule(scope, 'tokens:week', 'tokens', { kind: 'rolling', ms: 7 * DAY_MS }, 300_000n);
      const rules = [fiveHours, weekly];
      const full = use({ tokens: 100_000n });

      leaseOf(await limiter.acquire(rules, full, T, LEASE_MS));
      expect(await limiter.acquire(rules, use({ tokens: 1n }), T + MINUTE_MS, LEASE_MS)).toMatchObject({ ok: false, ruleId: fiveHours.id, retryAfterMs: 5 * HOUR_MS - MINUTE_MS });
      leaseOf(await limiter.acquire(rules, full, T + 5 * HOUR_MS, LEASE_MS));
      leaseOf(await limiter.acquire(rules, full, T + 10 * HOUR_MS, LEASE_MS));

      // The 5-hour window is empty again, the week is full until its oldest bucket (T) leaves.
      const refused = await limiter.acquire(rules, use({ tokens: 1n }), T + 15 * HOUR_MS, LEASE_MS);
      expect(refused).toEqual({ ok: false, ruleId: weekly.id, metric: 'tokens', limit: 300_000n, remaining: 0n, retryAfterMs: 7 * DAY_MS - 15 * HOUR_MS });
      const [fiveHourState, weekState] = await limiter.peek(rules, T + 15 * HOUR_MS);
      expect(fiveHourState).toMatchObject({ remaining: 100_000n });
      expect(weekState).toMatchObject({ remaining: 0n });
    });
  });

  describe('calendar windows', () => {
    it('caps spend per day on a clock 8 hours ahead of UTC, resetting at local midnight', async () => {
      const limiter = makeLimiter();
      const daily = rule(newScope(), 'spend:day', 'spend', { kind: 'calendar', unit: 'day', utcOffsetMinutes: 480 }, 5_000_000_000n);
      const localMidnightMs = Date.UTC(2025, 2, 10, 16, 0); // 2025-03-11 00:00 at UTC+8
      leaseOf(await limiter.acquire([daily], use({ spend: 3_000_000_000n }), localMidnightMs - HOUR_MS, LEASE_MS));

      expect(await limiter.acquire([daily], use({ spend: 3_000_000_000n }), localMidnightMs - HOUR_MS, LEASE_MS)).toEqual({ ok: false, ruleId: daily.id, metric: 'spend', limit: 5_000_000_000n, remaining: 2_000_000_000n, retryAfterMs: HOUR_MS });
      expect(await limiter.acquire([daily], use({ spend: 3_000_000_000n }), localMidnightMs - 1, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 1 });
      leaseOf(await limiter.acquire([daily], use({ spend: 3_000_000_000n }), localMidnightMs, LEASE_MS));
      expect(await limiter.acquire([daily], use({ spend: 6_000_000_000n }), localMidnightMs, LEASE_MS)).toMatchObject({ ok: false, remaining: 2_000_000_000n, retryAfterMs: DAY_MS });
    });

    it('caps spend per month on a clock 5 hours behind UTC, resetting at the local first of the month', async () => {
      const limiter = makeLimiter();
      const monthly = rule(newScope(), 'spend:month', 'spend', { kind: 'calendar', unit: 'month', utcOffsetMinutes: -300 }, 10_000_000_000n);
      const aprilMs = Date.UTC(2025, 3, 1, 5, 0); // 2025-04-01 00:00 at UTC−5
      leaseOf(await limiter.acquire([monthly], use({ spend: 8_000_000_000n }), aprilMs - HOUR_MS, LEASE_MS));

      expect(await limiter.acquire([monthly], use({ spend: 4_000_000_000n }), aprilMs - HOUR_MS, LEASE_MS)).toMatchObject({ ok: false, remaining: 2_000_000_000n, retryAfterMs: HOUR_MS });
      // Alone above the limit: one window length, here the 31 days of March.
      expect(await limiter.acquire([monthly], use({ spend: 10_000_000_001n }), aprilMs - HOUR_MS, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 31 * DAY_MS });
      leaseOf(await limiter.acquire([monthly], use({ spend: 4_000_000_000n }), aprilMs, LEASE_MS));
      expect(await limiter.peek([monthly], aprilMs + DAY_MS)).toEqual([{ ruleId: monthly.id, limit: 10_000_000_000n, remaining: 6_000_000_000n, resetMs: 29 * DAY_MS }]);
    });
  });

  describe('concurrency', () => {
    it('refuses a third request at 2, frees a slot on settle, and frees an expired lease', async () => {
      const limiter = makeLimiter();
      const slots = rule(newScope(), 'concurrent', 'concurrency', perMinute, 2n);
      const first = leaseOf(await limiter.acquire([slots], use({}), T, LEASE_MS));
      leaseOf(await limiter.acquire([slots], use({}), T, LEASE_MS));

      expect(await limiter.acquire([slots], use({}), T + 100, LEASE_MS)).toEqual({ ok: false, ruleId: slots.id, metric: 'concurrency', limit: 2n, remaining: 0n, retryAfterMs: 1000 });
      await limiter.settle(first, use({}), T + 200);
      leaseOf(await limiter.acquire([slots], use({}), T + 300, LEASE_MS));

      // The second lease, never settled, expires at T + 30 s and frees its slot by itself.
      expect(await limiter.acquire([slots], use({}), T + LEASE_MS - 500, LEASE_MS)).toMatchObject({ ok: false, retryAfterMs: 500 });
      expect((await limiter.acquire([slots], use({}), T + LEASE_MS, LEASE_MS)).ok).toBe(true);
    });

    it('refuses every request with a limit of 0', async () => {
      const limiter = makeLimiter();
      const slots = rule(newScope(), 'concurrent', 'concurrency', perMinute, 0n);
      expect(await limiter.acquire([slots], use({ requests: 1n }), T, LEASE_MS)).toEqual({ ok: false, ruleId: slots.id, metric: 'concurrency', limit: 0n, remaining: 0n, retryAfterMs: 1000 });
    });
  });

  describe('settle and release', () => {
    it('replaces the reservation with a larger actual amount, even beyond the limit', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      const lease = leaseOf(await limiter.acquire([tpm], use({ tokens: 100n }), T, LEASE_MS));
      await limiter.settle(lease, use({ tokens: 900n }), T + 1000);
      expect(await limiter.peek([tpm], T + 1000)).toMatchObject([{ remaining: 100n }]);

      const second = leaseOf(await limiter.acquire([tpm], use({ tokens: 100n }), T + 2000, LEASE_MS));
      await limiter.settle(second, use({ tokens: 700n }), T + 3000);
      expect(await limiter.peek([tpm], T + 3000)).toMatchObject([{ remaining: 0n }]);
      // Over the limit now: only once the first bucket leaves is there room for 1 token.
      expect(await limiter.acquire([tpm], use({ tokens: 1n }), T + 3000, LEASE_MS)).toMatchObject({ ok: false, remaining: 0n, retryAfterMs: 57_000 });
    });

    it('replaces the reservation with a smaller actual amount', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      const lease = leaseOf(await limiter.acquire([tpm], use({ tokens: 800n }), T, LEASE_MS));
      await limiter.settle(lease, use({ tokens: 300n }), T + 5000);
      expect(await limiter.peek([tpm], T + 5000)).toMatchObject([{ remaining: 700n }]);
      expect((await limiter.acquire([tpm], use({ tokens: 700n }), T + 5000, LEASE_MS)).ok).toBe(true);
    });

    it('settles in the bucket of the acquire, not the bucket of the settle', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      const lease = leaseOf(await limiter.acquire([tpm], use({ tokens: 100n }), T, LEASE_MS));
      await limiter.settle(lease, use({ tokens: 1000n }), T + 20_000);
      // The whole 1000 sits in the bucket at T, so it is gone at T + 60 s.
      expect(await limiter.peek([tpm], T + 59_999)).toMatchObject([{ remaining: 0n, resetMs: 1 }]);
      expect(await limiter.peek([tpm], T + MINUTE_MS)).toMatchObject([{ remaining: 1000n, resetMs: 0 }]);
    });

    it('changes nothing when settled after its bucket left the window', async () => {
      const limiter = makeLimiter();
      const tpm = rule(newScope(), 'tpm', 'tokens', perMinute, 1000n);
      const lease = leaseOf(await limiter.acquire([tpm], use({ tokens: 100n }), T, 5 * MINUTE_MS));
      await limiter.settle(lease, use({ tokens: 900n }), T + 2 * MINUTE_MS);
      expect(await limiter.peek([tpm], T + 2 * MINUTE_MS)).toMatchObject([{ remaining: 1000n }]);
    });

    it('removes everything on release and frees the slot', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const tpm = rule(scope, 'tpm', 'tokens', perMinute, 1000n);
      const rpm = rule(scope, 'rpm', 'requests', perMinute, 5n);
      const slots = rule(scope, 'concurrent', 'concurrency', perMinute, 1n);
      const lease = leaseOf(await limiter.acquire([tpm, rpm, slots], use({ requests: 1n, tokens: 600n }), T, LEASE_MS));
      await limiter.release(lease, T + 1000);
      expect(await limiter.peek([tpm, rpm, slots], T + 1000)).toEqual([
        { ruleId: tpm.id, limit: 1000n, remaining: 1000n, resetMs: 0 },
        { ruleId: rpm.id, limit: 5n, remaining: 5n, resetMs: 0 },
        { ruleId: slots.id, limit: 1n, remaining: 1n, resetMs: 0 },
      ]);
      expect((await limiter.acquire([tpm, rpm, slots], use({ requests: 1n, tokens: 1000n }), T + 1000, LEASE_MS)).ok).toBe(true);
    });

    it('does nothing the second time a lease is settled or released', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const tpm = rule(scope, 'tpm', 'tokens', perMinute, 1000n);
      const slots = rule(scope, 'concurrent', 'concurrency', perMinute, 2n);
      const lease = leaseOf(await limiter.acquire([tpm, slots], use({ tokens: 100n }), T, LEASE_MS));
      await limiter.settle(lease, use({ tokens: 300n }), T + 1000);
      await limiter.settle(lease, use({ tokens: 300n }), T + 2000);
      await limiter.release(lease, T + 3000);
      expect(await limiter.peek([tpm], T + 3000)).toMatchObject([{ remaining: 700n }]);

      const other = leaseOf(await limiter.acquire([tpm, slots], use({ tokens: 100n }), T + 4000, LEASE_MS));
      await limiter.release(other, T + 5000);
      await limiter.release(other, T + 6000);
      await limiter.settle(other, use({ tokens: 500n }), T + 7000);
      expect(await limiter.peek([tpm, slots], T + 7000)).toMatchObject([{ remaining: 700n }, { remaining: 2n }]);
    });
  });

  describe('atomicity', () => {
    it('charges no rule when a later rule refuses', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const slots = rule(scope, 'concurrent', 'concurrency', perMinute, 1n);
      const rpm = rule(scope, 'rpm', 'requests', perMinute, 10n);
      const tpm = rule(scope, 'tpm', 'tokens', perMinute, 100n);
      expect(await limiter.acquire([slots, rpm, tpm], use({ requests: 1n, tokens: 150n }), T, LEASE_MS)).toMatchObject({ ok: false, ruleId: tpm.id });
      expect(await limiter.peek([slots, rpm, tpm], T)).toMatchObject([{ remaining: 1n }, { remaining: 10n }, { remaining: 100n }]);
    });

    it('reports the first rule that refuses', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const rpm = rule(scope, 'rpm', 'requests', perMinute, 0n);
      const tpm = rule(scope, 'tpm', 'tokens', perMinute, 0n);
      expect(await limiter.acquire([rpm, tpm], use({ requests: 1n, tokens: 1n }), T, LEASE_MS)).toMatchObject({ ok: false, ruleId: rpm.id });
      expect(await limiter.acquire([tpm, rpm], use({ requests: 1n, tokens: 1n }), T, LEASE_MS)).toMatchObject({ ok: false, ruleId: tpm.id });
    });
  });

  describe('peek', () => {
    it('reports limit, remaining and the time until each rule is back to its full limit', async () => {
      const limiter = makeLimiter();
      const scope = newScope();
      const rpm = rule(scope, 'rpm', 'requests', perMinute, 5n);
      const daily = rule(scope, 'spend:day', 'spend', { kind: 'calendar', unit: 'day', utcOffsetMinutes: 0 }, 1_000_000_000n);
      const slots = rule(scope, 'concurrent', 'concurrency', perMinute, 3n);
      const rules = [rpm, daily, slots];
      expect(await limiter.peek(rules, T)).toEqual([
        { ruleId: rpm.id, limit: 5n, remaining: 5n, resetMs: 0 },
        { ruleId: daily.id, limit: 1_000_000_000n, remaining: 1_000_000_000n, resetMs: 0 },
        { ruleId: slots.id, limit: 3n, remaining: 3n, resetMs: 0 },
      ]);

      leaseOf(await limiter.acquire(rules, use({ requests: 1n, spend: 250_000_000n }), T, LEASE_MS));
      leaseOf(await limiter.acquire(rules, use({ requests: 1n, spend: 250_000_000n }), T + 1500, LEASE_MS));
      const nowMs = T + 10_000;
      const startOfNextDayMs = Math.floor(T / DAY_MS) * DAY_MS + DAY_MS;
      expect(await limiter.peek(rules, nowMs)).toEqual([
        { ruleId: rpm.id, limit: 5n, remaining: 3n, resetMs: T + 1000 + MINUTE_MS - nowMs },
        { ruleId: daily.id, limit: 1_000_000_000n, remaining: 500_000_000n, resetMs: startOfNextDayMs - nowMs },
        { ruleId: slots.id, limit: 3n, remaining: 1n, resetMs: T + 1500 + LEASE_MS - nowMs },
      ]);
    });

    it('changes nothing', async () => {
      const limiter = makeLimiter();
      const rpm = rule(newScope(), 'rpm', 'requests', perMinute, 1n);
      await limiter.peek([rpm], T);
      await limiter.peek([rpm], T);
      expect((await limiter.acquire([rpm], use({ requests: 1n }), T, LEASE_MS)).ok).toBe(true);
    });
  });

  describe('validation', () => {
    it('refuses limits above the largest one Lua integers hold exactly', async () => {
      const limiter = makeLimiter();
      const tooLarge = rule(newScope(), 'spend:month', 'spend', perMinute, MAX_LIMIT + 1n);
      await expect(limiter.acquire([tooLarge], use({ spend: 1n }), T, LEASE_MS)).rejects.toThrow(/largest supported limit/);
      await expect(limiter.peek([tooLarge], T)).rejects.toThrow(/largest supported limit/);
      const atMax = rule(newScope(), 'spend:month', 'spend', perMinute, MAX_LIMIT);
      expect((await limiter.acquire([atMax], use({ spend: MAX_LIMIT }), T, LEASE_MS)).ok).toBe(true);
    });

    it('refuses rules of different scopes in one call, bad amounts and bad windows', async () => {
      const limiter = makeLimiter();
      const a = rule(newScope(), 'rpm', 'requests', perMinute, 1n);
      const b = rule(newScope(), 'rpm', 'requests', perMinute, 1n);
      await expect(limiter.acquire([a, b], use({ requests: 1n }), T, LEASE_MS)).rejects.toThrow(/share a scope/);
      await expect(limiter.acquire([a], use({ requests: -1n }), T, LEASE_MS)).rejects.toThrow(/Amount of requests/);
      await expect(limiter.acquire([a, a], use({ requests: 1n }), T, LEASE_MS)).rejects.toThrow(/appears twice/);
      await expect(limiter.acquire([{ ...a, window: { kind: 'rolling', ms: 0 } }], use({ requests: 1n }), T, LEASE_MS)).rejects.toThrow(/rolling window/);
      await expect(limiter.acquire([{ ...a, scope: '{x}' }], use({ requests: 1n }), T, LEASE_MS)).rejects.toThrow(/braces/);
      await expect(limiter.acquire([a], use({ requests: 1n }), T, 0)).rejects.toThrow(/leaseMs/);
    });

    it('admits a call with no rules', async () => {
      const limiter = makeLimiter();
      const lease = leaseOf(await limiter.acquire([], use({ requests: 1n }), T, LEASE_MS));
      expect(lease.entries).toEqual([]);
      await limiter.settle(lease, use({ requests: 1n }), T);
      expect(await limiter.peek([], T)).toEqual([]);
    });
  });
}
