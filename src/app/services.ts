import { Redis } from 'ioredis';
import { Analytics } from '../analytics/overview/analytics.js';
import { GpuAllocationService } from '../analytics/gpu/allocate.js';
import { ProfitReports } from '../analytics/profit/service.js';
import type { Logger } from 'pino';
import { RedemptionService } from '../billing/codes/service.js';
import { AllowanceGuard } from '../billing/allowance.js';
import type { BillingContext } from '../billing/context.js';
import { CouponService } from '../billing/coupons.js';
import { PlanService } from '../billing/plans.js';
import { BillingService } from '../billing/service.js';
import { billingEffects } from '../billing/effects.js';
import { KyselyBillingStore } from '../storage/repos/billing.js';
import type { WebhookEventType } from '../notifications/events.js';
import type { Config } from '../config/config.js';
import { type Clock, systemClock } from '../core/clock.js';
import { SecretBox } from '../core/secret-box.js';
import { CustomerService } from '../customers/service.js';
import { CatalogCache } from '../gateway/catalog.js';
import { UpstreamHealth } from '../gateway/health.js';
import { OperatorService } from '../keys/operators.js';
import { KeyService } from '../keys/service.js';
import { IncrementalBalances, SETTLED_AFTER_MS } from '../ledger/incremental-balances.js';
import { MemoryCreditGuard } from '../ledger/credit-guard.js';
import { LedgerService } from '../ledger/service.js';
import type { LedgerStore } from '../ledger/store.js';
import type { LedgerWriter } from '../ledger/writer.js';
import { MemoryLimiter } from '../limits/memory.js';
import { RedisLimiter } from '../limits/redis.js';
import type { Limiter } from '../limits/types.js';
import { UsageService } from '../metering/service.js';
import { PriceService } from '../models/prices.js';
import { WebhookDispatcher } from '../notifications/dispatcher.js';
import { NotificationService } from '../notifications/service.js';
import { ModelService } from '../models/service.js';
import { PaymentService } from '../payments/service.js';
import { StripeCheckout } from '../payments/stripe.js';
import { createProvider } from '../providers/factory.js';
import { openStore, type OpenOptions, type Store } from '../storage/db.js';
import { ledgerWriterFor } from '../storage/ledger-writer.js';
import { migrateStore } from '../storage/migrate.js';
import { KyselyCatalogStore } from '../storage/repos/catalog.js';
import { KyselyRedemptionStore } from '../storage/repos/codes.js';
import { KyselyCustomerStore } from '../storage/repos/customers.js';
import { KyselyKeyStore } from '../storage/repos/keys.js';
import { KyselyLedgerStore } from '../storage/repos/ledger.js';
import { KyselyInvoiceLookup, KyselyPaymentStore } from '../storage/repos/payments.js';
import { KyselyNotificationStore } from '../storage/repos/notifications.js';
import { KyselyPriceStore } from '../storage/repos/prices.js';
import { KyselyPortalStore } from '../storage/repos/portal.js';
import { InvoiceDocuments } from '../portal/documents.js';
import { MemberService } from '../portal/members.js';
import { SessionService } from '../portal/sessions.js';
import { FailureThrottle } from '../portal/throttle.js';
import type { UsageOwnership } from '../portal/types.js';
import { KyselyUsageStore } from '../storage/repos/usage.js';
import { readCatalogVersion } from '../storage/repos/rows.js';
import { CostCardService } from '../upstreams/cost-cards.js';
import { UpstreamService } from '../upstreams/service.js';
import { createLogger } from './logger.js';
import { resolveSecretKey } from './secret-key.js';

export interface ServicesOptions extends OpenOptions {
  clock?: Clock;
  /** Run migrations on open (default true). */
  migrate?: boolean;
  /** Key prefix for Redis (tests isolate themselves with it). */
  redisPrefix?: string;
  /** Where services log (payments); default: a logger at the configured level. */
  logger?: Logger;
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
  usage: UsageService;
  creditGuard: MemoryCreditGuard;
  allowances: AllowanceGuard;
  limiter: Limiter;
  health: UpstreamHealth;
  catalog: CatalogCache;
  payments: PaymentService;
  notifications: NotificationService;
  /** Sends webhook deliveries; the server starts it, CLI commands do not. */
  webhookDispatcher: WebhookDispatcher;
  codes: RedemptionService;
  billing: BillingService;
  /** Customer members who sign in to the portal. */
  members: MemberService;
  /** Console sign-in sessions of operators and members. */
  sessions: SessionService;
  /** Invoice PDFs and HTML pages, with the operator's profile. */
  documents: InvoiceDocuments;
  /** Counts failed attempts (sign-ins, redemption codes) with `limiter`. */
  throttle: FailureThrottle;
  /** Which customer a usage event belongs to: the portal checks its page cursors with it. */
  usageOwners: UsageOwnership;
  /** Profitability and finance: SaaS metrics, expenses, cash, forecasts, alerts. */
  analytics: Analytics;
  /** Profit by customer, key, model, plan and upstream; plan cost spread; what-if repricing; GPU hours. */
  profitReports: ProfitReports;
  /** Shares each ended GPU hour among its usage (run by the server's billing job and `tollgate gpu allocate`). */
  gpuAllocation: GpuAllocationService;
  /** Set when this start created the credentials key file (so the operator can be told to back it up). */
  secretKeyFileCreated: string | null;
  close(): Promise<void>;
}

