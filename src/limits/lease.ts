import { newId } from '../core/ids.js';
import type { Amounts, Lease, LeaseEntry, LimitRule } from './types.js';
import { spanAt, type WindowSpan } from './windows.js';

/** Releasing is settling with nothing used. */
export const NOTHING_USED: Amounts = { requests: 0n, tokens: 0n, spend: 0n };

/** What one acquire would charge to one rule. */
export type Charge = WindowCharge | SlotCharge;

export interface WindowCharge {
  rule: LimitRule;
  span: WindowSpan;
  amount: bigint;
  entry: LeaseEntry;
}

/** Concurrency counts live leases rather than amounts in a window. */
export interface SlotCharge {
  rule: LimitRule;
  span: null;
  amount: 1n;
  entry: LeaseEntry;
}

export function planCharges(rules: readonly LimitRule[], amounts: Amounts, nowMs: number, leaseMs: number, bucketsPerWindow: number): Charge[] {
  return rules.map((rule): Charge => {
    if (rule.metric === 'concurrency') {
      const entry = { ruleId: rule.id, metric: rule.metric, bucketStartMs: nowMs, countsUntilMs: nowMs + leaseMs, reserved: 1n };
      return { rule, span: null, amount: 1n, entry } satisfies SlotCharge;
    }
    const span = spanAt(rule.window, nowMs, bucketsPerWindow);
    const amount = amounts[rule.metric];
    const entry = { ruleId: rule.id, metric: rule.metric, bucketStartMs: span.bucketStartMs, countsUntilMs: span.countsUntilMs, reserved: amount };
    return { rule, span, amount, entry } satisfies WindowCharge;
  });
}

export function leaseFor(scope: string, charges: readonly Charge[], nowMs: number, leaseMs: number): Lease {
  return { id: newId('lease', nowMs), scope, acquiredAtMs: nowMs, expiresAtMs: nowMs + leaseMs, entries: charges.map((charge) => charge.entry) };
}

/** After this nothing the lease charged counts any more, so settling it could change nothing. */
export function leaseMattersUntilMs(lease: Lease): number {
  return Math.max(lease.expiresAtMs, ...lease.entries.map((entry) => entry.countsUntilMs));
}

/** What settling adds to the entry's bucket: the actual amount replaces the reserved one. */
export function settleDelta(entry: LeaseEntry, actual: Amounts): bigint {
  return entry.metric === 'concurrency' ? 0n : actual[entry.metric] - entry.reserved;
}
