import type { Limiter, LimitRule, Refusal } from '../limits/types.js';

/**
 * OpenAI's rate-limit headers, from the tightest per-minute request and token rules that apply
 * (`x-ratelimit-limit-requests`, `-remaining-requests`, `-reset-requests`, and the `-tokens` ones).
 */
export async function rateLimitHeaders(limiter: Limiter, rules: readonly LimitRule[], nowMs: number): Promise<Record<string, string>> {
  const shown = rules.filter((r) => r.id.endsWith(':rpm') || r.id.endsWith(':tpm'));
  if (shown.length === 0) return {};
  const states = await limiter.peek(shown, nowMs);
  const headers: Record<string, string> = {};
  for (const [suffix, kind] of [[':rpm', 'requests'], [':tpm', 'tokens']] as const) {
    const tightest = states.filter((s) => s.ruleId.endsWith(suffix)).sort((a, b) => (a.remaining < b.remaining ? -1 : 1))[0];
    if (!tightest) continue;
    headers[`x-ratelimit-limit-${kind}`] = tightest.limit.toString();
    headers[`x-ratelimit-remaining-${kind}`] = tightest.remaining.toString();
    headers[`x-ratelimit-reset-${kind}`] = formatDuration(tightest.resetMs);
  }
  return headers;
}

export function retryHeaders(refusal: Refusal): Record<string, string> {
  return { 'retry-after': String(Math.max(1, Math.ceil(refusal.retryAfterMs / 1000))), 'retry-after-ms': String(refusal.retryAfterMs) };
}

/** OpenAI writes resets as "1s", "6m0s", "120ms". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.round(ms))}ms`;
  const seconds = Math.ceil(ms / 1000);
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  if (hours > 0) return `${hours}h${minutes % 60}m${seconds % 60}s`;
  if (minutes > 0) return `${minutes}m${seconds % 60}s`;
  return `${seconds}s`;
}
