import type { LimitRule } from './types.js';

/**
 * The limits an operator sets on a customer or an API key. Spend amounts are nanos of the
 * customer's currency. Calendar budgets (day, month) follow `utcOffsetMinutes` (0 = UTC,
 * 480 = China Standard Time); rolling windows (e.g. 5 hours, 7 days) slide.
 */
export interface LimitSettings {
  requestsPerMinute?: number;
  tokensPerMinute?: number;
  concurrentRequests?: number;
  dailySpendNanos?: bigint;
  monthlySpendNanos?: bigint;
  utcOffsetMinutes?: number;
  windows?: RollingWindowLimit[];
}

export interface RollingWindowLimit {
  metric: 'requests' | 'tokens' | 'spend';
  windowMs: number;
  limit: bigint;
}

/** Limits as stored (JSON has no bigint: spend travels as decimal strings of nanos). */
export function limitsToJson(limits: LimitSettings): string {
  return JSON.stringify(limits, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
}

export function limitsFromJson(text: string | null): LimitSettings {
  if (!text) return {};
  const raw = JSON.parse(text) as Record<string, unknown>;
  const out: LimitSettings = {};
  for (const key of ['requestsPerMinute', 'tokensPerMinute', 'concurrentRequests', 'utcOffsetMinutes'] as const) {
    if (typeof raw[key] === 'number') out[key] = raw[key];
  }
  if (raw.dailySpendNanos !== undefined) out.dailySpendNanos = BigInt(raw.dailySpendNanos as string);
  if (raw.monthlySpendNanos !== undefined) out.monthlySpendNanos = BigInt(raw.monthlySpendNanos as string);
  if (Array.isArray(raw.windows)) {
    out.windows = (raw.windows as { metric: RollingWindowLimit['metric']; windowMs: number; limit: string }[]).map((w) => ({
      metric: w.metric,
      windowMs: w.windowMs,
      limit: BigInt(w.limit),
    }));
  }
  return out;
}

export function hasLimits(limits: LimitSettings): boolean {
  return Object.keys(limits).some((k) => k !== 'utcOffsetMinutes');
}

const MINUTE_MS = 60_000;

/**
 * The limiter rules for one request: the key's limits, its customer's and its plan's (e.g. a
 * plan's 5-hour and weekly caps), all in the customer's scope so one atomic call checks them together.
 */
export function rulesFor(customerId: string, keyId: string, customerLimits: LimitSettings, keyLimits: LimitSettings, plan?: { subscriptionId: string; limits: LimitSettings }): LimitRule[] {
  return [
    ...rulesOf(customerId, `customer:${customerId}`, customerLimits),
    ...rulesOf(customerId, `key:${keyId}`, keyLimits),
    ...(plan ? rulesOf(customerId, `plan:${plan.subscriptionId}`, plan.limits) : []),
  ];
}

function rulesOf(scope: string, owner: string, limits: LimitSettings): LimitRule[] {
  const rules: LimitRule[] = [];
  const rolling = (ms: number) => ({ kind: 'rolling' as const, ms });
  const calendar = (unit: 'day' | 'month') => ({ kind: 'calendar' as const, unit, utcOffsetMinutes: limits.utcOffsetMinutes ?? 0 });
  if (limits.requestsPerMinute !== undefined) rules.push({ id: `${owner}:rpm`, scope, metric: 'requests', window: rolling(MINUTE_MS), limit: BigInt(limits.requestsPerMinute) });
  if (limits.tokensPerMinute !== undefined) rules.push({ id: `${owner}:tpm`, scope, metric: 'tokens', window: rolling(MINUTE_MS), limit: BigInt(limits.tokensPerMinute) });
  if (limits.concurrentRequests !== undefined) rules.push({ id: `${owner}:concurrency`, scope, metric: 'concurrency', window: rolling(MINUTE_MS), limit: BigInt(limits.concurrentRequests) });
  if (limits.dailySpendNanos !== undefined) rules.push({ id: `${owner}:spend:day`, scope, metric: 'spend', window: calendar('day'), limit: limits.dailySpendNanos });
  if (limits.monthlySpendNanos !== undefined) rules.push({ id: `${owner}:spend:month`, scope, metric: 'spend', window: calendar('month'), limit: limits.monthlySpendNanos });
  for (const w of limits.windows ?? []) rules.push({ id: `${owner}:${w.metric}:${w.windowMs}ms`, scope, metric: w.metric, window: rolling(w.windowMs), limit: w.limit });
  return rules;
}
