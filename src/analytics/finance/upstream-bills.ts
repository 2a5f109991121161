import { TollgateError } from '../../core/errors.js';
import { newId } from '../../core/ids.js';
import type { Currency } from '../../core/money.js';
import { account } from '../../ledger/accounts.js';
import type { Transfer } from '../../ledger/types.js';
import type { LedgerWriter } from '../../ledger/writer.js';

/** A paid bill may be dated this far after the server's clock (clock skew), not later. */
const FUTURE_TOLERANCE_MS = 60_000;

export interface UpstreamBill {
  upstreamId: string;
  currency: Currency;
  amountNanos: bigint;
  paidAtMs: number;
  memo: string | null;
  /** Makes a retry harmless: the same key posts once. */
  idempotencyKey?: string;
}

/**
 * Paying an upstream's bill settles what serving cost (the payable usage built up) with cash:
 * Dr upstream:{id}:payable, Cr cash:{cur}, dated when it was paid so the cash report puts it in
 * its month.
 */
export async function payUpstreamBill(writer: LedgerWriter, bill: UpstreamBill, nowMs: number): Promise<{ transfer: Transfer; applied: boolean }> {
  if (bill.amountNanos <= 0n) throw new TollgateError('invalid_request', 'amount must be greater than zero.', { param: 'amount' });
  if (bill.paidAtMs > nowMs + FUTURE_TOLERANCE_MS) throw new TollgateError('invalid_request', 'paidAtMs is in the future; record a bill once it is paid.', { param: 'paidAtMs' });
  const transfer: Transfer = {
    id: bill.idempotencyKey ? `upstream_payment:${bill.upstreamId}:${bill.idempotencyKey}` : newId('upstream_payment', nowMs),
    kind: 'upstream_payment',
    currency: bill.currency,
    customerId: null,
    requestId: null,
    memo: bill.memo,
    createdAtMs: bill.paidAtMs,
    entries: [
      { accountId: account.upstreamPayable(bill.upstreamId), currency: bill.currency, amountNanos: bill.amountNanos },
      { accountId: account.cash(bill.currency), currency: bill.currency, amountNanos: -bill.amountNanos },
    ],
  };
  const { applied } = await writer.write({ kind: 'transfer', transfer });
  return { transfer, applied };
}
