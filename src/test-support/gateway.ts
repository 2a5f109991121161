import OpenAI from 'openai';
import { type ApplyFile, applyFile } from '../app/apply.js';
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

/** Starts the real server on a free port over a fresh database, with a seed applied. */
export async function startTestGateway(options: { dialect?: DialectName; env?: Record<string, string>; seed?: Partial<ApplyFile> } = {}): Promise<TestGateway> {
  const database = await createTestDatabase(options.dialect ?? 'sqlite', options.env);
  const gateway = await startGateway(database.config, { logger: createLogger({ logLevel: 'silent' }), pgSchema: database.pgSchema });
  const services = gateway.services;
  await applyFile(services, { upstreams: [], models: [], customers: [], ...options.seed });
  await services.catalog.refresh();
  return {
    gateway,
    database,
    url: gateway.url,
    issueKey: async (ref, input = {}) => {
      const customer = (await services.customers.findByRef(ref)) ?? (await services.customers.create({ name: ref, ref }));
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
