import type { CostCard, RateCard, UnitKind } from './types.js';
import { unitKinds } from './types.js';

/** Rate cards and cost cards as JSON (bigints as decimal strings), for storage and APIs. */
export function rateCardToJson(card: RateCard): Record<string, { amountNanos: string; perUnits: string }> {
  const out: Record<string, { amountNanos: string; perUnits: string }> = {};
  for (const unit of unitKinds) {
    const rate = card[unit];
    if (rate) out[unit] = { amountNanos: rate.amountNanos.toString(), perUnits: rate.perUnits.toString() };
  }
  return out;
}

export function rateCardFromJson(json: Record<string, { amountNanos: string; perUnits: string }>): RateCard {
  const card: RateCard = {};
  for (const [unit, rate] of Object.entries(json)) {
    card[unit as UnitKind] = { amountNanos: BigInt(rate.amountNanos), perUnits: BigInt(rate.perUnits) };
  }
  return card;
}

export function costCardToJson(card: CostCard): unknown {
  if (card.kind === 'per_token') return { ...card, rates: rateCardToJson(card.rates) };
  return { ...card, hourlyNanos: card.hourlyNanos.toString() };
}

export function costCardFromJson(json: Record<string, unknown>): CostCard {
  if (json.kind === 'per_token') {
    return { ...(json as object), rates: rateCardFromJson(json.rates as Record<string, { amountNanos: string; perUnits: string }>) } as CostCard;
  }
  return { ...(json as object), hourlyNanos: BigInt(json.hourlyNanos as string) } as CostCard;
}
