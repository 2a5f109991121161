import type { Currency } from '../core/money.js';

export type UsageOutcome = 'completed' | 'cut_short' | 'failed';

/** One metered request, keyed by its request id: units, revenue, cost, where it went, how it went. */
export interface UsageEvent {
  requestId: string;
  customerId: string;
  keyId: string;
  model: string;
  endpoint: string;
  upstreamId: string | null;
  upstreamModel: string | null;
  stream: boolean;
  outcome: UsageOutcome;
  httpStatus: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  reasoningTokens: number;
  /** Counted by Tollgate's tokenizer because the upstream reported no usage. */
  estimated: boolean;
  currency: Currency;
  /** What the customer was charged (0 for a failed request, or a retry already charged). */
  revenueNanos: bigint;
  /** Part of the charge paid with granted (promotional) credit: not recognised revenue. */
  promoNanos: bigint;
  /** Value the plan's allowance covered (not charged; the plan's fee pays for it). */
  includedNanos: bigint;
  /** Tokens the plan's token allowance covered. */
  includedTokens: number;
  subscriptionId: string | null;
  planId: string | null;
  /** The plan's discount on this model, in basis points, applied to the price. */
  discountBps: number;
  costCurrency: Currency | null;
  /** What the operator pays its upstream (0 while GPU-hour cost is allocated later). */
  costNanos: bigint;
  priceId: string | null;
  costCardId: string | null;
  idempotencyKey: string | null;
  latencyMs: number;
  firstByteMs: number | null;
  startedAtMs: number;
  createdAtMs: number;
}

/**
 * An upstream attempt that failed, before the request was served by a fallback route or failed as
 * a whole. It kept the upstream busy (a GPU-hour upstream's time) though nothing was served.
 */
export interface FailedAttempt {
  upstreamId: string;
  /** How it failed: the upstream failure's kind (`connect`, `timeout`, `status`, …) or `client_closed`. */
  outcome: string;
  httpStatus: number | null;
  latencyMs: number;
  startedAtMs: number;
}
