import type { Endpoint } from '../providers/types.js';
import { messageText } from '../tokenizer/tokenizer.js';

/**
 * The token bounds a request's hold is sized for, computed without a tokenizer (running one on
 * every request would cost more than the rest of the request path together).
 *
 * Prompt: half the UTF-8 bytes of the text, plus 4 tokens of framing per message and 3 to prime
 * the reply. Byte-level BPE tokenizers (GPT, Qwen, Llama, DeepSeek) average 3–4.5 bytes a token
 * for English and about 3 for Chinese, so this is roughly twice the real count; only unusual text
 * (long runs of emoji or rare scripts) can tokenize denser, and then the request is still charged
 * what it used, the excess beyond the hold coming from the balance.
 *
 * Output: the request's max tokens, capped by the model's own cap when it has one; without max
 * tokens, the model's cap, or `defaultMaxOutputTokens` when the model has none either.
 */
export interface HoldBounds {
  promptTokens: bigint;
  outputTokens: bigint;
}

const FRAMING_PER_MESSAGE = 4;
const REPLY_PRIMING = 3;

export function holdBounds(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  model: { maxOutputTokens: number | null },
  defaultMaxOutputTokens: number,
): HoldBounds {
  const promptTokens = BigInt(promptBound(endpoint, body));
  if (endpoint === 'embeddings') return { promptTokens, outputTokens: 0n };
  const requested = requestedMaxTokens(body);
  const outputTokens = requested === null ? (model.maxOutputTokens ?? defaultMaxOutputTokens) : Math.min(requested, model.maxOutputTokens ?? requested);
  return { promptTokens, outputTokens: BigInt(outputTokens) };
}

function promptBound(endpoint: Endpoint, body: Record<string, unknown>): number {
  if (endpoint !== 'chat.completions') return inputBound(endpoint === 'completions' ? body.prompt : body.input);
  const messages = Array.isArray(body.messages) ? (body.messages as Record<string, unknown>[]) : [];
  let bytes = 0;
  for (const message of messages) {
    bytes += Buffer.byteLength(messageText(message?.content)) + (typeof message?.name === 'string' ? Buffer.byteLength(message.name) : 0);
    if (message?.tool_calls !== undefined) bytes += Buffer.byteLength(JSON.stringify(message.tool_calls));
  }
  if (body.tools !== undefined) bytes += Buffer.byteLength(JSON.stringify(body.tools));
  return Math.ceil(bytes / 2) + messages.length * FRAMING_PER_MESSAGE + REPLY_PRIMING;
}

/** A string, an array of strings, or arrays of token ids (whose length is their count). */
function inputBound(input: unknown): number {
  if (typeof input === 'string') return Math.ceil(Buffer.byteLength(input) / 2) + 1;
  if (!Array.isArray(input)) return 1;
  return input.reduce((sum: number, item: unknown) => sum + (Array.isArray(item) ? item.length : typeof item === 'number' ? 1 : inputBound(item)), 0);
}

function requestedMaxTokens(body: Record<string, unknown>): number | null {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
