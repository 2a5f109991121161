import { Redis } from 'ioredis';
import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { SecretBox } from '../core/secret-box.js';
import { CustomerService } from '../customers/service.js';
import { CatalogCache } from '../gateway/catalog.js';
import { UpstreamHealth } from '../gateway/health.js';
import { OperatorService } from '../keys/operators.js';
import { KeyService } from '../keys/service.js';
import { MemoryCreditGuard } from '../ledger/credit-guard.js';
import { LedgerService } from '../ledger/service.js';
import type { LedgerStore } from '../ledger/store.js';
import type { LedgerWriter } from '../ledger/writer.js';
import { MemoryLimiter } from '../limits/memory.js';
import { RedisLimiter } from '../limits/redis.js';
import type { Limiter } from '../limits/types.js';
import { PriceService } from '../models/prices.js';
import { ModelService } from '../models/service.js';
import { createProvider } from '../providers/factory.js';
import { openStore, type OpenOptions, type Store } from '../storage/db.js';
import { PostgresLedgerWriter } from '../storage/ledger-pg.js';
import { SqliteLedgerWriter } from '../storage/ledger-sqlite.js';
import { migrateToLatest } from '../storage/migrate.js';
import { KyselyCatalogStore } from '../storage/repos/catalog.js';
import { KyselyCustomerStore } from '../storage/repos/customers.js';
import { KyselyKeyStore } from '../storage/repos/keys.js';
import { KyselyLedgerStore } from '../storage/repos/ledger.js';
import { KyselyPriceStore } from '../storage/repos/prices.js';
import { readCatalogVersion } from '../storage/repos/rows.js';
import { CostCardService } from '../upstreams/cost-cards.js';
import { UpstreamService } from '../upstreams/service.js';
import { resolveSecretKey } from './secret-key.js';

export interface ServicesOptions extends OpenOptions {
  clock?: Clock;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Key prefix for Redis (tests isolate themselves with it). */
  redisPrefix?: string;
}

/** Everything Tollgate does, without HTTP: the CLI uses this directly, the server wraps it. */
export interface Services {
  config: Readonly<Config>;
  clock: Clock;
  store: Store;
  customers: CustomerService;
  keys: KeyService;
  upstreams: UpstreamService;
  models: ModelService;
  prices: PriceService;
  costCards: CostCardService;
  operators: OperatorService;
  ledger: LedgerService;
  ledgerStore: LedgerStore;
  ledgerWriter: LedgerWriter;
  creditGuard: MemoryCreditGuard;
  limiter: Limiter;
  health: UpstreamHealth;
  catalog: CatalogCache;
  /** Set when this start created the credentials key file (so the operator can be told to back it up). */
  secretKeyFileCreated: string | null;
  close(): Promise<void>;
}

export async function createServices(config: Readonly<Config>, options: ServicesOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const { key, createdFile } = resolveSecretKey(config);
  const secrets = new SecretBox(key);
  const store = openStore(config.database, options);
  try {
    if (options.migrate !== false) await migrateToLatest(store.db as never);
  } catch (error) {
    await store.close();
    throw error;
  }
  const catalogStore = new KyselyCatalogStore(store.db);
  const customerStore = new KyselyCustomerStore(store.db);
  const keyStore = new KyselyKeyStore(store.db);
  const priceStore = new KyselyPriceStore(store.db);
  const ledgerStore = new KyselyLedgerStore(store.db);
  const ledgerWriter: LedgerWriter = store.dialect === 'sqlite' ? new SqliteLedgerWriter(store.sqlite) : new PostgresLedgerWriter(store.pool);
  const creditGuard = new MemoryCreditGuard(ledgerStore);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
  const limiter: Limiter = redis ? new RedisLimiter(redis, options.redisPrefix ?? 'tollgate') : new MemoryLimiter();
  const upstreams = new UpstreamService(catalogStore, secrets, clock);
  const catalog = new CatalogCache(
    {
      readVersion: () => readCatalogVersion(store.db),
      listModels: () => catalogStore.listModels(),
      listUpstreams: () => catalogStore.listUpstreams(),
      listPrices: () => priceStore.listPrices({}),
      listCostCards: () => priceStore.listCostCards({}),
      findKeyByHash: (hash) => keyStore.findKeyByHash(hash),
      getCustomer: (id) => customerStore.getCustomer(id),
      createProvider: (upstream) => createProvider(upstream, upstreams.apiKeyOf(upstream), config.upstream),
    },
    clock,
    config.catalogRefreshMs,
  );
  return {
    config,
    clock,
    store,
    customers: new CustomerService(customerStore, clock),
    keys: new KeyService(keyStore, clock),
    upstreams,
    models: new ModelService(catalogStore, catalogStore, clock),
    prices: new PriceService(priceStore, clock),
    costCards: new CostCardService(priceStore, catalogStore, clock),
    operators: new OperatorService(keyStore, clock),
    ledger: new LedgerService(ledgerStore, ledgerWriter, creditGuard, clock),
    ledgerStore,
    ledgerWriter,
    creditGuard,
    limiter,
    health: new UpstreamHealth(),
    catalog,
    secretKeyFileCreated: createdFile,
    close: async () => {
      await catalog.close();
      await ledgerWriter.close();
      await redis?.quit().catch(() => undefined);
      await store.close();
    },
  };
}
