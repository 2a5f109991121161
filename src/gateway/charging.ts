import type { FastifyBaseLogger } from 'fastify';
import { type AllowanceGuard, type AllowanceWindow, allowanceWindow, type PlanContext } from '../billing/allowance.js';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import type { Customer } from '../customers/types.js';
import type { CreditPolicy, MemoryCreditGuard } from '../ledger/credit-guard.js';
import { account } from '../ledger/accounts.js';
import { usageTransfer } from '../ledger/transfers.js';
import type { BalanceSnapshot, Hold, Transfer } from '../ledger/types.js';
import type { LedgerWriter, Settlement as LedgerSettlement } from '../ledger/writer.js';
import { rulesFor } from '../limits/settings.js';
import type { Lease, Limiter, LimitRule } from '../limits/types.js';
import type { UsageEvent } from '../metering/types.js';
import type { Price } from '../models/prices.js';
import { maxCostNanos, priceUnits, unitsFromUsage } from '../pricing/charge.js';
import { costOfUsage } from '../pricing/cost-card.js';
import { discountRates } from '../pricing/price-book.js';
import type { RateCard } from '../pricing/types.js';
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
  allowances: AllowanceGuard;
  writer: LedgerWriter;
  clock: Clock;
  logger: FastifyBaseLogger;
  options: ChargingOptions;
  /** Told of a prepaid charge that took credit from `beforeNanos` to `afterNanos` when the customer watches a threshold. */
  balanceMoved?: (customer: Customer, beforeNanos: bigint, afterNanos: bigint, thresholdNanos: bigint) => Promise<unknown>;
}

/** How a request is paid: its price after the plan's discount, its plan allowance, and who pays the rest. */
interface Terms {
  price: Price;
  rates: RateCard;
  discountBps: number;
  plan: PlanContext | null;
  window: AllowanceWindow | null;
  billingMode: Customer['billingMode'];
  policy: CreditPolicy | null;
}

interface Admitted {
  context: RequestContext;
  terms: Terms;
  bounds: HoldBounds;
  hold: Hold;
  lease: Lease | null;
}

/**
 * The money core on the request path. Before forwarding: the model must have a price (and be in
 * the plan), the limits of key, customer and plan must have room, and the most the request can
 * cost must be covered, first by the plan's allowance, then by credit as the plan's overage policy
 * (or the customer's billing mode) says; that reservation is held durably. After: actual usage is
 * priced, the allowance used first, the rest posted to the ledger with its usage event in one
 * commit, and every reservation released.
 */
export class ChargingAdmitter implements Admitter {
  constructor(private readonly deps: ChargingDeps) {}

