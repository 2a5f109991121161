import { type Kysely, sql } from 'kysely';
import { periodAt, type Interval } from '../../billing/periods.js';
import type { Currency } from '../../core/money.js';
import { account } from '../../ledger/accounts.js';
import type { Database } from '../../storage/schema.js';
import { big, chunks, count } from './amounts.js';
import { type Bucket, nextStart, startOf } from './calendar.js';

/**
 * A plan fee the ledger recognised (revenue:subscription), and the time it was earned over: from
 * the period start named in its transfer id (`recognize:<subscription>:<period start>`) to the
 * period's scheduled end or, when the subscription ended early, the moment of recognition.
 * A fee whose period cannot be read is earned at the instant it was recognised.
 */
export interface EarnedFee {
  customerId: string | null;
  subscriptionId: string | null;
  planId: string | null;
  amountNanos: bigint;
  startMs: number;
  endMs: number;
}

/** A yearly period and then some: a fee recognised this long after a range began cannot overlap it. */
const LONGEST_PERIOD_MS = 367 * 86_400_000;
const RECOGNITION_ID = /^recognize:(.+):(\d+)$/;

/** Fees in `currency` whose earning time overlaps [fromMs, toMs). */
export async function earnedFees(db: Kysely<Database>, currency: Currency, fromMs: number, toMs: number): Promise<EarnedFee[]> {
  const rows = await sql<Record<string, unknown>>`
    select t.id as tid, t.customer_id as cid, e.amount_nanos as amount, e.created_at_ms as at
    from ledger_entries e join ledger_transfers t on t.id = e.transfer_id
    where e.account_id = ${account.subscriptionRevenue(currency)} and e.created_at_ms >= ${BigInt(fromMs)} and e.created_at_ms < ${BigInt(toMs + LONGEST_PERIOD_MS)}`.execute(db);
  const parsed = rows.rows.map((r) => ({ id: r.tid as string, customerId: (r.cid as string | null) ?? null, amountNanos: -big(r.amount), atMs: count(r.at) }));
  const periods = await subscriptionPeriods(db, parsed.map((r) => RECOGNITION_ID.exec(r.id)?.[1]).filter((id): id is string => id !== undefined));
  const fees = parsed.map((row): EarnedFee => {
    const match = RECOGNITION_ID.exec(row.id);
    const sub = match ? periods.get(match[1]!) : undefined;
    const startMs = match ? Number(match[2]) : row.atMs;
    const scheduledEndMs = sub && startMs >= sub.anchorMs ? periodAt(sub.anchorMs, sub.interval, startMs).endMs : row.atMs;
    const endMs = Math.min(row.atMs, scheduledEndMs);
    const spread = endMs > startMs;
    return { customerId: row.customerId, subscriptionId: match?.[1] ?? null, planId: sub?.planId ?? null, amountNanos: row.amountNanos, startMs: spread ? startMs : row.atMs, endMs: spread ? endMs : row.atMs };
  });
  return fees.filter((fee) => overlaps(fee, fromMs, toMs));
}

function overlaps(fee: EarnedFee, fromMs: number, toMs: number): boolean {
  return fee.endMs === fee.startMs ? fee.startMs >= fromMs && fee.startMs < toMs : fee.startMs < toMs && fee.endMs > fromMs;
}

/** The part of a fee earned in [fromMs, toMs): shares of adjacent ranges add up to the fee exactly. */
export function feeShareNanos(fee: EarnedFee, fromMs: number, toMs: number): bigint {
  return earnedBefore(fee, toMs) - earnedBefore(fee, fromMs);
}

/** A fee's shares per UTC bucket within [fromMs, toMs), or one share for the whole range. */
export function feeShares(fee: EarnedFee, fromMs: number, toMs: number, bucket: Bucket | null): { bucketMs: number | null; nanos: bigint }[] {
  if (bucket === null) return [{ bucketMs: null, nanos: feeShareNanos(fee, fromMs, toMs) }];
  const out: { bucketMs: number; nanos: bigint }[] = [];
  const first = Math.max(fromMs, fee.startMs);
  const last = Math.min(toMs, fee.endMs === fee.startMs ? fee.endMs + 1 : fee.endMs);
  for (let at = first; at < last; at = nextStart(at, bucket)) {
    const nanos = feeShareNanos(fee, at, Math.min(nextStart(at, bucket), toMs));
    if (nanos !== 0n) out.push({ bucketMs: startOf(at, bucket), nanos });
  }
  return out;
}

function earnedBefore(fee: EarnedFee, atMs: number): bigint {
  if (fee.endMs <= fee.startMs) return atMs > fee.endMs ? fee.amountNanos : 0n;
  const elapsedMs = Math.min(Math.max(atMs, fee.startMs), fee.endMs) - fee.startMs;
  return (fee.amountNanos * BigInt(elapsedMs)) / BigInt(fee.endMs - fee.startMs);
}

async function subscriptionPeriods(db: Kysely<Database>, ids: string[]): Promise<Map<string, { anchorMs: number; interval: Interval; planId: string }>> {
  const out = new Map<string, { anchorMs: number; interval: Interval; planId: string }>();
  for (const chunk of chunks([...new Set(ids)])) {
    const rows = await db
      .selectFrom('subscriptions as s')
      .innerJoin('planVersions as v', 'v.id', 's.planVersionId')
      .select(['s.id', 's.anchorMs', 's.planId', 'v.interval'])
      .where('s.id', 'in', chunk)
      .execute();
    for (const r of rows) out.set(r.id, { anchorMs: count(r.anchorMs), interval: r.interval as Interval, planId: r.planId });
  }
  return out;
}
