import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import { PricingError } from '../pricing/errors.js';
import { perMillionTokens, perUnit } from '../pricing/rates.js';
import type { PriceBookVersion, RateCard } from '../pricing/types.js';

/** A price book version as stored: what customers pay for a model in a currency from a moment on. */
export interface Price extends PriceBookVersion {
  id: string;
  createdAtMs: number;
}

export interface PriceStore {
  insertPrice(price: Price): Promise<void>;
  listPrices(filter: { model?: string }): Promise<Price[]>;
}

/** Prices as people write them: decimal strings of the currency, per 1M tokens or per unit. */
export interface PriceInput {
  model: string;
  currency: Currency;
  /** Epoch ms; default now. A version may not start in the past: history is never re-priced. */
  effectiveFromMs?: number;
  perMillionTokens: { input: string; cachedInput?: string; output: string };
  perRequest?: string;
  perImage?: string;
  perAudioSecond?: string;
}

/** How far in the past a new version may start (clock skew between the operator and the server). */
const PAST_TOLERANCE_MS = 60_000;

export function rateCardFromInput(input: Pick<PriceInput, 'perMillionTokens' | 'perRequest' | 'perImage' | 'perAudioSecond'>): RateCard {
  try {
    const card: RateCard = {
      input_tokens: perMillionTokens(input.perMillionTokens.input),
      output_tokens: perMillionTokens(input.perMillionTokens.output),
    };
    if (input.perMillionTokens.cachedInput !== undefined) card.cached_input_tokens = perMillionTokens(input.perMillionTokens.cachedInput);
    if (input.perRequest !== undefined) card.requests = perUnit(input.perRequest);
    if (input.perImage !== undefined) card.images = perUnit(input.perImage);
    if (input.perAudioSecond !== undefined) card.audio_seconds = perUnit(input.perAudioSecond);
    return card;
  } catch (error) {
    if (error instanceof PricingError) throw new TollgateError('invalid_request', error.message, { param: error.unit ?? 'perMillionTokens' });
    throw error;
  }
}

export class PriceService {
  constructor(
    private readonly store: PriceStore,
    private readonly clock: Clock,
  ) {}

  /** Adds a version; earlier versions stay, so past requests keep the price they were served at. */
  async add(input: PriceInput): Promise<Price> {
    const nowMs = this.clock.nowMs();
    const effectiveFromMs = input.effectiveFromMs ?? nowMs;
    if (effectiveFromMs < nowMs - PAST_TOLERANCE_MS) {
      throw new TollgateError('invalid_request', 'A price cannot start in the past: requests already served keep the price they were served at.', { param: 'effectiveFromMs' });
    }
    const existing = await this.store.listPrices({ model: input.model });
    if (existing.some((p) => p.currency === input.currency && p.effectiveFromMs === effectiveFromMs)) {
      throw new TollgateError('conflict', 'A version of this price starting at that moment exists already.', { param: 'effectiveFromMs' });
    }
    const price: Price = { id: newId('price', nowMs), model: input.model, currency: input.currency, effectiveFromMs, rates: rateCardFromInput(input), createdAtMs: nowMs };
    await this.store.insertPrice(price);
    return price;
  }

  list(model?: string): Promise<Price[]> {
    return this.store.listPrices({ model });
  }
}
