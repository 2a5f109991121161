import type { Currency } from '../core/money.js';

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
  createdAtMs: number;
  updatedAtMs: number;
}

export interface CustomerStore {
  insertCustomer(customer: Customer): Promise<void>;
  getCustomer(id: string): Promise<Customer | null>;
  findCustomerByRef(ref: string): Promise<Customer | null>;
  listCustomers(filter: { status?: CustomerStatus; limit: number; after?: string }): Promise<Customer[]>;
  updateCustomer(id: string, patch: Partial<Pick<Customer, 'name' | 'email' | 'status' | 'metadata'>>, nowMs: number): Promise<Customer | null>;
}
