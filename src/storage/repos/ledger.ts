import { type Kysely, sql } from 'kysely';
import { balanceSnapshot, customerBalanceAccounts } from '../../ledger/accounts.js';
import type { InvariantCheck, LedgerStore, UnbilledCost } from '../../ledger/store.js';
import type { BalanceSnapshot, Transfer, TransferKind } from '../../ledger/types.js';
import { type Currency, toBigInt } from '../../core/money.js';
import { rollupSumColumns } from '../ledger-rows.js';
import type { Database } from '../schema.js';
import { num } from './rows.js';

/** Holds this long past their expiry are a broken invariant (the sweeper runs every minute). */
const HOLD_GRACE_MS = 5 * 60_000;

export class KyselyLedgerStore implements LedgerStore {
  constructor(private readonly db: Kysely<Database>) {}

  async balances(customerId: string): Promise<BalanceSnapshot> {
    const accounts = customerBalanceAccounts(customerId);
    return balanceSnapshot(accounts, await this.sumEntries(Object.values(accounts), {}));
  }

  async sumEntries(accountIds: string[], range: { fromMs?: number; toMs?: number }): Promise<Map<string, bigint>> {
    // The (account_id, created_at_ms) index answers a dated range without reading older entries.
    let query = this.db
      .selectFrom('ledgerEntries')
      .select(['accountId', (eb) => eb.fn.sum<string | bigint>('amountNanos').as('total')])
      .where('accountId', 'in', accountIds);
    if (range.fromMs !== undefined) query = query.where('createdAtMs', '>=', BigInt(range.fromMs));
    if (range.toMs !== undefined) query = query.where('createdAtMs', '<', BigInt(range.toMs));
    const rows = await query.groupBy('accountId').execute();
    return new Map(rows.map((r) => [r.accountId, toBigInt(r.total ?? 0n)]));
  }

  async getTransfer(id: string): Promise<Transfer | null> {
    return (await this.withEntries(await this.db.selectFrom('ledgerTransfers').selectAll().where('id', '=', id).execute()))[0] ?? null;
  }

