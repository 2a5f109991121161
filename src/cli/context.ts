import { type Config, loadConfig } from '../config/config.js';
import { readEnv } from '../config/env.js';
import { createServices, type Services } from '../app/services.js';

export interface GlobalOptions {
  json?: boolean;
}

/** Config from the environment, with CLI flags layered on top. */
export function cliConfig(overrides: Parameters<typeof loadConfig>[1] = {}): Readonly<Config> {
  return loadConfig(readEnv(), overrides);
}

/** Opens the store (migrating it), runs one command, closes everything. */
export async function withServices<T>(fn: (services: Services) => Promise<T>, config: Readonly<Config> = cliConfig()): Promise<T> {
  const services = await createServices(config);
  try {
    return await fn(services);
  } finally {
    await services.close();
  }
}
