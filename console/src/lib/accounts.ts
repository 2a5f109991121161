import type { MessageKey } from '../i18n/en.js';

/**
 * What a ledger account is, from its id (`customer:cus_1:wallet`, `revenue:usage:USD`,
 * `upstream:ups_1:cost`…): finance people read "Prepaid credit", not the id.
 */
const kinds: [RegExp, MessageKey][] = [
  [/^cash:/, 'account.cash'],
  [/^customer:[^:]+:wallet$/, 'account.wallet'],
  [/^customer:[^:]+:promo$/, 'account.promo'],
  [/^customer:[^:]+:receivable$/, 'account.receivable'],
  [/^revenue:usage:/, 'account.usageRevenue'],
  [/^revenue:promotional:/, 'account.promotionalUsage'],
  [/^revenue:subscription:/, 'account.subscriptionRevenue'],
  [/^revenue:included:/, 'account.includedUsage'],
  [/^revenue:adjustments:/, 'account.adjustments'],
  [/^promotions:/, 'account.promotions'],
  [/^deferred_revenue:/, 'account.deferredRevenue'],
  [/^tax_payable:/, 'account.taxPayable'],
  [/^rounding:/, 'account.rounding'],
  [/^upstream:[^:]+:cost$/, 'account.upstreamCost'],
  [/^upstream:[^:]+:payable$/, 'account.upstreamPayable'],
];

export function accountLabel(accountId: string): MessageKey | null {
  return kinds.find(([pattern]) => pattern.test(accountId))?.[1] ?? null;
}
