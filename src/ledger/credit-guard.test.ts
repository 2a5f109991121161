import { afterEach, describe, expect, it, vi } from 'vitest';
import { type BalanceSource, type CreditPolicy, MemoryCreditGuard } from './credit-guard.js';
import { topUpTransfer, usageTransfer } from './transfers.js';
import type { BalanceSnapshot } from './types.js';

const prepaid: CreditPolicy = { billingMode: 'prepaid', overdraftNanos: 0n, creditLimitNanos: null };
const FAR_MS = Number.MAX_SAFE_INTEGER;

/** The ledger as another process sees it: balances change under the guard's feet. */
class Ledger implements BalanceSource {
  wallet = 0n;
  reads = 0;
  private gate: Promise<void> | null = null;
  private open: (() => void) | null = null;

  async balances(): Promise<BalanceSnapshot> {
    this.reads += 1;
    const walletNanos = this.wallet; // read now, answered later
    if (this.gate) await this.gate;
    return { walletNanos, promoNanos: 0n, receivableNanos: 0n };
  }

  /** Holds the next reads until `release`, to interleave them with the gateway's own transfers. */
  pause(): void {
    this.gate = new Promise((resolve) => (this.open = resolve));
  }

  release(): void {
    this.gate = null;
    this.open?.();
  }
}

const usage = (id: string, revenueNanos: bigint) =>
  usageTransfer({ requestId: id, transferId: `usage:${id}`, customerId: 'c', currency: 'USD', revenueNanos, promoAvailableNanos: 0n, billingMode: 'prepaid', upstreamId: null, costCurrency: null, costNanos: 0n, createdAtMs: 0 });

const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('MemoryCreditGuard', () => {
  afterEach(() => vi.useRealTimers());

  it('reserves only what the wallet holds, across concurrent requests', async () => {
    const ledger = Object.assign(new Ledger(), { wallet: 100n });
    const guard = new MemoryCreditGuard(ledger, 60_000);
    const results = await Promise.all([1, 2, 3].map((i) => guard.reserve('c', prepaid, `h${i}`, 40n, FAR_MS, 0)));
    expect(results.map((r) => r.ok)).toEqual([true, true, false]);
    expect(results[2]).toEqual({ ok: false, availableNanos: 20n });
  });

  it('sees money another process moved once its cached balances are older than maxAgeMs', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const ledger = Object.assign(new Ledger(), { wallet: 10n });
    const guard = new MemoryCreditGuard(ledger, 2_000);
    expect((await guard.reserve('c', prepaid, 'h1', 50n, FAR_MS, 0)).ok).toBe(false);

    ledger.wallet = 100n; // a top-up through the CLI, or on another replica
    vi.advanceTimersByTime(1_000);
    expect((await guard.reserve('c', prepaid, 'h2', 50n, FAR_MS, 0)).ok).toBe(false);
    expect(ledger.reads).toBe(1);

    vi.advanceTimersByTime(1_500);
    await guard.reserve('c', prepaid, 'h3', 50n, FAR_MS, 0); // starts the reload, decides on what it has
    await settle();
    expect(ledger.reads).toBe(2);
    expect((await guard.reserve('c', prepaid, 'h4', 50n, FAR_MS, 0)).ok).toBe(true);
  });

  it('keeps its holds across a reload', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const ledger = Object.assign(new Ledger(), { wallet: 100n });
    const guard = new MemoryCreditGuard(ledger, 2_000);
    expect((await guard.reserve('c', prepaid, 'h1', 70n, FAR_MS, 0)).ok).toBe(true);
    vi.advanceTimersByTime(5_000);
    await guard.reserve('c', prepaid, 'h2', 1_000n, FAR_MS, 0);
    await settle();
    expect(await guard.balances('c')).toEqual({ walletNanos: 100n, promoNanos: 0n, receivableNanos: 0n, heldNanos: 70n });
    expect((await guard.reserve('c', prepaid, 'h3', 31n, FAR_MS, 0)).ok).toBe(false);
  });

  it('does not reload while one of its own transfers is between fold and commit', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const ledger = Object.assign(new Ledger(), { wallet: 100n });
    const guard = new MemoryCreditGuard(ledger, 2_000);
    await guard.reserve('c', prepaid, 'h1', 30n, FAR_MS, 0);
    guard.release('c', 'h1');
    const charge = usage('r1', 30n);
    guard.applyUncommitted(charge); // the ledger does not have it yet

    vi.advanceTimersByTime(5_000);
    await guard.reserve('c', prepaid, 'h2', 1n, FAR_MS, 0);
    await settle();
    expect(ledger.reads).toBe(1);
    expect((await guard.balances('c')).walletNanos).toBe(70n);

    ledger.wallet = 70n; // committed
    guard.committed(charge);
    await guard.reserve('c', prepaid, 'h3', 1n, FAR_MS, 0);
    await settle();
    expect(ledger.reads).toBe(2);
    expect((await guard.balances('c')).walletNanos).toBe(70n);
  });

  it('throws away a reload that a transfer of its own overtook, so nothing is counted twice', async () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    const ledger = Object.assign(new Ledger(), { wallet: 100n });
    const guard = new MemoryCreditGuard(ledger, 2_000);
    await guard.reserve('c', prepaid, 'h1', 1n, FAR_MS, 0);
    guard.release('c', 'h1');

    vi.advanceTimersByTime(5_000);
    ledger.pause();
    await guard.reserve('c', prepaid, 'h2', 1n, FAR_MS, 0); // the reload reads 100 …
    guard.release('c', 'h2');
    ledger.wallet = 150n; // … while a top-up through this process commits
    guard.applyTransfer(topUpTransfer({ id: 't1', customerId: 'c', currency: 'USD', amountNanos: 50n, memo: null, createdAtMs: 0 }));
    ledger.release();
    await settle();
    expect((await guard.balances('c')).walletNanos).toBe(150n);
  });

  it('takes back a transfer whose commit failed', async () => {
    const ledger = Object.assign(new Ledger(), { wallet: 100n });
    const guard = new MemoryCreditGuard(ledger, 60_000);
    await guard.reserve('c', prepaid, 'h1', 1n, FAR_MS, 0);
    const charge = usage('r1', 40n);
    guard.applyUncommitted(charge);
    expect((await guard.balances('c')).walletNanos).toBe(60n);
    guard.revertTransfer(charge);
    expect((await guard.balances('c')).walletNanos).toBe(100n);
  });
});
