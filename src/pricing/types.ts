import type { Currency } from '../core/money.js';

/** What a price can be attached to. `input_tokens` are UNCACHED prompt tokens only. */
export const unitKinds = ['input_tokens', 'cached_input_tokens', 'output_tokens', 'requests', 'images', 'audio_seconds'] as const;
export type UnitKind = (typeof unitKinds)[number];

/**
 * `amountNanos` is the price of `perUnits` units. Keeping the divisor instead of a per-unit price
 * lets fractions of a nano per token (e.g. $0.01875 per 1M = 18.75 nanos a token) stay exact.
 */
export interface Rate {
  amountNanos: bigint;
  perUnits: bigint;
}

export type RateCard = Partial<Record<UnitKind, Rate>>;

/** Quantities per unit kind; a missing kind counts as zero. */
export type Units = Partial<Record<UnitKind, bigint>>;

/** `floor` for what customers pay (revenue never overstated), `ceil` for what the operator pays (cost never understated). */
export type Rounding = 'floor' | 'ceil';

export interface PriceLine {
  unit: UnitKind;
  quantity: bigint;
  rate: Rate;
  amountNanos: bigint;
}

export interface PricedUnits {
  totalNanos: bigint;
  lines: PriceLine[];
}

/**
 * The token counts pricing reads. The gateway's `Usage` fits this shape; pricing declares its own
 * so it does not depend on the gateway.
 */
export interface UsageCounts {
  promptTokens: number;
  /** Part of promptTokens served from the upstream's prompt cache. */
  cachedPromptTokens: number;
  /** Includes reasoning tokens. */
  completionTokens: number;
}

/** One model's prices in one currency from `effectiveFromMs` until the next version takes over. */
export interface PriceBookVersion {
  model: string;
  currency: Currency;
  effectiveFromMs: number;
  rates: RateCard;
}

/** An upstream that bills per token: list prices less a negotiated discount. */
export interface PerTokenCostCard {
  kind: 'per_token';
  currency: Currency;
  rates: RateCard;
  /** 0..10000 basis points off every list rate. */
  discountBps: number;
}

/** Own or rented GPUs: paid by the hour whatever the traffic, so a request's cost is allocated later. */
export interface GpuHourCostCard {
  kind: 'gpu_hour';
  currency: Currency;
  /** Price of ONE GPU for one hour; the deployment costs this times gpuCount. */
  hourlyNanos: bigint;
  gpuCount: number;
  /** Tokens per second the whole deployment (all its GPUs) can serve when fully busy. */
  capacityTokensPerSecond: number;
  /** What an hour's cost is shared by among its requests; default 'tokens'. */
  allocationKey?: GpuAllocationKey;
}

export type CostCard = PerTokenCostCard | GpuHourCostCard;

export type CostOfUsage =
  | { allocation: 'direct'; currency: Currency; costNanos: bigint; lines: PriceLine[] }
  | { allocation: 'deferred'; currency: Currency; costNanos: 0n };

/** What an hour's GPU cost is shared by: tokens served, or milliseconds a request kept a GPU busy. */
export type GpuAllocationKey = 'tokens' | 'busy_time';

export interface GpuAllocationRequest {
  id: string;
  tokens: bigint;
  busyMs: bigint;
}

export interface GpuAllocationInput {
  hourCostNanos: bigint;
  /** The hour's capacity in the key's unit: tokens, or GPU-milliseconds (see gpuHourCapacity). */
  capacity: bigint;
  requests: readonly GpuAllocationRequest[];
  key: GpuAllocationKey;
}

export interface GpuAllocation {
  /** One per request, in the order given. */
  parts: { id: string; costNanos: bigint }[];
  /** The share of the hour nobody used. parts + idleNanos == hourCostNanos exactly. */
  idleNanos: bigint;
  /** Tokens or busy milliseconds the requests used. */
  usedUnits: bigint;
  /** The capacity the hour was shared over: the declared capacity, or usedUnits when use exceeded it. */
  capacityUnits: bigint;
}
