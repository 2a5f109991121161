import type { Currency } from '../core/money.js';

/** One side of a transfer. Debits are positive, credits negative; a transfer's entries sum to zero per currency. */
export interface Entry {
  accountId: string;
  currency: Currency;
  amountNanos: bigint;
}

export type TransferKind =
  | 'usage'
  | 'top_up'
  | 'grant'
  | 'grant_expiry'
  | 'adjustment'
  | 'upstream_payment'
  | 'invoice'
  | 'credit_note'
  | 'payment'
  | 'recognition'
  /** An hour of GPUs the operator pays for whatever the traffic (src/analytics/gpu). */
  | 'gpu_hour';

/**
 * A balanced movement of money. `id` is made by the caller and makes retries idempotent: a
 * transfer whose id exists already is not applied again.
 */
export interface Transfer {
  id: string;
  kind: TransferKind;
  currency: Currency;
  customerId: string | null;
  requestId: string | null;
  memo: string | null;
  createdAtMs: number;
  entries: Entry[];
}

export type HoldStatus = 'pending' | 'posted' | 'voided' | 'expired';

/** Credit reserved for one request before it is forwarded; posted, voided or expired afterwards. */
export interface Hold {
  id: string;
  customerId: string;
  accountId: string;
  currency: Currency;
  amountNanos: bigint;
  /** What the request may cost the operator upstream, reported as unbilled cost if the hold expires. */
  costEstimateNanos: bigint;
  upstreamId: string | null;
  status: HoldStatus;
  createdAtMs: number;
  expiresAtMs: number;
}

export interface BalanceSnapshot {
  walletNanos: bigint;
  promoNanos: bigint;
  receivableNanos: bigint;
}
