import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import type { Customer } from '../customers/types.js';
import { assertKeyUsable } from '../keys/service.js';
import { hashSecret, hashesEqual } from '../keys/secret.js';
import type { ApiKey } from '../keys/types.js';
import type { PlanContext } from '../billing/allowance.js';
import type { Price } from '../models/prices.js';
import type { Model } from '../models/types.js';
import { selectPrice } from '../pricing/price-book.js';
import { selectCostCard, type StoredCostCard } from '../upstreams/cost-cards.js';
import type { Currency } from '../core/money.js';
import type { Provider } from '../providers/types.js';
import type { Upstream } from '../upstreams/types.js';

export interface ResolvedRoute {
  upstream: Upstream;
  provider: Provider;
  upstreamModel: string;
  upstreamId: string;
  priority: number;
  weight: number;
}

export interface ResolvedModel {
  model: Model;
  routes: ResolvedRoute[];
}

export interface Caller {
  key: ApiKey;
  customer: Customer;
  /** The customer's live subscription and its plan version, or null. */
  plan: PlanContext | null;
}

export interface CatalogSource {
  readVersion(): Promise<string>;
  listModels(): Promise<Model[]>;
  listUpstreams(): Promise<Upstream[]>;
  listPrices(): Promise<Price[]>;
  listCostCards(): Promise<StoredCostCard[]>;
  findKeyByHash(hash: string): Promise<ApiKey | null>;
  getCustomer(id: string): Promise<Customer | null>;
  planOf(customerId: string): Promise<PlanContext | null>;
  createProvider(upstream: Upstream): Provider;
}

const MAX_CACHED_KEYS = 100_000;

/**
 * What the request path reads on every request (models, upstreams, keys and their customers),
 * held in memory. Every write to these bumps a version counter in the database; each replica
 * polls it every `refreshMs` (and the replica that made the write refreshes at once), then
 * reloads the routing catalog and forgets cached keys. So a revoked key stops working within
 * one refresh interval on every replica.
 */
export class CatalogCache {
  private version = '';
  private models = new Map<string, ResolvedModel>();
  private prices = new Map<string, Price[]>();
  private costCards: StoredCostCard[] = [];
  private providers = new Map<string, { provider: Provider; updatedAtMs: number }>();
  private keys = new Map<string, Promise<Caller | null>>();
  /** Secret → its SHA-256: hashing is a measurable part of a proxied request, and a secret's hash never changes. */
  private hashes = new Map<string, string>();
  private timer: NodeJS.Timeout | null = null;
  private refreshing: Promise<void> | null = null;

  constructor(
    private readonly source: CatalogSource,
    private readonly clock: Clock,
    private readonly refreshMs: number,
  ) {}

  async start(): Promise<void> {
    await this.refresh(true);
    this.timer = setInterval(() => {
      this.refresh(false).catch(() => {
        /* the next tick retries; requests keep the last good catalog */
      });
    }, this.refreshMs);
    this.timer.unref();
  }

  /** Reloads if the version moved (or always, when forced); concurrent calls share one reload. */
  refresh(force = true): Promise<void> {
    if (!this.refreshing) {
      this.refreshing = this.reload(force).finally(() => {
        this.refreshing = null;
      });
    }
    return this.refreshing;
  }

  model(name: string): ResolvedModel | undefined {
    return this.models.get(name);
  }

  /** The price version in force for a model in a currency at a moment, or null if it has none. */
  price(model: string, currency: Currency, atMs: number): Price | null {
    return selectPrice(this.prices.get(`${model}\u0000${currency}`) ?? [], model, currency, atMs);
  }

  costCard(upstreamId: string, upstreamModel: string, atMs: number): StoredCostCard | null {
    return selectCostCard(this.costCards, upstreamId, upstreamModel, atMs);
  }

  allModels(): ResolvedModel[] {
    return [...this.models.values()];
  }

  /** Finds and checks the caller of a request by its secret key; throws the catalog's 401s. */
  async authenticate(secret: string): Promise<Caller> {
    const hash = this.hashOf(secret);
    let pending = this.keys.get(hash);
    if (!pending) {
      if (this.keys.size >= MAX_CACHED_KEYS) this.keys.clear();
      pending = this.loadCaller(hash);
      this.keys.set(hash, pending);
      pending.catch(() => this.keys.delete(hash));
    }
    const caller = await pending;
    if (!caller || !hashesEqual(caller.key.hash, hash)) throw new TollgateError('invalid_api_key');
    assertKeyUsable(caller.key, this.clock.nowMs());
    if (caller.customer.status !== 'active') throw new TollgateError('customer_disabled');
    if (caller.customer.suspendedAtMs !== null) throw new TollgateError('account_suspended');
    return caller;
  }

  private hashOf(secret: string): string {
    let hash = this.hashes.get(secret);
    if (hash === undefined) {
      if (this.hashes.size >= MAX_CACHED_KEYS) this.hashes.clear();
      hash = hashSecret(secret);
      this.hashes.set(secret, hash);
    }
    return hash;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.providers.values()].map((p) => p.provider.close()));
    this.providers.clear();
  }

  private async loadCaller(hash: string): Promise<Caller | null> {
    const key = await this.source.findKeyByHash(hash);
    if (!key) return null;
    const customer = await this.source.getCustomer(key.customerId);
    return customer ? { key, customer, plan: await this.source.planOf(customer.id) } : null;
  }

  private async reload(force: boolean): Promise<void> {
    const version = await this.source.readVersion();
    if (!force && version === this.version) return;
    const [models, upstreams, prices, costCards] = await Promise.all([
      this.source.listModels(),
      this.source.listUpstreams(),
      this.source.listPrices(),
      this.source.listCostCards(),
    ]);
    const upstreamById = new Map(upstreams.map((u) => [u.id, u]));
    const providers = this.syncProviders(upstreams);
    const resolved = new Map<string, ResolvedModel>();
    for (const model of models) {
      if (model.status !== 'enabled') continue;
      const routes: ResolvedRoute[] = [];
      for (const route of model.routes) {
        const upstream = upstreamById.get(route.upstreamId);
        if (!upstream || upstream.status !== 'enabled') continue;
        routes.push({ ...route, upstream, provider: providers.get(upstream.id)!.provider });
      }
      resolved.set(model.name, { model, routes });
    }
    this.models = resolved;
    this.prices = groupPrices(prices);
    this.costCards = costCards;
    this.keys = new Map();
    this.version = version;
  }

  /** Keeps the provider (and its connection pool) of an unchanged upstream; closes replaced ones. */
  private syncProviders(upstreams: Upstream[]): Map<string, { provider: Provider; updatedAtMs: number }> {
    const next = new Map<string, { provider: Provider; updatedAtMs: number }>();
    for (const upstream of upstreams) {
      const current = this.providers.get(upstream.id);
      if (current && current.updatedAtMs === upstream.updatedAtMs) next.set(upstream.id, current);
      else next.set(upstream.id, { provider: this.source.createProvider(upstream), updatedAtMs: upstream.updatedAtMs });
    }
    for (const [id, entry] of this.providers) {
      if (next.get(id) !== entry) void entry.provider.close().catch(() => undefined);
    }
    this.providers = next;
    return next;
  }
}

function groupPrices(prices: Price[]): Map<string, Price[]> {
  const grouped = new Map<string, Price[]>();
  for (const price of prices) {
    const key = `${price.model}\u0000${price.currency}`;
    grouped.set(key, [...(grouped.get(key) ?? []), price]);
  }
  return grouped;
}
