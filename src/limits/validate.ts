import type { Amounts, LimitRule, LimitWindow } from './types.js';

/**
 * The largest limit, and the largest amount of one call: 9·10¹⁵, below 2⁵³, so that Redis Lua
 * (whose numbers are doubles) compares usage exactly. For spend that is 9 million currency units
 * per window.
 */
export const MAX_LIMIT = 9_000_000_000_000_000n;
export const MAX_AMOUNT = MAX_LIMIT;

const MAX_UTC_OFFSET_MINUTES = 14 * 60;
const METRICS = new Set(['requests', 'tokens', 'spend', 'concurrency']);

/** Checks a rule where it is built (configuration), so a bad one fails there and not per request. */
export function defineRule(rule: LimitRule): LimitRule {
  assertRule(rule);
  return rule;
}

/** Checks one call's rules and returns their common scope ('' when there are none). */
export function assertRules(rules: readonly LimitRule[]): string {
  const scope = rules[0]?.scope ?? '';
  const ids = new Set<string>();
  for (const rule of rules) {
    assertRule(rule);
    if (rule.scope !== scope) throw new RangeError(`All rules of one call must share a scope: "${rule.id}" has "${rule.scope}", not "${scope}"`);
    if (ids.has(rule.id)) throw new RangeError(`Rule "${rule.id}" appears twice in one call`);
    ids.add(rule.id);
  }
  return scope;
}

export function assertRule(rule: LimitRule): void {
  if (!rule.id) throw new RangeError('A limit rule needs an id');
  // The scope becomes a Redis Cluster hash tag, which braces inside it would cut short.
  if (!rule.scope || /[{}]/.test(rule.scope)) throw new RangeError(`Rule "${rule.id}": scope must be non-empty and free of braces`);
  if (!METRICS.has(rule.metric)) throw new RangeError(`Rule "${rule.id}": unknown metric "${String(rule.metric)}"`);
  if (typeof rule.limit !== 'bigint' || rule.limit < 0n) throw new RangeError(`Rule "${rule.id}": limit must be a non-negative bigint`);
  if (rule.limit > MAX_LIMIT) throw new RangeError(`Rule "${rule.id}": limit ${rule.limit} is above the largest supported limit ${MAX_LIMIT}`);
  if (rule.metric !== 'concurrency') assertWindow(rule.id, rule.window);
}

function assertWindow(ruleId: string, window: LimitWindow): void {
  if (window.kind === 'rolling') {
    if (!Number.isSafeInteger(window.ms) || window.ms <= 0) throw new RangeError(`Rule "${ruleId}": a rolling window needs a positive whole number of ms`);
    return;
  }
  if (window.kind !== 'calendar' || (window.unit !== 'day' && window.unit !== 'month')) throw new RangeError(`Rule "${ruleId}": unknown window`);
  const offset = window.utcOffsetMinutes;
  if (!Number.isInteger(offset) || Math.abs(offset) > MAX_UTC_OFFSET_MINUTES) throw new RangeError(`Rule "${ruleId}": utcOffsetMinutes must be a whole number within ±${MAX_UTC_OFFSET_MINUTES}`);
}

/** Checks everything an acquire is given and returns the rules' common scope. */
export function assertAcquire(rules: readonly LimitRule[], amounts: Amounts, nowMs: number, leaseMs: number): string {
  const scope = assertRules(rules);
  assertAmounts(amounts);
  assertTimeMs('nowMs', nowMs);
  assertLeaseMs(leaseMs);
  return scope;
}

export function assertAmounts(amounts: Amounts): void {
  for (const metric of ['requests', 'tokens', 'spend'] as const) {
    const amount = amounts[metric];
    if (typeof amount !== 'bigint' || amount < 0n || amount > MAX_AMOUNT) throw new RangeError(`Amount of ${metric} must be a bigint from 0 to ${MAX_AMOUNT}, got ${String(amount)}`);
  }
}

export function assertTimeMs(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError(`${name} must be a non-negative whole number of ms, got ${value}`);
}

export function assertLeaseMs(leaseMs: number): void {
  if (!Number.isSafeInteger(leaseMs) || leaseMs <= 0) throw new RangeError(`leaseMs must be a positive whole number, got ${leaseMs}`);
}

export function assertBucketsPerWindow(bucketsPerWindow: number): void {
  if (!Number.isSafeInteger(bucketsPerWindow) || bucketsPerWindow <= 0) throw new RangeError(`bucketsPerWindow must be a positive whole number, got ${bucketsPerWindow}`);
}
