import type { Currency } from '../core/money.js';
import { account } from './accounts.js';
import type { Entry, Transfer } from './types.js';

export interface UsagePosting {
  requestId: string;
  /** The transfer id: `usage:<request id>`, or derived from an Idempotency-Key so a retry is charged once. */
  transferId: string;
  customerId: string;
  currency: Currency;
  revenueNanos: bigint;
  /** Granted credit the customer has; usage draws on it first. */
  promoAvailableNanos: bigint;
  billingMode: 'prepaid' | 'postpaid';
  upstreamId: string | null;
  costCurrency: Currency | null;
  costNanos: bigint;
  createdAtMs: number;
}

/**
 * The transfer of one served request: the customer pays (granted credit first, then the wallet or,
 * for postpaid customers, the receivable) and the operator owes its upstream the cost.
 */
export function usageTransfer(p: UsagePosting): Transfer {
  const entries: Entry[] = [];
  const fromPromo = p.promoAvailableNanos > 0n ? min(p.promoAvailableNanos, p.revenueNanos) : 0n;
  const rest = p.revenueNanos - fromPromo;
  pair(entries, account.promo(p.customerId), account.promotionalUsage(p.currency), fromPromo, p.currency);
  const payer = p.billingMode === 'prepaid' ? account.wallet(p.customerId) : account.receivable(p.customerId);
  pair(entries, payer, account.usageRevenue(p.currency), rest, p.currency);
  if (p.upstreamId && p.costCurrency) pair(entries, account.upstreamCost(p.upstreamId), account.upstreamPayable(p.upstreamId), p.costNanos, p.costCurrency);
  return { id: p.transferId, kind: 'usage', currency: p.currency, customerId: p.customerId, requestId: p.requestId, memo: null, createdAtMs: p.createdAtMs, entries };
}

/** Money received for prepaid credit: cash in, and the same amount owed to the customer as credit. */
export function topUpTransfer(p: { id: string; customerId: string; currency: Currency; amountNanos: bigint; memo: string | null; createdAtMs: number }): Transfer {
  const entries: Entry[] = [];
  pair(entries, account.cash(p.currency), account.wallet(p.customerId), p.amountNanos, p.currency);
  return { id: p.id, kind: 'top_up', currency: p.currency, customerId: p.customerId, requestId: null, memo: p.memo, createdAtMs: p.createdAtMs, entries };
}

/** Credit given for free (trial, promotion, goodwill refund): no cash moves, and using it is not revenue. */
export function grantTransfer(p: { id: string; customerId: string; currency: Currency; amountNanos: bigint; memo: string | null; createdAtMs: number }): Transfer {
  const entries: Entry[] = [];
  pair(entries, account.promotions(p.currency), account.promo(p.customerId), p.amountNanos, p.currency);
  return { id: p.id, kind: 'grant', currency: p.currency, customerId: p.customerId, requestId: null, memo: p.memo, createdAtMs: p.createdAtMs, entries };
}

/** Debit `debitAccount` and credit `creditAccount` by `amountNanos`; nothing for a zero amount. */
function pair(entries: Entry[], debitAccount: string, creditAccount: string, amountNanos: bigint, currency: Currency): void {
  if (amountNanos === 0n) return;
  entries.push({ accountId: debitAccount, currency, amountNanos }, { accountId: creditAccount, currency, amountNanos: -amountNanos });
}

function min(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}
