import { TollgateError } from '../core/errors.js';
import type { BillingContext } from './context.js';
import { customerOf, issue } from './invoicing.js';
import { notifyFinalized } from './renewal.js';
import type { Invoice } from './types.js';

/**
 * Finalized invoices never change: a correction is a credit note that refers to the invoice and
 * takes an amount off what the customer owes (Dr revenue adjustments, Cr receivable).
 */
export async function creditNote(ctx: BillingContext, invoiceId: string, amountNanos: bigint, reason: string, voiding = false): Promise<Invoice> {
  const original = await ctx.store.getInvoice(invoiceId);
  if (!original) throw new TollgateError('not_found', `No invoice ${invoiceId}.`);
  if (original.kind !== 'invoice' || original.status === 'draft') throw new TollgateError('conflict', 'Only a finalized invoice can be credited.');
  if (amountNanos <= 0n) throw new TollgateError('invalid_request', 'A credit note needs a positive amount.', { param: 'amount' });
  const credited = await creditedSoFar(ctx, original);
  if (credited + amountNanos > original.totalNanos) {
    throw new TollgateError('invalid_request', 'The credit notes would exceed the invoice total.', { param: 'amount' });
  }
  const customer = await ctx.customers.get(original.customerId);
  const nowMs = ctx.clock.nowMs();
  // The amount includes the invoice's tax: credit the net part and let the same rate give the tax back.
  const rate = BigInt(original.taxRateBps);
  const netNanos = (amountNanos * 10_000n * 2n + (10_000n + rate)) / ((10_000n + rate) * 2n);
  const issued = issue(
    {
      id: `cn_${original.id}_${nowMs}`,
      kind: 'credit_note',
      customer: { ...customerOf(customer), taxRateBps: original.taxRateBps },
      subscriptionId: original.subscriptionId,
      correctsInvoiceId: original.id,
      periodStartMs: original.periodStartMs,
      periodEndMs: original.periodEndMs,
      createdAtMs: nowMs,
      fee: null,
      prorations: [],
      coupon: null,
      usage: null,
      adjustments: [{ description: `Credit for ${original.number}: ${reason}`, amountNanos: -netNanos }],
    },
    customer,
    nowMs,
  );
  const correction = { invoiceId: original.id, creditNanos: -issued.invoice.totalNanos, voidAtMs: voiding ? nowMs : null };
  const { invoice } = await ctx.store.apply({ invoice: issued.invoice, transfers: [issued.transfer], correction }, nowMs);
  await notifyFinalized(ctx, invoice!, customer);
  return invoice!;
}

/** Voids an unpaid invoice by crediting all of it. */
export async function voidInvoice(ctx: BillingContext, invoiceId: string, reason: string): Promise<Invoice> {
  const original = await ctx.store.getInvoice(invoiceId);
  if (!original) throw new TollgateError('not_found', `No invoice ${invoiceId}.`);
  if (original.amountPaidNanos > 0n) throw new TollgateError('conflict', 'A paid invoice cannot be voided; issue a credit note instead.');
  if (original.status === 'void') throw new TollgateError('conflict', 'The invoice is void already.');
  return creditNote(ctx, invoiceId, original.totalNanos - (await creditedSoFar(ctx, original)), `void: ${reason}`, true);
}

async function creditedSoFar(ctx: BillingContext, original: Invoice): Promise<bigint> {
  const notes = await ctx.store.listInvoices({ customerId: original.customerId, limit: 1000 });
  return notes.filter((n) => n.correctsInvoiceId === original.id).reduce((sum, n) => sum - n.totalNanos, 0n);
}
