/** The shapes the console reads. Money is a decimal string, times are epoch milliseconds. */

export interface Principal {
  kind: 'operator' | 'member';
  id: string;
  name: string;
  role: string;
  customerId?: string;
}

export interface SessionAnswer {
  principal: Principal;
  csrfToken: string;
  expiresAtMs?: number;
}

export interface PortalMe {
  member: { id: string; email: string; name: string; role: string };
  customer: { id: string; name: string; currency: string; billingMode: 'prepaid' | 'postpaid'; locale: string; suspendedAtMs: number | null };
  balance: Omit<Balance, 'customerId'>;
}

export interface PortalPlan {
  id: string;
  code: string;
  name: string;
  description: string | null;
  currency: string;
  interval: 'month' | 'year';
  fee: string;
  included: string;
  includedTokens: string;
  overage: string;
  trialDays: number;
  allowedModels: string[] | null;
}

/** Where a subscription stands, as the admin and the portal API both give it. */
interface SubscriptionTerms {
  id: string;
  status: string;
  periodStartMs: number;
  periodEndMs: number;
  trialEndMs: number | null;
  cancelAtPeriodEnd: boolean;
  canceledAtMs: number | null;
}

export interface PortalSubscription extends SubscriptionTerms {
  plan: { id: string; code: string; name: string };
}

/** A ledger transfer as its effect on the customer's own accounts. */
export interface PortalLedgerEntry {
  id: string;
  kind: string;
  currency: string;
  requestId: string | null;
  memo: string | null;
  createdAtMs: number;
  wallet: string;
  promotional: string;
  receivable: string;
}

export interface List<T> {
  object: 'list';
  data: T[];
  hasMore?: boolean;
}

export interface Customer {
  id: string;
  ref: string | null;
  name: string;
  email: string | null;
  status: 'active' | 'disabled';
  currency: string;
  billingMode: 'prepaid' | 'postpaid';
  /** Prepaid: how far below zero credit may go. */
  overdraft: string;
  /** Postpaid: the most the customer may owe; null = no limit. */
  creditLimit: string | null;
  /** Credit below which a charge sends balance.low; null = never. */
  lowBalance: string | null;
  locale: string;
  suspendedAtMs: number | null;
  createdAtMs: number;
}

export interface ApiKey {
  id: string;
  customerId: string;
  name: string;
  prefix: string;
  status: 'active' | 'disabled' | 'revoked';
  expiresAtMs: number | null;
  createdAtMs: number;
  lastUsedAtMs?: number | null;
}

export type IssuedKey = ApiKey & { secret: string };

export interface Balance {
  customerId: string;
  currency: string;
  billingMode: 'prepaid' | 'postpaid';
  wallet: string;
  promotional: string;
  receivable: string;
}

export interface LedgerTransfer {
  id: string;
  kind: string;
  currency: string;
  requestId: string | null;
  memo: string | null;
  createdAtMs: number;
  entries: { accountId: string; currency: string; amount: string }[];
}

export interface Member {
  id: string;
  customerId: string;
  email: string;
  name: string;
  role: string;
  status: string;
  lastLoginAtMs?: number | null;
}

export interface Upstream {
  id: string;
  name: string;
  type: string;
  baseUrl: string | null;
  status: 'enabled' | 'disabled';
  health: { healthy: boolean; consecutiveFailures: number };
}

export interface Rate {
  amountNanos: string;
  perUnits: string;
}

export type CostCard =
  | { kind: 'per_token'; currency: string; rates: Record<string, Rate>; discountBps?: number }
  | { kind: 'gpu_hour'; currency: string; hourlyNanos: string; gpuCount: number; capacityTokensPerSecond: number };

export interface CostCardVersion {
  id: string;
  upstreamId: string;
  upstreamModel: string;
  effectiveFromMs: number;
  card: CostCard;
}

export interface Model {
  id: string;
  name: string;
  description: string | null;
  status: 'enabled' | 'disabled';
  contextWindow: number | null;
  maxOutputTokens: number | null;
  routes: { upstreamId: string; upstreamModel: string | null; priority: number; weight: number }[];
}

