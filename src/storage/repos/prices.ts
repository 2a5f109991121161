import type { Kysely } from 'kysely';
import type { Currency } from '../../core/money.js';
import type { Price, PriceStore } from '../../models/prices.js';
import { costCardFromJson, costCardToJson, rateCardFromJson, rateCardToJson } from '../../pricing/codec.js';
import type { CostCardStore, StoredCostCard } from '../../upstreams/cost-cards.js';
import type { Database } from '../schema.js';
import { bumpCatalogVersion, num } from './rows.js';

/** Price book versions and cost cards: append-only, cached by the request path (so writes bump the catalog). */
export class KyselyPriceStore implements PriceStore, CostCardStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertPrice(price: Price): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('prices').values({ ...price, rates: JSON.stringify(rateCardToJson(price.rates)) }).execute();
      await bumpCatalogVersion(tx);
    });
  }

  async listPrices(filter: { model?: string }): Promise<Price[]> {
    let query = this.db.selectFrom('prices').selectAll().orderBy('model').orderBy('currency').orderBy('effectiveFromMs');
    if (filter.model) query = query.where('model', '=', filter.model);
    return (await query.execute()).map((row) => ({
      id: row.id,
      model: row.model,
      currency: row.currency as Currency,
      effectiveFromMs: num(row.effectiveFromMs),
      rates: rateCardFromJson(JSON.parse(row.rates)),
      createdAtMs: num(row.createdAtMs),
    }));
  }

  async insertCostCard(card: StoredCostCard): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.insertInto('costCards').values({ ...card, card: JSON.stringify(costCardToJson(card.card)) }).execute();
      await bumpCatalogVersion(tx);
    });
  }

  async listCostCards(filter: { upstreamId?: string }): Promise<StoredCostCard[]> {
    let query = this.db.selectFrom('costCards').selectAll().orderBy('upstreamId').orderBy('effectiveFromMs');
    if (filter.upstreamId) query = query.where('upstreamId', '=', filter.upstreamId);
    return (await query.execute()).map((row) => ({
      id: row.id,
      upstreamId: row.upstreamId,
      upstreamModel: row.upstreamModel,
      effectiveFromMs: num(row.effectiveFromMs),
      card: costCardFromJson(JSON.parse(row.card)),
      createdAtMs: num(row.createdAtMs),
    }));
  }
}
