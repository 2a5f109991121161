import type Database from 'better-sqlite3';
import type { LedgerWrite, LedgerWriter, Settlement, WriteResult } from '../ledger/writer.js';
import type { Transfer } from '../ledger/types.js';
import type { UsageEvent } from '../metering/types.js';
import { GroupCommit } from './group-commit.js';
import {
  entryColumns, entryValues, attemptColumns, attemptValues, holdColumns, holdValues, mergedRollupRows, rollups,
  transferColumns, transferValues, usageColumns, usageValues,
} from './ledger-rows.js';

const placeholders = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;

/**
 * The money writer on SQLite: every batch is one `BEGIN IMMEDIATE … COMMIT` of prepared
 * statements. better-sqlite3 is synchronous, so a batch never interleaves with another.
 */
export class SqliteLedgerWriter implements LedgerWriter {
  private readonly queue: GroupCommit<LedgerWrite, WriteResult>;
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      hold: db.prepare(`INSERT INTO holds (${holdColumns.join(', ')}) VALUES ${placeholders(holdColumns.length)}`),
      resolveHold: db.prepare(`UPDATE holds SET status = ?, resolved_at_ms = ? WHERE id = ? AND status IN ('pending', 'expired')`),
      chargeKey: db.prepare('INSERT INTO charge_keys (key, request_id, created_at_ms) VALUES (?, ?, ?) ON CONFLICT DO NOTHING'),
      transfer: db.prepare(`INSERT INTO ledger_transfers (${transferColumns.join(', ')}) VALUES ${placeholders(transferColumns.length)} ON CONFLICT DO NOTHING`),
      entry: db.prepare(`INSERT INTO ledger_entries (${entryColumns.join(', ')}) VALUES ${placeholders(entryColumns.length)}`),
      usage: db.prepare(`INSERT INTO usage_events (${usageColumns.join(', ')}) VALUES ${placeholders(usageColumns.length)} ON CONFLICT DO NOTHING`),
      attempt: db.prepare(`INSERT INTO upstream_attempts (${attemptColumns.join(', ')}) VALUES ${placeholders(attemptColumns.length)} ON CONFLICT DO NOTHING`),
    };
    const rollupStatements = rollups.map((r) => ({ rollup: r, upsert: db.prepare(`INSERT INTO ${r.table} (${r.columns.join(', ')}) VALUES ${placeholders(r.columns.length)} ${r.upsertSuffix}`) }));
    const commit = db.transaction((items: LedgerWrite[]) => {
      const usages: UsageEvent[] = [];
      const results = items.map((item) => this.apply(item, usages));
      for (const { rollup, upsert } of rollupStatements) for (const row of mergedRollupRows(usages, rollup)) upsert.run(...row);
      return results;
    });
    this.queue = new GroupCommit((items) => commit.immediate(items));
  }

  write(item: LedgerWrite): Promise<WriteResult> {
    return this.queue.submit(item);
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private apply(item: LedgerWrite, usages: UsageEvent[]): WriteResult {
    switch (item.kind) {
      case 'hold':
        this.stmt.hold.run(...holdValues(item.hold));
        return { applied: true };
      case 'transfer':
        return { applied: this.postTransfer(item.transfer) };
      case 'settle':
        return this.settle(item.settlement, usages);
    }
  }

  /** Records one settlement; its rollup row joins the batch's, written once per key at commit. */
  private settle(s: Settlement, usages: UsageEvent[]): WriteResult {
    const fresh = s.chargeKey === null || this.stmt.chargeKey.run(s.chargeKey, s.usage.requestId, s.usage.createdAtMs).changes === 1;
    const chosen = fresh || !s.ifAlreadyCharged ? s : s.ifAlreadyCharged;
    const applied = chosen.transfer ? this.postTransfer(chosen.transfer) : true;
    const usage = applied ? chosen.usage : { ...chosen.usage, revenueNanos: 0n, costNanos: 0n };
    // A request id already recorded adds nothing to the rollups: the PostgreSQL writer's rule too,
    // where a batch can be replayed after a commit whose answer was lost.
    if (this.stmt.usage.run(...usageValues(usage)).changes === 1) usages.push(usage);
    for (const row of attemptValues(s)) this.stmt.attempt.run(...row);
    if (s.holdId) this.stmt.resolveHold.run(s.holdStatus, usage.createdAtMs, s.holdId);
    return { applied: fresh && applied };
  }

  private postTransfer(transfer: Transfer): boolean {
    if (this.stmt.transfer.run(...transferValues(transfer)).changes === 0) return false;
    for (const row of entryValues(transfer)) this.stmt.entry.run(...row);
    return true;
  }
}
