import { createHash } from 'node:crypto';
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
 * The money writer on PostgreSQL: a batch is one transaction of multi-row statements (at most six
 * round trips however many requests it settles; one for a batch of holds alone), so many
 * replicas' settlements commit cheaply.
 */
export class PostgresLedgerWriter implements LedgerWriter {
  private readonly queue = new GroupCommit<LedgerWrite, WriteResult>((items) => this.commitOrFallBack(items), 400);
  /** Whether small batches run as named prepared statements (see `Statement.run`). */
  private prepare = true;

  /** `onUnnamed` hears once that named statements were refused and are no longer used. */
  constructor(
    private readonly pool: pg.Pool,
    private readonly onUnnamed: (reason: string) => void = () => undefined,
  ) {}

  write(item: LedgerWrite): Promise<WriteResult> {
    return this.queue.submit(item);
  }

  close(): Promise<void> {
    return this.queue.close();
  }

  /**
   * A connection pooler in transaction mode (PgBouncer before 1.21, or without
   * `max_prepared_statements`) hands each transaction to any server connection, where a statement
   * this client prepared is missing or another client's is in the way. Such a batch failed before
   * anything was applied (it rolled back), so it runs again with unnamed statements, as does every
   * later one.
   */
  private async commitOrFallBack(items: LedgerWrite[]): Promise<WriteResult[]> {
    try {
      return await this.commit(items);
    } catch (error) {
      if (!this.prepare || !isPreparedStatementMismatch(error)) throw error;
      this.prepare = false;
      this.onUnnamed((error as Error).message);
      return this.commit(items);
    }
  }

