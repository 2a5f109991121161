import { type Currency, decimalString, roundToMinorUnit } from '../core/money.js';
import type { Locale } from '../customers/types.js';
import { describeRate } from '../pricing/rates.js';
import type { RateCard, UnitKind, Units } from '../pricing/types.js';
import { unitKinds } from '../pricing/types.js';
import type { Invoice, InvoiceKind, InvoiceLine } from './types.js';

/** Usage of one model at one effective price (price version and plan discount), summed over a period. */
export interface UsageGroup {
  model: string;
  rates: RateCard;
  units: Units;
  /** What the requests were worth, summed request by request (charged plus covered by the allowance). */
  valueNanos: bigint;
}

export interface InvoiceInput {
  id: string;
  kind: InvoiceKind;
  customer: { id: string; currency: Currency; locale: Locale; taxRateBps: number };
  subscriptionId: string | null;
  correctsInvoiceId?: string | null;
  periodStartMs: number;
  periodEndMs: number;
  createdAtMs: number;
  fee: { description: string; amountNanos: bigint; unitPrice: string } | null;
  prorations: { description: string; amountNanos: bigint }[];
  coupon: { description: string; discountNanos: bigint } | null;
  usage: {
    label: string;
    groups: UsageGroup[];
    /** Value the plan's allowance covered (charged nothing). */
    includedNanos: bigint;
    /** Value charged to prepaid credit when the requests were served. */
    prepaidNanos: bigint;
  } | null;
  adjustments?: { description: string; amountNanos: bigint }[];
}

const UNIT_LABEL: Record<UnitKind, string> = {
  input_tokens: 'input tokens',
  cached_input_tokens: 'cached input tokens',
  output_tokens: 'output tokens',
  requests: 'requests',
  images: 'images',
  audio_seconds: 'audio seconds',
};

/**
 * Builds an invoice from what it bills. Lines are exact (nanos); usage lines are units × unit
 * price, each rounded once to the nano; because requests were charged one by one, the few nanos
 * between those lines and what was charged appear as one "per-request rounding" line, so the
 * subtotal equals the ledger exactly. Tax applies to the subtotal; the total is rounded once to
 * the currency's smallest coin and the rounding is kept.
 */
export function buildInvoice(input: InvoiceInput): Invoice {
  const lines: InvoiceLine[] = [];
  if (input.fee) lines.push(line('fee', input.fee.description, null, 1n, 'period', input.fee.unitPrice, input.fee.amountNanos));
  for (const p of input.prorations) lines.push(line('proration', p.description, null, 1n, 'period', decimalString(p.amountNanos), p.amountNanos));
  if (input.coupon && input.coupon.discountNanos > 0n) lines.push(line('coupon', input.coupon.description, null, 1n, 'discount', '', -input.coupon.discountNanos));
  if (input.usage) lines.push(...usageLines(input.usage));
  for (const a of input.adjustments ?? []) lines.push(line('adjustment', a.description, null, 1n, 'adjustment', '', a.amountNanos));
  const subtotalNanos = lines.reduce((sum, l) => sum + l.amountNanos, 0n);
  const taxNanos = divRoundHalfUp(subtotalNanos * BigInt(input.customer.taxRateBps), 10_000n);
  const { roundedNanos, roundingNanos } = roundToMinorUnit(subtotalNanos + taxNanos, input.customer.currency);
  return {
    id: input.id,
    number: null,
    kind: input.kind,
    customerId: input.customer.id,
    subscriptionId: input.subscriptionId,
    correctsInvoiceId: input.correctsInvoiceId ?? null,
    currency: input.customer.currency,
    status: 'draft',
    periodStartMs: input.periodStartMs,
    periodEndMs: input.periodEndMs,
    subtotalNanos,
    taxRateBps: input.customer.taxRateBps,
    taxNanos,
    roundingNanos,
    totalNanos: roundedNanos,
    prepaidNanos: input.usage?.prepaidNanos ?? 0n,
    amountDueNanos: roundedNanos > 0n ? roundedNanos : 0n,
    amountPaidNanos: 0n,
    locale: input.customer.locale,
    issuedAtMs: null,
    dueAtMs: null,
    paidAtMs: null,
    voidedAtMs: null,
    createdAtMs: input.createdAtMs,
    lines,
  };
}

function usageLines(usage: NonNullable<InvoiceInput['usage']>): InvoiceLine[] {
  const lines: InvoiceLine[] = [];
  let pricedNanos = 0n;
  let valueNanos = 0n;
  for (const group of usage.groups) {
    valueNanos += group.valueNanos;
    for (const unit of unitKinds) {
      const quantity = group.units[unit] ?? 0n;
      const rate = unit === 'cached_input_tokens' ? (group.rates.cached_input_tokens ?? group.rates.input_tokens) : group.rates[unit];
      if (quantity === 0n || !rate) continue;
      const amountNanos = divRoundHalfUp(quantity * rate.amountNanos, rate.perUnits);
      pricedNanos += amountNanos;
      lines.push(line('usage', `${group.model} — ${UNIT_LABEL[unit]} (${usage.label})`, group.model, quantity, unit, describeRate(rate), amountNanos));
    }
  }
  const drift = valueNanos - pricedNanos;
  if (drift !== 0n) lines.push(line('usage_rounding', 'Per-request rounding', null, 1n, 'nanos', '', drift));
  if (usage.includedNanos > 0n) lines.push(line('included', 'Included in your plan', null, 1n, 'allowance', '', -usage.includedNanos));
  if (usage.prepaidNanos > 0n) lines.push(line('prepaid', 'Paid from prepaid credit', null, 1n, 'credit', '', -usage.prepaidNanos));
  return lines;
}

function line(kind: InvoiceLine['kind'], description: string, model: string | null, quantity: bigint, unit: string, unitPrice: string, amountNanos: bigint): InvoiceLine {
  return { kind, description, model, quantity, unit, unitPrice, amountNanos };
}

function divRoundHalfUp(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const magnitude = negative ? -numerator : numerator;
  const result = (magnitude * 2n + denominator) / (denominator * 2n);
  return negative ? -result : result;
}

/** The part of an invoice that is the plan's fee (deferred revenue until its period passes). */
export function feePartNanos(invoice: Pick<Invoice, 'lines'>): bigint {
  return invoice.lines.filter((l) => l.kind === 'fee' || l.kind === 'proration' || l.kind === 'coupon').reduce((sum, l) => sum + l.amountNanos, 0n);
}

/** The usage this invoice bills in arrears (already posted to the receivable as it was served). */
export function arrearsPartNanos(invoice: Pick<Invoice, 'lines'>): bigint {
  const arrears = new Set(['usage', 'usage_rounding', 'included', 'prepaid']);
  return invoice.lines.filter((l) => arrears.has(l.kind)).reduce((sum, l) => sum + l.amountNanos, 0n);
}