  async listTransfers(filter: { customerId?: string; limit: number; beforeMs?: number }): Promise<Transfer[]> {
    let query = this.db.selectFrom('ledgerTransfers').selectAll().orderBy('createdAtMs', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
    if (filter.beforeMs !== undefined) query = query.where('createdAtMs', '<', BigInt(filter.beforeMs));
    return this.withEntries(await query.execute());
  }

  async expireHolds(nowMs: number): Promise<number> {
    const result = await this.db
      .updateTable('holds')
      .set({ status: 'expired', resolvedAtMs: nowMs })
      .where('status', '=', 'pending')
      .where('expiresAtMs', '<=', BigInt(nowMs))
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async unbilledCost(): Promise<UnbilledCost[]> {
    const rows = await this.db
      .selectFrom('holds')
      .select(['upstreamId', (eb) => eb.fn.countAll<bigint>().as('holds'), (eb) => eb.fn.sum<string | bigint>('costEstimateNanos').as('cost')])
      .where('status', '=', 'expired')
      .groupBy('upstreamId')
      .execute();
    return rows.map((r) => ({ upstreamId: r.upstreamId, holds: num(r.holds), costEstimateNanos: toBigInt(r.cost) }));
  }

  async checkInvariants(nowMs: number): Promise<InvariantCheck[]> {
    return [
      await this.trialBalance(),
      await this.transfersBalance(),
      await this.usageMatchesLedger(),
      await this.costMatchesLedger(),
      await this.rollupMatchesEvents(),
      await this.dailyMatchesHourly(),
      await this.noStaleHolds(nowMs),
    ];
  }

  private async trialBalance(): Promise<InvariantCheck> {
    const rows = await sql<{ currency: string; total: string | bigint }>`select currency, sum(amount_nanos) as total from ledger_entries group by currency`.execute(this.db);
    const off = rows.rows.filter((r) => toBigInt(r.total) !== 0n);
    return check('trial balance is zero in every currency', off.length === 0, off.map((r) => `${r.currency}: ${r.total}`).join(', '), `balanced in ${rows.rows.map((r) => r.currency).join(', ') || 'no currency yet'}`);
  }

  private async transfersBalance(): Promise<InvariantCheck> {
    const rows = await sql<{ transferId: string }>`
      select transfer_id from ledger_entries group by transfer_id, currency having sum(amount_nanos) <> 0 limit 10`.execute(this.db);
    return check('every transfer balances', rows.rows.length === 0, `unbalanced: ${rows.rows.map((r) => r.transferId).join(', ')}`, 'all transfers sum to zero');
  }

  /** What usage events say customers were charged equals what usage transfers took from them. */
  private async usageMatchesLedger(): Promise<InvariantCheck> {
    const rows = await sql<{ customerId: string; events: string | bigint | null; ledger: string | bigint | null }>`
      with e as (select customer_id, sum(revenue_nanos) as total from usage_events group by customer_id),
           l as (select t.customer_id, sum(en.amount_nanos) as total from ledger_transfers t
                 join ledger_entries en on en.transfer_id = t.id
                 where t.kind = 'usage' and en.account_id like 'customer:%' group by t.customer_id)
      select coalesce(e.customer_id, l.customer_id) as customer_id, e.total as events, l.total as ledger
      from e full outer join l on l.customer_id = e.customer_id`.execute(this.db).catch(() => this.usageMatchesLedgerWithoutFullJoin());
    const off = rows.rows.filter((r) => toBigInt(r.events) !== toBigInt(r.ledger));
    return check('usage events equal the usage posted to customers', off.length === 0, off.slice(0, 5).map((r) => `${r.customerId}: events ${r.events ?? 0}, ledger ${r.ledger ?? 0}`).join('; '), `${rows.rows.length} customers`);
  }

  /** SQLite before 3.39 has no FULL OUTER JOIN; a union of both sides gives the same rows. */
  private usageMatchesLedgerWithoutFullJoin() {
    return sql<{ customerId: string; events: string | bigint | null; ledger: string | bigint | null }>`
      select customer_id, sum(events) as events, sum(ledger) as ledger from (
        select customer_id, revenue_nanos as events, 0 as ledger from usage_events
        union all
        select t.customer_id, 0, en.amount_nanos from ledger_transfers t join ledger_entries en on en.transfer_id = t.id
        where t.kind = 'usage' and en.account_id like 'customer:%'
      ) group by customer_id`.execute(this.db);
  }

  private async costMatchesLedger(): Promise<InvariantCheck> {
    const events = await sql<{ total: string | bigint | null }>`select sum(cost_nanos) as total from usage_events`.execute(this.db);
    const ledger = await sql<{ total: string | bigint | null }>`
      select sum(en.amount_nanos) as total from ledger_transfers t join ledger_entries en on en.transfer_id = t.id
      where t.kind = 'usage' and en.account_id like 'upstream:%:cost'`.execute(this.db);
    const a = toBigInt(events.rows[0]?.total ?? 0n);
    const b = toBigInt(ledger.rows[0]?.total ?? 0n);
    return check('usage cost equals the upstream cost posted', a === b, `events ${a}, ledger ${b}`, `${a} nanos`);
  }

  /** Every rollup row equals the sum of its hour's events, column by column (the union of both sides, negated, sums to zero). */
  private async rollupMatchesEvents(): Promise<InvariantCheck> {
    const sums = rollupSumColumns;
    const keys = 'hour_ms, customer_id, key_id, model, upstream_id, plan_id, currency, cost_currency';
    const fromEvents = [
      "case when outcome = 'failed' then 0 else -1 end",
      "case when outcome = 'failed' then -1 else 0 end",
      '-prompt_tokens', '-cached_prompt_tokens', '-completion_tokens', '-revenue_nanos', '-promo_nanos', '-included_nanos', '-cost_nanos', '-latency_ms',
    ];
    const n = await this.rowsThatDiffer(keys, `select ${keys}, ${sums.join(', ')} from usage_hourly`, `
      select (started_at_ms / 3600000) * 3600000, customer_id, key_id, model, coalesce(upstream_id, ''), coalesce(plan_id, ''), currency,
             coalesce(cost_currency, currency), ${fromEvents.join(', ')} from usage_events`);
    return check('hourly rollups equal the sum of usage events', n === 0, `${n} rollup rows differ`, 'all rollup rows match');
  }

  /** Every daily rollup row equals the sum of its day's hourly rows (both are written in the same transaction). */
  private async dailyMatchesHourly(): Promise<InvariantCheck> {
    const sums = rollupSumColumns;
    const keys = 'day_ms, customer_id, key_id, model, upstream_id, plan_id, currency, cost_currency';
    const n = await this.rowsThatDiffer(keys, `select ${keys}, ${sums.join(', ')} from usage_daily`, `
      select (hour_ms / 86400000) * 86400000, customer_id, key_id, model, upstream_id, plan_id, currency, cost_currency,
             ${sums.map((c) => `-${c}`).join(', ')} from usage_hourly`);
    return check('daily rollups equal the sum of hourly rollups', n === 0, `${n} daily rows differ`, 'all daily rows match');
  }

  /** Keys where a rollup (its key columns, then its sums) and the negated sums of its source do not add up to zero. */
  private async rowsThatDiffer(keys: string, rollup: string, negatedSource: string): Promise<number> {
    const query = `
      select count(*) as n from (
        select ${keys} from (${rollup} union all ${negatedSource}) both_sides
        group by ${keys}
        having ${rollupSumColumns.map((c) => `sum(${c}) <> 0`).join(' or ')}
      ) mismatches`;
    const rows = await sql<{ n: string | bigint }>`${sql.raw(query)}`.execute(this.db);
    return num(rows.rows[0]?.n ?? 0);
  }

  private async noStaleHolds(nowMs: number): Promise<InvariantCheck> {
    const row = await this.db
      .selectFrom('holds')
      .select((eb) => eb.fn.countAll<bigint>().as('n'))
      .where('status', '=', 'pending')
      .where('expiresAtMs', '<', BigInt(nowMs - HOLD_GRACE_MS))
      .executeTakeFirstOrThrow();
    const n = num(row.n);
    return check('no hold outlives its expiry', n === 0, `${n} pending holds expired more than 5 minutes ago`, 'none pending past expiry');
  }

  private async withEntries(rows: { id: string; kind: string; currency: string; customerId: string | null; requestId: string | null; memo: string | null; createdAtMs: bigint }[]): Promise<Transfer[]> {
    if (rows.length === 0) return [];
    const entries = await this.db.selectFrom('ledgerEntries').selectAll().where('transferId', 'in', rows.map((r) => r.id)).orderBy('line').execute();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind as TransferKind,
      currency: r.currency as Currency,
      customerId: r.customerId,
      requestId: r.requestId,
      memo: r.memo,
      createdAtMs: num(r.createdAtMs),
      entries: entries.filter((e) => e.transferId === r.id).map((e) => ({ accountId: e.accountId, currency: e.currency as Currency, amountNanos: toBigInt(e.amountNanos) })),
    }));
  }
}

function check(name: string, ok: boolean, failure: string, success: string): InvariantCheck {
  return { name, ok, detail: ok ? success : failure };
}
