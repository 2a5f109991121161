import type { Currency } from '../core/money.js';
import type { UsageEvent, UsageOutcome } from './types.js';

/** Which usage events to read. Times are on `startedAtMs`: `fromMs` inclusive, `toMs` exclusive. */
export interface UsageFilter {
  /** One request, by the x-request-id its answer carried. */
  requestId?: string;
  customerId?: string;
  keyId?: string;
  model?: string;
  upstreamId?: string;
  outcome?: UsageOutcome;
  fromMs?: number;
  toMs?: number;
}

/**
 * A place in the newest-first order (startedAtMs desc, then requestId desc). Both parts are
 * needed: many requests start in the same millisecond, and request ids alone do not follow
 * startedAtMs exactly across replicas.
 */
export interface UsageCursor {
  startedAtMs: number;
  requestId: string;
}

export type EntityDimension = 'customer' | 'key' | 'model' | 'upstream';

/**
 * A GROUP BY over the hourly rollup. Rows are always per upstream and currency as well, so the
 * caller can tell which cost currencies a row mixes; `bucket` is the time bucket, if any.
 */
export interface RollupQuery {
  dimensions: EntityDimension[];
  bucket: 'hour' | 'day' | null;
  /** Where days start: 480 puts midnight at 16:00 UTC. */
  utcOffsetMinutes: number;
  /** On the hour's start: hours starting in [fromMs, toMs). */
  fromMs?: number;
  toMs?: number;
  customerId?: string;
  keyId?: string;
  model?: string;
  upstreamId?: string;
}

export interface RollupRow {
  /** Start of the hour or (local) day; null without a time bucket. */
  bucketStartMs: number | null;
  customerId: string | null;
  keyId: string | null;
  model: string | null;
  /** Null for requests that reached no upstream. */
  upstreamId: string | null;
  currency: Currency;
  requests: bigint;
  failedRequests: bigint;
  promptTokens: bigint;
  cachedPromptTokens: bigint;
  completionTokens: bigint;
  revenueNanos: bigint;
  costNanos: bigint;
  latencyMsSum: bigint;
}

/** The read side of metering; events and rollups are written with the ledger (storage/ledger-*.ts). */
export interface UsageStore {
  /** Newest first, strictly after `before` in that order. */
  listEvents(filter: UsageFilter, limit: number, before?: UsageCursor): Promise<UsageEvent[]>;
  getEvent(requestId: string): Promise<UsageEvent | null>;
  rollup(query: RollupQuery): Promise<RollupRow[]>;
  /** The currencies of every cost card each upstream has had, by upstream id. */
  costCurrencies(): Promise<Map<string, Set<Currency>>>;
  /** Failed upstream attempts that started in the range, per upstream and outcome. */
  failedAttempts(query: AttemptQuery): Promise<AttemptSummaryRow[]>;
}

export interface AttemptQuery {
  fromMs?: number;
  toMs?: number;
  upstreamId?: string;
  customerId?: string;
  /** The public model the request asked for. */
  model?: string;
}

export interface AttemptSummaryRow {
  upstreamId: string;
  /** The upstream failure's kind (`connect`, `timeout`, `status`, `bad_response`) or `client_closed`. */
  outcome: string;
  /** The HTTP status for `status` failures, else null. */
  httpStatus: number | null;
  attempts: number;
  /** Of those, attempts whose request was then served by a later route. */
  rescued: number;
  /** Time the upstream spent on them, summed. */
  latencyMsSum: number;
}
