import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { displayPrefix, generateSecret, hashSecret } from './secret.js';
import type { LimitSettings } from '../limits/settings.js';
import type { ApiKey, KeyPatch, KeyStore } from './types.js';

export const API_KEY_PREFIX = 'tg-';

export interface IssueKeyInput {
  name: string;
  allowedModels?: string[] | null;
  expiresAtMs?: number | null;
  limits?: LimitSettings;
}

export interface UpdateKeyInput {
  name?: string;
  allowedModels?: string[] | null;
  expiresAtMs?: number | null;
  status?: 'active' | 'disabled';
  limits?: LimitSettings;
}

export class KeyService {
  constructor(
    private readonly store: KeyStore,
    private readonly clock: Clock,
  ) {}

  /** Issues a key. The secret is returned here and never again. */
  async issue(customerId: string, input: IssueKeyInput): Promise<{ key: ApiKey; secret: string }> {
    const nowMs = this.clock.nowMs();
    if (input.expiresAtMs != null && input.expiresAtMs <= nowMs) {
      throw new TollgateError('invalid_request', 'expiresAtMs must be in the future.', { param: 'expiresAtMs' });
    }
    const secret = generateSecret(API_KEY_PREFIX);
    const key: ApiKey = {
      id: newId('key', nowMs),
      customerId,
      name: input.name,
      prefix: displayPrefix(secret, API_KEY_PREFIX.length),
      hash: hashSecret(secret),
      allowedModels: normaliseModels(input.allowedModels),
      expiresAtMs: input.expiresAtMs ?? null,
      status: 'active',
      limits: input.limits ?? {},
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await this.store.insertKey(key);
    return { key, secret };
  }

  async get(id: string): Promise<ApiKey> {
    const key = await this.store.getKey(id);
    if (!key) throw new TollgateError('not_found', `No API key with id ${id}.`);
    return key;
  }

  list(filter: { customerId?: string; limit: number; after?: string }): Promise<ApiKey[]> {
    return this.store.listKeys(filter);
  }

  async update(id: string, input: UpdateKeyInput): Promise<ApiKey> {
    const existing = await this.get(id);
    if (existing.status === 'revoked') throw new TollgateError('conflict', 'A revoked key cannot be changed; issue a new one.');
    const patch: KeyPatch = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.allowedModels !== undefined) patch.allowedModels = normaliseModels(input.allowedModels);
    if (input.expiresAtMs !== undefined) patch.expiresAtMs = input.expiresAtMs;
    if (input.status !== undefined) patch.status = input.status;
    if (input.limits !== undefined) patch.limits = input.limits;
    return (await this.store.updateKey(id, patch, this.clock.nowMs()))!;
  }

  /** Revoking is final: the key stops working at once and can never be re-enabled. */
  async revoke(id: string): Promise<ApiKey> {
    await this.get(id);
    return (await this.store.updateKey(id, { status: 'revoked' }, this.clock.nowMs()))!;
  }
}

function normaliseModels(models: string[] | null | undefined): string[] | null {
  if (!models) return null;
  return [...new Set(models.map((m) => m.trim()).filter(Boolean))].sort();
}

/** Throws the catalog error that says why a key may not be used now, or returns quietly. */
export function assertKeyUsable(key: ApiKey, nowMs: number): void {
  if (key.status === 'disabled') throw new TollgateError('api_key_disabled');
  if (key.status === 'revoked') throw new TollgateError('invalid_api_key');
  if (key.expiresAtMs !== null && key.expiresAtMs <= nowMs) throw new TollgateError('api_key_expired');
}

export function keyAllowsModel(key: ApiKey, modelName: string): boolean {
  return key.allowedModels === null || key.allowedModels.includes(modelName);
}

/** A key as it may be shown: everything but its hash. */
export function publicKey(key: ApiKey): Omit<ApiKey, 'hash'> {
  const { hash: _hash, ...rest } = key;
  return rest;
}
