import { ConfigError } from '../config/config.js';
import { TollgateError } from '../core/errors.js';

/**
 * Exit codes, documented in README.md:
 * 0 success · 1 unexpected failure · 2 bad usage, input or configuration · 3 not found ·
 * 4 conflict · 5 the database or another service could not be reached · 6 `verify` found a broken invariant.
 */
export const exitCodes = { ok: 0, failure: 1, usage: 2, notFound: 3, conflict: 4, unavailable: 5, invariant: 6 } as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof ConfigError) return exitCodes.usage;
  if (error instanceof TollgateError) {
    if (error.code === 'not_found') return exitCodes.notFound;
    if (error.code === 'conflict') return exitCodes.conflict;
    if (error.status < 500) return exitCodes.usage;
    return exitCodes.failure;
  }
  const code = (error as { code?: string }).code;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '57P03' || code === '3D000') return exitCodes.unavailable;
  return exitCodes.failure;
}

export function describeError(error: unknown): string {
  if (error instanceof TollgateError || error instanceof ConfigError) return error.message;
  if (error instanceof Error) return error.message || error.name;
  return String(error);
}
