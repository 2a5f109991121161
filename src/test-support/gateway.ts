import OpenAI from 'openai';
import type { Logger } from 'pino';
import type { Clock } from '../core/clock.js';
import { type ApplyFileInput, applyFile } from '../app/apply.js';
import { type RunningGateway, startGateway } from '../app/gateway.js';
import { createLogger } from '../app/logger.js';
import type { OperatorRole } from '../keys/types.js';
import { createTestDatabase, type DialectName, type TestDatabase } from './dialects.js';

export interface TestGateway {
  gateway: RunningGateway;
  database: TestDatabase;
  url: string;
  /** Issues a key for the customer with this ref (created if missing). */
  issueKey(customerRef: string, input?: { allowedModels?: string[] | null; expiresAtMs?: number | null }): Promise<{ id: string; secret: string; customerId: string }>;
  operatorToken(role: OperatorRole): Promise<string>;
  /** An official OpenAI SDK client pointed at this gateway, with retries off so tests see each answer. */
  client(apiKey: string): OpenAI;
  stop(): Promise<void>;
}

/** A price for tests that are not about money: 1.00 per 1M prompt tokens, 2.00 per 1M output. */
export const testPrice = { currency: 'USD' as const, perMillionTokens: { input: '1.00', output: '2.00' } };

export interface TestGatewayOptions {
  dialect?: DialectName;
  env?: Record<string, string>;
  seed?: Partial<ApplyFileInput>;
  /**
   * For suites that are not about money (the default): every seeded model without prices gets
   * `testPrice`, and customers made by `issueKey` are postpaid without a credit limit.
   */
  openBilling?: boolean;
  redisPrefix?: string;
  /** A clock the test moves (ManualClock) for billing periods, dunning and expiry. */
  clock?: Clock;
  /** Where the server logs (default: nowhere). */
  logger?: Logger;
}

/** Starts the real server on a free port over a fresh database, with a seed applied. */
export async function startTestGateway(options: TestGatewayOptions = {}): Promise<TestGateway> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite', options.env);
  const gateway = await startGateway(database.config, { logger: options.logger ?? createLogger({ logLevel: 'silent' }), pgSchema: database.pgSchema, redisPrefix: options.redisPrefix, clock: options.clock });
  const services = gateway.services;
  const open = options.openBilling !== false;
  const seed = { upstreams: [], models: [], customers: [], ...options.seed };
  if (open) seed.models = seed.models.map((m) => ({ ...m, prices: m.prices?.length ? m.prices : [testPrice] }));
  await applyFile(services, seed);
  await services.catalog.refresh();
  return {
    gateway,
    database,
    url: gateway.url,
    issueKey: async (ref, input = {}) => {
      const customer =
        (await services.customers.findByRef(ref)) ??
        (await services.customers.create({ name: ref, ref, ...(open ? { billingMode: 'postpaid' as const, creditLimitNanos: null } : {}) }));
      const { key, secret } = await services.keys.issue(customer.id, { name: 'test', ...input });
      await services.catalog.refresh();
      return { id: key.id, secret, customerId: customer.id };
    },
    operatorToken: async (role) => (await services.operators.issue(`test ${role}`, role)).secret,
    client: (apiKey) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0, timeout: 20_000 }),
    stop: async () => {
      await gateway.stop();
      await database.cleanup();
    },
  };
}
