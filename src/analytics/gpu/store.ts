import { type Kysely, sql, type Transaction } from 'kysely';
import { decimalString } from '../../core/money.js';
import { account } from '../../ledger/accounts.js';
import type { Transfer } from '../../ledger/types.js';
import { allocateGpuHour, gpuHourCapacity, gpuHourCostNanos } from '../../pricing/cost-card.js';
import { costCardFromJson } from '../../pricing/codec.js';
import type { GpuAllocation } from '../../pricing/types.js';
import { postTransferTx } from '../../storage/repos/ledger-tx.js';
import type { Database } from '../../storage/schema.js';
import type { StoredCostCard } from '../../upstreams/cost-cards.js';
import { big, chunks, count } from '../profit/amounts.js';
import { allocationKeyOf, type GpuCard, HOUR_MS } from './hours.js';

export async function loadCostCards(db: Kysely<Database>): Promise<StoredCostCard[]> {
  const rows = await db.selectFrom('costCards').selectAll().orderBy('upstreamId').orderBy('effectiveFromMs').execute();
  return rows.map((r) => ({
    id: r.id,
    upstreamId: r.upstreamId,
    upstreamModel: r.upstreamModel,
    effectiveFromMs: count(r.effectiveFromMs),
    card: costCardFromJson(JSON.parse(r.card) as Record<string, unknown>),
    createdAtMs: count(r.createdAtMs),
  }));
}

export async function upstreamsCreatedAt(db: Kysely<Database>, ids: readonly string[]): Promise<Map<string, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('upstreams').select(['id', 'createdAtMs']).where('id', 'in', [...ids]).execute();
  return new Map(rows.map((r) => [r.id, count(r.createdAtMs)]));
}

export async function allocatedHours(db: Kysely<Database>, upstreamId: string): Promise<Set<number>> {
  const rows = await db.selectFrom('gpuAllocations').select('hourMs').where('upstreamId', '=', upstreamId).execute();
  return new Set(rows.map((r) => count(r.hourMs)));
}

/**
 * Allocates one ended hour of a GPU upstream in one transaction: claims the hour (so replicas
 * and reruns do it once), shares its cost among the hour's usage per customer, key and model,
 * stores the parts and the idle rest, and posts the whole hour cost to the ledger. False when the
 * hour was allocated already. Nothing but this transaction's own queries is awaited inside it,
 * so on SQLite the ledger writer's batches (same connection) cannot interleave.
 */
export async function allocateHour(db: Kysely<Database>, upstreamId: string, hourMs: number, stored: GpuCard, nowMs: number): Promise<boolean> {
  const card = stored.card;
  const key = allocationKeyOf(card);
  const hourCostNanos = gpuHourCostNanos(card);
  return db.transaction().execute(async (tx) => {
    const claimed = await tx
      .insertInto('gpuAllocations')
      .values({ hourMs, upstreamId, costCardId: stored.id, currency: card.currency, allocationKey: key, hourCostNanos, allocatedNanos: 0n, idleNanos: 0n, usedUnits: 0n, capacityUnits: 0n, createdAtMs: nowMs })
      .onConflict((oc) => oc.columns(['hourMs', 'upstreamId']).doNothing())
      .returning('hourMs')
      .executeTakeFirst();
    if (!claimed) return false;
    const weights = await hourWeights(tx, upstreamId, hourMs);
    const allocation = allocateGpuHour({ hourCostNanos, capacity: gpuHourCapacity(card, key), key, requests: weights.map((w, i) => ({ id: String(i), tokens: w.tokens, busyMs: w.busyMs })) });
    await tx
      .updateTable('gpuAllocations')
      .set({ allocatedNanos: hourCostNanos - allocation.idleNanos, idleNanos: allocation.idleNanos, usedUnits: allocation.usedUnits, capacityUnits: allocation.capacityUnits })
      .where('hourMs', '=', BigInt(hourMs))
      .where('upstreamId', '=', upstreamId)
      .execute();
    await insertParts(tx, upstreamId, hourMs, card.currency, weights, allocation);
    if (hourCostNanos > 0n) await postTransferTx(tx, hourTransfer(upstreamId, hourMs, stored, hourCostNanos, allocation.idleNanos));
    return true;
  });
}

interface Weight {
  customerId: string;
  keyId: string;
  model: string;
  tokens: bigint;
  busyMs: bigint;
}

/**
 * The hour's usage at the upstream per customer, key and model. Failed requests' time and the time
 * of attempts that failed before a fallback served (they kept GPUs busy, and used no tokens) are
 * included.
 */
async function hourWeights(tx: Transaction<Database>, upstreamId: string, hourMs: number): Promise<Weight[]> {
  const rows = await sql<Record<string, unknown>>`
    select cid, kid, model, sum(tokens) as tokens, sum(busy) as busy from (
      select customer_id as cid, key_id as kid, model, prompt_tokens + completion_tokens as tokens, latency_ms_sum as busy
      from usage_hourly where hour_ms = ${BigInt(hourMs)} and upstream_id = ${upstreamId}
      union all
      select customer_id, key_id, model, 0, latency_ms from upstream_attempts
      where upstream_id = ${upstreamId} and started_at_ms >= ${BigInt(hourMs)} and started_at_ms < ${BigInt(hourMs + HOUR_MS)}
    ) weights
    group by cid, kid, model order by cid, kid, model`.execute(tx);
  return rows.rows.map((r) => ({ customerId: r.cid as string, keyId: r.kid as string, model: r.model as string, tokens: big(r.tokens), busyMs: big(r.busy) }));
}

/** Parts of zero (usage that weighed nothing) are not stored. */
async function insertParts(tx: Transaction<Database>, upstreamId: string, hourMs: number, currency: string, weights: Weight[], allocation: GpuAllocation): Promise<void> {
  const parts = weights
    .map((w, i) => ({ hourMs, upstreamId, customerId: w.customerId, keyId: w.keyId, model: w.model, currency, costNanos: allocation.parts[i]!.costNanos }))
    .filter((p) => p.costNanos > 0n);
  for (const chunk of chunks(parts, 1000)) await tx.insertInto('gpuAllocationParts').values(chunk).execute();
}

/** The operator owes the whole hour, used or idle: dated at the hour's last millisecond, the hour it pays for. */
function hourTransfer(upstreamId: string, hourMs: number, stored: GpuCard, hourCostNanos: bigint, idleNanos: bigint): Transfer {
  const { card } = stored;
  const hour = new Date(hourMs).toISOString().slice(0, 13);
  return {
    id: `gpu:${upstreamId}:${hourMs}`,
    kind: 'gpu_hour',
    currency: card.currency,
    customerId: null,
    requestId: null,
    memo: `GPU hour ${hour}:00Z: ${card.gpuCount} × ${decimalString(card.hourlyNanos)}, ${decimalString(idleNanos)} idle`,
    createdAtMs: hourMs + HOUR_MS - 1,
    entries: [
      { accountId: account.upstreamCost(upstreamId), currency: card.currency, amountNanos: hourCostNanos },
      { accountId: account.upstreamPayable(upstreamId), currency: card.currency, amountNanos: -hourCostNanos },
    ],
  };
}
