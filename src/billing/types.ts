import type { Currency } from '../core/money.js';
import type { Locale } from '../customers/types.js';

export type InvoiceStatus = 'draft' | 'finalized' | 'paid' | 'void';
export type InvoiceKind = 'invoice' | 'credit_note';

/**
 * What a line is for. fee: the plan's recurring fee; proration: the fee's change when a plan
 * changes mid-period (negative for the unused part of the old plan); usage: units × unit price of
 * one model; included: the part of usage the plan's allowance covered (negative); coupon: a
 * discount (negative); prepaid: prepaid credit that already paid usage (negative); usage_rounding:
 * the nanos between usage priced line by line and usage charged request by request; adjustment:
 * an operator's correction (credit notes).
 */
export type InvoiceLineKind = 'fee' | 'proration' | 'usage' | 'usage_rounding' | 'included' | 'coupon' | 'prepaid' | 'adjustment';

export interface InvoiceLine {
  kind: InvoiceLineKind;
  description: string;
  model: string | null;
  quantity: bigint;
  /** What the quantity counts: 'period', 'tokens', 'requests', … */
  unit: string;
  /** The unit price as people read it, e.g. "0.15 / 1M tokens" or "20.00 / month". */
  unitPrice: string;
  /** Exact, in nanos; the invoice rounds its total once, not each line. */
  amountNanos: bigint;
}

/**
 * An invoice or credit note. Lines are exact; `subtotal` is their sum, tax is applied to the
 * subtotal, the total is rounded once to the currency's smallest coin and the rounding recorded,
 * so that the ledger (in nanos) and the document (in cents) reconcile exactly.
 */
export interface Invoice {
  id: string;
  /** Sequential and gap-free among finalized invoices (INV-2026-000001; credit notes CN-2026-000001); null while a draft. */
  number: string | null;
  kind: InvoiceKind;
  customerId: string;
  subscriptionId: string | null;
  correctsInvoiceId: string | null;
  currency: Currency;
  status: InvoiceStatus;
  periodStartMs: number;
  periodEndMs: number;
  subtotalNanos: bigint;
  taxRateBps: number;
  taxNanos: bigint;
  roundingNanos: bigint;
  totalNanos: bigint;
  /**
   * Usage in this invoice already paid from prepaid credit when it was served. It appears as a
   * negative "prepaid" line, so the total (and the amount due) already exclude it.
   */
  prepaidNanos: bigint;
  amountDueNanos: bigint;
  amountPaidNanos: bigint;
  locale: Locale;
  issuedAtMs: number | null;
  dueAtMs: number | null;
  paidAtMs: number | null;
  voidedAtMs: number | null;
  createdAtMs: number;
  lines: InvoiceLine[];
}

/** Who issues invoices: the operator's details, set in the admin API's settings. */
export interface OperatorProfile {
  name: string;
  /** PNG or JPEG bytes of the logo, or null. */
  logo: Buffer | null;
  address: string | null;
  taxId: string | null;
  email: string | null;
}

/** Everything an invoice document shows. */
export interface InvoiceDocument {
  invoice: Invoice;
  customer: { name: string; email: string | null; ref: string | null };
  operator: OperatorProfile;
}