  async admit(context: RequestContext): Promise<Admission> {
    const { customer, key } = context.caller;
    const nowMs = this.deps.clock.nowMs();
    const terms = this.termsFor(context, nowMs);
    const modelName = context.model.model.name;
    const bounds = holdBounds(context.endpoint, context.body, { maxOutputTokens: context.model.model.maxOutputTokens }, this.deps.options.defaultMaxOutputTokens);
    const maxNanos = maxCostNanos(terms.rates, { promptTokensUpperBound: bounds.promptTokens, maxOutputTokens: bounds.outputTokens }, modelName);
    const plan = terms.plan ? { subscriptionId: terms.plan.subscription.id, limits: terms.plan.version.limits } : undefined;
    const rules = rulesFor(customer.id, key.id, customer.limits, key.limits, plan);
    const lease = await this.acquireLimits(rules, bounds, maxNanos, nowMs);
    const creditNanos = await this.reserveAllowance(context, terms, bounds, maxNanos);
    const hold = this.holdFor(context, terms, creditNanos, bounds, nowMs);
    await this.reserveCredit(context, terms, hold, lease, nowMs);
    await this.recordHold(hold, terms, lease, nowMs);
    const admitted: Admitted = { context, terms, bounds, hold, lease };
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

  private termsFor(context: RequestContext, nowMs: number): Terms {
    const { customer } = context.caller;
    const plan = context.caller.plan;
    const modelName = context.model.model.name;
    if (plan?.version.allowedModels && !plan.version.allowedModels.includes(modelName)) {
      throw new TollgateError('model_not_found', `The model '${modelName}' is not included in your plan.`, { param: 'model' });
    }
    const price = this.deps.catalog.price(modelName, customer.currency, nowMs);
    if (!price) throw new TollgateError('model_not_priced', `The model '${modelName}' has no ${customer.currency} price yet, so it cannot be served.`, { param: 'model' });
    const discountBps = plan?.version.discounts[modelName] ?? 0;
    const rates = discountBps > 0 ? discountRates(price.rates, discountBps) : price.rates;
    if (!plan) return { price, rates, discountBps, plan: null, window: null, billingMode: customer.billingMode, policy: policyOf(customer) };
    const window = allowanceWindow(plan, nowMs);
    const overage = plan.version.overage;
    if (overage === 'credit') return { price, rates, discountBps, plan, window, billingMode: 'prepaid', policy: { billingMode: 'prepaid', overdraftNanos: customer.overdraftNanos, creditLimitNanos: null } };
    const policy: CreditPolicy | null = overage === 'arrears' ? { billingMode: 'postpaid', overdraftNanos: 0n, creditLimitNanos: customer.creditLimitNanos } : null;
    return { price, rates, discountBps, plan, window, billingMode: 'postpaid', policy };
  }

  private async acquireLimits(rules: LimitRule[], bounds: HoldBounds, maxNanos: bigint, nowMs: number): Promise<Lease | null> {
    if (rules.length === 0) return null;
    const result = await this.deps.limiter.acquire(rules, { requests: 1n, tokens: bounds.promptTokens + bounds.outputTokens, spend: maxNanos }, nowMs, this.deps.options.holdTtlMs);
    if (result.ok) return result.lease;
    throw new TollgateError('rate_limit_exceeded', `Rate limit reached on ${result.ruleId} (${result.metric}): limit ${result.limit}, remaining ${result.remaining}. Please try again in ${Math.ceil(result.retryAfterMs / 1000)}s.`, {
      headers: retryHeaders(result),
    });
  }

  /** Reserves what the plan allowance can cover of the request's maximum; returns what credit must cover. */
  private async reserveAllowance(context: RequestContext, terms: Terms, bounds: HoldBounds, maxNanos: bigint): Promise<bigint> {
    if (!terms.window) return maxNanos;
    const tokenBound = bounds.promptTokens + bounds.outputTokens;
    const reserved = await this.deps.allowances.reserve(terms.window, context.requestId, {
      tokens: tokenBound,
      nanos: (coveredTokens) => maxNanos - share(maxNanos, coveredTokens, tokenBound),
    });
    return maxNanos - share(maxNanos, reserved.tokens, tokenBound) - reserved.nanos;
  }

  private async reserveCredit(context: RequestContext, terms: Terms, hold: Hold, lease: Lease | null, nowMs: number): Promise<void> {
    const refuse = async (message: string) => {
      if (terms.window) this.deps.allowances.release(terms.window, hold.id);
      if (lease) await this.deps.limiter.release(lease, nowMs);
      throw new TollgateError('insufficient_quota', message);
    };
    if (hold.amountNanos === 0n) return;
    if (!terms.policy) return refuse("You exceeded your current quota: your plan's allowance for this period is used up, and the plan does not allow overage.");
    const reservation = await this.deps.guard.reserve(hold.customerId, terms.policy, hold.id, hold.amountNanos, hold.expiresAtMs, nowMs);
    if (reservation.ok) return;
    const available = reservation.availableNanos < 0n ? 0n : reservation.availableNanos;
    return refuse(`You exceeded your current quota, please check your plan and billing details. This request may cost up to ${hold.amountNanos} nanos (${hold.currency}); ${available} are available.`);
  }

  private holdFor(context: RequestContext, terms: Terms, amountNanos: bigint, bounds: HoldBounds, nowMs: number): Hold {
    const customer = context.caller.customer;
    const firstRoute = context.model.routes[0];
    const card = firstRoute ? this.deps.catalog.costCard(firstRoute.upstreamId, firstRoute.upstreamModel, nowMs) : null;
    const costEstimateNanos = card
      ? costOfUsage(card.card, { promptTokens: Number(bounds.promptTokens), cachedPromptTokens: 0, completionTokens: Number(bounds.outputTokens) }).costNanos
      : 0n;
    return {
      id: context.requestId,
      customerId: customer.id,
      accountId: terms.billingMode === 'prepaid' ? account.wallet(customer.id) : account.receivable(customer.id),
      currency: customer.currency,
      amountNanos,
      costEstimateNanos,
      upstreamId: firstRoute?.upstreamId ?? null,
      status: 'pending',
      createdAtMs: nowMs,
      expiresAtMs: nowMs + this.deps.options.holdTtlMs,
    };
  }

  /** The hold is durable before anything is forwarded, so a crash mid-request leaves a trace of it. */
  private async recordHold(hold: Hold, terms: Terms, lease: Lease | null, nowMs: number): Promise<void> {
    try {
      await this.deps.writer.write({ kind: 'hold', hold });
    } catch (error) {
      this.deps.guard.release(hold.customerId, hold.id);
      if (terms.window) this.deps.allowances.release(terms.window, hold.id);
      if (lease) await this.deps.limiter.release(lease, nowMs).catch(() => undefined);
      this.deps.logger.error({ err: error }, 'could not record a hold; refusing the request');
      throw new TollgateError('service_unavailable', 'Tollgate cannot record charges right now, so it cannot serve. Please retry shortly.');
    }
  }

  private async settle(a: Admitted, s: Settlement): Promise<void> {
    const nowMs = this.deps.clock.nowMs();
    const { customer } = a.context.caller;
    const served = s.outcome !== 'failed' && s.usage !== null;
    const valueNanos = served ? priceUnits(a.terms.rates, unitsFromUsage(s.usage!), 'floor', a.terms.price.model).totalNanos : 0n;
    const covered = await this.useAllowance(a, served, s, valueNanos);
    const cost = served && s.route ? this.costOf(s, a.context.startedAtMs) : null;
    // Read once, with no await before the guard is updated below: the split and the balance.low check agree.
    const balances = this.deps.guard.cachedBalances(customer.id);
    const usage = this.usageEvent(a, s, valueNanos, covered, cost, balances?.promoNanos ?? 0n, nowMs);
    const transfer = served && (usage.revenueNanos > 0n || usage.costNanos > 0n) ? this.transferFor(a, usage) : null;
    const creditBefore = transfer && balances ? this.watchedCredit(a, balances) : null;
    // Released and charged in one synchronous step, so available credit never counts both or neither.
    this.deps.guard.release(customer.id, a.hold.id);
    if (transfer) this.deps.guard.applyUncommitted(transfer);
    let applied = false;
    try {
      applied = (await this.deps.writer.write({ kind: 'settle', settlement: this.ledgerSettlement(a, s, served, transfer, usage) })).applied;
    } finally {
      if (applied && transfer) this.deps.guard.committed(transfer);
      if (applied && creditBefore !== null) this.reportBalance(customer, creditBefore, creditBefore - usage.revenueNanos);
      if (!applied) {
        if (transfer) this.deps.guard.revertTransfer(transfer);
        if (a.terms.window) this.deps.allowances.unconsume(a.terms.window, covered);
      }
      if (a.lease) await this.settleLimits(a.lease, served, usage, applied ? usage.revenueNanos : 0n, nowMs);
    }
  }

  /**
   * Credit (wallet + granted) before this charge, when the charge draws on credit (the payer of the
   * request's terms, not the customer's billing mode: a plan's overage policy decides) and the
   * customer has a low-balance threshold.
   */
  private watchedCredit(a: Admitted, balances: BalanceSnapshot): bigint | null {
    if (a.terms.billingMode !== 'prepaid' || a.context.caller.customer.lowBalanceNanos === null || !this.deps.balanceMoved) return null;
    return balances.walletNanos + balances.promoNanos;
  }

  /** Never delays or fails the request: the notification is the outbox's to deliver. */
  private reportBalance(customer: Customer, beforeNanos: bigint, afterNanos: bigint): void {
    this.deps.balanceMoved!(customer, beforeNanos, afterNanos, customer.lowBalanceNanos!).catch((error: unknown) => {
      this.deps.logger.error({ err: error, customerId: customer.id }, 'could not record balance.low');
    });
  }

  /** What the plan's allowance covers of a served request: tokens first, then money. */
  private async useAllowance(a: Admitted, served: boolean, s: Settlement, valueNanos: bigint): Promise<{ nanos: bigint; tokens: bigint }> {
    const window = a.terms.window;
    if (!window) return { nanos: 0n, tokens: 0n };
    if (!served) {
      this.deps.allowances.release(window, a.hold.id);
      return { nanos: 0n, tokens: 0n };
    }
    const tokens = BigInt(s.usage!.promptTokens + s.usage!.completionTokens);
    const used = await this.deps.allowances.consume(window, a.hold.id, { tokens, nanos: (coveredTokens) => valueNanos - share(valueNanos, coveredTokens, tokens) });
    return { nanos: share(valueNanos, used.tokens, tokens) + used.nanos, tokens: used.tokens };
  }

  private costOf(s: Settlement, atMs: number): { costNanos: bigint; currency: Customer['currency']; cardId: string } | null {
    const stored = this.deps.catalog.costCard(s.route!.upstreamId, s.route!.upstreamModel, atMs);
    if (!stored) return null;
    const cost = costOfUsage(stored.card, s.usage!);
    return { costNanos: cost.costNanos, currency: cost.currency, cardId: stored.id };
  }

  private usageEvent(
    a: Admitted,
    s: Settlement,
    valueNanos: bigint,
    covered: { nanos: bigint; tokens: bigint },
    cost: { costNanos: bigint; currency: Customer['currency']; cardId: string } | null,
    promoAvailable: bigint,
    nowMs: number,
  ): UsageEvent {
    const { context, terms } = a;
    const u = s.usage;
    const revenueNanos = valueNanos - covered.nanos;
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
      promoNanos: promoAvailable > 0n ? (promoAvailable < revenueNanos ? promoAvailable : revenueNanos) : 0n,
      includedNanos: covered.nanos,
      includedTokens: Number(covered.tokens),
      subscriptionId: terms.plan?.subscription.id ?? null,
      planId: terms.plan?.subscription.planId ?? null,
      discountBps: terms.discountBps,
      costCurrency: cost?.currency ?? null,
      costNanos: cost?.costNanos ?? 0n,
      priceId: terms.price.id,
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
      promoAvailableNanos: usage.promoNanos,
      billingMode: a.terms.billingMode,
      upstreamId: usage.upstreamId,
      costCurrency: usage.costCurrency,
      costNanos: usage.costNanos,
      createdAtMs: usage.createdAtMs,
    });
  }

  /** With an Idempotency-Key, a retry already charged records its upstream cost but charges nothing. */
  private ledgerSettlement(a: Admitted, s: Settlement, served: boolean, transfer: Transfer | null, usage: UsageEvent): LedgerSettlement {
    const chargeKey = served && a.context.idempotencyKey ? `${a.context.caller.key.id}:${a.context.idempotencyKey}` : null;
    const costOnly = transfer ? { ...transfer, entries: transfer.entries.filter((e) => e.accountId.startsWith('upstream:')) } : null;
    return {
      holdId: a.hold.id,
      holdStatus: served ? 'posted' : 'voided',
      chargeKey,
      transfer,
      usage,
      failedAttempts: s.failedAttempts,
      ifAlreadyCharged: chargeKey
        ? { transfer: costOnly && costOnly.entries.length > 0 ? costOnly : null, usage: { ...usage, revenueNanos: 0n, promoNanos: 0n, includedNanos: 0n, includedTokens: 0 } }
        : null,
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

/** ⌊amount × part / whole⌋: the share of a request's value its covered tokens stand for. */
function share(amountNanos: bigint, part: bigint, whole: bigint): bigint {
  return whole > 0n ? (amountNanos * part) / whole : 0n;
}
