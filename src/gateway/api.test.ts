import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialects } from '../test-support/dialects.js';
import { startTestGateway, type TestGateway } from '../test-support/gateway.js';
import { type MockUpstream, startMockUpstream } from '../test-support/mock-upstream.js';

const messages = [
  { role: 'system' as const, content: 'You are terse.' },
  { role: 'user' as const, content: 'Name three prime numbers.' },
];

for (const dialect of dialects) {
  describe.skipIf(!dialect.available)(`the OpenAI-compatible API through the openai SDK (${dialect.name})`, () => {
    let t: TestGateway;
    let mock: MockUpstream;
    let key: string;
    let scopedKey: string;

    beforeAll(async () => {
      mock = await startMockUpstream();
      t = await startTestGateway({
        dialect: dialect.name,
        seed: {
          upstreams: [
            { name: 'sim', type: 'sim' },
            { name: 'mock', type: 'openai-compatible', baseUrl: mock.baseUrl, apiKey: 'sk-upstream-secret' },
          ],
          models: [
            { name: 'sim-mini', routes: [{ upstream: 'sim' }] },
            { name: 'sim-embed', routes: [{ upstream: 'sim' }] },
            { name: 'alias', routes: [{ upstream: 'mock', upstreamModel: 'real-model-2026' }] },
            { name: 'mock-model', routes: [{ upstream: 'mock' }] },
          ],
        },
      });
      key = (await t.issueKey('acme')).secret;
      scopedKey = (await t.issueKey('acme', { allowedModels: ['sim-mini'] })).secret;
    });
    afterAll(async () => {
      await t?.stop();
      await mock?.close();
    });

    it('answers a chat completion with text and usage', async () => {
      const reply = await t.client(key).chat.completions.create({ model: 'sim-mini', messages });
      expect(reply.object).toBe('chat.completion');
      expect(reply.model).toBe('sim-mini');
      expect(reply.choices[0]?.message.content?.length).toBeGreaterThan(10);
      expect(reply.usage?.prompt_tokens).toBeGreaterThan(10);
      expect(reply.usage?.total_tokens).toBe(reply.usage!.prompt_tokens + reply.usage!.completion_tokens);
    });

    it('streams the same text as the JSON answer, chunk by chunk, without a usage chunk nobody asked for', async () => {
      const client = t.client(key);
      const whole = await client.chat.completions.create({ model: 'sim-mini', messages });
      const stream = await client.chat.completions.create({ model: 'sim-mini', messages, stream: true });
      let text = '';
      let chunks = 0;
      let usageChunks = 0;
      for await (const chunk of stream) {
        chunks += 1;
        if (chunk.usage) usageChunks += 1;
        text += chunk.choices[0]?.delta.content ?? '';
      }
      expect(text).toBe(whole.choices[0]?.message.content);
      expect(chunks).toBeGreaterThan(5);
      expect(usageChunks).toBe(0);
    });

    it('passes the usage chunk through when the client asks for it', async () => {
      const client = t.client(key);
      const whole = await client.chat.completions.create({ model: 'sim-mini', messages });
      const stream = await client.chat.completions.create({ model: 'sim-mini', messages, stream: true, stream_options: { include_usage: true } });
      const usages = [];
      for await (const chunk of stream) if (chunk.usage) usages.push(chunk.usage);
      expect(usages).toHaveLength(1);
      expect(usages[0]).toMatchObject({ prompt_tokens: whole.usage!.prompt_tokens, completion_tokens: whole.usage!.completion_tokens });
    });

    it('serves legacy completions, JSON and streamed', async () => {
      const client = t.client(key);
      const whole = await client.completions.create({ model: 'sim-mini', prompt: 'Once upon a time', max_tokens: 8 });
      expect(whole.object).toBe('text_completion');
      expect(whole.choices[0]?.finish_reason).toBe('length');
      expect(whole.usage?.completion_tokens).toBeLessThanOrEqual(8);
      let text = '';
      for await (const chunk of await client.completions.create({ model: 'sim-mini', prompt: 'Once upon a time', max_tokens: 8, stream: true })) {
        text += chunk.choices[0]?.text ?? '';
      }
      expect(text).toBe(whole.choices[0]?.text);
    });

    it('serves embeddings in the base64 form the SDK asks for, and as floats', async () => {
      const client = t.client(key);
      const viaSdk = await client.embeddings.create({ model: 'sim-embed', input: ['hello', 'world'] });
      expect(viaSdk.data).toHaveLength(2);
      const vector = viaSdk.data[0]!.embedding;
      expect(vector).toHaveLength(256);
      expect(Math.hypot(...vector)).toBeCloseTo(1, 4);
      const floats = await client.embeddings.create({ model: 'sim-embed', input: 'hello', encoding_format: 'float' });
      expect(floats.data[0]!.embedding).toEqual(vector.map((v) => expect.closeTo(v, 6)));
      expect(floats.usage.prompt_tokens).toBeGreaterThan(0);
    });

    it('lists only the models a key may use, and retrieves them by id', async () => {
      const all = [];
      for await (const model of t.client(key).models.list()) all.push(model.id);
      expect(all).toEqual(['alias', 'mock-model', 'sim-embed', 'sim-mini']);
      const scoped = [];
      for await (const model of t.client(scopedKey).models.list()) scoped.push(model.id);
      expect(scoped).toEqual(['sim-mini']);
      expect((await t.client(scopedKey).models.retrieve('sim-mini')).object).toBe('model');
      await expect(t.client(scopedKey).models.retrieve('alias')).rejects.toMatchObject({ status: 404, code: 'model_not_found' });
    });

    it('forwards unknown fields, asks the upstream for usage in streams, and uses its credentials', async () => {
      const client = t.client(key);
      // top_k is not in OpenAI's schema: the SDK sends it as given and Tollgate must pass it on.
      const stream = await client.chat.completions.create({ model: 'mock-model', messages, stream: true, seed: 3, ...({ top_k: 7 } as object) });
      for await (const chunk of stream) void chunk;
      const body = mock.received.at(-1)!;
      expect(body).toMatchObject({ model: 'mock-model', top_k: 7, seed: 3, stream: true, stream_options: { include_usage: true } });
      expect(mock.authorizations.at(-1)).toBe('Bearer sk-upstream-secret');
    });

    it('shows the public model name when the upstream knows the model by another name', async () => {
      const client = t.client(key);
      const reply = await client.chat.completions.create({ model: 'alias', messages });
      expect(mock.received.at(-1)?.model).toBe('real-model-2026');
      expect(reply.model).toBe('alias');
      const models = new Set<string>();
      for await (const chunk of await client.chat.completions.create({ model: 'alias', messages, stream: true })) models.add(chunk.model);
      expect([...models]).toEqual(['alias']);
    });

    it('sends a request id on every answer', async () => {
      const { response } = await t.client(key).chat.completions.create({ model: 'sim-mini', messages }).withResponse();
      expect(response.headers.get('x-request-id')).toMatch(/^req_/);
    });
  });
}
