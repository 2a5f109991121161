import type { FastifyBaseLogger } from 'fastify';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import type { Customer } from '../customers/types.js';
import type { CreditPolicy, MemoryCreditGuard } from '../ledger/credit-guard.js';
import { account } from '../ledger/accounts.js';
import { usageTransfer } from '../ledger/transfers.js';
import type { Hold, Transfer } from '../ledger/types.js';
import type { LedgerWriter, Settlement as LedgerSettlement } from '../ledger/writer.js';
import { rulesFor } from '../limits/settings.js';
import type { Lease, Limiter, LimitRule } from '../limits/types.js';
import type { UsageEvent } from '../metering/types.js';
import type { Price } from '../models/prices.js';
import { maxCostNanos, priceUnits, unitsFromUsage } from '../pricing/charge.js';
import { costOfUsage } from '../pricing/cost-card.js';
import type { Admission, Admitter, RequestContext, Settlement } from './admission.js';
import type { CatalogCache } from './catalog.js';
import { holdBounds, type HoldBounds } from './hold-size.js';
import { rateLimitHeaders, retryHeaders } from './rate-headers.js';

export interface ChargingOptions {
  /** How long a hold (and a concurrency slot) reserves credit if its request is never settled. */
  holdTtlMs: number;
  /** Output bound for holds when neither the request nor the model sets one. */
  defaultMaxOutputTokens: number;
}

export interface ChargingDeps {
  catalog: CatalogCache;
  limiter: Limiter;
  guard: MemoryCreditGuard;
  writer: LedgerWriter;
  clock: Clock;
  logger: FastifyBaseLogger;
  options: ChargingOptions;
}

interface Admitted {
  context: RequestContext;
  price: Price;
  bounds: HoldBounds;
  hold: Hold;
  lease: Lease | null;
}

/**
 * The money core on the request path. Before forwarding: the model must have a price, the key's
 * and customer's limits must have room, and the customer's credit must cover the most the request
 * can cost, which is then held (durably). After: the actual usage is priced, posted to the ledger
 * with its usage event in one commit, the hold released, and the limits told the actual amounts.
 */
export class ChargingAdmitter implements Admitter {
  constructor(private readonly deps: ChargingDeps) {}

  async admit(context: RequestContext): Promise<Admission> {
    const { customer, key } = context.caller;
    const nowMs = this.deps.clock.nowMs();
    const modelName = context.model.model.name;
    // A refusal carries the request id too, so it can be traced like any other answer.
    const idHeader = { 'x-request-id': context.requestId };
    const price = this.deps.catalog.price(modelName, customer.currency, nowMs);
    if (!price) throw new TollgateError('model_not_priced', `The model '${modelName}' has no ${customer.currency} price yet, so it cannot be served.`, { param: 'model', headers: idHeader });
    const bounds = holdBounds(context.endpoint, context.body, { name: modelName, maxOutputTokens: context.model.model.maxOutputTokens }, this.deps.options.defaultMaxOutputTokens);
    const holdNanos = maxCostNanos(price.rates, { promptTokensUpperBound: bounds.promptTokens, maxOutputTokens: bounds.outputTokens }, modelName);
    const rules = rulesFor(customer.id, key.id, customer.limits, key.limits);
    const lease = await this.acquireLimits(rules, bounds, holdNanos, nowMs, idHeader);
    const hold = this.holdFor(context, holdNanos, bounds, nowMs);
    const reservation = await this.deps.guard.reserve(customer.id, policyOf(customer), hold.id, holdNanos, hold.expiresAtMs, nowMs);
    if (!reservation.ok) {
      if (lease) await this.deps.limiter.release(lease, nowMs);
      throw new TollgateError('insufficient_quota', `You exceeded your current quota, please check your plan and billing details. This request may cost up to ${holdNanos} nanos (${customer.currency}); ${reservation.availableNanos < 0n ? 0n : reservation.availableNanos} are available.`, { headers: idHeader });
    }
    await this.recordHold(hold, lease, nowMs);
    const admitted: Admitted = { context, price, bounds, hold, lease };
    const headers = rules.length > 0 ? await rateLimitHeaders(this.deps.limiter, rules, nowMs) : {};
    let settled = false;
    return {
      headers,
      settle: async (settlement) => {
        if (settled) return;
        settled = true;
        await this.settle(admitted, settlement);
      },
    };
  }

