import type { Entry, Transfer } from './types.js';

/**
 * Throws unless the transfer's entries sum to zero in every currency: an unbalanced transfer is a
 * bug, never input. Checked before credit movements, billing and GPU-hour transfers are posted;
 * usage transfers balance by construction (and off the request path this check stays cheap).
 */
export function assertBalanced(transfer: Transfer): void {
  for (const [currency, sum] of sumsByCurrency(transfer.entries)) {
    if (sum !== 0n) throw new Error(`refusing to post an unbalanced transfer: transfer ${transfer.id} does not balance in ${currency}: entries sum to ${sum}`);
  }
}

/** Σ entries per currency; every value is zero in a sound ledger (the trial balance). */
export function sumsByCurrency(entries: Iterable<Pick<Entry, 'currency' | 'amountNanos'>>): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const entry of entries) sums.set(entry.currency, (sums.get(entry.currency) ?? 0n) + entry.amountNanos);
  return sums;
}
