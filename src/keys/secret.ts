import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Secrets (customer API keys and operator tokens) are 256 random bits behind a readable prefix.
 * Only a SHA-256 hash is stored: the secret has full entropy, so a slow password hash would buy
 * nothing but latency on every request.
 */
export function generateSecret(prefix: string): string {
  return `${prefix}${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Compares two hex hashes without leaking, through timing, where they first differ. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

/** What may be shown of a secret after it was issued: its prefix and a few characters. */
export function displayPrefix(secret: string, prefixLength: number): string {
  return secret.slice(0, prefixLength + 6);
}
