import type { FailedAttempt, UsageEvent } from '../metering/types.js';
import type { Hold, HoldStatus, Transfer } from './types.js';

/** A request's charge and record, in two variants: the second is used when `chargeKey` was charged before. */
export interface Settlement {
  holdId: string | null;
  holdStatus: Extract<HoldStatus, 'posted' | 'voided'>;
  /** Charges at most once per key (from the client's Idempotency-Key); null: always charge. */
  chargeKey: string | null;
  transfer: Transfer | null;
  usage: UsageEvent;
  /** What to record instead when `chargeKey` was already charged: cost only, revenue 0. */
  ifAlreadyCharged: { transfer: Transfer | null; usage: UsageEvent } | null;
  /** Attempts on other routes (or this one) that failed first: recorded once, with the usage event. */
  failedAttempts?: readonly FailedAttempt[];
}

export type LedgerWrite =
  | { kind: 'hold'; hold: Hold }
  | { kind: 'settle'; settlement: Settlement }
  | { kind: 'transfer'; transfer: Transfer };

export interface WriteResult {
  /** False when a transfer with that id existed already (nothing was posted), or the charge key was spent. */
  applied: boolean;
}

/**
 * Durable writes of the money core. `write` resolves only once the item is committed; items
 * arriving together share one commit (group commit), so durability costs latency at the tail of a
 * response, not throughput.
 */
export interface LedgerWriter {
  write(item: LedgerWrite): Promise<WriteResult>;
  /** Commits what is queued, then refuses new writes. */
  close(): Promise<void>;
}
