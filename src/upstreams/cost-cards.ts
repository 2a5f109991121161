import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { type Currency, parseDecimalNanos } from '../core/money.js';
import { rateCardFromInput } from '../models/prices.js';
import type { CostCard, GpuAllocationKey } from '../pricing/types.js';
import type { UpstreamStore } from './types.js';

/** What the operator pays an upstream, from a moment on; `upstreamModel` '*' covers every model there. */
export interface StoredCostCard {
  id: string;
  upstreamId: string;
  upstreamModel: string;
  effectiveFromMs: number;
  card: CostCard;
  createdAtMs: number;
}

export interface CostCardStore {
  insertCostCard(card: StoredCostCard): Promise<void>;
  listCostCards(filter: { upstreamId?: string }): Promise<StoredCostCard[]>;
}

export type CostCardInput =
  | {
      kind: 'per_token';
      upstreamModel?: string;
      currency: Currency;
      effectiveFromMs?: number;
      perMillionTokens: { input: string; cachedInput?: string; output: string };
      perRequest?: string;
      /** Negotiated discount off the list prices, in basis points (1500 = 15 %). */
      discountBps?: number;
    }
  | {
      kind: 'gpu_hour';
      upstreamModel?: string;
      currency: Currency;
      effectiveFromMs?: number;
      /** Price of one GPU for one hour, e.g. "2.50". */
      hourlyPerGpu: string;
      gpuCount: number;
      /** Tokens per second the whole deployment serves when fully busy. */
      capacityTokensPerSecond: number;
      /** What an hour's cost is shared by: tokens served (default) or busy time. */
      allocationKey?: GpuAllocationKey;
    };

export class CostCardService {
  constructor(
    private readonly store: CostCardStore,
    private readonly upstreams: UpstreamStore,
    private readonly clock: Clock,
  ) {}

  async add(upstreamIdOrName: string, input: CostCardInput): Promise<StoredCostCard> {
    const upstream = await this.upstreams.getUpstream(upstreamIdOrName);
    if (!upstream) throw new TollgateError('not_found', `No upstream "${upstreamIdOrName}".`);
    const nowMs = this.clock.nowMs();
    const stored: StoredCostCard = {
      id: newId('cost', nowMs),
      upstreamId: upstream.id,
      upstreamModel: input.upstreamModel ?? '*',
      effectiveFromMs: input.effectiveFromMs ?? nowMs,
      card: toCard(input),
      createdAtMs: nowMs,
    };
    await this.store.insertCostCard(stored);
    return stored;
  }

  /** The card an input describes, without storing it (to compare with the one in force). */
  async preview(input: CostCardInput): Promise<CostCard> {
    return toCard(input);
  }

  list(upstreamId?: string): Promise<StoredCostCard[]> {
    return this.store.listCostCards({ upstreamId });
  }
}

function toCard(input: CostCardInput): CostCard {
  if (input.kind === 'per_token') {
    return { kind: 'per_token', currency: input.currency, rates: rateCardFromInput(input), discountBps: input.discountBps ?? 0 };
  }
  const hourlyNanos = parseDecimalNanos(input.hourlyPerGpu);
  if (hourlyNanos === null || hourlyNanos < 0n) throw new TollgateError('invalid_request', 'hourlyPerGpu must be a non-negative decimal, e.g. "2.50".', { param: 'hourlyPerGpu' });
  const card: CostCard = { kind: 'gpu_hour', currency: input.currency, hourlyNanos, gpuCount: input.gpuCount, capacityTokensPerSecond: input.capacityTokensPerSecond };
  return input.allocationKey ? { ...card, allocationKey: input.allocationKey } : card;
}

/** The card in force for a model at an upstream at a moment: a model's own card beats the '*' card. */
export function selectCostCard(cards: readonly StoredCostCard[], upstreamId: string, upstreamModel: string, atMs: number): StoredCostCard | null {
  let best: StoredCostCard | null = null;
  for (const card of cards) {
    if (card.upstreamId !== upstreamId || card.effectiveFromMs > atMs) continue;
    if (card.upstreamModel !== upstreamModel && card.upstreamModel !== '*') continue;
    const better = !best || (card.upstreamModel !== '*' && best.upstreamModel === '*') || (card.upstreamModel === best.upstreamModel && card.effectiveFromMs > best.effectiveFromMs);
    if (better) best = card;
  }
  return best;
}
