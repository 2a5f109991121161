import type { ApplyFileInput } from './apply.js';
import { applyFile } from './apply.js';
import type { Services } from './services.js';

/**
 * What `tollgate demo` seeds: two simulated upstreams (clearly named; no real model behind them),
 * three public models, and two customers. Applied idempotently on every run.
 */
export const demoSeed: ApplyFileInput = {
  upstreams: [
    { name: 'sim-fast', type: 'sim', settings: { sim: { firstTokenMs: 40, tokensPerSecond: 400 } } },
    { name: 'sim-large', type: 'sim', settings: { sim: { firstTokenMs: 250, tokensPerSecond: 60 } } },
  ],
  models: [
    { name: 'sim-mini', description: 'Simulated small chat model (deterministic text).', contextWindow: 128_000, maxOutputTokens: 16_384, routes: [{ upstream: 'sim-fast' }] },
    {
      name: 'sim-large',
      description: 'Simulated large chat model, slower; falls back to sim-fast.',
      contextWindow: 200_000,
      maxOutputTokens: 32_768,
      routes: [{ upstream: 'sim-large', upstreamModel: 'sim-large-2026' }, { upstream: 'sim-fast', upstreamModel: 'sim-large-2026', priority: 10 }],
    },
    { name: 'sim-embed', description: 'Simulated embedding model (256 dimensions).', routes: [{ upstream: 'sim-fast' }] },
  ],
  customers: [
    { ref: 'acme', name: 'Acme Robotics', email: 'billing@acme.example', currency: 'USD', keys: [] },
    { ref: 'globex', name: 'Globex Labs', email: 'ops@globex.example', currency: 'USD', keys: [] },
  ],
};

export interface DemoSecrets {
  apiKey: string;
  operatorToken: string;
}

/**
 * Seeds the demo and issues a fresh customer key and operator token. Secrets are only ever shown
 * once, so each run revokes the previous run's demo key and token and prints new ones.
 */
export async function seedDemo(services: Services): Promise<DemoSecrets> {
  await applyFile(services, demoSeed);
  const acme = (await services.customers.findByRef('acme'))!;
  for (const key of await services.keys.list({ customerId: acme.id, limit: 1000 })) {
    if (key.name === 'demo' && key.status !== 'revoked') await services.keys.revoke(key.id);
  }
  const { secret: apiKey } = await services.keys.issue(acme.id, { name: 'demo' });
  for (const token of await services.operators.list()) {
    if (token.name === 'demo owner' && token.status === 'active') await services.operators.revoke(token.id);
  }
  const { secret: operatorToken } = await services.operators.issue('demo owner', 'owner');
  return { apiKey, operatorToken };
}
