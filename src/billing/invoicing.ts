import type { Customer } from '../customers/types.js';
import type { Price } from '../models/prices.js';
import { discountRates } from '../pricing/price-book.js';
import { buildInvoice, type InvoiceInput } from './invoice-build.js';
import { invoiceTransfer } from './invoice-ledger.js';
import type { BillingStore } from './store.js';
import type { Invoice } from './types.js';
import type { Transfer } from '../ledger/types.js';

const DAY_MS = 86_400_000;

/** "2026-11-01 – 2026-11-30": a period as invoices print it (the end is exclusive, so the last day shown is the day before). */
export function periodLabel(startMs: number, endMs: number): string {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return `${day(startMs)} – ${day(Math.max(startMs, endMs - 1))}`;
}

/** The usage section of an invoice for a period, priced at the price (and discount) each request was served at. */
export async function usageSection(store: BillingStore, prices: Map<string, Price>, customerId: string, startMs: number, endMs: number): Promise<InvoiceInput['usage']> {
  const usage = await store.usageForPeriod(customerId, startMs, endMs);
  if (usage.groups.length === 0) return null;
  return {
    label: periodLabel(startMs, endMs),
    groups: usage.groups.map((g) => {
      const price = g.priceId ? prices.get(g.priceId) : undefined;
      const rates = price ? discountRates(price.rates, g.discountBps) : {};
      return { model: g.model, rates, units: g.units, valueNanos: g.valueNanos };
    }),
    includedNanos: usage.includedNanos,
    prepaidNanos: usage.chargedNanos - usage.arrearsNanos,
  };
}

/** Issues an invoice: issue and due dates, and status (nothing due: paid at once; a credit note: finalized). */
export function finalize(invoice: Invoice, customer: Pick<Customer, 'paymentTermsDays'>, nowMs: number): Invoice {
  const nothingDue = invoice.amountDueNanos === 0n && invoice.kind === 'invoice';
  return {
    ...invoice,
    status: nothingDue ? 'paid' : 'finalized',
    issuedAtMs: nowMs,
    dueAtMs: nowMs + customer.paymentTermsDays * DAY_MS,
    paidAtMs: nothingDue ? nowMs : null,
  };
}

/** Builds, finalizes and returns an invoice with the ledger transfer that issuing it posts. */
export function issue(input: InvoiceInput, customer: Customer, nowMs: number): { invoice: Invoice; transfer: Transfer } {
  const draft = buildInvoice(input);
  const kind = draft.totalNanos < 0n ? 'credit_note' : draft.kind;
  const invoice = finalize({ ...draft, kind }, customer, nowMs);
  return { invoice, transfer: invoiceTransfer(invoice, nowMs) };
}

export function customerOf(customer: Customer): InvoiceInput['customer'] {
  return { id: customer.id, currency: customer.currency, locale: customer.locale, taxRateBps: customer.taxRateBps };
}
