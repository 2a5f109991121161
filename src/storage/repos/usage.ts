import { type ExpressionBuilder, type Kysely, type Selectable, sql } from 'kysely';
import { type Currency, toBigInt } from '../../core/money.js';
import type { AttemptQuery, AttemptSummaryRow, RollupQuery, RollupRow, UsageCursor, UsageFilter, UsageStore } from '../../metering/store.js';
import type { UsageEvent, UsageOutcome } from '../../metering/types.js';
import type { Database, UsageEventsTable } from '../schema.js';
import { num, numOrNull } from './rows.js';

const MINUTE_MS = 60_000;
type Sum = string | bigint | null;

/** Usage events and the hourly rollup, read on either dialect with portable SQL only. */
export class KyselyUsageStore implements UsageStore {
  constructor(private readonly db: Kysely<Database>) {}

  async listEvents(filter: UsageFilter, limit: number, before?: UsageCursor): Promise<UsageEvent[]> {
    const rows = await this.db
      .selectFrom('usageEvents')
      .selectAll()
      .where((eb) => eb.and([...eventConditions(eb, filter), ...(before ? [olderThan(eb, before)] : [])]))
      .orderBy('startedAtMs', 'desc')
      .orderBy('requestId', 'desc')
      .limit(limit)
      .execute();
    return rows.map(toEvent);
  }

  async getEvent(requestId: string): Promise<UsageEvent | null> {
    const row = await this.db.selectFrom('usageEvents').selectAll().where('requestId', '=', requestId).executeTakeFirst();
    return row ? toEvent(row) : null;
  }

  async failedAttempts(query: AttemptQuery): Promise<AttemptSummaryRow[]> {
    let q = this.db
      .selectFrom('upstreamAttempts as a')
      .leftJoin('usageEvents as e', 'e.requestId', 'a.requestId')
      .select((eb) => [
        'a.upstreamId',
        'a.outcome',
        'a.httpStatus',
        eb.fn.countAll<string | bigint>().as('attempts'),
        eb.fn.sum<Sum>(eb.case().when('e.outcome', '<>', 'failed').then(1).else(0).end()).as('rescued'),
        eb.fn.sum<Sum>('a.latencyMs').as('latencyMsSum'),
      ])
      .groupBy(['a.upstreamId', 'a.outcome', 'a.httpStatus'])
      .orderBy('a.upstreamId')
      .orderBy('a.outcome')
      .orderBy('a.httpStatus');
    if (query.fromMs !== undefined) q = q.where('a.startedAtMs', '>=', BigInt(query.fromMs));
    if (query.toMs !== undefined) q = q.where('a.startedAtMs', '<', BigInt(query.toMs));
    if (query.upstreamId !== undefined) q = q.where('a.upstreamId', '=', query.upstreamId);
    if (query.customerId !== undefined) q = q.where('a.customerId', '=', query.customerId);
    if (query.model !== undefined) q = q.where('a.model', '=', query.model);
    const rows = await q.execute();
    return rows.map((r) => ({
      upstreamId: r.upstreamId,
      outcome: r.outcome,
      httpStatus: numOrNull(r.httpStatus),
      attempts: num(r.attempts ?? 0),
      rescued: num(r.rescued ?? 0),
      latencyMsSum: num(r.latencyMsSum ?? 0),
    }));
  }

  async rollup(query: RollupQuery): Promise<RollupRow[]> {
    const bucket = bucketExpression(query);
    const has = (d: RollupQuery['dimensions'][number]) => query.dimensions.includes(d);
    const rows = await this.db
      .selectFrom('usageHourly')
      .select((eb) => [
        'upstreamId',
        'currency',
        eb.fn.sum<Sum>('requests').as('requests'),
        eb.fn.sum<Sum>('failedRequests').as('failedRequests'),
        eb.fn.sum<Sum>('promptTokens').as('promptTokens'),
        eb.fn.sum<Sum>('cachedPromptTokens').as('cachedPromptTokens'),
        eb.fn.sum<Sum>('completionTokens').as('completionTokens'),
        eb.fn.sum<Sum>('revenueNanos').as('revenueNanos'),
        eb.fn.sum<Sum>('costNanos').as('costNanos'),
        eb.fn.sum<Sum>('latencyMsSum').as('latencyMsSum'),
      ])
      .groupBy(['upstreamId', 'currency'])
      .$if(bucket !== null, (qb) => qb.select(bucket!.as('bucketStartMs')).groupBy(bucket!))
      .$if(has('customer'), (qb) => qb.select('customerId').groupBy('customerId'))
      .$if(has('key'), (qb) => qb.select('keyId').groupBy('keyId'))
      .$if(has('model'), (qb) => qb.select('model').groupBy('model'))
      .where((eb) => eb.and(rollupConditions(eb, query)))
      .execute();
    return rows.map((r) => ({
      bucketStartMs: r.bucketStartMs === undefined ? null : num(r.bucketStartMs),
      customerId: r.customerId ?? null,
      keyId: r.keyId ?? null,
      model: r.model ?? null,
      upstreamId: r.upstreamId === '' ? null : r.upstreamId,
      currency: r.currency as Currency,
      requests: toBigInt(r.requests),
      failedRequests: toBigInt(r.failedRequests),
      promptTokens: toBigInt(r.promptTokens),
      cachedPromptTokens: toBigInt(r.cachedPromptTokens),
      completionTokens: toBigInt(r.completionTokens),
      revenueNanos: toBigInt(r.revenueNanos),
      costNanos: toBigInt(r.costNanos),
      latencyMsSum: toBigInt(r.latencyMsSum),
    }));
  }

