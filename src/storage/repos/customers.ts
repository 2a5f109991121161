import type { Kysely, Selectable } from 'kysely';
import type { Currency } from '../../core/money.js';
import { limitsFromJson, limitsToJson } from '../../limits/settings.js';
import type { BillingMode, Customer, CustomerPatch, CustomerStatus, CustomerStore, Locale } from '../../customers/types.js';
import { toBigInt } from '../../core/money.js';
import type { CustomersTable, Database } from '../schema.js';
import { bumpCatalogVersion, num, numOrNull, parseJson } from './rows.js';

function toCustomer(row: Selectable<CustomersTable>): Customer {
  return {
    id: row.id,
    ref: row.ref,
    name: row.name,
    email: row.email,
    status: row.status as CustomerStatus,
    currency: row.currency as Currency,
    metadata: parseJson(row.metadata, {}),
    billingMode: row.billingMode as BillingMode,
    overdraftNanos: toBigInt(row.overdraftNanos),
    creditLimitNanos: row.creditLimitNanos === null ? null : toBigInt(row.creditLimitNanos),
    lowBalanceNanos: row.lowBalanceNanos === null ? null : toBigInt(row.lowBalanceNanos),
    limits: limitsFromJson(row.limits),
    taxRateBps: num(row.taxRateBps),
    locale: row.locale as Locale,
    paymentTermsDays: num(row.paymentTermsDays),
    suspendedAtMs: numOrNull(row.suspendedAtMs),
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

export class KyselyCustomerStore implements CustomerStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertCustomer(c: Customer): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx
        .insertInto('customers')
        .values({ ...c, metadata: JSON.stringify(c.metadata), limits: limitsToJson(c.limits) })
        .execute();
      await bumpCatalogVersion(tx);
    });
  }

  async getCustomer(id: string): Promise<Customer | null> {
    const row = await this.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toCustomer(row) : null;
  }

  async findCustomerByRef(ref: string): Promise<Customer | null> {
    const row = await this.db.selectFrom('customers').selectAll().where('ref', '=', ref).executeTakeFirst();
    return row ? toCustomer(row) : null;
  }

  async listCustomers(filter: { status?: CustomerStatus; limit: number; after?: string }): Promise<Customer[]> {
    let query = this.db.selectFrom('customers').selectAll().orderBy('id').limit(filter.limit);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return (await query.execute()).map(toCustomer);
  }

  async updateCustomer(id: string, patch: CustomerPatch, nowMs: number): Promise<Customer | null> {
    const { metadata, limits, ...rest } = patch;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('customers')
        .set({ ...rest, ...(metadata ? { metadata: JSON.stringify(metadata) } : {}), ...(limits ? { limits: limitsToJson(limits) } : {}), updatedAtMs: nowMs })
        .where('id', '=', id)
        .execute();
      await bumpCatalogVersion(tx);
    });
    return this.getCustomer(id);
  }
}
