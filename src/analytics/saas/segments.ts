/**
 * A subscription's recurring revenue over time, rebuilt from its event history: a list of
 * segments [startMs, endMs) during which its normalised monthly fee did not change.
 */
import { type Coupon, couponDiscountNanos } from '../../billing/coupons.js';
import type { PlanVersion } from '../../billing/plans.js';
import type { Subscription, SubscriptionEvent } from '../../billing/subscription-types.js';

export interface MrrSegment {
  customerId: string;
  subscriptionId: string;
  planId: string | null;
  startMs: number;
  /** Exclusive; Infinity while the state still holds. */
  endMs: number;
  monthlyNanos: bigint;
}

export interface PlanHistory {
  /** The version a subscription moved to when it changed to plan `code` at `atMs`. */
  versionAt(code: string, atMs: number): PlanVersion | null;
  byNumber(code: string, version: number): PlanVersion | null;
  byId(id: string): PlanVersion | null;
}

interface State {
  version: PlanVersion | null;
  trialing: boolean;
  live: boolean;
  /** 0-based index of the paid period in force; −1 before the first. */
  paidPeriod: number;
}

/** Same-moment events apply in the order they happen in billing: a start before anything else. */
const ORDER: Record<SubscriptionEvent['kind'], number> = {
  started: 0, trial_ended: 1, renewed: 1, changed: 2, past_due: 3, reactivated: 3, cancel_scheduled: 3, canceled: 4,
};

/**
 * Trialing is not recurring revenue yet; past_due still is (the customer is billed and usually
 * pays). A yearly fee counts as fee / 12, rounded down to the nano. A coupon lowers the fee of
 * the paid periods it covers, exactly as the invoices applied it.
 */
export function monthlyValueNanos(version: PlanVersion | null, coupon: Coupon | null, paidPeriod: number): bigint {
  if (!version || paidPeriod < 0) return 0n;
  const net = version.feeNanos - couponDiscountNanos(coupon, version.feeNanos, paidPeriod);
  return version.interval === 'year' ? net / 12n : net;
}

export type SubscriptionRef = Pick<Subscription, 'id' | 'customerId' | 'planVersionId' | 'createdAtMs'>;

export function subscriptionSegments(sub: SubscriptionRef, events: readonly SubscriptionEvent[], plans: PlanHistory, coupon: Coupon | null): MrrSegment[] {
  const sorted = [...events].sort((a, b) => a.atMs - b.atMs || ORDER[a.kind] - ORDER[b.kind]);
  const lastPlanEvent = sorted.findLastIndex((e) => e.kind === 'started' || e.kind === 'changed');
  const segments: MrrSegment[] = [];
  let state: State = { version: null, trialing: false, live: false, paidPeriod: -1 };
  let since = sorted[0]?.atMs ?? sub.createdAtMs;
  sorted.forEach((event, index) => {
    const next = apply(state, event, plans, index === lastPlanEvent ? plans.byId(sub.planVersionId) : undefined);
    const value = valueOf(state, coupon);
    if (event.atMs > since && value > 0n) segments.push({ customerId: sub.customerId, subscriptionId: sub.id, planId: state.version?.planId ?? null, startMs: since, endMs: event.atMs, monthlyNanos: value });
    if (event.atMs > since) since = event.atMs;
    state = next;
  });
  const value = valueOf(state, coupon);
  if (value > 0n) segments.push({ customerId: sub.customerId, subscriptionId: sub.id, planId: state.version?.planId ?? null, startMs: since, endMs: Number.POSITIVE_INFINITY, monthlyNanos: value });
  return merge(segments);
}

function valueOf(state: State, coupon: Coupon | null): bigint {
  return state.live && !state.trialing ? monthlyValueNanos(state.version, coupon, state.paidPeriod) : 0n;
}

function apply(state: State, event: SubscriptionEvent, plans: PlanHistory, finalVersion: PlanVersion | null | undefined): State {
  const details = event.details;
  switch (event.kind) {
    case 'started': {
      const trial = details.trial === true;
      const version = finalVersion ?? plans.byNumber(String(details.plan), Number(details.version));
      return { version, trialing: trial, live: true, paidPeriod: trial ? -1 : 0 };
    }
    case 'trial_ended':
      return { ...state, trialing: false, paidPeriod: 0 };
    case 'renewed':
      return { ...state, paidPeriod: state.paidPeriod + 1 };
    case 'changed':
      return { ...state, version: finalVersion ?? plans.versionAt(String(details.to), event.atMs) };
    case 'canceled':
      return { ...state, live: false };
    default:
      return state;
  }
}

/** Joins neighbours of equal value (a renewal that changed nothing), so segments stay few. */
function merge(segments: MrrSegment[]): MrrSegment[] {
  const out: MrrSegment[] = [];
  for (const segment of segments) {
    const last = out.at(-1);
    if (last && last.endMs === segment.startMs && last.monthlyNanos === segment.monthlyNanos && last.planId === segment.planId) last.endMs = segment.endMs;
    else out.push({ ...segment });
  }
  return out;
}
