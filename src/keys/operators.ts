import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { displayPrefix, generateSecret, hashSecret, hashesEqual } from './secret.js';
import type { OperatorRole, OperatorToken, OperatorTokenStore } from './types.js';

export const OPERATOR_TOKEN_PREFIX = 'tgo-';

/**
 * What each role may do on the admin API. `write` covers the catalog, customers and keys;
 * `finance` covers money movements (credit, invoices, payments); `operators` covers tokens.
 */
export type Permission = 'read' | 'write' | 'finance' | 'operators';

const rolePermissions: Record<OperatorRole, ReadonlySet<Permission>> = {
  owner: new Set(['read', 'write', 'finance', 'operators']),
  admin: new Set(['read', 'write', 'finance']),
  finance: new Set(['read', 'finance']),
  viewer: new Set(['read']),
};

export function roleAllows(role: OperatorRole, permission: Permission): boolean {
  return rolePermissions[role].has(permission);
}

export class OperatorService {
  constructor(
    private readonly store: OperatorTokenStore,
    private readonly clock: Clock,
  ) {}

  async issue(name: string, role: OperatorRole): Promise<{ token: OperatorToken; secret: string }> {
    return this.insert(name, role, generateSecret(OPERATOR_TOKEN_PREFIX));
  }

  /**
   * Makes sure an owner can sign in on a fresh install: a token given in config is registered
   * (idempotently, by hash); otherwise, when no token exists at all, one is issued and returned
   * so the caller can show it once.
   */
  async bootstrap(configuredSecret: string | null): Promise<{ secret: string } | null> {
    if (configuredSecret) {
      const existing = await this.store.findOperatorTokenByHash(hashSecret(configuredSecret));
      if (!existing) await this.insert('bootstrap (TOLLGATE_ADMIN_TOKEN)', 'owner', configuredSecret);
      return null;
    }
    if ((await this.store.countActiveOperatorTokens()) > 0) return null;
    const { secret } = await this.issue('bootstrap owner', 'owner');
    return { secret };
  }

  async authenticate(secret: string): Promise<OperatorToken> {
    const hash = hashSecret(secret);
    const token = await this.store.findOperatorTokenByHash(hash);
    if (!token || !hashesEqual(token.hash, hash) || token.status !== 'active') throw new TollgateError('invalid_operator_token');
    if (token.expiresAtMs !== null && token.expiresAtMs <= this.clock.nowMs()) throw new TollgateError('invalid_operator_token');
    return token;
  }

  list(): Promise<OperatorToken[]> {
    return this.store.listOperatorTokens();
  }

  async revoke(id: string): Promise<OperatorToken> {
    const token = await this.store.updateOperatorToken(id, { status: 'revoked' }, this.clock.nowMs());
    if (!token) throw new TollgateError('not_found', `No operator token with id ${id}.`);
    return token;
  }

  private async insert(name: string, role: OperatorRole, secret: string): Promise<{ token: OperatorToken; secret: string }> {
    const nowMs = this.clock.nowMs();
    const token: OperatorToken = {
      id: newId('opt', nowMs),
      name,
      role,
      prefix: displayPrefix(secret, OPERATOR_TOKEN_PREFIX.length),
      hash: hashSecret(secret),
      status: 'active',
      expiresAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await this.store.insertOperatorToken(token);
    return { token, secret };
  }
}
