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

export interface Database {
  meta: MetaTable;
  customers: CustomersTable;
  apiKeys: ApiKeysTable;
  operatorTokens: OperatorTokensTable;
  upstreams: UpstreamsTable;
  models: ModelsTable;
  modelRoutes: ModelRoutesTable;
}
