/**
 * MRR at an instant and its movements over a month, per customer (a customer has at most one
 * live subscription, but may have had earlier ones: that is how a return is recognised).
 */
import type { MrrSegment } from './segments.js';

export interface MrrMovements {
  newNanos: bigint;
  expansionNanos: bigint;
  contractionNanos: bigint;
  churnNanos: bigint;
  reactivationNanos: bigint;
}

export interface CustomerMovement {
  customerId: string;
  startNanos: bigint;
  endNanos: bigint;
  kind: 'new' | 'expansion' | 'contraction' | 'churn' | 'reactivation' | 'flat';
}

export interface MonthMovements extends MrrMovements {
  startMrrNanos: bigint;
  endMrrNanos: bigint;
  customers: CustomerMovement[];
}

/** Σ of segments in force at `atMs` (start ≤ atMs < end), per customer. */
export function mrrByCustomer(segments: readonly MrrSegment[], atMs: number): Map<string, bigint> {
  const byCustomer = new Map<string, bigint>();
  for (const s of segments) {
    if (s.startMs <= atMs && atMs < s.endMs) byCustomer.set(s.customerId, (byCustomer.get(s.customerId) ?? 0n) + s.monthlyNanos);
  }
  return byCustomer;
}

export function mrrAt(segments: readonly MrrSegment[], atMs: number): bigint {
  let total = 0n;
  for (const value of mrrByCustomer(segments, atMs).values()) total += value;
  return total;
}

/**
 * Start MRR is the state just before `startMs`, end MRR the state just before `endMs`, so the
 * end of one month is the start of the next. Each customer's change is one movement: from 0 to
 * more is new (or reactivation when the customer paid a fee at any time before the month), to 0
 * is churn, up is expansion, down is contraction. Thus, customer by customer and in total,
 * start + new + expansion − contraction − churn + reactivation = end.
 */
export function monthMovements(segments: readonly MrrSegment[], startMs: number, endMs: number): MonthMovements {
  const before = mrrByCustomer(segments, startMs - 1);
  const after = mrrByCustomer(segments, endMs - 1);
  const paidBefore = new Set(segments.filter((s) => s.startMs < startMs).map((s) => s.customerId));
  const result: MonthMovements = { startMrrNanos: 0n, endMrrNanos: 0n, newNanos: 0n, expansionNanos: 0n, contractionNanos: 0n, churnNanos: 0n, reactivationNanos: 0n, customers: [] };
  for (const customerId of new Set([...before.keys(), ...after.keys()])) {
    const startNanos = before.get(customerId) ?? 0n;
    const endNanos = after.get(customerId) ?? 0n;
    const kind = classify(startNanos, endNanos, paidBefore.has(customerId));
    result.startMrrNanos += startNanos;
    result.endMrrNanos += endNanos;
    if (kind === 'new') result.newNanos += endNanos;
    if (kind === 'reactivation') result.reactivationNanos += endNanos;
    if (kind === 'churn') result.churnNanos += startNanos;
    if (kind === 'expansion') result.expansionNanos += endNanos - startNanos;
    if (kind === 'contraction') result.contractionNanos += startNanos - endNanos;
    result.customers.push({ customerId, startNanos, endNanos, kind });
  }
  result.customers.sort((a, b) => a.customerId.localeCompare(b.customerId));
  return result;
}

function classify(start: bigint, end: bigint, paidBefore: boolean): CustomerMovement['kind'] {
  if (start === 0n) return end === 0n ? 'flat' : paidBefore ? 'reactivation' : 'new';
  if (end === 0n) return 'churn';
  return end > start ? 'expansion' : end < start ? 'contraction' : 'flat';
}
