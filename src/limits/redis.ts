import type { Cluster, Redis } from 'ioredis';
import { type SlotSummary, judgeSlots, judgeWindow, slotState, windowState } from './judge.js';
import { type Charge, NOTHING_USED, leaseFor, leaseMattersUntilMs, planCharges, settleDelta } from './lease.js';
import { acquireLua, peekLua, settleLua } from './redis-scripts.js';
import type { AcquireResult, Amounts, Lease, LimitRule, Limiter, LimiterOptions, Metric, Refusal, RuleState } from './types.js';
import { assertAcquire, assertAmounts, assertBucketsPerWindow, assertRules, assertTimeMs } from './validate.js';
import { type Bucket, DEFAULT_BUCKETS_PER_WINDOW, countedBuckets, spanAt } from './windows.js';

/**
 * Keys outlive the moment they stop mattering by this much, so replicas whose clocks differ a
 * little never lose state another replica still counts.
 */
const CLOCK_SKEW_MARGIN_MS = 60_000;

type ScriptArg = string | number;

/** The scripts as ioredis defines them (no fixed key count: the first argument is the count). */
interface LimitCommands {
  tollgateLimitsAcquire(keyCount: number, ...args: ScriptArg[]): Promise<unknown>;
  tollgateLimitsSettle(keyCount: number, ...args: ScriptArg[]): Promise<unknown>;
  tollgateLimitsPeek(keyCount: number, ...args: ScriptArg[]): Promise<unknown>;
}

/**
 * Limits shared by every replica that uses the same Redis and key prefix. Each acquire, settle,
 * release and peek is one Lua script: one round trip, atomic across all its rules.
 */
export class RedisLimiter implements Limiter {
  private readonly commands: LimitCommands;
  private readonly bucketsPerWindow: number;

  constructor(
    client: Redis | Cluster,
    private readonly keyPrefix: string,
    options: LimiterOptions = {},
  ) {
    // A brace in the prefix would become the hash tag and pull every scope into one Cluster slot.
    if (/[{}]/.test(keyPrefix)) throw new RangeError(`The key prefix must not contain braces: "${keyPrefix}"`);
    this.bucketsPerWindow = options.bucketsPerWindow ?? DEFAULT_BUCKETS_PER_WINDOW;
    assertBucketsPerWindow(this.bucketsPerWindow);
    client.defineCommand('tollgateLimitsAcquire', { lua: acquireLua });
    client.defineCommand('tollgateLimitsSettle', { lua: settleLua });
    client.defineCommand('tollgateLimitsPeek', { lua: peekLua });
    this.commands = client as unknown as LimitCommands;
  }

  async acquire(rules: readonly LimitRule[], amounts: Amounts, nowMs: number, leaseMs: number): Promise<AcquireResult> {
    const scope = assertAcquire(rules, amounts, nowMs, leaseMs);
    const charges = planCharges(rules, amounts, nowMs, leaseMs, this.bucketsPerWindow);
    const lease = leaseFor(scope, charges, nowMs, leaseMs);
    if (charges.length === 0) return { ok: true, lease };
    const keys = [this.leaseKey(scope, lease.id), ...rules.map((rule) => this.ruleKey(scope, rule.id, rule.metric))];
    const args: ScriptArg[] = [lease.id, nowMs, lease.expiresAtMs, leaseMattersUntilMs(lease) - nowMs + CLOCK_SKEW_MARGIN_MS];
    for (const charge of charges) args.push(...acquireArgs(charge, nowMs, leaseMs));
    const reply = asArray(await this.commands.tollgateLimitsAcquire(keys.length, ...keys, ...args));
    if (reply[0] === 1) return { ok: true, lease };
    const charge = charges[Number(reply[1]) - 1];
    if (!charge) throw new Error(`Limiter script refused an unknown rule: ${String(reply[1])}`);
    return refusalFrom(charge, asArray(reply[2]), nowMs);
  }

  async settle(lease: Lease, actual: Amounts, nowMs: number): Promise<void> {
    assertAmounts(actual);
    assertTimeMs('nowMs', nowMs);
    await this.finish(lease, actual, nowMs);
  }

