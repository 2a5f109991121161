import { account } from '../ledger/accounts.js';
import type { Entry, Transfer } from '../ledger/types.js';
import { arrearsPartNanos, feePartNanos } from './invoice-build.js';
import type { Invoice } from './types.js';

/**
 * What finalizing an invoice posts. Usage billed in arrears is in the receivable already (posted
 * as it was served), so only the rest moves: the fee part into deferred revenue (earned as its
 * period passes), tax into tax payable, the cent rounding into its own account, and all of it
 * into what the customer owes. Thus `total = transfer's receivable debit + arrears usage`.
 */
export function invoiceTransfer(invoice: Invoice, atMs: number): Transfer {
  const receivable = account.receivable(invoice.customerId);
  const cur = invoice.currency;
  const fee = feePartNanos(invoice);
  const adjustments = invoice.lines.filter((l) => l.kind === 'adjustment').reduce((sum, l) => sum + l.amountNanos, 0n);
  const owed = fee + adjustments + invoice.taxNanos + invoice.roundingNanos;
  const entries: Entry[] = [];
  add(entries, receivable, owed, cur);
  add(entries, account.deferredRevenue(cur), -fee, cur);
  add(entries, account.adjustments(cur), -adjustments, cur);
  add(entries, account.taxPayable(cur), -invoice.taxNanos, cur);
  add(entries, account.rounding(cur), -invoice.roundingNanos, cur);
  return {
    id: `${invoice.kind}:${invoice.id}`,
    kind: invoice.kind === 'credit_note' ? 'credit_note' : 'invoice',
    currency: cur,
    customerId: invoice.customerId,
    requestId: null,
    memo: invoice.number,
    createdAtMs: atMs,
    entries,
  };
}

/** A subscription's fee for a period, earned once the period is over (or ends early). */
export function recognitionTransfer(p: { id: string; customerId: string; currency: Invoice['currency']; amountNanos: bigint; memo: string; atMs: number }): Transfer {
  const entries: Entry[] = [];
  add(entries, account.deferredRevenue(p.currency), p.amountNanos, p.currency);
  add(entries, account.subscriptionRevenue(p.currency), -p.amountNanos, p.currency);
  return { id: p.id, kind: 'recognition', currency: p.currency, customerId: p.customerId, requestId: null, memo: p.memo, createdAtMs: p.atMs, entries };
}

/** Money received for an invoice: cash in, receivable down. */
export function invoicePaymentTransfer(p: { id: string; customerId: string; currency: Invoice['currency']; amountNanos: bigint; memo: string; atMs: number }): Transfer {
  const entries: Entry[] = [];
  add(entries, account.cash(p.currency), p.amountNanos, p.currency);
  add(entries, account.receivable(p.customerId), -p.amountNanos, p.currency);
  return { id: p.id, kind: 'payment', currency: p.currency, customerId: p.customerId, requestId: null, memo: p.memo, createdAtMs: p.atMs, entries };
}

export { arrearsPartNanos };

function add(entries: Entry[], accountId: string, amountNanos: bigint, currency: Invoice['currency']): void {
  if (amountNanos !== 0n) entries.push({ accountId, currency, amountNanos });
}
