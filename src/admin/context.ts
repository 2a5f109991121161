import type { FastifyRequest } from 'fastify';
import type { RedemptionService } from '../billing/codes/service.js';
import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import type { CustomerService } from '../customers/service.js';
import type { UpstreamHealth } from '../gateway/health.js';
import { bearerToken } from '../gateway/auth.js';
import { type OperatorService, type Permission, roleAllows } from '../keys/operators.js';
import type { KeyService } from '../keys/service.js';
import type { OperatorToken } from '../keys/types.js';
import type { BillingService } from '../billing/service.js';
import type { LedgerService } from '../ledger/service.js';
import type { LedgerStore } from '../ledger/store.js';
import type { UsageService } from '../metering/service.js';
import type { PriceService } from '../models/prices.js';
import type { NotificationService } from '../notifications/service.js';
import type { PaymentService } from '../payments/service.js';
import type { ModelService } from '../models/service.js';
import type { CostCardService } from '../upstreams/cost-cards.js';
import type { UpstreamService } from '../upstreams/service.js';
import type { InvoiceDocuments } from '../portal/documents.js';
import type { MemberService } from '../portal/members.js';

/** The services the admin API drives; the composition root builds them. */
export interface AdminDeps {
  customers: CustomerService;
  keys: KeyService;
  upstreams: UpstreamService;
  models: ModelService;
  operators: OperatorService;
  prices: PriceService;
  costCards: CostCardService;
  ledger: LedgerService;
  ledgerStore: LedgerStore;
  billing: BillingService;
  usage: UsageService;
  health: UpstreamHealth;
  clock: Clock;
  notifications: NotificationService;
  codes: RedemptionService;
  payments: PaymentService;
  members: MemberService;
  documents: InvoiceDocuments;
  /** Lets the console's operator sessions use the admin API; absent: Bearer tokens only. */
  cookieAuth?: OperatorCookieAuth;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** What the operator's role must allow; GET routes default to `read`, others to `write`. */
    permission?: Permission;
  }
  interface FastifyRequest {
    operator?: OperatorToken;
  }
}

/** The console's operator sessions (src/portal/session-auth.ts). */
export interface OperatorCookieAuth {
  /** The operator token behind the session cookie, or null without a cookie; throws for a dead or member session, or a write without its CSRF token. */
  operatorFromCookie(request: FastifyRequest): Promise<OperatorToken | null>;
}

/** A Bearer token (or api-key header) wins; without one, the console's session cookie may sign the operator in. */
export async function authorizeOperator(request: FastifyRequest, operators: OperatorService, cookies?: OperatorCookieAuth): Promise<void> {
  const headerless = request.headers.authorization === undefined && request.headers['api-key'] === undefined;
  const fromCookie = headerless ? await cookies?.operatorFromCookie(request) : null;
  const token = fromCookie ?? (await operators.authenticate(operatorSecret(request)));
  const permission = request.routeOptions.config.permission ?? (request.method === 'GET' ? 'read' : 'write');
  if (!roleAllows(token.role, permission)) {
    throw new TollgateError('forbidden', `Role "${token.role}" may not ${permission === 'read' ? 'read this' : `perform "${permission}" actions`}.`);
  }
  request.operator = token;
}

function operatorSecret(request: FastifyRequest): string {
  try {
    return bearerToken(request);
  } catch {
    throw new TollgateError('missing_operator_token');
  }
}

/** Paginates a list fetched with one extra item: the extra one only says there is more. */
export function page<T>(items: T[], limit: number): { object: 'list'; data: T[]; hasMore: boolean } {
  return { object: 'list', data: items.slice(0, limit), hasMore: items.length > limit };
}
