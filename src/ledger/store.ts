import type { BalanceSnapshot, Transfer } from './types.js';

/** One invariant of the ledger's money rules (src/ledger/README.md), as checked against the store. */
export interface InvariantCheck {
  name: string;
  ok: boolean;
  detail: string;
}

export interface UnbilledCost {
  upstreamId: string | null;
  holds: number;
  costEstimateNanos: bigint;
}

/** The ledger's read side and maintenance; writes go through the LedgerWriter. */
export interface LedgerStore {
  balances(customerId: string): Promise<BalanceSnapshot>;
  /**
   * The sum of each account's entries (as stored: debits positive) dated in [fromMs, toMs), either
   * bound open when absent. Accounts without entries there are absent.
   */
  sumEntries(accountIds: string[], range: { fromMs?: number; toMs?: number }): Promise<Map<string, bigint>>;
  getTransfer(id: string): Promise<Transfer | null>;
  listTransfers(filter: { customerId?: string; limit: number; beforeMs?: number }): Promise<Transfer[]>;
  /** Marks pending holds past their expiry as expired; returns how many. */
  expireHolds(nowMs: number): Promise<number>;
  /** Requests cut off (by a crash) after admission: their holds expired unposted. */
  unbilledCost(): Promise<UnbilledCost[]>;
  checkInvariants(nowMs: number): Promise<InvariantCheck[]>;
}
