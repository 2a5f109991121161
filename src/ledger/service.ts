import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import type { MemoryCreditGuard } from './credit-guard.js';
import { assertBalanced } from './invariants.js';
import type { LedgerStore } from './store.js';
import { grantTransfer, topUpTransfer } from './transfers.js';
import type { BalanceSnapshot, Transfer } from './types.js';
import type { LedgerWriter } from './writer.js';

/** The largest single credit movement accepted: far above any real top-up, far below int64. */
const MAX_AMOUNT_NANOS = 10n ** 18n;

export type GrantReason = 'trial' | 'promotion' | 'refund' | 'goodwill';

export interface CreditInput {
  amountNanos: bigint;
  /** Makes a retry harmless: the same id posts once (e.g. the client's Idempotency-Key). */
  id?: string;
  memo?: string | null;
}

interface Owner {
  id: string;
  currency: Currency;
}

/** Prepaid credit: top-ups (money received) and grants (credit given), with balances and history. */
export class LedgerService {
  constructor(
    private readonly store: LedgerStore,
    private readonly writer: LedgerWriter,
    private readonly guard: MemoryCreditGuard,
    private readonly clock: Clock,
  ) {}

  topUp(customer: Owner, input: CreditInput): Promise<{ transfer: Transfer; applied: boolean }> {
    validateAmount(input.amountNanos);
    const id = input.id ? `top_up:${customer.id}:${input.id}` : newId('top_up', this.clock.nowMs());
    return this.post(topUpTransfer({ id, customerId: customer.id, currency: customer.currency, amountNanos: input.amountNanos, memo: input.memo ?? null, createdAtMs: this.clock.nowMs() }));
  }

  grant(customer: Owner, input: CreditInput & { reason: GrantReason }): Promise<{ transfer: Transfer; applied: boolean }> {
    validateAmount(input.amountNanos);
    const id = input.id ? `grant:${customer.id}:${input.id}` : newId('grant', this.clock.nowMs());
    const memo = input.memo ? `${input.reason}: ${input.memo}` : input.reason;
    return this.post(grantTransfer({ id, customerId: customer.id, currency: customer.currency, amountNanos: input.amountNanos, memo, createdAtMs: this.clock.nowMs() }));
  }

  balances(customerId: string): Promise<BalanceSnapshot> {
    return this.store.balances(customerId);
  }

  history(customerId: string, limit: number, beforeMs?: number): Promise<Transfer[]> {
    return this.store.listTransfers({ customerId, limit, beforeMs });
  }

  /** Posts once per id. A repeat with the same content returns the original; different content is a conflict. */
  private async post(transfer: Transfer): Promise<{ transfer: Transfer; applied: boolean }> {
    assertBalanced(transfer);
    const { applied } = await this.writer.write({ kind: 'transfer', transfer });
    if (applied) {
      this.guard.applyTransfer(transfer);
      return { transfer, applied };
    }
    const existing = await this.store.getTransfer(transfer.id);
    if (!existing || !sameMovement(existing, transfer)) {
      throw new TollgateError('conflict', 'This idempotency key was already used for a different credit movement.', { param: 'Idempotency-Key' });
    }
    return { transfer: existing, applied: false };
  }
}

function validateAmount(amountNanos: bigint): void {
  if (amountNanos <= 0n) throw new TollgateError('invalid_request', 'amount must be greater than zero.', { param: 'amount' });
  if (amountNanos > MAX_AMOUNT_NANOS) throw new TollgateError('invalid_request', 'amount is larger than Tollgate accepts in one movement (10^9 currency units).', { param: 'amount' });
}

function sameMovement(a: Transfer, b: Transfer): boolean {
  const key = (t: Transfer) => JSON.stringify([t.kind, t.customerId, t.currency, t.entries.map((e) => [e.accountId, e.amountNanos.toString()])]);
  return key(a) === key(b);
}
