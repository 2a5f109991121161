import type { Invoice } from './types.js';
import type { Transfer } from '../ledger/types.js';

export type SubscriptionStatus = 'trialing' | 'active' | 'past_due' | 'canceled';

/**
 * A customer on a plan version. Periods are computed from `anchorMs` (the first paid period's
 * start), so monthly periods anchored on the 31st do not drift. `versionSinceMs` is when the
 * current version began in this period (a mid-period plan change), which prorates its allowance.
 */
export interface Subscription {
  id: string;
  customerId: string;
  planId: string;
  planVersionId: string;
  status: SubscriptionStatus;
  anchorMs: number;
  periodStartMs: number;
  periodEndMs: number;
  versionSinceMs: number;
  trialEndMs: number | null;
  cancelAtPeriodEnd: boolean;
  canceledAtMs: number | null;
  couponId: string | null;
  couponPeriodsUsed: number;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface SubscriptionEvent {
  id: string;
  subscriptionId: string;
  kind: 'started' | 'trial_ended' | 'renewed' | 'changed' | 'cancel_scheduled' | 'canceled' | 'past_due' | 'reactivated';
  atMs: number;
  details: Record<string, unknown>;
}

/**
 * One atomic change of billing state: optional invoice to finalize (numbered in the same
 * transaction, so numbers have no gaps), ledger transfers (idempotent by id), and the
 * subscription's new state, applied only if it still has `expectedPeriodEndMs` (compare-and-set:
 * a job run twice, or after a crash, applies each step once).
 */
export interface BillingChange {
  subscription?: { next: Subscription; expectedPeriodEndMs: number | null; expectedVersionId?: string; insert?: boolean };
  event?: SubscriptionEvent;
  invoice?: Invoice;
  transfers: Transfer[];
  couponRedemption?: string;
  /** A credit note lowers what its invoice still asks for; voiding marks the invoice void. */
  correction?: { invoiceId: string; creditNanos: bigint; voidAtMs: number | null };
}
