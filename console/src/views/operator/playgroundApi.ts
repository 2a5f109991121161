import type { ApiClient } from '../../api/client.js';
import { ApiError } from '../../api/client.js';
import type { List, UsageEvent } from '../../api/types.js';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface ChatReply {
  content: string;
  requestId: string | null;
  promptTokens: number;
  completionTokens: number;
}

/**
 * Calls the OpenAI-compatible API as the customer's own code would: with the API key, never the
 * operator's cookie.
 */
export async function chat(apiKey: string, model: string, messages: ChatMessage[]): Promise<ChatReply> {
  const response = await fetch('/v1/chat/completions', {
    method: 'POST',
    credentials: 'omit',
    headers: { authorization: `Bearer ${apiKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages }),
  });
  const requestId = response.headers.get('x-request-id');
  const body = (await response.json().catch(() => null)) as {
    choices?: { message?: { content?: string | null } }[];
    usage?: { prompt_tokens?: number; completion_tokens?: number };
    error?: { message?: string; code?: string | null };
  } | null;
  if (!response.ok) throw new ApiError(response.status, body?.error?.message ?? response.statusText, body?.error?.code ?? null, requestId);
  return {
    content: body?.choices?.[0]?.message?.content ?? '',
    requestId,
    promptTokens: body?.usage?.prompt_tokens ?? 0,
    completionTokens: body?.usage?.completion_tokens ?? 0,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The usage event of one request, as the admin API recorded it: what the customer was charged
 * and what serving it cost. Settlement can land a moment after the response, so this asks a few
 * times before giving up.
 */
export async function usageEventOf(api: ApiClient, requestId: string, sentAtMs: number, keyId: string | null, attempts = 10): Promise<UsageEvent | null> {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const page = await api.get<List<UsageEvent>>('/admin/v1/usage', { fromMs: sentAtMs - 60_000, keyId: keyId ?? undefined, limit: 200 });
    const found = page.data.find((event) => event.requestId === requestId);
    if (found) return found;
    await sleep(300 + attempt * 200);
  }
  return null;
}
