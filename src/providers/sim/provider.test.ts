import { describe, expect, it } from 'vitest';
import type { Upstream } from '../../upstreams/types.js';
import { Cancellation } from '../cancellation.js';
import { SimProvider } from './provider.js';

const upstream: Upstream = { id: 'ups_1', name: 'sim', type: 'sim', baseUrl: null, credentialsSealed: null, settings: {}, status: 'enabled', createdAtMs: 0, updatedAtMs: 0 };
const cancellation = new Cancellation();
const body = { model: 'sim-mini', messages: [{ role: 'user', content: 'Say something.' }] };

async function json(provider: SimProvider, b: Record<string, unknown>) {
  const response = await provider.send({ endpoint: 'chat.completions', body: b, stream: false, cancellation });
  if (response.kind !== 'json') throw new Error('expected json');
  return JSON.parse(response.body.toString()) as { choices: { message: { content: string }; finish_reason: string }[]; usage: { prompt_tokens: number; completion_tokens: number }; system_fingerprint: string };
}

describe('the simulated model', () => {
  it('answers the same request with the same text, and says it is a simulation', async () => {
    const provider = new SimProvider(upstream);
    const a = await json(provider, body);
    const b = await json(provider, body);
    expect(a.choices[0]!.message.content).toBe(b.choices[0]!.message.content);
    expect(a.choices[0]!.message.content.startsWith('Simulated')).toBe(true);
    expect(a.system_fingerprint).toBe('tollgate-sim');
  });

  it('counts prompt tokens the way OpenAI does for chat (3 per message + 3 to prime the reply)', async () => {
    const a = await json(new SimProvider(upstream), body);
    // "user" is 1 token and "Say something." 3 tokens in o200k: 3 + (3 + 1 + 3) = 10.
    expect(a.usage.prompt_tokens).toBe(10);
  });

  it('stops at max_tokens with finish_reason "length"', async () => {
    const a = await json(new SimProvider(upstream), { ...body, max_tokens: 5 });
    expect(a.usage.completion_tokens).toBeLessThanOrEqual(5);
    expect(a.choices[0]!.finish_reason).toBe('length');
  });

  it('streams usage only when asked, and ends with [DONE]', async () => {
    const provider = new SimProvider(upstream);
    for (const includeUsage of [false, true]) {
      const response = await provider.send({ endpoint: 'chat.completions', body: { ...body, stream: true, stream_options: { include_usage: includeUsage } }, stream: true, cancellation });
      if (response.kind !== 'stream') throw new Error('expected stream');
      let text = '';
      for await (const chunk of response.chunks) text += chunk.toString();
      expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
      expect(text.includes('"usage"')).toBe(includeUsage);
    }
  });
});
