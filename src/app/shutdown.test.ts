import { describe, expect, it } from 'vitest';
import { startTestGateway } from '../test-support/gateway.js';

describe('graceful shutdown', () => {
  it('finishes a stream that is in flight, then refuses new connections', async () => {
    const t = await startTestGateway({
      seed: { upstreams: [{ name: 'slow-sim', type: 'sim', settings: { sim: { firstTokenMs: 20, tokensPerSecond: 60 } } }], models: [{ name: 'slow', routes: [{ upstream: 'slow-sim' }] }] },
    });
    const { secret } = await t.issueKey('acme');
    const client = t.client(secret);
    const messages = [{ role: 'user' as const, content: 'Tell me a story.' }];
    const expected = (await client.chat.completions.create({ model: 'slow', messages })).choices[0]!.message.content;

    const stream = await client.chat.completions.create({ model: 'slow', messages, stream: true });
    let text = '';
    let stopping: Promise<void> | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      stopping ??= t.gateway.stop();
    }
    await stopping;
    expect(text).toBe(expected);
    await expect(fetch(`${t.url}/healthz`)).rejects.toThrow();
    await t.database.cleanup();
  });
});
