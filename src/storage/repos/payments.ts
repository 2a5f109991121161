import type { Kysely, Selectable, Transaction } from 'kysely';
import { type Currency, toBigInt } from '../../core/money.js';
import type {
  EventDecision, EventOutcome, InvoiceLookup, PayableInvoice, PaymentFilter, PaymentLookup, PaymentStore, ProviderEvent, RecordedEvent, RecordEventResult,
} from '../../payments/store.js';
import type { Payment, PaymentProvider, PaymentPurpose, PaymentStatus } from '../../payments/types.js';
import type { Database, PaymentEventsTable, PaymentsTable } from '../schema.js';
import { num } from './rows.js';

function toPayment(row: Selectable<PaymentsTable>): Payment {
  return {
    id: row.id,
    provider: row.provider as PaymentProvider,
    externalId: row.externalId,
    customerId: row.customerId,
    invoiceId: row.invoiceId,
    purpose: row.purpose as PaymentPurpose,
    currency: row.currency as Currency,
    amountNanos: toBigInt(row.amountNanos),
    status: row.status as PaymentStatus,
    checkoutUrl: row.checkoutUrl,
    failureReason: row.failureReason,
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

function toEvent(row: Selectable<PaymentEventsTable>): RecordedEvent {
  return {
    id: row.id,
    provider: row.provider as PaymentProvider,
    type: row.type,
    paymentId: row.paymentId,
    providerCreatedMs: num(row.providerCreatedMs),
    receivedAtMs: num(row.receivedAtMs),
    outcome: row.outcome as EventOutcome,
  };
}

/**
 * Never committed: the transaction that inserts an event replaces it before it commits. On SQLite
 * the insert is also the transaction's first statement, so it takes the write lock at once and two
 * processes cannot deadlock upgrading a read lock.
 */
const RECORDING = 'recording';

export class KyselyPaymentStore implements PaymentStore {
  constructor(private readonly db: Kysely<Database>) {}

  async insertPayment(payment: Payment): Promise<{ payment: Payment; inserted: boolean }> {
    const row = await this.db
      .insertInto('payments')
      .values(payment)
      .onConflict((oc) => oc.column('externalId').doNothing())
      .returning('id')
      .executeTakeFirst();
    if (row) return { payment, inserted: true };
    const existing = await this.db.selectFrom('payments').selectAll().where('externalId', '=', payment.externalId).executeTakeFirstOrThrow();
    return { payment: toPayment(existing), inserted: false };
  }

  async getPayment(id: string): Promise<Payment | null> {
    const row = await this.db.selectFrom('payments').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toPayment(row) : null;
  }

  async listPayments(filter: PaymentFilter): Promise<Payment[]> {
    let query = this.db.selectFrom('payments').selectAll().orderBy('id').limit(filter.limit);
    if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
    if (filter.status) query = query.where('status', '=', filter.status);
    if (filter.after) query = query.where('id', '>', filter.after);
    return (await query.execute()).map(toPayment);
  }

  async attachCheckout(id: string, externalId: string, checkoutUrl: string, nowMs: number): Promise<Payment | null> {
    await this.db.updateTable('payments').set({ externalId, checkoutUrl, updatedAtMs: nowMs }).where('id', '=', id).where('status', '=', 'pending').execute();
    return this.getPayment(id);
  }

  async failPending(id: string, failureReason: string, nowMs: number): Promise<Payment | null> {
    await this.db.updateTable('payments').set({ status: 'failed', failureReason, updatedAtMs: nowMs }).where('id', '=', id).where('status', '=', 'pending').execute();
    return this.getPayment(id);
  }

  recordEvent(event: ProviderEvent, lookup: PaymentLookup, decide: (payment: Payment | null) => EventDecision): Promise<RecordEventResult> {
    // Nothing in here awaits anything but its own queries: on better-sqlite3 those settle as
    // microtasks, so the ledger writer's batches (scheduled with setImmediate on the same
    // connection) cannot run inside this transaction.
    return this.db.transaction().execute(async (tx) => {
      const claimed = await tx
        .insertInto('paymentEvents')
        .values({ ...event, paymentId: null, outcome: RECORDING })
        .onConflict((oc) => oc.column('id').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!claimed) return this.replay(tx, event.id);

      const before = await findPayment(tx, lookup);
      const decision = decide(before);
      let outcome: EventOutcome = decision.kind === 'record' ? decision.outcome : 'effects_pending';
      if (decision.kind === 'move') {
        if (!before) throw new Error(`Event ${event.id}: a move needs the payment it names.`);
        // The status guard makes the move forward-only even against a concurrent event for the
        // same payment: on PostgreSQL the second update waits for the first and then matches nothing.
        const moved = await tx
          .updateTable('payments')
          .set({ status: decision.status, failureReason: decision.failureReason, updatedAtMs: event.receivedAtMs })
          .where('id', '=', before.id)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (moved.numUpdatedRows === 0n) outcome = 'already_final';
      }
      const paymentId = before?.id ?? null;
      await tx.updateTable('paymentEvents').set({ outcome, paymentId }).where('id', '=', event.id).execute();
      const payment = paymentId ? toPayment(await tx.selectFrom('payments').selectAll().where('id', '=', paymentId).executeTakeFirstOrThrow()) : null;
      return { fresh: true, event: { ...event, paymentId, outcome }, payment };
    });
  }

  async markEffectsDone(eventId: string): Promise<void> {
    await this.db.updateTable('paymentEvents').set({ outcome: 'applied' }).where('id', '=', eventId).where('outcome', '=', 'effects_pending').execute();
  }

  async listEvents(paymentId: string): Promise<RecordedEvent[]> {
    const rows = await this.db.selectFrom('paymentEvents').selectAll().where('paymentId', '=', paymentId).orderBy('receivedAtMs').orderBy('id').execute();
    return rows.map(toEvent);
  }

  private async replay(tx: Transaction<Database>, eventId: string): Promise<RecordEventResult> {
    const event = toEvent(await tx.selectFrom('paymentEvents').selectAll().where('id', '=', eventId).executeTakeFirstOrThrow());
    const row = event.paymentId ? await tx.selectFrom('payments').selectAll().where('id', '=', event.paymentId).executeTakeFirst() : undefined;
    return { fresh: false, event, payment: row ? toPayment(row) : null };
  }
}

async function findPayment(tx: Transaction<Database>, lookup: PaymentLookup): Promise<Payment | null> {
  if (lookup.externalId) {
    const row = await tx.selectFrom('payments').selectAll().where('externalId', '=', lookup.externalId).executeTakeFirst();
    if (row) return toPayment(row);
  }
  if (lookup.paymentId) {
    const row = await tx.selectFrom('payments').selectAll().where('id', '=', lookup.paymentId).executeTakeFirst();
    if (row) return toPayment(row);
  }
  return null;
}

/** Reads billing's invoices table for what paying an invoice needs; billing may replace it with its own service. */
export class KyselyInvoiceLookup implements InvoiceLookup {
  constructor(private readonly db: Kysely<Database>) {}

  async findInvoice(id: string): Promise<PayableInvoice | null> {
    const row = await this.db
      .selectFrom('invoices')
      .select(['id', 'customerId', 'currency', 'status', 'amountDueNanos', 'amountPaidNanos'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    const outstanding = toBigInt(row.amountDueNanos) - toBigInt(row.amountPaidNanos);
    return { id: row.id, customerId: row.customerId, currency: row.currency as Currency, status: row.status, outstandingNanos: outstanding > 0n ? outstanding : 0n };
  }
}
