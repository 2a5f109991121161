import type { Env } from './config.js';

/** A copy of the process environment. With config.ts, the only code that reads process.env. */
export function readEnv(): Env {
  return { ...process.env };
}