  private async commit(items: LedgerWrite[]): Promise<WriteResult[]> {
    const client = await this.pool.connect();
    try {
      // Holds alone are one statement, atomic by itself: no BEGIN and COMMIT round trips.
      if (items.every((i) => i.kind === 'hold')) {
        const holds = holdsStatement(items);
        await holds.run(client, holds.joined(), this.prepare);
        return items.map(() => ({ applied: true }));
      }
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

  /**
   * Four round trips at most besides BEGIN and COMMIT, however many requests the batch settles:
   * charge keys (only with Idempotency-Keys), transfers with their entries, usage events, then
   * everything else (new holds, failed attempts, resolved holds, both rollups).
   */
  private async applyBatch(client: pg.PoolClient, items: LedgerWrite[]): Promise<WriteResult[]> {
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
    const recorded = await this.recordUsage(client, usages);
    const rest = holdsStatement(items);
    rest.insert('upstream_attempts', attemptColumns, settlements.flatMap(attemptValues), 'ON CONFLICT DO NOTHING');
    const resolved = settlements.filter((s) => s.holdId).map((s) => [s.holdId, s.holdStatus, s.usage.createdAtMs] as Value[]);
    if (resolved.length > 0) {
      rest.add(
        `UPDATE holds SET status = v.status, resolved_at_ms = v.at FROM (VALUES ${rest.rows(resolved, ['text', 'text', 'bigint'])}) AS v(id, status, at) WHERE holds.id = v.id AND holds.status IN ('pending', 'expired')`,
      );
    }
    for (const rollup of rollups) rest.insert(rollup.table, rollup.columns, mergedRollupRows(recorded, rollup), rollup.upsertSuffix);
    if (!rest.empty) await rest.run(client, rest.joined(), this.prepare);
    return results;
  }

  /**
   * The usage events that are new: a request id already recorded (a batch replayed after a commit
   * whose answer was lost) must not add to the rollups twice.
   */
  private async recordUsage(client: pg.PoolClient, usages: UsageEvent[]): Promise<UsageEvent[]> {
    if (usages.length === 0) return [];
    const insert = new Statement();
    const sql = `INSERT INTO usage_events (${usageColumns.join(', ')}) VALUES ${insert.rows(usages.map(usageValues))} ON CONFLICT DO NOTHING RETURNING request_id`;
    const result = await insert.run<{ request_id: string }>(client, sql, this.prepare);
    const fresh = new Set(result.rows.map((r) => r.request_id));
    return usages.filter((u) => fresh.has(u.requestId));
  }

  /** Returns key → the request id that charged it in this batch (keys charged earlier are absent). */
  private async claimChargeKeys(client: pg.PoolClient, settlements: Settlement[]): Promise<Map<string, string>> {
    const rows = settlements.filter((s) => s.chargeKey !== null).map((s) => [s.chargeKey, s.usage.requestId, s.usage.createdAtMs] as Value[]);
    if (rows.length === 0) return new Map();
    const claim = new Statement();
    const sql = `INSERT INTO charge_keys (key, request_id, created_at_ms) VALUES ${claim.rows(rows)} ON CONFLICT DO NOTHING RETURNING key, request_id`;
    const result = await claim.run<{ key: string; request_id: string }>(client, sql, this.prepare);
    return new Map(result.rows.map((r) => [r.key, r.request_id]));
  }

  /** Posts transfers whose id is new; a repeated id (earlier, or twice in this batch) posts once. */
  private async postTransfers(client: pg.PoolClient, transfers: Transfer[]): Promise<Set<Transfer>> {
    const firstById = new Map<string, Transfer>();
    for (const t of transfers) if (!firstById.has(t.id)) firstById.set(t.id, t);
    const unique = [...firstById.values()];
    if (unique.length === 0) return new Set();
    // The entries of the transfers this statement inserted (w1), none of those that existed already.
    const post = new Statement();
    post.add(`INSERT INTO ledger_transfers (${transferColumns.join(', ')}) VALUES ${post.rows(unique.map(transferValues))} ON CONFLICT DO NOTHING RETURNING id`);
    const entries = unique.flatMap(entryValues);
    if (entries.length > 0) {
      post.add(
        `INSERT INTO ledger_entries (${entryColumns.join(', ')}) SELECT * FROM (VALUES ${post.rows(entries, entryCasts)}) AS v (${entryColumns.join(', ')}) WHERE v.transfer_id IN (SELECT id FROM w1)`,
      );
    }
    const result = await post.run<{ id: string }>(client, post.joined('SELECT id FROM w1'), this.prepare);
    const newIds = new Set(result.rows.map((r) => r.id));
    return new Set(unique.filter((t) => newIds.has(t.id)));
  }
}

/** Up to about three settlements a batch: see `Statement.run`. */
const PREPARED_MAX_VALUES = 160;

/** The SQL types of `entryColumns`: a VALUES list outside an INSERT has no column types to infer them from. */
const entryCasts = ['text', 'bigint', 'text', 'text', 'bigint', 'bigint'];

/**
 * Writes joined into one statement (`WITH w1 AS (…), w2 AS (…) SELECT …`), their parameters
 * numbered in one list: one round trip to PostgreSQL for many writes, atomic together. Every
 * sub-statement runs, whether the final SELECT reads it or not; they see the database as it was
 * before the statement, so none may depend on another's rows except through RETURNING (w1 …).
 * PostgreSQL takes at most 65 535 parameters a statement; by the column counts, the largest of a
 * 400-item batch is the last (both rollups 36 a settlement, its hold 3, a failed attempt 10):
 * 19 600 for 400 settlements with one failed attempt each.
 */
class Statement {
  readonly values: Value[] = [];
  private readonly parts: string[] = [];

  get empty(): boolean {
    return this.parts.length === 0;
  }

  add(sql: string): void {
    this.parts.push(sql);
  }

  insert(table: string, columns: string[], rows: Value[][], suffix: string): void {
    if (rows.length > 0) this.add(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${this.rows(rows)} ${suffix}`);
  }

  /** `($1, $2), ($3, $4)…` with optional casts; the values join the statement's list. */
  rows(rows: Value[][], casts?: string[]): string {
    return rows
      .map((row) => `(${row.map((value, i) => {
        this.values.push(value);
        return casts ? `$${this.values.length}::${casts[i]}` : `$${this.values.length}`;
      }).join(', ')})`)
      .join(', ');
  }

  /** The sub-statements joined: `WITH w1 AS (…), w2 AS (…) <select>`. */
  joined(select = 'SELECT 1'): string {
    return `WITH ${this.parts.map((sql, i) => `w${i + 1} AS (${sql})`).join(', ')} ${select}`;
  }

  /**
   * Runs `text` with this statement's values. PostgreSQL parses and plans an unnamed statement
   * every time (about 150 µs of a 500 µs one-row insert on the benchmark VM). Small batches, the
   * ones of light load where latency shows, repeat a few shapes: they run as named prepared
   * statements, which each connection prepares once. Larger ones have many shapes and stay
   * unnamed, so no connection keeps plans without bound. `prepare` false: always unnamed.
   */
  run<R extends pg.QueryResultRow>(client: pg.PoolClient, text: string, prepare: boolean): Promise<pg.QueryResult<R>> {
    const name = prepare && this.values.length <= PREPARED_MAX_VALUES ? `tg_${createHash('sha1').update(text).digest('hex').slice(0, 24)}` : undefined;
    return client.query<R>({ text, values: this.values, ...(name ? { name } : {}) });
  }
}

/** SQLSTATE 26000 (no such prepared statement) or 42P05 (one of that name exists already). */
function isPreparedStatementMismatch(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '26000' || code === '42P05';
}

/** A statement that starts with the batch's new holds. */
function holdsStatement(items: LedgerWrite[]): Statement {
  const statement = new Statement();
  statement.insert('holds', holdColumns, items.flatMap((i) => (i.kind === 'hold' ? [holdValues(i.hold)] : [])), '');
  return statement;
}
