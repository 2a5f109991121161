import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, type Config } from '../config/config.js';

/**
 * The key that seals upstream credentials. From TOLLGATE_SECRET_KEY (32 bytes, base64 or hex),
 * or, for the embedded SQLite default only, from `<dataDir>/secret.key`, created on first start.
 */
export function resolveSecretKey(config: Config): { key: Buffer; createdFile: string | null } {
  if (config.secretKey) return { key: decodeKey(config.secretKey), createdFile: null };
  const path = join(config.dataDir, 'secret.key');
  if (existsSync(path)) return { key: decodeKey(readFileSync(path, 'utf8').trim()), createdFile: null };
  mkdirSync(config.dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(path, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  return { key, createdFile: path };
}

function decodeKey(text: string): Buffer {
  const key = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, 'hex') : Buffer.from(text, 'base64');
  if (key.length !== 32) throw new ConfigError('TOLLGATE_SECRET_KEY must be 32 bytes, as 64 hex characters or base64 (e.g. `openssl rand -base64 32`).');
  return key;
}
