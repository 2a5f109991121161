import type { GpuAllocationKey, GpuHourCostCard } from '../../pricing/types.js';
import { selectCostCard, type StoredCostCard } from '../../upstreams/cost-cards.js';

export const HOUR_MS = 3_600_000;

export type GpuCard = StoredCostCard & { card: GpuHourCostCard };

/**
 * The GPU-hour card that bills an hour of an upstream: its upstream-wide ('*') card in force at
 * the hour's last millisecond, so the hour a deployment starts in is billed whole, as clouds do.
 * A GPU deployment is the whole upstream: cards for one upstream model are not GPU hours here.
 */
export function gpuCardFor(cards: readonly StoredCostCard[], upstreamId: string, hourMs: number): GpuCard | null {
  const card = selectCostCard(cards, upstreamId, '*', hourMs + HOUR_MS - 1);
  return card && card.card.kind === 'gpu_hour' ? (card as GpuCard) : null;
}

export function allocationKeyOf(card: GpuHourCostCard): GpuAllocationKey {
  return card.allocationKey === 'busy_time' ? 'busy_time' : 'tokens';
}

/**
 * The start of the last hour whose usage is all recorded at `nowMs`: it ended at least `graceMs`
 * ago, long enough for requests still running at its end to settle.
 */
export function lastSettledHour(nowMs: number, graceMs: number): number {
  return Math.floor((nowMs - graceMs) / HOUR_MS) * HOUR_MS - HOUR_MS;
}

/**
 * An upstream's GPU hours still to allocate, oldest first, at most `limit`: every hour from its
 * first GPU card or its creation (whichever is later) through `lastHourMs` that a GPU card bills
 * and that is not allocated yet. Hours without traffic are included: they cost all the same.
 */
export function pendingHours(p: {
  cards: readonly StoredCostCard[];
  upstreamId: string;
  createdAtMs: number;
  allocated: ReadonlySet<number>;
  lastHourMs: number;
  limit: number;
}): number[] {
  const starts = p.cards.filter((c) => c.upstreamId === p.upstreamId && c.upstreamModel === '*' && c.card.kind === 'gpu_hour').map((c) => c.effectiveFromMs);
  if (starts.length === 0) return [];
  const floorHour = (ms: number) => Math.floor(ms / HOUR_MS) * HOUR_MS;
  const out: number[] = [];
  for (let hourMs = Math.max(floorHour(Math.min(...starts)), floorHour(p.createdAtMs)); hourMs <= p.lastHourMs && out.length < p.limit; hourMs += HOUR_MS) {
    if (!p.allocated.has(hourMs) && gpuCardFor(p.cards, p.upstreamId, hourMs)) out.push(hourMs);
  }
  return out;
}