  private async acquireLimits(rules: LimitRule[], bounds: HoldBounds, holdNanos: bigint, nowMs: number, idHeader: Record<string, string>): Promise<Lease | null> {
    if (rules.length === 0) return null;
    const result = await this.deps.limiter.acquire(rules, { requests: 1n, tokens: bounds.promptTokens + bounds.outputTokens, spend: holdNanos }, nowMs, this.deps.options.holdTtlMs);
    if (result.ok) return result.lease;
    throw new TollgateError('rate_limit_exceeded', `Rate limit reached on ${result.ruleId} (${result.metric}): limit ${result.limit}, remaining ${result.remaining}. Please try again in ${Math.ceil(result.retryAfterMs / 1000)}s.`, {
      headers: { ...retryHeaders(result), ...idHeader },
    });
  }

  private holdFor(context: RequestContext, holdNanos: bigint, bounds: HoldBounds, nowMs: number): Hold {
    const customer = context.caller.customer;
    const firstRoute = context.model.routes[0];
    const card = firstRoute ? this.deps.catalog.costCard(firstRoute.upstreamId, firstRoute.upstreamModel, nowMs) : null;
    const costEstimateNanos = card
      ? costOfUsage(card.card, { promptTokens: Number(bounds.promptTokens), cachedPromptTokens: 0, completionTokens: Number(bounds.outputTokens) }).costNanos
      : 0n;
    return {
      id: context.requestId,
      customerId: customer.id,
      accountId: customer.billingMode === 'prepaid' ? account.wallet(customer.id) : account.receivable(customer.id),
      currency: customer.currency,
      amountNanos: holdNanos,
      costEstimateNanos,
      upstreamId: firstRoute?.upstreamId ?? null,
      status: 'pending',
      createdAtMs: nowMs,
      expiresAtMs: nowMs + this.deps.options.holdTtlMs,
    };
  }

  /** The hold is durable before anything is forwarded, so a crash mid-request leaves a trace of it. */
  private async recordHold(hold: Hold, lease: Lease | null, nowMs: number): Promise<void> {
    try {
      await this.deps.writer.write({ kind: 'hold', hold });
    } catch (error) {
      this.deps.guard.release(hold.customerId, hold.id);
      if (lease) await this.deps.limiter.release(lease, nowMs).catch(() => undefined);
      this.deps.logger.error({ err: error }, 'could not record a hold; refusing the request');
      throw new TollgateError('service_unavailable', 'Tollgate cannot record charges right now, so it cannot serve. Please retry shortly.', { headers: { 'x-request-id': hold.id } });
    }
  }

