import { decimalString } from '../core/money.js';
import type { SummaryRow } from './summary.js';
import type { UsageEvent } from './types.js';

/** A usage event as the admin API, the CLI and exports show it: money as decimal strings. */
export function usageEventView(e: UsageEvent) {
  return {
    requestId: e.requestId,
    customerId: e.customerId,
    keyId: e.keyId,
    model: e.model,
    endpoint: e.endpoint,
    upstreamId: e.upstreamId,
    upstreamModel: e.upstreamModel,
    stream: e.stream,
    outcome: e.outcome,
    httpStatus: e.httpStatus,
    promptTokens: e.promptTokens,
    cachedPromptTokens: e.cachedPromptTokens,
    completionTokens: e.completionTokens,
    reasoningTokens: e.reasoningTokens,
    estimated: e.estimated,
    currency: e.currency,
    revenue: decimalString(e.revenueNanos),
    costCurrency: e.costCurrency,
    cost: decimalString(e.costNanos),
    priceId: e.priceId,
    costCardId: e.costCardId,
    idempotencyKey: e.idempotencyKey,
    latencyMs: e.latencyMs,
    firstByteMs: e.firstByteMs,
    startedAtMs: e.startedAtMs,
    createdAtMs: e.createdAtMs,
  };
}

export type UsageEventView = ReturnType<typeof usageEventView>;

export function summaryRowView(row: SummaryRow) {
  const { revenueNanos, costNanos, marginNanos, avgLatencyMs, ...rest } = row;
  return {
    ...rest,
    revenue: decimalString(revenueNanos),
    cost: decimalString(costNanos),
    margin: marginNanos === null ? null : decimalString(marginNanos),
    avgLatencyMs,
  };
}

export type SummaryRowView = ReturnType<typeof summaryRowView>;
