import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { SecretBox } from '../core/secret-box.js';
import { CustomerService } from '../customers/service.js';
import { CatalogCache } from '../gateway/catalog.js';
import { UpstreamHealth } from '../gateway/health.js';
import { OperatorService } from '../keys/operators.js';
import { KeyService } from '../keys/service.js';
import { ModelService } from '../models/service.js';
import { createProvider } from '../providers/factory.js';
import { openStore, type OpenOptions, type Store } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { KyselyCatalogStore } from '../storage/repos/catalog.js';
import { KyselyCustomerStore } from '../storage/repos/customers.js';
import { KyselyKeyStore } from '../storage/repos/keys.js';
import { readCatalogVersion } from '../storage/repos/rows.js';
import { UpstreamService } from '../upstreams/service.js';
import { resolveSecretKey } from './secret-key.js';

export interface ServicesOptions extends OpenOptions {
  clock?: Clock;
  /** Run migrations on open (default true). */
  migrate?: boolean;
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
  operators: OperatorService;
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
  const upstreams = new UpstreamService(catalogStore, secrets, clock);
  const catalog = new CatalogCache(
    {
      readVersion: () => readCatalogVersion(store.db),
      listModels: () => catalogStore.listModels(),
      listUpstreams: () => catalogStore.listUpstreams(),
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
    operators: new OperatorService(keyStore, clock),
    health: new UpstreamHealth(),
    catalog,
    secretKeyFileCreated: createdFile,
    close: async () => {
      await catalog.close();
      await store.close();
    },
  };
}
