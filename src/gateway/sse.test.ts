import { describe, expect, it } from 'vitest';
import { SseRelay } from './sse.js';

const event = (payload: unknown) => `data: ${JSON.stringify(payload)}\n\n`;
const content = (text: string, model = 'up') => event({ object: 'chat.completion.chunk', model, choices: [{ index: 0, delta: { content: text } }] });
const usageChunk = event({ object: 'chat.completion.chunk', model: 'up', choices: [], usage: { prompt_tokens: 5, completion_tokens: 2, total_tokens: 7 } });

function feed(relay: SseRelay, text: string, pieceSize: number): string {
  const bytes = Buffer.from(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += pieceSize) out += relay.push(bytes.subarray(i, i + pieceSize));
  return out;
}

describe('SseRelay', () => {
  const stream = content('Hé') + content(' 世界') + usageChunk + 'data: [DONE]\n\n';

  it.each([1, 3, 7, 1000])('forwards events whole however the bytes are split (pieces of %i)', (pieceSize) => {
    const relay = new SseRelay({ hideUsageChunk: false, rewriteModel: null });
    const out = feed(relay, stream, pieceSize);
    expect(out).toBe(content('Hé') + content(' 世界') + usageChunk);
    expect(relay.sawDone).toBe(true);
    expect(relay.usage).toEqual({ promptTokens: 5, completionTokens: 2, cachedPromptTokens: 0, reasoningTokens: 0, estimated: false });
    expect(relay.deliveredText()).toBe('Hé 世界');
  });

  it('hides the usage chunk from a client that did not ask, but still records it', () => {
    const relay = new SseRelay({ hideUsageChunk: true, rewriteModel: null });
    expect(feed(relay, stream, 5)).toBe(content('Hé') + content(' 世界'));
    expect(relay.usage?.promptTokens).toBe(5);
  });

  it('renames the model and reads CRLF-framed streams', () => {
    const relay = new SseRelay({ hideUsageChunk: false, rewriteModel: 'public' });
    const crlf = content('a').replace(/\n/g, '\r\n');
    expect(feed(relay, crlf, 2)).toBe(content('a', 'public'));
  });

  it('passes comments and events it cannot parse through untouched', () => {
    const relay = new SseRelay({ hideUsageChunk: true, rewriteModel: 'public' });
    expect(relay.push(Buffer.from(': keep-alive\n\ndata: not json\n\n'))).toBe(': keep-alive\n\ndata: not json\n\n');
  });

  it('keeps an incomplete event until its end arrives', () => {
    const relay = new SseRelay({ hideUsageChunk: false, rewriteModel: null });
    const whole = content('x');
    expect(relay.push(Buffer.from(whole.slice(0, -1)))).toBe('');
    expect(relay.push(Buffer.from(whole.slice(-1)))).toBe(whole);
  });
});
