import type { Config } from '../config/config.js';
import type { Upstream } from '../upstreams/types.js';
import { OpenAICompatibleProvider } from './openai-compatible/provider.js';
import { SimProvider } from './sim/provider.js';
import type { Provider } from './types.js';

export function createProvider(upstream: Upstream, apiKey: string | null, defaults: Config['upstream']): Provider {
  switch (upstream.type) {
    case 'sim':
      return new SimProvider(upstream);
    case 'openai-compatible':
      return new OpenAICompatibleProvider(upstream, {
        apiKey,
        connectTimeoutMs: upstream.settings.timeouts?.connectMs ?? defaults.connectTimeoutMs,
        headersTimeoutMs: defaults.headersTimeoutMs,
        bodyTimeoutMs: defaults.bodyTimeoutMs,
        connections: defaults.connections,
      });
  }
}
