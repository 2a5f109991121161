import type { Currency } from '../../core/money.js';

/** A set of single-use codes, each worth the same credit in one currency. */
export interface RedemptionBatch {
  id: string;
  name: string;
  currency: Currency;
  amountNanos: bigint;
  expiresAtMs: number | null;
  codeCount: number;
  createdAtMs: number;
}

export interface BatchSummary extends RedemptionBatch {
  redeemedCount: number;
}

/** A code as stored: never the code itself, only its hash and a prefix people can recognise. */
export interface StoredCode {
  hash: string;
  batchId: string;
  prefix: string;
  redeemedBy: string | null;
  redeemedAtMs: number | null;
}

export interface Redemption {
  batchId: string;
  batchName: string;
  prefix: string;
  customerId: string;
  currency: Currency;
  amountNanos: bigint;
  transferId: string;
  redeemedAtMs: number;
}

export interface RedemptionStore {
  /** Stores the batch and all its codes, or nothing (false) when a hash exists already. */
  insertBatch(batch: RedemptionBatch, codes: { hash: string; prefix: string }[]): Promise<boolean>;
  listBatches(filter: { limit: number; after?: string }): Promise<BatchSummary[]>;
  findCode(hash: string): Promise<{ code: StoredCode; batch: RedemptionBatch } | null>;
  /** Marks the code redeemed by this customer if nobody has redeemed it; true if this call did. */
  claimCode(hash: string, customerId: string, nowMs: number): Promise<boolean>;
}
