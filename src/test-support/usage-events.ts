import { randomBytes } from 'node:crypto';
import type { Services } from '../app/services.js';
import { usageTransfer } from '../ledger/transfers.js';
import type { Settlement } from '../ledger/writer.js';
import type { UsageEvent } from '../metering/types.js';

export type UsageInput = Pick<UsageEvent, 'customerId' | 'keyId' | 'model' | 'startedAtMs'> & Partial<UsageEvent>;

/** A usage event as the gateway records one, with test defaults for what a case does not care about. */
export function usageEvent(input: UsageInput): UsageEvent {
  const upstreamId = input.upstreamId ?? null;
  const currency = input.currency ?? 'USD';
  const latencyMs = input.latencyMs ?? 100;
  return {
    requestId: `req_${randomBytes(10).toString('hex')}`,
    endpoint: '/v1/chat/completions',
    upstreamId,
    upstreamModel: upstreamId ? input.model : null,
    stream: false,
    outcome: 'completed',
    httpStatus: 200,
    promptTokens: 0,
    cachedPromptTokens: 0,
    completionTokens: 0,
    reasoningTokens: 0,
    estimated: false,
    currency,
    revenueNanos: 0n,
    promoNanos: 0n,
    includedNanos: 0n,
    includedTokens: 0,
    subscriptionId: null,
    planId: null,
    discountBps: 0,
    costCurrency: upstreamId ? currency : null,
    costNanos: 0n,
    priceId: null,
    costCardId: null,
    idempotencyKey: null,
    firstByteMs: null,
    createdAtMs: input.startedAtMs + latencyMs,
    ...input,
    latencyMs,
  };
}

/**
 * The settlement the gateway's charging would hand the ledger writer for this event: the
 * customer pays (granted credit first, as much as promoNanos), the upstream is owed the cost.
 */
export function settlementOf(event: UsageEvent, billingMode: 'prepaid' | 'postpaid' = 'prepaid'): Settlement {
  const served = event.outcome !== 'failed';
  const transfer =
    served && (event.revenueNanos > 0n || event.costNanos > 0n)
      ? usageTransfer({
          requestId: event.requestId,
          transferId: `usage:${event.requestId}`,
          customerId: event.customerId,
          currency: event.currency,
          revenueNanos: event.revenueNanos,
          promoAvailableNanos: event.promoNanos,
          billingMode,
          upstreamId: event.upstreamId,
          costCurrency: event.costCurrency,
          costNanos: event.costNanos,
          createdAtMs: event.createdAtMs,
        })
      : null;
  return { holdId: null, holdStatus: served ? 'posted' : 'voided', chargeKey: null, transfer, usage: event, ifAlreadyCharged: null };
}

/** Writes events through the real ledger writer, together (so they share group commits). */
export async function settleAll(services: Services, events: readonly UsageEvent[], billingMode: 'prepaid' | 'postpaid' = 'prepaid'): Promise<void> {
  const results = await Promise.all(events.map((event) => services.ledgerWriter.write({ kind: 'settle', settlement: settlementOf(event, billingMode) })));
  if (results.some((r) => !r.applied)) throw new Error('a settlement was not applied');
}
