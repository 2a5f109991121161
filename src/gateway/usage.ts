import type { Endpoint } from '../providers/types.js';
import { countChatPromptTokens, countInputTokens, countTokens, encodingForModel } from '../tokenizer/tokenizer.js';

/** Units of one request, as the upstream reported them or as Tollgate counted them. */
export interface Usage {
  promptTokens: number;
  /** Part of promptTokens the upstream served from its prompt cache. */
  cachedPromptTokens: number;
  completionTokens: number;
  /** Part of completionTokens spent on reasoning. */
  reasoningTokens: number;
  /** True when counted by Tollgate's tokenizer because the upstream gave no usage. */
  estimated: boolean;
}

function count(value: unknown): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.floor(value) : 0;
}

/** Reads an OpenAI `usage` object; null when there is none to read. */
export function readUsage(usage: unknown): Usage | null {
  if (!usage || typeof usage !== 'object') return null;
  const u = usage as Record<string, unknown>;
  if (typeof u.prompt_tokens !== 'number' && typeof u.completion_tokens !== 'number') return null;
  const promptDetails = (u.prompt_tokens_details ?? {}) as Record<string, unknown>;
  const completionDetails = (u.completion_tokens_details ?? {}) as Record<string, unknown>;
  return {
    promptTokens: count(u.prompt_tokens),
    cachedPromptTokens: count(promptDetails.cached_tokens),
    completionTokens: count(u.completion_tokens),
    reasoningTokens: count(completionDetails.reasoning_tokens),
    estimated: false,
  };
}

/** Prompt tokens of a request body, counted by the tokenizer of the model's family. */
export function estimatePromptTokens(endpoint: Endpoint, body: Record<string, unknown>, model: string): number {
  const { encoding } = encodingForModel(model);
  if (endpoint === 'chat.completions') return countChatPromptTokens(body.messages, encoding);
  return countInputTokens(endpoint === 'completions' ? body.prompt : body.input, encoding);
}

/** Usage of a request whose upstream gave none: prompt counted from the request, output from what was delivered. */
export function estimateUsage(endpoint: Endpoint, body: Record<string, unknown>, model: string, deliveredText: string): Usage {
  const { encoding } = encodingForModel(model);
  return {
    promptTokens: estimatePromptTokens(endpoint, body, model),
    cachedPromptTokens: 0,
    completionTokens: countTokens(deliveredText, encoding),
    reasoningTokens: 0,
    estimated: true,
  };
}
