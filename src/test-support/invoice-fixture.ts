import type { Locale } from '../customers/types.js';
import type { Invoice, InvoiceDocument, InvoiceLine } from '../billing/types.js';

/** A 72×24 PNG (a teal badge), small enough to keep inline. */
export const logoPng = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAEgAAAAYCAIAAADWASznAAAATklEQVR42u3Y0QkAMAhDwYzu5u0M9qOa8KQLHCUB1QkdhcNUFfOAAdsOa8cUmD1soNzfMtb9n1iYTSsCA2YKoxVpRTIGjLUF2F8YVyqbuawneYZCrWW0AAAAAElFTkSuQmCC',
  'base64',
);

const line = (kind: InvoiceLine['kind'], description: string, quantity: bigint, unit: string, unitPrice: string, amountNanos: bigint, model: string | null = null): InvoiceLine => ({
  kind, description, model, quantity, unit, unitPrice, amountNanos,
});

/**
 * March 2026 for one customer, in USD with 13 % tax. Amounts in nanos (10⁻⁹ USD):
 *   fee                      20.00                 20 000 000 000
 *   gpt-4o-mini input        1 234 567 × 150        185 185 050   (0.15 / 1M tokens = 150 nanos a token)
 *   gpt-4o-mini output         456 789 × 600        274 073 400   (0.60 / 1M)
 *   deepseek-chat input         14 230 × 150          2 134 500   (0.0021345)
 *   deepseek-chat output         3 001 × 1 100        3 301 100   (1.10 / 1M)
 *   included in the plan                          − 123 456 700
 *   coupon WELCOME10                            − 2 000 000 000
 *   subtotal     20 000 000 000 + 464 694 050 − 123 456 700 − 2 000 000 000 = 18 341 237 350
 *   tax 13 %     18 341 237 350 × 1300 / 10000 = 2 384 360 855.5 → half up → 2 384 360 856
 *   exact total  18 341 237 350 + 2 384 360 856 = 20 725 598 206 → rounded to the cent 20.73
 *   rounding     20 730 000 000 − 20 725 598 206 = 4 401 794 (0.004401794)
 *   amount due 20.73 (usage paid from prepaid credit would be a negative line above); nothing paid yet.
 */
export const sampleLines: InvoiceLine[] = [
  line('fee', 'Pro plan — March 2026', 1n, 'period', '20.00 / month', 20_000_000_000n),
  line('usage', 'gpt-4o-mini — input tokens', 1_234_567n, 'input_tokens', '0.15 / 1M tokens', 185_185_050n, 'gpt-4o-mini'),
  line('usage', 'gpt-4o-mini — output tokens', 456_789n, 'output_tokens', '0.60 / 1M tokens', 274_073_400n, 'gpt-4o-mini'),
  line('usage', 'deepseek-chat — input tokens', 14_230n, 'input_tokens', '0.15 / 1M tokens', 2_134_500n, 'deepseek-chat'),
  line('usage', 'deepseek-chat — output tokens', 3_001n, 'output_tokens', '1.10 / 1M tokens', 3_301_100n, 'deepseek-chat'),
  line('included', 'Included in your plan', 1n, 'allowance', '', -123_456_700n),
  line('coupon', 'WELCOME10 — 10 % off the plan fee', 1n, 'discount', '', -2_000_000_000n),
];

export function sampleInvoice(locale: Locale, changes: Partial<Invoice> = {}): Invoice {
  return {
    id: 'inv_01', number: 'INV-2026-000042', kind: 'invoice', customerId: 'cus_01', subscriptionId: 'sub_01',
    correctsInvoiceId: null, currency: 'USD', status: 'finalized',
    periodStartMs: Date.UTC(2026, 2, 1), periodEndMs: Date.UTC(2026, 3, 1),
    subtotalNanos: 18_341_237_350n, taxRateBps: 1300, taxNanos: 2_384_360_856n, roundingNanos: 4_401_794n,
    totalNanos: 20_730_000_000n, prepaidNanos: 0n, amountDueNanos: 20_730_000_000n, amountPaidNanos: 0n,
    locale, issuedAtMs: Date.UTC(2026, 3, 1, 9), dueAtMs: Date.UTC(2026, 3, 15, 9), paidAtMs: null, voidedAtMs: null,
    createdAtMs: Date.UTC(2026, 3, 1, 0, 5), lines: sampleLines,
    ...changes,
  };
}

export function sampleDocument(locale: Locale, customerName: string, changes: Partial<Invoice> = {}): InvoiceDocument {
  return {
    invoice: sampleInvoice(locale, changes),
    customer: { name: customerName, email: 'billing@customer.example', ref: 'cust-42' },
    operator: {
      name: 'Northwind Inference Ltd.',
      logo: logoPng,
      address: '12 Harbour Road\nWan Chai, Hong Kong',
      taxId: 'HK-61234567',
      email: 'billing@northwind.example',
    },
  };
}
