/**
 * Rate limits, rolling windows and budgets. See README.md in this folder for the rules every
 * implementation keeps.
 */

export type Metric = 'requests' | 'tokens' | 'spend' | 'concurrency';

/** The metrics that are counted in windows; `concurrency` counts live leases instead. */
export type AmountMetric = Exclude<Metric, 'concurrency'>;

export type LimitWindow =
  | { kind: 'rolling'; ms: number }
  /** The UTC day or month shifted by a fixed offset (no daylight-saving rules). */
  | { kind: 'calendar'; unit: 'day' | 'month'; utcOffsetMinutes: number };

export interface LimitRule {
  /** Stable and unique, e.g. `key:key_123:rpm` or `customer:cus_9:spend:month`. */
  id: string;
  /** Every rule of one call shares it; Redis keys carry it as a `{scope}` hash tag. */
  scope: string;
  metric: Metric;
  /** Ignored by `concurrency`. */
  window: LimitWindow;
  /** Requests, tokens, spend in nanos, or simultaneous leases. */
  limit: bigint;
}

export interface Amounts {
  requests: bigint;
  tokens: bigint;
  /** Nanos. */
  spend: bigint;
}

/** What one lease did to one rule, so that settle and release adjust exactly that. */
export interface LeaseEntry {
  ruleId: string;
  metric: Metric;
  /** The bucket (or calendar period) charged; for concurrency, the acquire time. */
  bucketStartMs: number;
  /** After this the bucket no longer counts (for concurrency: when the slot expires). */
  countsUntilMs: number;
  /** The amount added to the bucket (1 for a concurrency slot). */
  reserved: bigint;
}

/** Proof of an admitted request: settle or release it once (again does nothing). */
export interface Lease {
  id: string;
  scope: string;
  acquiredAtMs: number;
  /** When its concurrency slots free themselves if it is never settled. */
  expiresAtMs: number;
  entries: readonly LeaseEntry[];
}

export interface Refusal {
  ok: false;
  ruleId: string;
  metric: Metric;
  limit: bigint;
  /** What is left in the window now (0 when already over). */
  remaining: bigint;
  retryAfterMs: number;
}

export type AcquireResult = { ok: true; lease: Lease } | Refusal;

/** One rule's state, for the `x-ratelimit-limit-*`, `-remaining-*` and `-reset-*` headers. */
export interface RuleState {
  ruleId: string;
  limit: bigint;
  remaining: bigint;
  /** Milliseconds from now until the rule is back to its full limit if nothing more is used. */
  resetMs: number;
}

export interface Limiter {
  /**
   * All or nothing across `rules`: either every rule has room for its amount (and a free slot for
   * concurrency) and all are charged, or nothing changes and the first refusing rule is reported.
   */
  acquire(rules: readonly LimitRule[], amounts: Amounts, nowMs: number, leaseMs: number): Promise<AcquireResult>;
  /** Replaces the reserved amounts with what was really used and frees the slot. Idempotent. */
  settle(lease: Lease, actual: Amounts, nowMs: number): Promise<void>;
  /** Removes everything the lease reserved (nothing was served) and frees the slot. Idempotent. */
  release(lease: Lease, nowMs: number): Promise<void>;
  peek(rules: readonly LimitRule[], nowMs: number): Promise<RuleState[]>;
}

export interface LimiterOptions {
  /** Buckets per rolling window; the bucket width is `window.ms / bucketsPerWindow`. Default 60. */
  bucketsPerWindow?: number;
}
