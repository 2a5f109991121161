import { showMoney, viewLimits } from '../admin/money-schemas.js';
import type { Plan } from '../billing/plans.js';
import type { Subscription } from '../billing/subscription-types.js';
import { decimalString } from '../core/money.js';
import type { Customer } from '../customers/types.js';
import type { ApiKey } from '../keys/types.js';
import { customerAccount, displayBalance } from '../ledger/accounts.js';
import type { BalanceSnapshot, Transfer } from '../ledger/types.js';
import type { SummaryRow } from '../metering/summary.js';
import type { UsageEvent } from '../metering/types.js';
import type { Member } from './types.js';

/**
 * What customers see. Operator-only facts stay out: upstreams, what serving cost the operator,
 * margins, price and cost-card ids, and the ledger's other accounts.
 */
export function viewMember(m: Member) {
  return { id: m.id, customerId: m.customerId, email: m.email, name: m.name, role: m.role, status: m.status, createdAtMs: m.createdAtMs, lastLoginAtMs: m.lastLoginAtMs };
}

export function viewBalance(customer: Customer, b: BalanceSnapshot) {
  return { currency: customer.currency, billingMode: customer.billingMode, wallet: showMoney(b.walletNanos), promotional: showMoney(b.promoNanos), receivable: showMoney(b.receivableNanos) };
}

export function viewKey(k: ApiKey) {
  return { id: k.id, name: k.name, prefix: k.prefix, allowedModels: k.allowedModels, expiresAtMs: k.expiresAtMs, status: k.status, limits: viewLimits(k.limits), createdAtMs: k.createdAtMs };
}

/** A transfer as its effect on this customer's own accounts (debits positive turned to each account's normal side). */
export function viewLedgerEntry(t: Transfer, customerId: string) {
  const change = { wallet: 0n, promo: 0n, receivable: 0n };
  for (const entry of t.entries) {
    const own = customerAccount(entry.accountId);
    if (own?.customerId === customerId) change[own.kind] += displayBalance(entry.accountId, entry.amountNanos);
  }
  return {
    id: t.id, kind: t.kind, currency: t.currency, requestId: t.requestId, memo: t.memo, createdAtMs: t.createdAtMs,
    wallet: showMoney(change.wallet), promotional: showMoney(change.promo), receivable: showMoney(change.receivable),
  };
}

export function viewPlan(p: Plan) {
  const v = p.current;
  return {
    id: p.id, code: p.code, name: p.name, description: p.description, currency: v.currency, interval: v.interval,
    fee: showMoney(v.feeNanos), included: showMoney(v.includedNanos), includedTokens: v.includedTokens.toString(),
    overage: v.overage, trialDays: v.trialDays, allowedModels: v.allowedModels,
  };
}

export function viewSubscription(s: Subscription, plan: Plan) {
  return {
    id: s.id, plan: { id: plan.id, code: plan.code, name: plan.name }, status: s.status, periodStartMs: s.periodStartMs, periodEndMs: s.periodEndMs,
    trialEndMs: s.trialEndMs, cancelAtPeriodEnd: s.cancelAtPeriodEnd, canceledAtMs: s.canceledAtMs, createdAtMs: s.createdAtMs,
  };
}

export function viewUsageEvent(e: UsageEvent) {
  return {
    requestId: e.requestId, keyId: e.keyId, model: e.model, endpoint: e.endpoint, stream: e.stream, outcome: e.outcome, httpStatus: e.httpStatus,
    promptTokens: e.promptTokens, cachedPromptTokens: e.cachedPromptTokens, completionTokens: e.completionTokens, reasoningTokens: e.reasoningTokens,
    estimated: e.estimated, currency: e.currency, charge: decimalString(e.revenueNanos), latencyMs: e.latencyMs, firstByteMs: e.firstByteMs,
    startedAtMs: e.startedAtMs,
  };
}

export function viewSummaryRow(r: SummaryRow) {
  return {
    keyId: r.keyId, model: r.model, hour: r.hour, hourStartMs: r.hourStartMs, day: r.day, dayStartMs: r.dayStartMs, month: r.month, monthStartMs: r.monthStartMs,
    currency: r.currency, requests: r.requests, failedRequests: r.failedRequests, promptTokens: r.promptTokens, cachedPromptTokens: r.cachedPromptTokens,
    completionTokens: r.completionTokens, charge: decimalString(r.revenueNanos), avgLatencyMs: r.avgLatencyMs,
  };
}