export interface Price {
  id: string;
  model: string;
  currency: string;
  effectiveFromMs: number;
  rates: Record<string, Rate>;
}

export interface PlanVersion {
  id: string;
  version: number;
  currency: string;
  interval: string;
  fee: string;
  included: string | null;
  includedTokens: string | null;
  overage: string;
  allowedModels: string[] | null;
  trialDays: number;
}

export interface Plan {
  id: string;
  code: string;
  name: string;
  description: string | null;
  status: string;
  current: PlanVersion;
}

export interface Coupon {
  id: string;
  code: string;
  kind: string;
  percentBps: number | null;
  amount: string | null;
  currency: string | null;
  duration: string;
  timesRedeemed: number;
}

export interface Subscription extends SubscriptionTerms {
  customerId: string;
  planId: string;
  planVersionId: string;
  /** The portal may name the plan; the admin API gives its id. */
  plan?: Plan | string | null;
}

export interface InvoiceLine {
  kind: string;
  description: string;
  model: string | null;
  quantity: string;
  unit: string;
  unitPrice: string;
  amount: string;
}

export interface Invoice {
  id: string;
  number: string | null;
  kind: string;
  customerId: string;
  currency: string;
  status: string;
  periodStartMs: number;
  periodEndMs: number;
  subtotal: string;
  tax: string;
  total: string;
  amountDue: string;
  amountPaid: string;
  issuedAtMs: number | null;
  dueAtMs: number | null;
  paidAtMs: number | null;
  lines: InvoiceLine[];
}

export interface Payment {
  id: string;
  provider: 'manual' | 'stripe';
  reference: string | null;
  customerId: string;
  invoiceId: string | null;
  purpose: 'top_up' | 'invoice';
  currency: string;
  amount: string;
  status: 'pending' | 'succeeded' | 'failed' | 'canceled';
  createdAtMs: number;
}

export interface UsageEvent {
  requestId: string;
  customerId?: string;
  keyId: string;
  model: string;
  endpoint: string;
  upstreamId?: string | null;
  outcome: 'completed' | 'cut_short' | 'failed';
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  currency: string;
  /** Admin API: what the customer was charged; the portal calls it `charge`. */
  revenue?: string;
  charge?: string;
  costCurrency?: string | null;
  cost?: string | null;
  latencyMs: number | null;
  startedAtMs: number;
}

export interface UsageSummaryRow {
  customerId?: string;
  keyId?: string;
  model?: string;
  upstreamId?: string;
  day?: string;
  month?: string;
  currency: string;
  requests: number;
  failedRequests?: number;
  promptTokens: number;
  cachedPromptTokens?: number;
  completionTokens: number;
  /** Admin API: revenue, cost and margin; the portal: `charge`. */
  revenue?: string;
  charge?: string;
  cost?: string;
  margin?: string;
}

export interface Alert {
  id: string;
  kind: string;
  severity: string;
  message: string;
  firstSeenMs: number;
}

export interface Overview {
  currency: string;
  fromMs?: number;
  toMs?: number;
  revenue: string;
  usageRevenue: string;
  subscriptionRevenue: string;
  promotionalUsage: string;
  cost: string;
  grossMargin: string;
  grossMarginPct: string | number | null;
  mrr: string;
  arr: string;
  activeCustomers: number;
  cash: string;
  netBurn: string;
  runwayMonths: number | string | null;
  alerts: Alert[];
  series: { day: string; revenue: string; cost: string; margin: string }[];
}

export type ProfitGroup = 'customer' | 'key' | 'model' | 'plan' | 'upstream';

export interface ProfitRow {
  key: string;
  name: string;
  revenue: string;
  cost: string;
  margin: string;
  marginPct: string | number | null;
  requests: number;
  tokens: number;
  currency?: string;
}

export interface ProfitTotals {
  revenue?: string;
  cost?: string;
  margin?: string;
  marginPct?: number | string | null;
  /** Plan fees no row carries (grouping by key, model or upstream). */
  unattributedRevenue?: string;
  /** Idle GPU hours no row carries (unless grouping by upstream). */
  unattributedCost?: string;
}

export interface ProfitReport {
  currency?: string;
  rows: ProfitRow[];
  totals?: ProfitTotals;
}
