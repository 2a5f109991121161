import { type SlotSummary, judgeSlots, judgeWindow, slotState, windowState } from './judge.js';
import { type Charge, NOTHING_USED, leaseFor, leaseMattersUntilMs, planCharges, settleDelta } from './lease.js';
import type { AcquireResult, Amounts, Lease, LimitRule, Limiter, LimiterOptions, Refusal, RuleState } from './types.js';
import { assertAcquire, assertAmounts, assertBucketsPerWindow, assertRules, assertTimeMs } from './validate.js';
import { type Bucket, DEFAULT_BUCKETS_PER_WINDOW, countedBuckets, spanAt } from './windows.js';

/** How often (in the callers' time) state nobody can need any more is dropped. */
const SWEEP_INTERVAL_MS = 60_000;

interface StoredBucket {
  amount: bigint;
  countsUntilMs: number;
}

/**
 * Limits for a single process. Every method runs to completion without awaiting, so each call is
 * atomic with respect to the others.
 */
export class MemoryLimiter implements Limiter {
  /** Rule → bucket start → what was charged there. */
  private readonly windows = new Map<string, Map<number, StoredBucket>>();
  /** Rule → lease id → when its slot expires. */
  private readonly slots = new Map<string, Map<string, number>>();
  /** Leases not yet settled or released → until when settling them can still change anything. */
  private readonly openLeases = new Map<string, number>();
  private readonly bucketsPerWindow: number;
  private nextSweepMs = 0;

  constructor(options: LimiterOptions = {}) {
    this.bucketsPerWindow = options.bucketsPerWindow ?? DEFAULT_BUCKETS_PER_WINDOW;
    assertBucketsPerWindow(this.bucketsPerWindow);
  }

  async acquire(rules: readonly LimitRule[], amounts: Amounts, nowMs: number, leaseMs: number): Promise<AcquireResult> {
    const scope = assertAcquire(rules, amounts, nowMs, leaseMs);
    this.sweepIfDue(nowMs);
    const charges = planCharges(rules, amounts, nowMs, leaseMs, this.bucketsPerWindow);
    for (const charge of charges) {
      const refusal = this.judge(charge, nowMs);
      if (refusal) return refusal;
    }
    const lease = leaseFor(scope, charges, nowMs, leaseMs);
    for (const charge of charges) this.record(scope, charge, lease);
    this.openLeases.set(lease.id, leaseMattersUntilMs(lease));
    return { ok: true, lease };
  }

  async settle(lease: Lease, actual: Amounts, nowMs: number): Promise<void> {
    assertAmounts(actual);
    assertTimeMs('nowMs', nowMs);
    this.finish(lease, actual, nowMs);
  }

  async release(lease: Lease, nowMs: number): Promise<void> {
    assertTimeMs('nowMs', nowMs);
    this.finish(lease, NOTHING_USED, nowMs);
  }

  async peek(rules: readonly LimitRule[], nowMs: number): Promise<RuleState[]> {
    assertRules(rules);
    assertTimeMs('nowMs', nowMs);
    return rules.map((rule) => {
      const key = ruleKey(rule.scope, rule.id);
      if (rule.metric === 'concurrency') return slotState(rule, this.slotSummary(key, nowMs), nowMs);
      const span = spanAt(rule.window, nowMs, this.bucketsPerWindow);
      return windowState(rule, span, countedBuckets(this.bucketsOf(key), span), nowMs);
    });
  }

  private judge(charge: Charge, nowMs: number): Refusal | null {
    const key = ruleKey(charge.rule.scope, charge.rule.id);
    if (charge.span === null) return judgeSlots(charge.rule, this.slotSummary(key, nowMs), nowMs);
    return judgeWindow(charge, countedBuckets(this.bucketsOf(key), charge.span), nowMs);
  }

  private record(scope: string, charge: Charge, lease: Lease): void {
    const key = ruleKey(scope, charge.rule.id);
    if (charge.span === null) {
      getOrCreate(this.slots, key).set(lease.id, lease.expiresAtMs);
      return;
    }
    if (charge.amount > 0n) this.addToBucket(key, charge.entry.bucketStartMs, charge.entry.countsUntilMs, charge.amount);
  }

  private finish(lease: Lease, actual: Amounts, nowMs: number): void {
    if (!this.openLeases.delete(lease.id)) return;
    for (const entry of lease.entries) {
      const key = ruleKey(lease.scope, entry.ruleId);
      if (entry.metric === 'concurrency') this.slots.get(key)?.delete(lease.id);
      else if (nowMs < entry.countsUntilMs) this.addToBucket(key, entry.bucketStartMs, entry.countsUntilMs, settleDelta(entry, actual));
    }
  }

  private addToBucket(key: string, bucketStartMs: number, countsUntilMs: number, delta: bigint): void {
    if (delta === 0n) return;
    const buckets = getOrCreate(this.windows, key);
    const amount = (buckets.get(bucketStartMs)?.amount ?? 0n) + delta;
    if (amount > 0n) buckets.set(bucketStartMs, { amount, countsUntilMs });
    else buckets.delete(bucketStartMs);
  }

  private bucketsOf(key: string): Bucket[] {
    const stored = this.windows.get(key);
    if (!stored) return [];
    return [...stored].map(([startMs, bucket]) => ({ startMs, amount: bucket.amount }));
  }

  private slotSummary(key: string, nowMs: number): SlotSummary {
    const expiries = [...(this.slots.get(key)?.values() ?? [])].filter((expiresAtMs) => expiresAtMs > nowMs);
    if (expiries.length === 0) return { active: 0, earliestExpiryMs: null, latestExpiryMs: null };
    return { active: expiries.length, earliestExpiryMs: Math.min(...expiries), latestExpiryMs: Math.max(...expiries) };
  }

  /** Drops expired slots, buckets that no longer count, and leases too old to matter. */
  private sweepIfDue(nowMs: number): void {
    if (nowMs < this.nextSweepMs) return;
    this.nextSweepMs = nowMs + SWEEP_INTERVAL_MS;
    for (const [key, buckets] of this.windows) {
      for (const [startMs, bucket] of buckets) if (bucket.countsUntilMs <= nowMs) buckets.delete(startMs);
      if (buckets.size === 0) this.windows.delete(key);
    }
    for (const [key, leases] of this.slots) {
      for (const [leaseId, expiresAtMs] of leases) if (expiresAtMs <= nowMs) leases.delete(leaseId);
      if (leases.size === 0) this.slots.delete(key);
    }
    for (const [leaseId, untilMs] of this.openLeases) if (untilMs <= nowMs) this.openLeases.delete(leaseId);
  }
}

function ruleKey(scope: string, ruleId: string): string {
  return `${scope}\u0000${ruleId}`;
}

function getOrCreate<K, V>(map: Map<string, Map<K, V>>, key: string): Map<K, V> {
  let inner = map.get(key);
  if (!inner) {
    inner = new Map();
    map.set(key, inner);
  }
  return inner;
}
