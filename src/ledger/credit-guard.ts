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
}

/**
 * Decides, in one process, whether a customer can afford a request: committed balances (loaded
 * once from the ledger, then kept current with every transfer this process posts) minus the holds
 * of requests in flight. Check-and-reserve happens without an await in between, so concurrent
 * requests cannot both spend the same credit. A hold past its expiry no longer reserves anything.
 */
export class MemoryCreditGuard {
  private readonly wallets = new Map<string, WalletState>();
  private readonly loading = new Map<string, Promise<WalletState>>();

  constructor(private readonly source: BalanceSource) {}

  async reserve(customerId: string, policy: CreditPolicy, holdId: string, amountNanos: bigint, expiresAtMs: number, nowMs: number): Promise<Reservation> {
    const wallet = await this.wallet(customerId);
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

  /** Folds a transfer into the cached balances of the customers it touches. */
  applyTransfer(transfer: Transfer): void {
    this.fold(transfer, 1n);
  }

  /** Takes back a transfer applied before its commit, when the commit failed or was a duplicate. */
  revertTransfer(transfer: Transfer): void {
    this.fold(transfer, -1n);
  }

  /** Balances already in memory (a reserved customer always is), without waiting. */
  cachedBalances(customerId: string): BalanceSnapshot | null {
    const wallet = this.wallets.get(customerId);
    return wallet ? { ...wallet.balances } : null;
  }

  private fold(transfer: Transfer, sign: 1n | -1n): void {
    for (const entry of transfer.entries) {
      const owner = customerAccount(entry.accountId);
      const wallet = owner && this.wallets.get(owner.customerId);
      if (!owner || !wallet) continue;
      const delta = sign * displayBalance(entry.accountId, entry.amountNanos);
      if (owner.kind === 'wallet') wallet.balances.walletNanos += delta;
      else if (owner.kind === 'promo') wallet.balances.promoNanos += delta;
      else wallet.balances.receivableNanos += delta;
    }
  }

  /** Cached balances, for splitting a charge between granted and paid credit. */
  async balances(customerId: string): Promise<BalanceSnapshot & { heldNanos: bigint }> {
    const wallet = await this.wallet(customerId);
    return { ...wallet.balances, heldNanos: wallet.heldNanos };
  }

  /** Forgets a customer's cached balances (written by another process); reloaded on next use. */
  forget(customerId: string): void {
    const wallet = this.wallets.get(customerId);
    if (wallet && wallet.holds.size === 0) this.wallets.delete(customerId);
    else if (wallet) this.reloadKeepingHolds(customerId, wallet);
  }

  private wallet(customerId: string): Promise<WalletState> | WalletState {
    const cached = this.wallets.get(customerId);
    if (cached) return cached;
    let pending = this.loading.get(customerId);
    if (!pending) {
      pending = this.source.balances(customerId).then((balances) => {
        const state: WalletState = this.wallets.get(customerId) ?? { balances, heldNanos: 0n, holds: new Map() };
        this.wallets.set(customerId, state);
        return state;
      });
      pending.finally(() => this.loading.delete(customerId)).catch(() => undefined);
      this.loading.set(customerId, pending);
    }
    return pending;
  }

  private reloadKeepingHolds(customerId: string, wallet: WalletState): void {
    void this.source.balances(customerId).then(
      (balances) => {
        wallet.balances = balances;
      },
      () => undefined,
    );
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