  private async settle(a: Admitted, s: Settlement): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const { customer } = a.context.caller;
    const served = s.outcome !== 'failed' && s.usage !== null;
    const revenueNanos = served ? priceUnits(a.price.rates, unitsFromUsage(s.usage!), 'floor', a.price.model).totalNanos : 0n;
    const cost = served && s.route ? this.costOf(s, a.context.startedAtMs) : null;
    const usage = this.usageEvent(a, s, revenueNanos, cost, nowMs);
    const transfer = served && (revenueNanos > 0n || (cost?.costNanos ?? 0n) > 0n) ? this.transferFor(a, usage) : null;
    const settlement = this.ledgerSettlement(a, served, transfer, usage);
    // Released and charged in one synchronous step, so available credit never counts both or neither.
    this.deps.guard.release(customer.id, a.hold.id);
    if (transfer) this.deps.guard.applyTransfer(transfer);
    let applied = false;
    try {
      applied = (await this.deps.writer.write({ kind: 'settle', settlement })).applied;
    } finally {
      if (transfer && !applied) this.deps.guard.revertTransfer(transfer);
      if (a.lease) await this.settleLimits(a.lease, served, usage, applied ? revenueNanos : 0n, nowMs);
    }
  }

  private costOf(s: Settlement, atMs: number): { costNanos: bigint; currency: Customer['currency']; cardId: string } | null {
    const stored = this.deps.catalog.costCard(s.route!.upstreamId, s.route!.upstreamModel, atMs);
    if (!stored) return null;
    const cost = costOfUsage(stored.card, s.usage!);
    return { costNanos: cost.costNanos, currency: cost.currency, cardId: stored.id };
  }

  private usageEvent(a: Admitted, s: Settlement, revenueNanos: bigint, cost: { costNanos: bigint; currency: Customer['currency']; cardId: string } | null, nowMs: number): UsageEvent {
    const { context } = a;
    const u = s.usage;
    return {
      requestId: context.requestId,
      customerId: context.caller.customer.id,
      keyId: context.caller.key.id,
      model: context.model.model.name,
      endpoint: context.endpoint,
      upstreamId: s.route?.upstreamId ?? null,
      upstreamModel: s.route?.upstreamModel ?? null,
      stream: context.stream,
      outcome: s.outcome,
      httpStatus: s.httpStatus,
      promptTokens: u?.promptTokens ?? 0,
      cachedPromptTokens: u?.cachedPromptTokens ?? 0,
      completionTokens: u?.completionTokens ?? 0,
      reasoningTokens: u?.reasoningTokens ?? 0,
      estimated: u?.estimated ?? false,
      currency: context.caller.customer.currency,
      revenueNanos,
      costCurrency: cost?.currency ?? null,
      costNanos: cost?.costNanos ?? 0n,
      priceId: a.price.id,
      costCardId: cost?.cardId ?? null,
      idempotencyKey: context.idempotencyKey,
      latencyMs: s.latencyMs,
      firstByteMs: s.firstByteMs,
      startedAtMs: context.startedAtMs,
      createdAtMs: nowMs,
    };
  }

  private transferFor(a: Admitted, usage: UsageEvent): Transfer {
    const customer = a.context.caller.customer;
    return usageTransfer({
      requestId: usage.requestId,
      transferId: `usage:${usage.requestId}`,
      customerId: customer.id,
      currency: customer.currency,
      revenueNanos: usage.revenueNanos,
      promoAvailableNanos: this.deps.guard.cachedBalances(customer.id)?.promoNanos ?? 0n,
      billingMode: customer.billingMode,
      upstreamId: usage.upstreamId,
      costCurrency: usage.costCurrency,
      costNanos: usage.costNanos,
      createdAtMs: usage.createdAtMs,
    });
  }

  /** With an Idempotency-Key, a retry already charged records its upstream cost but charges nothing. */
  private ledgerSettlement(a: Admitted, served: boolean, transfer: Transfer | null, usage: UsageEvent): LedgerSettlement {
    const chargeKey = served && a.context.idempotencyKey ? `${a.context.caller.key.id}:${a.context.idempotencyKey}` : null;
    const costOnly = transfer ? { ...transfer, entries: transfer.entries.filter((e) => e.accountId.startsWith('upstream:')) } : null;
    return {
      holdId: a.hold.id,
      holdStatus: served ? 'posted' : 'voided',
      chargeKey,
      transfer,
      usage,
      ifAlreadyCharged: chargeKey ? { transfer: costOnly && costOnly.entries.length > 0 ? costOnly : null, usage: { ...usage, revenueNanos: 0n } } : null,
    };
  }

  private async settleLimits(lease: Lease, served: boolean, usage: UsageEvent, spendNanos: bigint, nowMs: number): Promise<void> {
    try {
      if (!served) await this.deps.limiter.release(lease, nowMs);
      else await this.deps.limiter.settle(lease, { requests: 1n, tokens: BigInt(usage.promptTokens + usage.completionTokens), spend: spendNanos }, nowMs);
    } catch (error) {
      // The limiter's lease expires on its own; a failed adjustment must not fail a served request.
      this.deps.logger.warn({ err: error }, 'could not settle rate-limit lease');
    }
  }
}

export function policyOf(customer: Customer): CreditPolicy {
  return { billingMode: customer.billingMode, overdraftNanos: customer.overdraftNanos, creditLimitNanos: customer.creditLimitNanos };
}
