import { describe, expect, it } from 'vitest';
import { holdBounds } from './hold-size.js';

const uncapped = { maxOutputTokens: null };
const capped = { maxOutputTokens: 1000 };
const chat = (extra: Record<string, unknown> = {}) => ({ model: 'm', messages: [{ role: 'user', content: 'Count to three.' }], ...extra });

describe('holdBounds', () => {
  it('bounds a prompt by half its UTF-8 bytes plus framing', () => {
    // "Count to three." is 15 bytes: ⌈15 / 2⌉ + 4 per message + 3 to prime the reply = 15.
    expect(holdBounds('chat.completions', chat(), uncapped, 4096).promptTokens).toBe(15n);
    // 你好 is 6 bytes of UTF-8: 3 + 4 + 3.
    expect(holdBounds('chat.completions', chat({ messages: [{ role: 'user', content: '你好' }] }), uncapped, 4096).promptTokens).toBe(10n);
    expect(holdBounds('embeddings', { input: ['abcd', 'ef'] }, uncapped, 4096)).toEqual({ promptTokens: 5n, outputTokens: 0n });
    expect(holdBounds('embeddings', { input: [[1, 2, 3], [4]] }, uncapped, 4096).promptTokens).toBe(4n);
  });

  it("holds the request's max tokens, capped only by the model's own cap", () => {
    expect(holdBounds('chat.completions', chat({ max_tokens: 8000 }), uncapped, 4096).outputTokens).toBe(8000n);
    expect(holdBounds('chat.completions', chat({ max_tokens: 8000 }), capped, 4096).outputTokens).toBe(1000n);
    expect(holdBounds('chat.completions', chat({ max_completion_tokens: 20, max_tokens: 8000 }), capped, 4096).outputTokens).toBe(20n);
  });

  it("holds the model's cap, or the configured default, when the request sets no max tokens", () => {
    expect(holdBounds('chat.completions', chat(), capped, 4096).outputTokens).toBe(1000n);
    expect(holdBounds('chat.completions', chat(), uncapped, 4096).outputTokens).toBe(4096n);
    expect(holdBounds('completions', { prompt: 'hi', max_tokens: 'lots' }, uncapped, 512).outputTokens).toBe(512n);
  });
});
