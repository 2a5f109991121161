import { type Kysely, sql } from 'kysely';
import { TollgateError } from '../../core/errors.js';
import type { Currency } from '../../core/money.js';
import { gpuHourCapacity } from '../../pricing/cost-card.js';
import type { Database } from '../../storage/schema.js';
import { big, count } from '../profit/amounts.js';
import { namesOf } from '../profit/names.js';
import { percent } from '../saas/ratios.js';
import type { GpuCard } from './hours.js';
import { loadCostCards } from './store.js';

export interface GpuUpstreamReport {
  upstreamId: string;
  name: string;
  currency: Currency;
  hours: number;
  costNanos: bigint;
  allocatedNanos: bigint;
  idleNanos: bigint;
  /** Mean over the hours of used / capacity, in the unit each hour was shared by (tokens or busy time). */
  utilisationPct: number | null;
  tokens: bigint;
  /** Tokens served (in any currency) / tokens the deployment could have served in those hours. */
  tokenUtilisationPct: number | null;
  /** Usage revenue (charged less promotional credit) of the requests served there, in the card's currency. */
  revenueNanos: bigint;
  /**
   * The token utilisation at which the revenue those tokens earn (at their average revenue per
   * token) would pay for the hours: cost × tokens / (revenue × token capacity). Above 100 %, even
   * a full deployment loses money at today's prices. Null without revenue.
   */
  breakEvenUtilisationPct: number | null;
}

/** Each GPU-hour upstream's hours that start in [fromMs, toMs): what they cost, how busy they were, where they break even. */
export async function gpuReport(db: Kysely<Database>, q: { fromMs: number; toMs: number }): Promise<GpuUpstreamReport[]> {
  if (!Number.isSafeInteger(q.fromMs) || !Number.isSafeInteger(q.toMs) || q.fromMs >= q.toMs) {
    throw new TollgateError('invalid_request', 'fromMs must be before toMs (epoch milliseconds).', { param: 'fromMs' });
  }
  const [hours, cards] = await Promise.all([allocationsBy(db, q), loadCostCards(db)]);
  const cardById = new Map(cards.map((c) => [c.id, c]));
  const served = await servedBy(db, q, [...new Set(hours.map((h) => h.upstreamId))]);
  const names = await namesOf(db, 'upstream', hours.map((h) => h.upstreamId));
  const reports = new Map<string, GpuUpstreamReport & { capacityTokens: bigint; utilisationPpmSum: bigint }>();
  for (const h of hours) {
    const id = `${h.upstreamId}\u0000${h.currency}`;
    const report = reports.get(id) ?? { ...emptyReport(h.upstreamId, names.get(h.upstreamId) ?? h.upstreamId, h.currency as Currency), capacityTokens: 0n, utilisationPpmSum: 0n };
    const card = cardById.get(h.costCardId) as GpuCard | undefined;
    report.hours += h.hours;
    report.costNanos += h.costNanos;
    report.allocatedNanos += h.allocatedNanos;
    report.idleNanos += h.idleNanos;
    report.utilisationPpmSum += h.utilisationPpmSum;
    report.capacityTokens += card ? gpuHourCapacity(card.card, 'tokens') * BigInt(h.hours) : 0n;
    reports.set(id, report);
  }
  return [...reports.values()].map(({ capacityTokens, utilisationPpmSum, ...r }) => {
    const all = served.get(r.upstreamId) ?? { tokens: 0n, byCurrency: new Map() };
    const paid = all.byCurrency.get(r.currency) ?? { tokens: 0n, revenueNanos: 0n };
    return {
      ...r,
      utilisationPct: r.hours > 0 ? percent(utilisationPpmSum, BigInt(r.hours) * 1_000_000n) : null,
      tokens: all.tokens,
      tokenUtilisationPct: percent(all.tokens, capacityTokens),
      revenueNanos: paid.revenueNanos,
      // Revenue per token from the requests paid in the card's currency.
      breakEvenUtilisationPct: paid.revenueNanos > 0n && capacityTokens > 0n ? percent(r.costNanos * paid.tokens, paid.revenueNanos * capacityTokens) : null,
    };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function emptyReport(upstreamId: string, name: string, currency: Currency): GpuUpstreamReport {
  return { upstreamId, name, currency, hours: 0, costNanos: 0n, allocatedNanos: 0n, idleNanos: 0n, utilisationPct: null, tokens: 0n, tokenUtilisationPct: null, revenueNanos: 0n, breakEvenUtilisationPct: null };
}

/** Per upstream, card and currency; utilisation summed per hour in parts per million (integers on both dialects). */
async function allocationsBy(db: Kysely<Database>, q: { fromMs: number; toMs: number }) {
  const rows = await sql<Record<string, unknown>>`
    select upstream_id as uid, cost_card_id as card, currency as cur, count(*) as hours, sum(hour_cost_nanos) as cost,
      sum(allocated_nanos) as allocated, sum(idle_nanos) as idle,
      sum(case when capacity_units > 0 then (used_units * 1000000) / capacity_units else 0 end) as ppm
    from gpu_allocations where hour_ms >= ${BigInt(q.fromMs)} and hour_ms < ${BigInt(q.toMs)}
    group by 1, 2, 3`.execute(db);
  return rows.rows.map((r) => ({
    upstreamId: r.uid as string,
    costCardId: r.card as string,
    currency: r.cur as string,
    hours: count(r.hours),
    costNanos: big(r.cost),
    allocatedNanos: big(r.allocated),
    idleNanos: big(r.idle),
    utilisationPpmSum: big(r.ppm),
  }));
}

interface Served {
  tokens: bigint;
  byCurrency: Map<string, { tokens: bigint; revenueNanos: bigint }>;
}

/** Tokens served at each upstream, and per currency the tokens and usage revenue of those paid in it. */
async function servedBy(db: Kysely<Database>, q: { fromMs: number; toMs: number }, upstreamIds: string[]): Promise<Map<string, Served>> {
  if (upstreamIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('usageHourly')
    .select((eb) => ['upstreamId', 'currency', eb.fn.sum<string | bigint | null>(sql`prompt_tokens + completion_tokens`).as('tokens'), eb.fn.sum<string | bigint | null>(sql`revenue_nanos - promo_nanos`).as('revenue')])
    .where('hourMs', '>=', BigInt(q.fromMs))
    .where('hourMs', '<', BigInt(q.toMs))
    .where('upstreamId', 'in', upstreamIds)
    .groupBy(['upstreamId', 'currency'])
    .execute();
  const out = new Map<string, Served>();
  for (const r of rows) {
    const served = out.get(r.upstreamId) ?? { tokens: 0n, byCurrency: new Map() };
    served.tokens += big(r.tokens);
    served.byCurrency.set(r.currency, { tokens: big(r.tokens), revenueNanos: big(r.revenue) });
    out.set(r.upstreamId, served);
  }
  return out;
}
