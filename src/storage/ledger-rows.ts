import type { Hold, Transfer } from '../ledger/types.js';
import type { Settlement } from '../ledger/writer.js';
import type { UsageEvent } from '../metering/types.js';

/**
 * Column lists and row values of the money tables, shared by the SQLite and PostgreSQL writers so
 * both store exactly the same thing.
 */
type Value = string | number | bigint | null;

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export const holdColumns = ['id', 'customer_id', 'account_id', 'currency', 'amount_nanos', 'cost_estimate_nanos', 'upstream_id', 'status', 'created_at_ms', 'expires_at_ms'];
export function holdValues(h: Hold): Value[] {
  return [h.id, h.customerId, h.accountId, h.currency, h.amountNanos, h.costEstimateNanos, h.upstreamId, h.status, h.createdAtMs, h.expiresAtMs];
}

export const transferColumns = ['id', 'kind', 'currency', 'customer_id', 'request_id', 'memo', 'created_at_ms'];
export function transferValues(t: Transfer): Value[] {
  return [t.id, t.kind, t.currency, t.customerId, t.requestId, t.memo, t.createdAtMs];
}

export const entryColumns = ['transfer_id', 'line', 'account_id', 'currency', 'amount_nanos', 'created_at_ms'];
export function entryValues(t: Transfer): Value[][] {
  return t.entries.map((e, line) => [t.id, line, e.accountId, e.currency, e.amountNanos, t.createdAtMs]);
}

export const usageColumns = [
  'request_id', 'customer_id', 'key_id', 'model', 'endpoint', 'upstream_id', 'upstream_model', 'stream', 'outcome', 'http_status',
  'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'reasoning_tokens', 'estimated', 'currency', 'revenue_nanos',
  'cost_currency', 'cost_nanos', 'price_id', 'cost_card_id', 'idempotency_key', 'latency_ms', 'first_byte_ms', 'started_at_ms', 'created_at_ms',
  'promo_nanos', 'included_nanos', 'included_tokens', 'subscription_id', 'plan_id', 'discount_bps',
];
export function usageValues(u: UsageEvent): Value[] {
  return [
    u.requestId, u.customerId, u.keyId, u.model, u.endpoint, u.upstreamId, u.upstreamModel, u.stream ? 1 : 0, u.outcome, u.httpStatus,
    u.promptTokens, u.cachedPromptTokens, u.completionTokens, u.reasoningTokens, u.estimated ? 1 : 0, u.currency, u.revenueNanos,
    u.costCurrency, u.costNanos, u.priceId, u.costCardId, u.idempotencyKey, Math.round(u.latencyMs), u.firstByteMs === null ? null : Math.round(u.firstByteMs), u.startedAtMs, u.createdAtMs,
    u.promoNanos, u.includedNanos, u.includedTokens, u.subscriptionId, u.planId, u.discountBps,
  ];
}

const rollupKeyColumns = ['customer_id', 'key_id', 'model', 'upstream_id', 'plan_id', 'currency', 'cost_currency'];
export const rollupSumColumns = [
  'requests', 'failed_requests', 'prompt_tokens', 'cached_prompt_tokens', 'completion_tokens', 'revenue_nanos', 'promo_nanos', 'included_nanos', 'cost_nanos', 'latency_ms_sum',
];

/** A usage rollup: the events summed per period and key. Both are written with every batch of settlements. */
export interface Rollup {
  table: 'usage_hourly' | 'usage_daily';
  periodMs: number;
  columns: string[];
  /** `ON CONFLICT (…) DO UPDATE SET …`: a row adds to the one already there. */
  upsertSuffix: string;
}

function rollup(table: Rollup['table'], periodColumn: string, periodMs: number): Rollup {
  const set = rollupSumColumns.map((c) => `${c} = ${table}.${c} + excluded.${c}`).join(', ');
  return { table, periodMs, columns: [periodColumn, ...rollupKeyColumns, ...rollupSumColumns], upsertSuffix: `ON CONFLICT (${[periodColumn, ...rollupKeyColumns].join(', ')}) DO UPDATE SET ${set}` };
}

export const rollups: readonly Rollup[] = [rollup('usage_hourly', 'hour_ms', HOUR_MS), rollup('usage_daily', 'day_ms', DAY_MS)];

/** The rollup row one usage event adds to its period (rollups are sums of events; `verify` checks it). */
function rollupValues(u: UsageEvent, periodMs: number): Value[] {
  const failed = u.outcome === 'failed';
  return [
    Math.floor(u.startedAtMs / periodMs) * periodMs, u.customerId, u.keyId, u.model, u.upstreamId ?? '', u.planId ?? '', u.currency, u.costCurrency ?? u.currency,
    failed ? 0 : 1, failed ? 1 : 0, u.promptTokens, u.cachedPromptTokens, u.completionTokens, u.revenueNanos, u.promoNanos, u.includedNanos, u.costNanos, Math.round(u.latencyMs),
  ];
}

/**
 * The rollup rows of a batch of usage events, summed per rollup key: one upsert per key instead
 * of one per event (and PostgreSQL refuses to update one row twice in a statement).
 */
export function mergedRollupRows(usages: readonly UsageEvent[], rollup: Rollup): Value[][] {
  const keyCount = 1 + rollupKeyColumns.length;
  const merged = new Map<string, Value[]>();
  for (const usage of usages) {
    const row = rollupValues(usage, rollup.periodMs);
    const key = row.slice(0, keyCount).join('\u0000');
    const existing = merged.get(key);
    if (!existing) merged.set(key, row);
    else for (let i = keyCount; i < row.length; i++) existing[i] = BigInt(existing[i]!) + BigInt(row[i]!);
  }
  return [...merged.values()];
}

export const attemptColumns = ['request_id', 'attempt', 'upstream_id', 'customer_id', 'key_id', 'model', 'outcome', 'http_status', 'latency_ms', 'started_at_ms'];
/** The failed attempts of a settlement, numbered in the order they were made. */
export function attemptValues(s: Settlement): Value[][] {
  const u = s.usage;
  return (s.failedAttempts ?? []).map((a, i) => [u.requestId, i + 1, a.upstreamId, u.customerId, u.keyId, u.model, a.outcome, a.httpStatus, Math.round(a.latencyMs), a.startedAtMs]);
}
