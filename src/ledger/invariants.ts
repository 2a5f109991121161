import type { Entry, Transfer } from './types.js';

/** Why a transfer may not be posted, or null when it is sound. */
export function transferProblem(transfer: Transfer): string | null {
  if (transfer.entries.length === 0) return `transfer ${transfer.id} has no entries`;
  for (const entry of transfer.entries) {
    if (entry.amountNanos === 0n) return `transfer ${transfer.id} has a zero entry on ${entry.accountId}`;
  }
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
