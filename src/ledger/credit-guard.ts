import { customerAccount, displayBalance } from './accounts.js';
import type { BalanceSnapshot, Transfer } from './types.js';

export interface CreditPolicy {
  billingMode: 'prepaid' | 'postpaid';
  /** Prepaid: how far below zero the wallet may go. */
  overdraftNanos: bigint;
  /** Postpaid: the most a customer may owe; null means no limit. */
  creditLimitNanos: bigint | null;
}

export interface BalanceSource {
  /** Display balances (wallet and promo: credit the customer has; receivable: what it owes). */
  balances(customerId: string): Promise<BalanceSnapshot>;
}

export type Reservation = { ok: true } | { ok: false; availableNanos: bigint };

interface WalletState {
  balances: BalanceSnapshot;
  heldNanos: bigint;
  holds: Map<string, { amountNanos: bigint; expiresAtMs: number }>;
  /** When the balances were last read from the ledger (monotonic ms: staleness is real time, not business time). */
  loadedAtMs: number;
  /** Counts every fold, so a reload that raced with one is thrown away. */
  epoch: number;
  /** Transfers folded in before their commit that have not yet committed or been reverted. */
  uncommitted: number;
  refreshing: boolean;
}

/**
 * Decides, in one process, whether a customer can afford a request: committed balances (loaded
 * from the ledger, then kept current with every transfer this process posts) minus the holds of
 * requests in flight. Check-and-reserve happens without an await in between, so concurrent
 * requests cannot both spend the same credit. A hold past its expiry no longer reserves anything.
 *
 * Money moved by someone else (the CLI, another replica, a job that posts straight to the ledger)
 * reaches the cached balances by a reload, started in the background when a customer's balances
 * are older than `maxAgeMs` and this process has none of its own transfers to that customer in
 * flight; a reload that overlaps one of them is discarded, so nothing is counted twice or lost.
 */
export class MemoryCreditGuard {
  private readonly wallets = new Map<string, WalletState>();
  private readonly loading = new Map<string, Promise<WalletState>>();

  constructor(
    private readonly source: BalanceSource,
    private readonly maxAgeMs = 2_000,
  ) {}

  async reserve(customerId: string, policy: CreditPolicy, holdId: string, amountNanos: bigint, expiresAtMs: number, nowMs: number): Promise<Reservation> {
    const wallet = await this.wallet(customerId);
    this.refreshIfStale(customerId, wallet);
    pruneExpired(wallet, nowMs);
    const available = availableNanos(wallet, policy);
    if (available !== null && amountNanos > available) return { ok: false, availableNanos: available };
    wallet.holds.set(holdId, { amountNanos, expiresAtMs });
    wallet.heldNanos += amountNanos;
    return { ok: true };
  }

  /** Ends a hold without touching balances (the request failed, or its transfer is applied separately). */
  release(customerId: string, holdId: string): void {
    const wallet = this.wallets.get(customerId);
    const hold = wallet?.holds.get(holdId);
    if (!wallet || !hold) return;
    wallet.holds.delete(holdId);
    wallet.heldNanos -= hold.amountNanos;
  }

  /** Folds a committed transfer into the cached balances of the customers it touches. */
  applyTransfer(transfer: Transfer): void {
    this.fold(transfer, 1n, 0);
  }

  /** Folds a transfer in before its commit; `committed` or `revertTransfer` must follow. */
  applyUncommitted(transfer: Transfer): void {
    this.fold(transfer, 1n, 1);
  }

  /** The transfer folded in by `applyUncommitted` is now in the ledger. */
  committed(transfer: Transfer): void {
    this.fold(transfer, 0n, -1);
  }

  /** Takes back a transfer folded in before its commit, when the commit failed or was a duplicate. */
  revertTransfer(transfer: Transfer): void {
    this.fold(transfer, -1n, -1);
  }

  /** Balances already in memory (a reserved customer always is), without waiting. */
  cachedBalances(customerId: string): BalanceSnapshot | null {
    const wallet = this.wallets.get(customerId);
    return wallet ? { ...wallet.balances } : null;
  }

  /** Cached balances, for splitting a charge between granted and paid credit. */
  async balances(customerId: string): Promise<BalanceSnapshot & { heldNanos: bigint }> {
    const wallet = await this.wallet(customerId);
    return { ...wallet.balances, heldNanos: wallet.heldNanos };
  }

  /** Adds `sign` × the transfer to the balances of the customers it touches (0n: none, only the count of uncommitted moves). */
  private fold(transfer: Transfer, sign: 1n | 0n | -1n, uncommitted: -1 | 0 | 1): void {
    const touched = new Set<WalletState>();
    for (const entry of transfer.entries) {
      const owner = customerAccount(entry.accountId);
      const wallet = owner && this.wallets.get(owner.customerId);
      if (!owner || !wallet) continue;
      touched.add(wallet);
      const delta = sign * displayBalance(entry.accountId, entry.amountNanos);
      if (owner.kind === 'wallet') wallet.balances.walletNanos += delta;
      else if (owner.kind === 'promo') wallet.balances.promoNanos += delta;
      else wallet.balances.receivableNanos += delta;
    }
    for (const wallet of touched) {
      wallet.epoch += 1;
      wallet.uncommitted += uncommitted;
    }
  }

  private wallet(customerId: string): Promise<WalletState> | WalletState {
    const cached = this.wallets.get(customerId);
    if (cached) return cached;
    let pending = this.loading.get(customerId);
    if (!pending) {
      const loadedAtMs = performance.now();
      pending = this.source.balances(customerId).then((balances) => {
        const state: WalletState = this.wallets.get(customerId) ?? { balances, heldNanos: 0n, holds: new Map(), loadedAtMs, epoch: 0, uncommitted: 0, refreshing: false };
        this.wallets.set(customerId, state);
        return state;
      });
      pending.finally(() => this.loading.delete(customerId)).catch(() => undefined);
      this.loading.set(customerId, pending);
    }
    return pending;
  }

  private refreshIfStale(customerId: string, wallet: WalletState): void {
    if (wallet.refreshing || wallet.uncommitted > 0 || performance.now() - wallet.loadedAtMs < this.maxAgeMs) return;
    wallet.refreshing = true;
    const epoch = wallet.epoch;
    const startedAtMs = performance.now();
    this.source
      .balances(customerId)
      .then(
        (balances) => {
          if (wallet.epoch !== epoch || wallet.uncommitted > 0) return;
          wallet.balances = balances;
          wallet.loadedAtMs = startedAtMs;
        },
        () => undefined,
      )
      .finally(() => {
        wallet.refreshing = false;
      });
  }
}

function pruneExpired(wallet: WalletState, nowMs: number): void {
  for (const [id, hold] of wallet.holds) {
    if (hold.expiresAtMs > nowMs) continue;
    wallet.holds.delete(id);
    wallet.heldNanos -= hold.amountNanos;
  }
}

/** What the customer can still commit to; null when nothing limits it (postpaid without a limit). */
function availableNanos(wallet: WalletState, policy: CreditPolicy): bigint | null {
  const { walletNanos, promoNanos, receivableNanos } = wallet.balances;
  if (policy.billingMode === 'prepaid') return walletNanos + promoNanos + policy.overdraftNanos - wallet.heldNanos;
  if (policy.creditLimitNanos === null) return null;
  return policy.creditLimitNanos + promoNanos - receivableNanos - wallet.heldNanos;
}
