import type pg from 'pg';
import type { Transfer } from '../ledger/types.js';
import type { LedgerWrite, LedgerWriter, Settlement, WriteResult } from '../ledger/writer.js';
import type { UsageEvent } from '../metering/types.js';
import { GroupCommit } from './group-commit.js';
import {
  entryColumns, entryValues, attemptColumns, attemptValues, holdColumns, holdValues, mergedRollupRows, rollups,
  transferColumns, transferValues, usageColumns, usageValues,
} from './ledger-rows.js';

type Value = string | number | bigint | null;

/**
 * The money writer on PostgreSQL: a batch is one transaction of multi-row statements (a handful
 * of round trips however many requests it settles), so many replicas' settlements commit cheaply.
 */
export class PostgresLedgerWriter implements LedgerWriter {
  private readonly queue = new GroupCommit<LedgerWrite, WriteResult>((items) => this.commit(items), 400);

  constructor(private readonly pool: pg.Pool) {}

  write(item: LedgerWrite): Promise<WriteResult> {
    return this.queue.submit(item);
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  private async commit(items: LedgerWrite[]): Promise<WriteResult[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const results = await this.applyBatch(client, items);
      await client.query('COMMIT');
      return results;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  private async applyBatch(client: pg.PoolClient, items: LedgerWrite[]): Promise<WriteResult[]> {
    const holds = items.flatMap((i) => (i.kind === 'hold' ? [holdValues(i.hold)] : []));
    await insertRows(client, 'holds', holdColumns, holds, '');

    const settlements = items.flatMap((i) => (i.kind === 'settle' ? [i.settlement] : []));
    const freshKeys = await this.claimChargeKeys(client, settlements);
    const chosen = new Map<Settlement, { transfer: Transfer | null; usage: UsageEvent; fresh: boolean }>();
    for (const s of settlements) {
      const fresh = s.chargeKey === null || freshKeys.get(s.chargeKey) === s.usage.requestId;
      chosen.set(s, { ...(fresh || !s.ifAlreadyCharged ? s : s.ifAlreadyCharged), fresh });
    }

    const transfers = items.flatMap((i) => (i.kind === 'transfer' ? [i.transfer] : i.kind === 'settle' && chosen.get(i.settlement)!.transfer ? [chosen.get(i.settlement)!.transfer!] : []));
    const posted = await this.postTransfers(client, transfers);

    const usages: UsageEvent[] = [];
    const results = items.map((item): WriteResult => {
      if (item.kind === 'hold') return { applied: true };
      if (item.kind === 'transfer') return { applied: posted.has(item.transfer) };
      const c = chosen.get(item.settlement)!;
      const applied = c.transfer === null || posted.has(c.transfer);
      usages.push(applied ? c.usage : { ...c.usage, revenueNanos: 0n, costNanos: 0n });
      return { applied: c.fresh && applied };
    });
    await insertRows(client, 'usage_events', usageColumns, usages.map(usageValues), 'ON CONFLICT DO NOTHING');
    await insertRows(client, 'upstream_attempts', attemptColumns, settlements.flatMap(attemptValues), 'ON CONFLICT DO NOTHING');
    await this.resolveHolds(client, settlements);
    await this.addToRollup(client, usages);
    return results;
  }

  /** Returns key → the request id that charged it in this batch (keys charged earlier are absent). */
  private async claimChargeKeys(client: pg.PoolClient, settlements: Settlement[]): Promise<Map<string, string>> {
    const rows = settlements.filter((s) => s.chargeKey !== null).map((s) => [s.chargeKey, s.usage.requestId, s.usage.createdAtMs] as Value[]);
    const result = await insertRows(client, 'charge_keys', ['key', 'request_id', 'created_at_ms'], rows, 'ON CONFLICT DO NOTHING RETURNING key, request_id');
    return new Map((result?.rows ?? []).map((r: { key: string; request_id: string }) => [r.key, r.request_id]));
  }

  /** Posts transfers whose id is new; a repeated id (earlier, or twice in this batch) posts once. */
  private async postTransfers(client: pg.PoolClient, transfers: Transfer[]): Promise<Set<Transfer>> {
    const firstById = new Map<string, Transfer>();
    for (const t of transfers) if (!firstById.has(t.id)) firstById.set(t.id, t);
    const unique = [...firstById.values()];
    const result = await insertRows(client, 'ledger_transfers', transferColumns, unique.map(transferValues), 'ON CONFLICT DO NOTHING RETURNING id');
    const newIds = new Set((result?.rows ?? []).map((r: { id: string }) => r.id));
    const posted = unique.filter((t) => newIds.has(t.id));
    await insertRows(client, 'ledger_entries', entryColumns, posted.flatMap(entryValues), '');
    return new Set(posted);
  }

  private async resolveHolds(client: pg.PoolClient, settlements: Settlement[]): Promise<void> {
    const rows = settlements.filter((s) => s.holdId).map((s) => [s.holdId, s.holdStatus, s.usage.createdAtMs] as Value[]);
    if (rows.length === 0) return;
    const { text, values } = valuesList(rows, ['text', 'text', 'bigint']);
    await client.query(
      `UPDATE holds SET status = v.status, resolved_at_ms = v.at FROM (VALUES ${text}) AS v(id, status, at) WHERE holds.id = v.id AND holds.status IN ('pending', 'expired')`,
      values,
    );
  }

  private async addToRollup(client: pg.PoolClient, usages: UsageEvent[]): Promise<void> {
    for (const rollup of rollups) await insertRows(client, rollup.table, rollup.columns, mergedRollupRows(usages, rollup), rollup.upsertSuffix);
  }
}

async function insertRows(client: pg.PoolClient, table: string, columns: string[], rows: Value[][], suffix: string): Promise<pg.QueryResult | null> {
  if (rows.length === 0) return null;
  const { text, values } = valuesList(rows);
  return client.query(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${text} ${suffix}`, values);
}

/** `($1, $2), ($3, $4)…` with optional casts, and the flat parameter list. */
function valuesList(rows: Value[][], casts?: string[]): { text: string; values: Value[] } {
  const values: Value[] = [];
  const text = rows
    .map((row) => `(${row.map((value, i) => {
      values.push(value);
      return casts ? `$${values.length}::${casts[i]}` : `$${values.length}`;
    }).join(', ')})`)
    .join(', ');
  return { text, values };
}
