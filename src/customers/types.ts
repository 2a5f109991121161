import type { Currency } from '../core/money.js';
import type { LimitSettings } from '../limits/settings.js';

export type BillingMode = 'prepaid' | 'postpaid';
export type Locale = 'en' | 'zh-CN';

export type CustomerStatus = 'active' | 'disabled';

/** An organisation that buys access: it owns API keys and (with the money core) a wallet. */
export interface Customer {
  id: string;
  /** The operator's own stable handle for the customer (e.g. "acme"); declarative files match on it. */
  ref: string | null;
  name: string;
  email: string | null;
  status: CustomerStatus;
  currency: Currency;
  metadata: Record<string, string>;
  /** prepaid: requests draw on credit bought in advance; postpaid: usage is owed and invoiced later. */
  billingMode: BillingMode;
  /** Prepaid: how far below zero credit may go (default 0). */
  overdraftNanos: bigint;
  /** Postpaid: the most the customer may owe before requests are refused; null = no limit. */
  creditLimitNanos: bigint | null;
  /** The charge paid from credit that takes credit (wallet + granted) below this sends `balance.low`; null = never. */
  lowBalanceNanos: bigint | null;
  limits: LimitSettings;
  /** Tax on invoices, in basis points (1300 = 13 %). */
  taxRateBps: number;
  /** Language of invoices and emails: 'en' or 'zh-CN'. */
  locale: Locale;
  /** Days from an invoice's issue to its due date. */
  paymentTermsDays: number;
  /** Set while keys are suspended for an unpaid invoice past its grace period. */
  suspendedAtMs: number | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface CustomerStore {
  insertCustomer(customer: Customer): Promise<void>;
  getCustomer(id: string): Promise<Customer | null>;
  findCustomerByRef(ref: string): Promise<Customer | null>;
  listCustomers(filter: { status?: CustomerStatus; limit: number; after?: string }): Promise<Customer[]>;
  updateCustomer(id: string, patch: CustomerPatch, nowMs: number): Promise<Customer | null>;
}

export type CustomerPatch = Partial<
  Pick<Customer, 'name' | 'email' | 'status' | 'metadata' | 'billingMode' | 'overdraftNanos' | 'creditLimitNanos' | 'lowBalanceNanos' | 'limits' | 'taxRateBps' | 'locale' | 'paymentTermsDays' | 'suspendedAtMs'>
>;