  async costCurrencies(): Promise<Map<string, Set<Currency>>> {
    const rows = await this.db.selectFrom('costCards').select(['upstreamId', 'card']).execute();
    const out = new Map<string, Set<Currency>>();
    for (const row of rows) {
      const currency = (JSON.parse(row.card) as { currency: Currency }).currency;
      out.set(row.upstreamId, (out.get(row.upstreamId) ?? new Set()).add(currency));
    }
    return out;
  }
}

/**
 * The start of each row's hour or local day, by integer arithmetic on hour_ms (integer division
 * on both dialects). The offset is a validated integer inlined as a literal, so the GROUP BY
 * expression is textually the same as the selected one, which PostgreSQL requires.
 */
function bucketExpression(query: RollupQuery) {
  if (query.bucket === 'hour') return sql<bigint>`hour_ms`;
  if (query.bucket === null) return null;
  if (!Number.isInteger(query.utcOffsetMinutes)) throw new RangeError('utcOffsetMinutes must be an integer');
  const offset = sql.lit(query.utcOffsetMinutes * MINUTE_MS);
  return sql<bigint>`((hour_ms + (${offset})) / 86400000) * 86400000 - (${offset})`;
}

function eventConditions(eb: ExpressionBuilder<Database, 'usageEvents'>, f: UsageFilter) {
  const out = [];
  if (f.requestId !== undefined) out.push(eb('requestId', '=', f.requestId));
  if (f.customerId !== undefined) out.push(eb('customerId', '=', f.customerId));
  if (f.keyId !== undefined) out.push(eb('keyId', '=', f.keyId));
  if (f.model !== undefined) out.push(eb('model', '=', f.model));
  if (f.upstreamId !== undefined) out.push(eb('upstreamId', '=', f.upstreamId));
  if (f.outcome !== undefined) out.push(eb('outcome', '=', f.outcome));
  if (f.fromMs !== undefined) out.push(eb('startedAtMs', '>=', BigInt(f.fromMs)));
  if (f.toMs !== undefined) out.push(eb('startedAtMs', '<', BigInt(f.toMs)));
  return out;
}

function olderThan(eb: ExpressionBuilder<Database, 'usageEvents'>, c: UsageCursor) {
  const at = BigInt(c.startedAtMs);
  return eb.or([eb('startedAtMs', '<', at), eb.and([eb('startedAtMs', '=', at), eb('requestId', '<', c.requestId)])]);
}

function rollupConditions(eb: ExpressionBuilder<Database, 'usageHourly'>, q: RollupQuery) {
  const out = [];
  if (q.customerId !== undefined) out.push(eb('customerId', '=', q.customerId));
  if (q.keyId !== undefined) out.push(eb('keyId', '=', q.keyId));
  if (q.model !== undefined) out.push(eb('model', '=', q.model));
  if (q.upstreamId !== undefined) out.push(eb('upstreamId', '=', q.upstreamId));
  if (q.fromMs !== undefined) out.push(eb('hourMs', '>=', BigInt(q.fromMs)));
  if (q.toMs !== undefined) out.push(eb('hourMs', '<', BigInt(q.toMs)));
  return out;
}

function toEvent(r: Selectable<UsageEventsTable>): UsageEvent {
  return {
    requestId: r.requestId,
    customerId: r.customerId,
    keyId: r.keyId,
    model: r.model,
    endpoint: r.endpoint,
    upstreamId: r.upstreamId,
    upstreamModel: r.upstreamModel,
    stream: num(r.stream) === 1,
    outcome: r.outcome as UsageOutcome,
    httpStatus: num(r.httpStatus),
    promptTokens: num(r.promptTokens),
    cachedPromptTokens: num(r.cachedPromptTokens),
    completionTokens: num(r.completionTokens),
    reasoningTokens: num(r.reasoningTokens),
    estimated: num(r.estimated) === 1,
    currency: r.currency as Currency,
    revenueNanos: toBigInt(r.revenueNanos),
    costCurrency: r.costCurrency as Currency | null,
    costNanos: toBigInt(r.costNanos),
    priceId: r.priceId,
    costCardId: r.costCardId,
    idempotencyKey: r.idempotencyKey,
    latencyMs: num(r.latencyMs),
    firstByteMs: numOrNull(r.firstByteMs),
    startedAtMs: num(r.startedAtMs),
    createdAtMs: num(r.createdAtMs),
    promoNanos: toBigInt(r.promoNanos),
    includedNanos: toBigInt(r.includedNanos),
    includedTokens: num(r.includedTokens),
    subscriptionId: r.subscriptionId,
    planId: r.planId,
    discountBps: num(r.discountBps),
  };
}
