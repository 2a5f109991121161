import type { WindowCharge } from './lease.js';
import type { LimitRule, Refusal, RuleState } from './types.js';
import {
  type Bucket,
  type WindowSpan,
  fits,
  remainingOf,
  slotResetMs,
  slotRetryAfterMs,
  sumAmounts,
  windowResetMs,
  windowRetryAfterMs,
} from './windows.js';

/**
 * Decisions and header values from a rule's current state. Both limiters call these, so the
 * Redis one only has to fetch the state (its Lua script decides too, but the answer it reports
 * comes from here).
 */

/** The live concurrency leases of one rule. */
export interface SlotSummary {
  active: number;
  earliestExpiryMs: number | null;
  latestExpiryMs: number | null;
}

/** Null when the charge fits in the window; `counted` are the buckets counting now. */
export function judgeWindow(charge: WindowCharge, counted: readonly Bucket[], nowMs: number): Refusal | null {
  const { rule, span, amount } = charge;
  const usage = sumAmounts(counted);
  if (fits(usage, amount, rule.limit)) return null;
  return refusal(rule, usage, windowRetryAfterMs(rule.window, span, counted, amount, rule.limit, nowMs));
}

/** Null when one more lease fits. */
export function judgeSlots(rule: LimitRule, slots: SlotSummary, nowMs: number): Refusal | null {
  const active = BigInt(slots.active);
  if (fits(active, 1n, rule.limit)) return null;
  return refusal(rule, active, slotRetryAfterMs(slots.earliestExpiryMs, nowMs));
}

export function windowState(rule: LimitRule, span: WindowSpan, counted: readonly Bucket[], nowMs: number): RuleState {
  const remaining = remainingOf(rule.limit, sumAmounts(counted));
  return { ruleId: rule.id, limit: rule.limit, remaining, resetMs: windowResetMs(rule.window, span, counted, nowMs) };
}

export function slotState(rule: LimitRule, slots: SlotSummary, nowMs: number): RuleState {
  const remaining = remainingOf(rule.limit, BigInt(slots.active));
  return { ruleId: rule.id, limit: rule.limit, remaining, resetMs: slotResetMs(slots.latestExpiryMs, nowMs) };
}

function refusal(rule: LimitRule, usage: bigint, retryAfterMs: number): Refusal {
  return { ok: false, ruleId: rule.id, metric: rule.metric, limit: rule.limit, remaining: remainingOf(rule.limit, usage), retryAfterMs };
}