  async release(lease: Lease, nowMs: number): Promise<void> {
    assertTimeMs('nowMs', nowMs);
    await this.finish(lease, NOTHING_USED, nowMs);
  }

  async peek(rules: readonly LimitRule[], nowMs: number): Promise<RuleState[]> {
    const scope = assertRules(rules);
    assertTimeMs('nowMs', nowMs);
    if (rules.length === 0) return [];
    const spans = rules.map((rule) => (rule.metric === 'concurrency' ? null : spanAt(rule.window, nowMs, this.bucketsPerWindow)));
    const keys = rules.map((rule) => this.ruleKey(scope, rule.id, rule.metric));
    const args: ScriptArg[] = [nowMs, ...spans.flatMap((span) => (span === null ? ['s', 0] : ['w', span.countedFromMs]))];
    const states = asArray(await this.commands.tollgateLimitsPeek(keys.length, ...keys, ...args));
    return rules.map((rule, i) => {
      const span = spans[i] ?? null;
      const state = asArray(states[i]);
      if (span === null) return slotState(rule, parseSlots(state), nowMs);
      return windowState(rule, span, countedBuckets(parseBuckets(state), span), nowMs);
    });
  }

  private async finish(lease: Lease, actual: Amounts, nowMs: number): Promise<void> {
    if (lease.entries.length === 0) return;
    const keys = [this.leaseKey(lease.scope, lease.id), ...lease.entries.map((entry) => this.ruleKey(lease.scope, entry.ruleId, entry.metric))];
    const args: ScriptArg[] = [lease.id, nowMs];
    for (const entry of lease.entries) {
      const kind = entry.metric === 'concurrency' ? 's' : 'w';
      const keyTtlMs = Math.max(1, entry.countsUntilMs - nowMs + CLOCK_SKEW_MARGIN_MS);
      args.push(kind, entry.bucketStartMs, entry.countsUntilMs, settleDelta(entry, actual).toString(), keyTtlMs);
    }
    await this.commands.tollgateLimitsSettle(keys.length, ...keys, ...args);
  }

  private ruleKey(scope: string, ruleId: string, metric: Metric): string {
    return `${this.keyPrefix}{${scope}}:${metric === 'concurrency' ? 's' : 'w'}:${ruleId}`;
  }

  private leaseKey(scope: string, leaseId: string): string {
    return `${this.keyPrefix}{${scope}}:lease:${leaseId}`;
  }
}

function acquireArgs(charge: Charge, nowMs: number, leaseMs: number): ScriptArg[] {
  const limit = charge.rule.limit.toString();
  if (charge.span === null) return ['s', 0, 0, limit, '1', leaseMs + CLOCK_SKEW_MARGIN_MS];
  const { span } = charge;
  return ['w', span.countedFromMs, span.bucketStartMs, limit, charge.amount.toString(), span.countsUntilMs - nowMs + CLOCK_SKEW_MARGIN_MS];
}

/** The script decided; the reported numbers come from the same arithmetic the memory limiter uses. */
function refusalFrom(charge: Charge, state: unknown[], nowMs: number): Refusal {
  const refusal = charge.span === null ? judgeSlots(charge.rule, parseSlots(state), nowMs) : judgeWindow(charge, countedBuckets(parseBuckets(state), charge.span), nowMs);
  if (!refusal) throw new Error(`Limiter script refused rule "${charge.rule.id}", which has room`);
  return refusal;
}

function parseBuckets(flat: unknown[]): Bucket[] {
  const buckets: Bucket[] = [];
  for (let i = 0; i + 1 < flat.length; i += 2) buckets.push({ startMs: Number(flat[i]), amount: BigInt(String(flat[i + 1])) });
  return buckets;
}

function parseSlots(summary: unknown[]): SlotSummary {
  const active = Number(summary[0] ?? 0);
  if (active === 0) return { active: 0, earliestExpiryMs: null, latestExpiryMs: null };
  return { active, earliestExpiryMs: Number(summary[1]), latestExpiryMs: Number(summary[2]) };
}

function asArray(value: unknown): unknown[] {
  if (!Array.isArray(value)) throw new Error(`Unexpected reply from the limiter script: ${String(value)}`);
  return value;
}
