import type { ColumnType } from 'kysely';

/**
 * Row types of every table, as Kysely sees them (camelCase; the tables are snake_case).
 * Integers come back as `bigint` from both dialects (better-sqlite3 with safe integers, pg with an
 * int8 parser), so money never loses precision; mappers turn small ones into numbers.
 */
export type Int = ColumnType<bigint, bigint | number, bigint | number>;
export type NullableInt = ColumnType<bigint | null, bigint | number | null, bigint | number | null>;

export interface MetaTable {
  key: string;
  value: string;
}

export interface CustomersTable {
  id: string;
  ref: string | null;
  name: string;
  email: string | null;
  status: string;
  currency: string;
  metadata: string;
  billingMode: string;
  creditLimitNanos: NullableInt;
  overdraftNanos: Int;
  lowBalanceNanos: NullableInt;
  limits: string;
  taxRateBps: Int;
  locale: string;
  paymentTermsDays: Int;
  suspendedAtMs: NullableInt;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface ApiKeysTable {
  id: string;
  customerId: string;
  name: string;
  prefix: string;
  hash: string;
  allowedModels: string | null;
  expiresAtMs: NullableInt;
  status: string;
  limits: string;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface OperatorTokensTable {
  id: string;
  name: string;
  role: string;
  prefix: string;
  hash: string;
  status: string;
  expiresAtMs: NullableInt;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface UpstreamsTable {
  id: string;
  name: string;
  type: string;
  baseUrl: string | null;
  credentialsSealed: string | null;
  settings: string;
  status: string;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface ModelsTable {
  id: string;
  name: string;
  description: string | null;
  status: string;
  contextWindow: NullableInt;
  maxOutputTokens: NullableInt;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface ModelRoutesTable {
  id: string;
  modelId: string;
  upstreamId: string;
  upstreamModel: string;
  priority: Int;
  weight: Int;
}

export interface PricesTable {
  id: string;
  model: string;
  currency: string;
  effectiveFromMs: Int;
  rates: string;
  createdAtMs: Int;
}

export interface CostCardsTable {
  id: string;
  upstreamId: string;
  upstreamModel: string;
  effectiveFromMs: Int;
  card: string;
  createdAtMs: Int;
}

export interface LedgerTransfersTable {
  id: string;
  kind: string;
  currency: string;
  customerId: string | null;
  requestId: string | null;
  memo: string | null;
  createdAtMs: Int;
}

export interface LedgerEntriesTable {
  transferId: string;
  line: Int;
  accountId: string;
  currency: string;
  amountNanos: Int;
  createdAtMs: Int;
}

export interface ChargeKeysTable {
  key: string;
  requestId: string;
  createdAtMs: Int;
}

export interface HoldsTable {
  id: string;
  customerId: string;
  accountId: string;
  currency: string;
  amountNanos: Int;
  costEstimateNanos: Int;
  upstreamId: string | null;
  status: string;
  createdAtMs: Int;
  expiresAtMs: Int;
  resolvedAtMs: NullableInt;
}

export interface UsageEventsTable {
  requestId: string;
  customerId: string;
  keyId: string;
  model: string;
  endpoint: string;
  upstreamId: string | null;
  upstreamModel: string | null;
  stream: Int;
  outcome: string;
  httpStatus: Int;
  promptTokens: Int;
  cachedPromptTokens: Int;
  completionTokens: Int;
  reasoningTokens: Int;
  estimated: Int;
  currency: string;
  revenueNanos: Int;
  costCurrency: string | null;
  costNanos: Int;
  priceId: string | null;
  costCardId: string | null;
  idempotencyKey: string | null;
  latencyMs: Int;
  firstByteMs: NullableInt;
  startedAtMs: Int;
  createdAtMs: Int;
  includedNanos: Int;
  includedTokens: Int;
  subscriptionId: string | null;
  discountBps: Int;
  planId: string | null;
  promoNanos: Int;
}

export interface UsageHourlyTable {
  hourMs: Int;
  customerId: string;
  keyId: string;
  model: string;
  upstreamId: string;
  planId: string;
  currency: string;
  costCurrency: string;
  requests: Int;
  failedRequests: Int;
  promptTokens: Int;
  cachedPromptTokens: Int;
  completionTokens: Int;
  revenueNanos: Int;
  promoNanos: Int;
  includedNanos: Int;
  costNanos: Int;
  latencyMsSum: Int;
}

/** The hourly rollup summed per UTC day (same keys and sums, `dayMs` for `hourMs`). */
export type UsageDailyTable = Omit<UsageHourlyTable, 'hourMs'> & { dayMs: Int };

export interface UpstreamAttemptsTable {
  requestId: string;
  attempt: Int;
  upstreamId: string;
  customerId: string;
  keyId: string;
  model: string;
  outcome: string;
  httpStatus: NullableInt;
  latencyMs: Int;
  startedAtMs: Int;
}

export interface SettingsTable {
  key: string;
  value: string;
  updatedAtMs: Int;
}

export interface PlansTable {
  id: string;
  code: string;
  name: string;
  description: string | null;
  status: string;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface PlanVersionsTable {
  id: string;
  planId: string;
  version: Int;
  currency: string;
  interval: string;
  feeNanos: Int;
  includedNanos: Int;
  includedTokens: Int;
  overage: string;
  limits: string;
  allowedModels: string | null;
  trialDays: Int;
  discounts: string;
  createdAtMs: Int;
}

export interface SubscriptionsTable {
  id: string;
  customerId: string;
  planId: string;
  planVersionId: string;
  status: string;
  anchorMs: Int;
  periodStartMs: Int;
  periodEndMs: Int;
  versionSinceMs: Int;
  trialEndMs: NullableInt;
  cancelAtPeriodEnd: Int;
  canceledAtMs: NullableInt;
  couponId: string | null;
  couponPeriodsUsed: Int;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface SubscriptionEventsTable {
  id: string;
  subscriptionId: string;
  kind: string;
  atMs: Int;
  details: string;
}

export interface InvoicesTable {
  id: string;
  number: string | null;
  kind: string;
  customerId: string;
  subscriptionId: string | null;
  correctsInvoiceId: string | null;
  currency: string;
  status: string;
  periodStartMs: Int;
  periodEndMs: Int;
  subtotalNanos: Int;
  taxRateBps: Int;
  taxNanos: Int;
  roundingNanos: Int;
  totalNanos: Int;
  prepaidNanos: Int;
  amountDueNanos: Int;
  amountPaidNanos: Int;
  locale: string;
  issuedAtMs: NullableInt;
  dueAtMs: NullableInt;
  paidAtMs: NullableInt;
  voidedAtMs: NullableInt;
  createdAtMs: Int;
}

export interface InvoiceLinesTable {
  invoiceId: string;
  line: Int;
  kind: string;
  description: string;
  model: string | null;
  quantity: Int;
  unit: string;
  unitPrice: string;
  amountNanos: Int;
}

export interface CountersTable {
  name: string;
  value: Int;
}

export interface PaymentsTable {
  id: string;
  provider: string;
  externalId: string | null;
  customerId: string;
  invoiceId: string | null;
  purpose: string;
  currency: string;
  amountNanos: Int;
  status: string;
  checkoutUrl: string | null;
  failureReason: string | null;
  createdAtMs: Int;
  updatedAtMs: Int;
}

export interface PaymentEventsTable {
  id: string;
  provider: string;
  type: string;
  paymentId: string | null;
  providerCreatedMs: Int;
  receivedAtMs: Int;
  outcome: string;
}

export interface RedemptionBatchesTable {
  id: string;
  name: string;
  currency: string;
  amountNanos: Int;
  expiresAtMs: NullableInt;
  codeCount: Int;
  createdAtMs: Int;
}

export interface RedemptionCodesTable {
  hash: string;
  batchId: string;
  prefix: string;
  redeemedBy: string | null;
  redeemedAtMs: NullableInt;
}

export interface CouponsTable {
  id: string;
  code: string;
  kind: string;
  percentBps: Int;
  amountNanos: Int;
  currency: string | null;
  duration: string;
  durationPeriods: Int;
  planCodes: string | null;
  expiresAtMs: NullableInt;
  maxRedemptions: NullableInt;
  timesRedeemed: Int;
  createdAtMs: Int;
}

export interface WebhookEndpointsTable {
  id: string;
  url: string;
  secretSealed: string;
  events: string;
  status: string;
  createdAtMs: Int;
}

export interface WebhookDeliveriesTable {
  id: string;
  endpointId: string;
  eventId: string;
  eventType: string;
  payload: string;
  status: string;
  attempts: Int;
  nextAttemptAtMs: NullableInt;
  lastStatusCode: NullableInt;
  lastError: string | null;
  createdAtMs: Int;
  deliveredAtMs: NullableInt;
}

export interface ExpensesTable {
  id: string;
  category: string;
  description: string;
  currency: string;
  amountNanos: Int;
  recurrence: string;
  startsAtMs: Int;
  endsAtMs: NullableInt;
  externalRef: string | null;
  createdAtMs: Int;
}

export interface BudgetsTable {
  month: string;
  category: string;
  currency: string;
  amountNanos: Int;
  updatedAtMs: Int;
}

export interface GpuAllocationsTable {
  hourMs: Int;
  upstreamId: string;
  costCardId: string;
  currency: string;
  allocationKey: string;
  hourCostNanos: Int;
  allocatedNanos: Int;
  idleNanos: Int;
  usedUnits: Int;
  capacityUnits: Int;
  createdAtMs: Int;
}

export interface GpuAllocationPartsTable {
  hourMs: Int;
  upstreamId: string;
  customerId: string;
  keyId: string;
  model: string;
  currency: string;
  costNanos: Int;
}

export interface AlertsTable {
  id: string;
  kind: string;
  subject: string;
  severity: string;
  message: string;
  details: string;
  firstSeenMs: Int;
  lastSeenMs: Int;
  resolvedAtMs: NullableInt;
}

export interface MembersTable {
  id: string;
  customerId: string;
  email: string;
  name: string;
  role: string;
  passwordHash: string;
  status: string;
  createdAtMs: Int;
  lastLoginAtMs: NullableInt;
}

export interface SessionsTable {
  id: string;
  kind: string;
  principalId: string;
  csrfToken: string;
  createdAtMs: Int;
  expiresAtMs: Int;
  revokedAtMs: NullableInt;
}

export interface Database {
  meta: MetaTable;
  customers: CustomersTable;
  apiKeys: ApiKeysTable;
  operatorTokens: OperatorTokensTable;
  upstreams: UpstreamsTable;
  models: ModelsTable;
  modelRoutes: ModelRoutesTable;
  prices: PricesTable;
  costCards: CostCardsTable;
  ledgerTransfers: LedgerTransfersTable;
  ledgerEntries: LedgerEntriesTable;
  chargeKeys: ChargeKeysTable;
  holds: HoldsTable;
  usageEvents: UsageEventsTable;
  usageHourly: UsageHourlyTable;
  usageDaily: UsageDailyTable;
  upstreamAttempts: UpstreamAttemptsTable;
  settings: SettingsTable;
  plans: PlansTable;
  planVersions: PlanVersionsTable;
  subscriptions: SubscriptionsTable;
  subscriptionEvents: SubscriptionEventsTable;
  invoices: InvoicesTable;
  invoiceLines: InvoiceLinesTable;
  counters: CountersTable;
  payments: PaymentsTable;
  paymentEvents: PaymentEventsTable;
  redemptionBatches: RedemptionBatchesTable;
  redemptionCodes: RedemptionCodesTable;
  coupons: CouponsTable;
  webhookEndpoints: WebhookEndpointsTable;
  webhookDeliveries: WebhookDeliveriesTable;
  expenses: ExpensesTable;
  budgets: BudgetsTable;
  gpuAllocations: GpuAllocationsTable;
  gpuAllocationParts: GpuAllocationPartsTable;
  alerts: AlertsTable;
  members: MembersTable;
  sessions: SessionsTable;
}
