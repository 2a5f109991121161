import type { Entry, Transfer } from './types.js';

/** Why a transfer does not balance, or null when its entries sum to zero in every currency (checked before credit movements and billing transfers are posted; usage transfers balance by construction). */
export function unbalanced(transfer: Transfer): string | null {
  for (const [currency, sum] of sumsByCurrency(transfer.entries)) {
    if (sum !== 0n) return `transfer ${transfer.id} does not balance in ${currency}: entries sum to ${sum}`;
  }
  return null;
}

/** Σ entries per currency; every value is zero in a sound ledger (the trial balance). */
export function sumsByCurrency(entries: Iterable<Pick<Entry, 'currency' | 'amountNanos'>>): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const entry of entries) sums.set(entry.currency, (sums.get(entry.currency) ?? 0n) + entry.amountNanos);
  return sums;
}
