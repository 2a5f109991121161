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
  limits: string;
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
}

export interface UsageHourlyTable {
  hourMs: Int;
  customerId: string;
  keyId: string;
  model: string;
  upstreamId: string;
  currency: string;
  requests: Int;
  failedRequests: Int;
  promptTokens: Int;
  cachedPromptTokens: Int;
  completionTokens: Int;
  revenueNanos: Int;
  costNanos: Int;
  latencyMsSum: Int;
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
}
