import type { ApplyFileInput } from './apply.js';
import { applyFile } from './apply.js';
import type { Services } from './services.js';

/**
 * What `tollgate demo` seeds: two simulated upstreams (clearly named; no real model behind them),
 * three public models, and two customers. Applied idempotently on every run.
 */
export const demoSeed: ApplyFileInput = {
  upstreams: [
    {
      name: 'sim-fast',
      type: 'sim',
      settings: { sim: { firstTokenMs: 40, tokensPerSecond: 400 } },
      // As if it were a hosted API: list prices with a negotiated 10 % discount.
      costCards: [{ kind: 'per_token', currency: 'USD', perMillionTokens: { input: '0.10', cachedInput: '0.025', output: '0.40' }, discountBps: 1000 }],
    },
    {
      name: 'sim-large',
      type: 'sim',
      settings: { sim: { firstTokenMs: 250, tokensPerSecond: 60 } },
      // As if it ran on two rented GPUs: paid by the hour whatever the traffic.
      costCards: [{ kind: 'gpu_hour', currency: 'USD', hourlyPerGpu: '2.20', gpuCount: 2, capacityTokensPerSecond: 2400 }],
    },
  ],
  models: [
    {
      name: 'sim-mini',
      description: 'Simulated small chat model (deterministic text).',
      contextWindow: 128_000,
      maxOutputTokens: 16_384,
      routes: [{ upstream: 'sim-fast' }],
      prices: [{ currency: 'USD', perMillionTokens: { input: '0.15', cachedInput: '0.075', output: '0.60' } }],
    },
    {
      name: 'sim-large',
      description: 'Simulated large chat model, slower; falls back to sim-fast.',
      contextWindow: 200_000,
      maxOutputTokens: 32_768,
      routes: [{ upstream: 'sim-large', upstreamModel: 'sim-large-2026' }, { upstream: 'sim-fast', upstreamModel: 'sim-large-2026', priority: 10 }],
      prices: [{ currency: 'USD', perMillionTokens: { input: '2.50', cachedInput: '1.25', output: '10.00' } }],
    },
    {
      name: 'sim-embed',
      description: 'Simulated embedding model (256 dimensions).',
      routes: [{ upstream: 'sim-fast' }],
      prices: [{ currency: 'USD', perMillionTokens: { input: '0.02', output: '0' } }],
    },
  ],
  customers: [
    { ref: 'acme', name: 'Acme Robotics', email: 'billing@acme.example', currency: 'USD', billingMode: 'prepaid', limits: { requestsPerMinute: 600 }, keys: [] },
    { ref: 'globex', name: 'Globex Labs', email: 'ops@globex.example', currency: 'USD', billingMode: 'postpaid', creditLimit: '500', keys: [] },
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
  // Idempotent ids: the first run credits Acme, later runs change nothing.
  await services.ledger.topUp(acme, { amountNanos: 20_000_000_000n, id: 'demo-initial-payment', memo: 'bank transfer (demo)' });
  await services.ledger.grant(acme, { amountNanos: 5_000_000_000n, id: 'demo-trial', reason: 'trial', memo: 'welcome credit' });
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
