import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../../core/clock.js';
import { CustomerService } from '../../customers/service.js';
import { topUpTransfer } from '../../ledger/transfers.js';
import type { Transfer } from '../../ledger/types.js';
import { openStore } from '../db.js';
import { migrateStore } from '../migrate.js';
import { createTestDatabase, type TestDatabase } from '../../test-support/dialects.js';
import { sampleInvoice } from '../../test-support/invoice-fixture.js';
import { KyselyBillingStore } from './billing.js';
import { KyselyCustomerStore } from './customers.js';

/** The credit guard learns of billing's ledger transfers from `onPosted`: each once, after its commit, never a repeat. */
describe('the billing store tells what it posted', () => {
  let database: TestDatabase;
  let close: () => Promise<void>;
  let store: KyselyBillingStore;
  let customerId: string;
  const heard: string[][] = [];

  beforeAll(async () => {
    database = await createTestDatabase('sqlite');
    const opened = openStore(database.config.database);
    await migrateStore(opened);
    close = () => opened.close();
    customerId = (await new CustomerService(new KyselyCustomerStore(opened.db), new ManualClock(0)).create({ name: 'Acme' })).id;
    store = new KyselyBillingStore(opened.db, (transfers: Transfer[]) => heard.push(transfers.map((t) => t.id)));
  });
  afterAll(async () => {
    await close?.();
    await database?.cleanup();
  });

  it('a billing change: its new transfers, once; a replay of them: nothing', async () => {
    const fee = topUpTransfer({ id: 'fee:1', customerId: 'cus_01', currency: 'USD', amountNanos: 20n, memo: null, createdAtMs: 1 });
    await store.apply({ transfers: [fee] }, 1);
    await store.apply({ transfers: [fee] }, 2);
    expect(heard).toEqual([['fee:1']]);
  });

  it('an invoice payment: its transfer, once, even when the payment is recorded twice', async () => {
    await store.apply({ invoice: sampleInvoice('en', { id: 'inv_paid', number: null, customerId, subscriptionId: null }), transfers: [] }, 3);
    heard.length = 0;
    const payment = { invoiceId: 'inv_paid', paymentId: 'pay_1', amountNanos: 1_000n, currency: 'USD' as const, atMs: 4 };
    await store.recordInvoicePayment(payment);
    await store.recordInvoicePayment(payment);
    expect(heard).toEqual([['payment:pay_1']]);
  });
});
