import type { Clock } from '../core/clock.js';
import { balanceSnapshot, customerBalanceAccounts } from './accounts.js';
import type { BalanceSource } from './credit-guard.js';
import type { LedgerStore } from './store.js';
import type { BalanceSnapshot } from './types.js';

/**
 * How long after the date it carries an entry has surely committed, so that a sum of entries
 * dated before then never changes. Entries are dated by their poster's clock when posted and
 * commit within moments. On SQLite every poster is on this machine and commits in the same or
 * the next turn of its event loop; on PostgreSQL replicas' clocks differ a little and a batch can
 * be replayed after an answer was lost.
 */
export const SETTLED_AFTER_MS = { sqlite: 5_000, postgres: 60_000 } as const;

interface Settled {
  /** Sums of entries dated before `beforeMs`: final. */
  sums: Map<string, bigint>;
  beforeMs: number;
}

/**
 * A customer's balances for the credit guard, which rereads them every couple of seconds to see
 * money moved elsewhere (the CLI, another replica). Summing every entry each time costs as much as
 * the customer's whole history, and on SQLite blocks the event loop while it runs (tens of
 * milliseconds after a few hundred thousand requests). Here the entries older than
 * `settledAfterMs` are summed once and then carried forward, so a reread only reads the entries
 * of the last few seconds (SQLite) or minute (PostgreSQL), through the (account, date) index: its
 * cost follows the customer's recent rate, not its history.
 *
 * The one assumption: no entry commits later than `settledAfterMs` after the date it carries
 * (true of every poster in Tollgate, which dates entries with its clock at posting). One that did
 * would be missing from this process's credit checks, never from the ledger or `verify`.
 */
export class IncrementalBalances implements BalanceSource {
  private readonly settled = new Map<string, Settled>();
  /** One read at a time per customer: two that overlapped would both carry the same entries forward. */
  private readonly reading = new Map<string, Promise<BalanceSnapshot>>();

  constructor(
    private readonly store: Pick<LedgerStore, 'sumEntries'>,
    private readonly clock: Clock,
    private readonly settledAfterMs: number,
  ) {}

  balances(customerId: string): Promise<BalanceSnapshot> {
    const previous = this.reading.get(customerId) ?? Promise.resolve(null);
    const next = previous.catch(() => null).then(() => this.read(customerId));
    this.reading.set(customerId, next);
    void next.finally(() => {
      if (this.reading.get(customerId) === next) this.reading.delete(customerId);
    }).catch(() => undefined);
    return next;
  }

  private async read(customerId: string): Promise<BalanceSnapshot> {
    const accounts = customerBalanceAccounts(customerId);
    const ids = Object.values(accounts);
    const beforeMs = this.clock.nowMs() - this.settledAfterMs;
    let settled = this.settled.get(customerId);
    if (!settled) {
      settled = { sums: await this.store.sumEntries(ids, { toMs: beforeMs }), beforeMs };
      this.settled.set(customerId, settled);
    } else if (beforeMs > settled.beforeMs) {
      const carried = await this.store.sumEntries(ids, { fromMs: settled.beforeMs, toMs: beforeMs });
      for (const [id, sum] of carried) settled.sums.set(id, (settled.sums.get(id) ?? 0n) + sum);
      settled.beforeMs = beforeMs;
    }
    const recent = await this.store.sumEntries(ids, { fromMs: settled.beforeMs });
    const total = new Map(settled.sums);
    for (const [id, sum] of recent) total.set(id, (total.get(id) ?? 0n) + sum);
    return balanceSnapshot(accounts, total);
  }
}
