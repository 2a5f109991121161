import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import type { Currency } from '../core/money.js';
import type { LimitSettings } from '../limits/settings.js';
import type { BillingMode, Customer, CustomerPatch, CustomerStatus, CustomerStore, Locale } from './types.js';

export interface CreateCustomerInput {
  name: string;
  ref?: string | null;
  email?: string | null;
  currency?: Currency;
  metadata?: Record<string, string>;
  billingMode?: BillingMode;
  overdraftNanos?: bigint;
  creditLimitNanos?: bigint | null;
  lowBalanceNanos?: bigint | null;
  limits?: LimitSettings;
  taxRateBps?: number;
  locale?: Locale;
  paymentTermsDays?: number;
}

export interface UpdateCustomerInput {
  name?: string;
  email?: string | null;
  status?: CustomerStatus;
  metadata?: Record<string, string>;
  billingMode?: BillingMode;
  overdraftNanos?: bigint;
  creditLimitNanos?: bigint | null;
  lowBalanceNanos?: bigint | null;
  limits?: LimitSettings;
  taxRateBps?: number;
  locale?: Locale;
  paymentTermsDays?: number;
  suspendedAtMs?: number | null;
}

export class CustomerService {
  constructor(
    private readonly store: CustomerStore,
    private readonly clock: Clock,
  ) {}

  async create(input: CreateCustomerInput): Promise<Customer> {
    if (input.ref && (await this.store.findCustomerByRef(input.ref))) {
      throw new TollgateError('conflict', `A customer with ref "${input.ref}" already exists.`, { param: 'ref' });
    }
    const nowMs = this.clock.nowMs();
    const customer: Customer = {
      id: newId('cus', nowMs),
      ref: input.ref ?? null,
      name: input.name,
      email: input.email ?? null,
      status: 'active',
      currency: input.currency ?? 'USD',
      metadata: input.metadata ?? {},
      billingMode: input.billingMode ?? 'prepaid',
      overdraftNanos: input.overdraftNanos ?? 0n,
      creditLimitNanos: input.creditLimitNanos ?? null,
      lowBalanceNanos: input.lowBalanceNanos ?? null,
      limits: input.limits ?? {},
      taxRateBps: input.taxRateBps ?? 0,
      locale: input.locale ?? 'en',
      paymentTermsDays: input.paymentTermsDays ?? 7,
      suspendedAtMs: null,
      createdAtMs: nowMs,
      updatedAtMs: nowMs,
    };
    await this.store.insertCustomer(customer);
    return customer;
  }

  async get(id: string): Promise<Customer> {
    const customer = await this.store.getCustomer(id);
    if (!customer) throw new TollgateError('not_found', `No customer with id ${id}.`);
    return customer;
  }

  findByRef(ref: string): Promise<Customer | null> {
    return this.store.findCustomerByRef(ref);
  }

  list(filter: { status?: CustomerStatus; limit: number; after?: string }): Promise<Customer[]> {
    return this.store.listCustomers(filter);
  }

  async update(id: string, input: UpdateCustomerInput): Promise<Customer> {
    await this.get(id);
    const patch: CustomerPatch = {};
    const fields = ['name', 'email', 'status', 'metadata', 'billingMode', 'overdraftNanos', 'creditLimitNanos', 'lowBalanceNanos', 'limits', 'taxRateBps', 'locale', 'paymentTermsDays', 'suspendedAtMs'] as const;
    for (const field of fields) {
      if (input[field] !== undefined) (patch as Record<string, unknown>)[field] = input[field];
    }
    if (patch.overdraftNanos !== undefined && patch.overdraftNanos < 0n) throw new TollgateError('invalid_request', 'overdraft must not be negative.', { param: 'overdraft' });
    return (await this.store.updateCustomer(id, patch, this.clock.nowMs()))!;
  }
}