export async function createServices(config: Readonly<Config>, options: ServicesOptions = {}): Promise<Services> {
  const clock = options.clock ?? systemClock;
  const { key, createdFile } = resolveSecretKey(config);
  const secrets = new SecretBox(key);
  const logger = options.logger ?? createLogger(config);
  const store = openStore(config.database, { ...options, warn: (message, error) => logger.warn({ err: error }, message) });
  try {
    if (options.migrate !== false) await migrateStore(store);
  } catch (error) {
    await store.close();
    throw error;
  }
  const catalogStore = new KyselyCatalogStore(store.db);
  const customerStore = new KyselyCustomerStore(store.db);
  const keyStore = new KyselyKeyStore(store.db);
  const priceStore = new KyselyPriceStore(store.db);
  const ledgerStore = new KyselyLedgerStore(store.db);
  const ledgerWriter = ledgerWriterFor(store, (reason) =>
    logger.warn({ reason }, 'PostgreSQL refused a named prepared statement (a pooler in transaction mode?): the ledger writer uses unnamed statements from now on'),
  );
  // Balances moved elsewhere (CLI, another replica) are reread as often as the catalog.
  const creditGuard = new MemoryCreditGuard(new IncrementalBalances(ledgerStore, clock, SETTLED_AFTER_MS[store.dialect]), config.catalogRefreshMs);
  const redis = config.redisUrl ? new Redis(config.redisUrl, { maxRetriesPerRequest: 2, enableOfflineQueue: true }) : null;
  const limiter: Limiter = redis ? new RedisLimiter(redis, options.redisPrefix ?? 'tollgate') : new MemoryLimiter();
  const upstreams = new UpstreamService(catalogStore, secrets, clock);
  const billingStore = new KyselyBillingStore(store.db, (transfers) => transfers.forEach((t) => creditGuard.applyTransfer(t)));
  const catalog = new CatalogCache(
    {
      readVersion: () => readCatalogVersion(store.db),
      listModels: () => catalogStore.listModels(),
      listUpstreams: () => catalogStore.listUpstreams(),
      listPrices: () => priceStore.listPrices({}),
      listCostCards: () => priceStore.listCostCards({}),
      findKeyByHash: (hash) => keyStore.findKeyByHash(hash),
      getCustomer: (id) => customerStore.getCustomer(id),
      planOf: async (customerId) => {
        const subscription = await billingStore.liveSubscription(customerId);
        const version = subscription && (await billingStore.getPlanVersion(subscription.planVersionId));
        return subscription && version ? { subscription, version } : null;
      },
      createProvider: (upstream) => createProvider(upstream, upstreams.apiKeyOf(upstream), config.upstream),
    },
    clock,
    config.catalogRefreshMs,
  );
  const ledger = new LedgerService(ledgerStore, ledgerWriter, creditGuard, clock);
  const notificationStore = new KyselyNotificationStore(store.db);
  const notifications = new NotificationService(notificationStore, secrets, clock);
  const customers = new CustomerService(customerStore, clock);
  const prices = new PriceService(priceStore, clock);
  const billingContext: BillingContext = {
    store: billingStore,
    plans: new PlanService(billingStore, clock),
    coupons: new CouponService(billingStore, clock),
    customers,
    prices,
    clock,
    notify: async (type, data, eventId) => {
      await notifications.emit(type as WebhookEventType, data, { eventId });
    },
    graceDays: config.dunningGraceDays,
  };
  const billing = new BillingService(billingContext);
  const payments = new PaymentService({
    store: new KyselyPaymentStore(store.db),
    invoices: new KyselyInvoiceLookup(store.db),
    effects: billingEffects(billingContext, ledger),
    checkout: config.stripe.secretKey ? new StripeCheckout({ secretKey: config.stripe.secretKey, apiBase: config.stripe.apiBase }) : null,
    webhookSecret: config.stripe.webhookSecret,
    publicUrl: config.publicUrl,
    clock,
    logger,
  });

  const portalStore = new KyselyPortalStore(store.db);
  const throttle = new FailureThrottle(limiter, clock);
  const members = new MemberService(portalStore, portalStore, customers, clock);
  const operators = new OperatorService(keyStore, clock);
  const sessions = new SessionService({ store: portalStore, operators, members, customers, throttle, clock });
  const documents = new InvoiceDocuments({ settings: billingStore, customers, clock, cjkFont: config.cjkFont });

  const webhookDispatcher = new WebhookDispatcher(notificationStore, (endpoint) => secrets.open(endpoint.secretSealed), clock);
  return {
    config,
    clock,
    store,
    customers,
    keys: new KeyService(keyStore, clock),
    upstreams,
    models: new ModelService(catalogStore, catalogStore, clock),
    prices,
    costCards: new CostCardService(priceStore, catalogStore, clock),
    operators,
    ledger,
    ledgerStore,
    ledgerWriter,
    usage: new UsageService(new KyselyUsageStore(store.db)),
    creditGuard,
    allowances: new AllowanceGuard(billingStore),
    limiter,
    health: new UpstreamHealth(),
    catalog,
    payments,
    notifications,
    billing,
    members,
    sessions,
    documents,
    throttle,
    usageOwners: portalStore,
    webhookDispatcher,
    codes: new RedemptionService(new KyselyRedemptionStore(store.db), ledger, clock),
    analytics: new Analytics({ db: store.db, clock, ledgerWriter, notifier: notifications }),
    profitReports: new ProfitReports(store.db, clock),
    gpuAllocation: new GpuAllocationService(store.db, clock, { settleGraceMs: config.holdTtlMs }),
    secretKeyFileCreated: createdFile,
    close: async () => {
      await webhookDispatcher.close();
      await catalog.close();
      await ledgerWriter.close();
      await redis?.quit().catch(() => undefined);
      await store.close();
    },
  };
}
