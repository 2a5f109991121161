import type { FastifyRequest } from 'fastify';
import { TollgateError, isTollgateError } from '../core/errors.js';
import type { RedemptionService } from '../billing/codes/service.js';
import type { BillingService } from '../billing/service.js';
import type { Config } from '../config/config.js';
import type { CustomerService } from '../customers/service.js';
import type { CatalogCache } from '../gateway/catalog.js';
import type { KeyService } from '../keys/service.js';
import type { LedgerService } from '../ledger/service.js';
import type { UsageService } from '../metering/service.js';
import type { PaymentService } from '../payments/service.js';
import type { InvoiceDocuments } from './documents.js';
import type { MemberSession, CookieAuth } from './session-auth.js';
import type { SessionService } from './sessions.js';
import type { FailureThrottle } from './throttle.js';
import type { UsageOwnership } from './types.js';

/** The services the console session and portal routes drive; the composition root builds them. */
export interface PortalDeps {
  auth: CookieAuth;
  sessions: SessionService;
  customers: CustomerService;
  keys: KeyService;
  usage: UsageService;
  usageOwners: UsageOwnership;
  ledger: LedgerService;
  payments: PaymentService;
  codes: RedemptionService;
  billing: BillingService;
  documents: InvoiceDocuments;
  catalog: CatalogCache;
  throttle: FailureThrottle;
  config: Readonly<Config>;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Portal routes only an owner of the account may call. */
    ownerOnly?: boolean;
  }
  interface FastifyRequest {
    portal?: MemberSession;
  }
}

/** The signed-in member and its customer; the portal's hook has set them on every portal route. */
export function portalOf(request: FastifyRequest): MemberSession['member'] {
  return request.portal!.member;
}

/**
 * The resource if it belongs to this customer. Another customer's answers exactly as a missing
 * one does (404, the same message), so ids cannot be probed across accounts.
 */
export async function owned<T extends { customerId: string }>(lookup: Promise<T>, customerId: string, missing: string): Promise<T> {
  const found = await lookup.catch((error: unknown) => {
    if (isTollgateError(error) && error.code === 'not_found') return null;
    throw error;
  });
  if (!found || found.customerId !== customerId) throw new TollgateError('not_found', missing);
  return found;
}
