import type { LimitSettings } from '../limits/settings.js';

export type KeyStatus = 'active' | 'disabled' | 'revoked';

/** A customer's API key. The secret itself is never stored; `hash` is its SHA-256. */
export interface ApiKey {
  id: string;
  customerId: string;
  name: string;
  /** The first characters of the secret, for people to recognise a key ("tg-AbC123"). */
  prefix: string;
  hash: string;
  /** Public model names this key may call; null means every model. */
  allowedModels: string[] | null;
  expiresAtMs: number | null;
  status: KeyStatus;
  /** Limits of this key alone; the customer's limits apply on top. */
  limits: LimitSettings;
  createdAtMs: number;
  updatedAtMs: number;
}

export type KeyPatch = Partial<Pick<ApiKey, 'name' | 'allowedModels' | 'expiresAtMs' | 'status' | 'limits'>>;

export interface KeyStore {
  insertKey(key: ApiKey): Promise<void>;
  getKey(id: string): Promise<ApiKey | null>;
  findKeyByHash(hash: string): Promise<ApiKey | null>;
  listKeys(filter: { customerId?: string; limit: number; after?: string }): Promise<ApiKey[]>;
  updateKey(id: string, patch: KeyPatch, nowMs: number): Promise<ApiKey | null>;
}

export type OperatorRole = 'owner' | 'admin' | 'finance' | 'viewer';
export const operatorRoles: readonly OperatorRole[] = ['owner', 'admin', 'finance', 'viewer'];

export interface OperatorToken {
  id: string;
  name: string;
  role: OperatorRole;
  prefix: string;
  hash: string;
  status: 'active' | 'revoked';
  expiresAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface OperatorTokenStore {
  insertOperatorToken(token: OperatorToken): Promise<void>;
  findOperatorTokenByHash(hash: string): Promise<OperatorToken | null>;
  listOperatorTokens(): Promise<OperatorToken[]>;
  updateOperatorToken(id: string, patch: Partial<Pick<OperatorToken, 'status' | 'name'>>, nowMs: number): Promise<OperatorToken | null>;
  countActiveOperatorTokens(): Promise<number>;
}
