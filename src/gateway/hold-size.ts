import type { Endpoint } from '../providers/types.js';
import { estimatePromptTokens } from './usage.js';

/**
 * The token bounds a request's hold is sized for. The prompt is counted with the tokenizer of
 * the model's family; other families' tokenizers can count a little differently, so the count
 * gets a 25 % margin plus 32 tokens. Output is bounded by the request's max tokens, capped by the
 * model's own cap, or by the model's cap (or `defaultMaxOutputTokens`) when the request sets none.
 */
export interface HoldBounds {
  promptTokens: bigint;
  outputTokens: bigint;
}

export function holdBounds(
  endpoint: Endpoint,
  body: Record<string, unknown>,
  model: { name: string; maxOutputTokens: number | null },
  defaultMaxOutputTokens: number,
): HoldBounds {
  const counted = estimatePromptTokens(endpoint, body, model.name);
  const promptTokens = BigInt(Math.ceil(counted * 1.25) + 32);
  if (endpoint === 'embeddings') return { promptTokens, outputTokens: 0n };
  const cap = model.maxOutputTokens ?? defaultMaxOutputTokens;
  const requested = requestedMaxTokens(body);
  return { promptTokens, outputTokens: BigInt(requested === null ? cap : Math.min(requested, cap)) };
}

function requestedMaxTokens(body: Record<string, unknown>): number | null {
  const value = body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0 ? value : null;
}
