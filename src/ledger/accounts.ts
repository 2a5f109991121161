import type { Currency } from '../core/money.js';
import type { BalanceSnapshot } from './types.js';

/**
 * Ledger accounts are named by deterministic ids, so posting never needs a lookup. The prefix says
 * what an account is; `normalSide` says which sign its balance is shown with.
 *
 * - cash:{cur}                  asset: money that payments moved in
 * - customer:{id}:wallet        liability: prepaid credit the customer paid for (not revenue yet)
 * - customer:{id}:promo         liability: credit granted for free (trial, promotion, goodwill)
 * - customer:{id}:receivable    asset: what a postpaid customer owes
 * - revenue:usage:{cur}         income: recognised revenue from usage paid with money or on account
 * - revenue:promotional:{cur}   income-like: usage paid with granted credit; reported apart, never as revenue
 * - promotions:{cur}            contra: the other side of granted credit
 * - deferred_revenue:{cur}      liability: fees invoiced for a period not yet over
 * - revenue:subscription:{cur}  income: fees earned as their period passes
 * - revenue:adjustments:{cur}   contra-income: credit notes
 * - tax_payable:{cur}           liability: tax invoiced, owed to the tax office
 * - rounding:{cur}              income: what rounding invoice totals to the cent added or took
 * - upstream:{id}:cost          expense: what serving cost the operator at that upstream
 * - upstream:{id}:payable       liability: what the operator owes that upstream
 */
export const account = {
  cash: (currency: Currency) => `cash:${currency}`,
  wallet: (customerId: string) => `customer:${customerId}:wallet`,
  promo: (customerId: string) => `customer:${customerId}:promo`,
  receivable: (customerId: string) => `customer:${customerId}:receivable`,
  usageRevenue: (currency: Currency) => `revenue:usage:${currency}`,
  promotionalUsage: (currency: Currency) => `revenue:promotional:${currency}`,
  promotions: (currency: Currency) => `promotions:${currency}`,
  deferredRevenue: (currency: Currency) => `deferred_revenue:${currency}`,
  subscriptionRevenue: (currency: Currency) => `revenue:subscription:${currency}`,
  includedUsage: (currency: Currency) => `revenue:included:${currency}`,
  adjustments: (currency: Currency) => `revenue:adjustments:${currency}`,
  taxPayable: (currency: Currency) => `tax_payable:${currency}`,
  rounding: (currency: Currency) => `rounding:${currency}`,
  upstreamCost: (upstreamId: string) => `upstream:${upstreamId}:cost`,
  upstreamPayable: (upstreamId: string) => `upstream:${upstreamId}:payable`,
} as const;

const DEBIT_NORMAL = [/^cash:/, /^customer:[^:]+:receivable$/, /^promotions:/, /^upstream:[^:]+:cost$/, /^revenue:adjustments:/];

/** +1 for accounts whose balance grows with debits (assets, expenses), −1 for the rest. */
export function normalSide(accountId: string): 1n | -1n {
  return DEBIT_NORMAL.some((pattern) => pattern.test(accountId)) ? 1n : -1n;
}

/** The balance people read: the signed sum of entries (debits positive) turned to the account's normal side. */
export function displayBalance(accountId: string, signedSumNanos: bigint): bigint {
  return signedSumNanos * normalSide(accountId);
}

export type CustomerAccountKind = 'wallet' | 'promo' | 'receivable';

/** The customer and kind of a customer account id, or null for any other account. */
export function customerAccount(accountId: string): { customerId: string; kind: CustomerAccountKind } | null {
  const match = /^customer:([^:]+):(wallet|promo|receivable)$/.exec(accountId);
  return match ? { customerId: match[1]!, kind: match[2] as CustomerAccountKind } : null;
}

/** The three accounts a customer's balance snapshot reads. */
export function customerBalanceAccounts(customerId: string): Record<CustomerAccountKind, string> {
  return { wallet: account.wallet(customerId), promo: account.promo(customerId), receivable: account.receivable(customerId) };
}

/** A customer's display balances from the signed sums of its accounts' entries (absent: none). */
export function balanceSnapshot(accounts: Record<CustomerAccountKind, string>, sums: ReadonlyMap<string, bigint>): BalanceSnapshot {
  const of = (id: string) => displayBalance(id, sums.get(id) ?? 0n);
  return { walletNanos: of(accounts.wallet), promoNanos: of(accounts.promo), receivableNanos: of(accounts.receivable) };
}
