import { type Kysely, type Selectable, sql, type Transaction } from 'kysely';
import type { BillingStore, PeriodUsage } from '../../billing/store.js';
import type { BillingChange, Subscription, SubscriptionEvent } from '../../billing/subscription-types.js';
import type { Invoice, InvoiceLine, InvoiceStatus } from '../../billing/types.js';
import { invoicePaymentTransfer } from '../../billing/invoice-ledger.js';
import { TollgateError } from '../../core/errors.js';
import type { Transfer } from '../../ledger/types.js';
import { type Currency, toBigInt } from '../../core/money.js';
import type { Locale } from '../../customers/types.js';
import type { Database, InvoiceLinesTable, InvoicesTable, SubscriptionsTable } from '../schema.js';
import { postTransferTx } from './ledger-tx.js';
import { KyselyPlanStore } from './plans.js';
import { bumpCatalogVersion, num, numOrNull, parseJson } from './rows.js';

const FEE_KINDS = ['fee', 'proration', 'coupon'];

function toSubscription(row: Selectable<SubscriptionsTable>): Subscription {
  return {
    id: row.id,
    customerId: row.customerId,
    planId: row.planId,
    planVersionId: row.planVersionId,
    status: row.status as Subscription['status'],
    anchorMs: num(row.anchorMs),
    periodStartMs: num(row.periodStartMs),
    periodEndMs: num(row.periodEndMs),
    versionSinceMs: num(row.versionSinceMs),
    trialEndMs: numOrNull(row.trialEndMs),
    cancelAtPeriodEnd: num(row.cancelAtPeriodEnd) === 1,
    canceledAtMs: numOrNull(row.canceledAtMs),
    couponId: row.couponId,
    couponPeriodsUsed: num(row.couponPeriodsUsed),
    createdAtMs: num(row.createdAtMs),
    updatedAtMs: num(row.updatedAtMs),
  };
}

function subscriptionRow(s: Subscription) {
  return { ...s, cancelAtPeriodEnd: s.cancelAtPeriodEnd ? 1 : 0 };
}

function toInvoice(row: Selectable<InvoicesTable>, lines: Selectable<InvoiceLinesTable>[]): Invoice {
  return {
    id: row.id,
    number: row.number,
    kind: row.kind as Invoice['kind'],
    customerId: row.customerId,
    subscriptionId: row.subscriptionId,
    correctsInvoiceId: row.correctsInvoiceId,
    currency: row.currency as Currency,
    status: row.status as InvoiceStatus,
    periodStartMs: num(row.periodStartMs),
    periodEndMs: num(row.periodEndMs),
    subtotalNanos: toBigInt(row.subtotalNanos),
    taxRateBps: num(row.taxRateBps),
    taxNanos: toBigInt(row.taxNanos),
    roundingNanos: toBigInt(row.roundingNanos),
    totalNanos: toBigInt(row.totalNanos),
    prepaidNanos: toBigInt(row.prepaidNanos),
    amountDueNanos: toBigInt(row.amountDueNanos),
    amountPaidNanos: toBigInt(row.amountPaidNanos),
    locale: row.locale as Locale,
    issuedAtMs: numOrNull(row.issuedAtMs),
    dueAtMs: numOrNull(row.dueAtMs),
    paidAtMs: numOrNull(row.paidAtMs),
    voidedAtMs: numOrNull(row.voidedAtMs),
    createdAtMs: num(row.createdAtMs),
    lines: lines
      .filter((l) => l.invoiceId === row.id)
      .sort((a, b) => num(a.line) - num(b.line))
      .map((l): InvoiceLine => ({ kind: l.kind as InvoiceLine['kind'], description: l.description, model: l.model, quantity: toBigInt(l.quantity), unit: l.unit, unitPrice: l.unitPrice, amountNanos: toBigInt(l.amountNanos) })),
  };
}

/** Subscriptions, invoices and their numbering; every billing change is one transaction. */
export class KyselyBillingStore extends KyselyPlanStore implements BillingStore {
  /** `onPosted` hears of the ledger transfers each billing change committed (the credit guard folds them in). */
  constructor(
    db: Kysely<Database>,
    private readonly onPosted: (transfers: Transfer[]) => void = () => undefined,
  ) {
    super(db);
  }

  async apply(change: BillingChange, nowMs: number): Promise<{ applied: boolean; invoice: Invoice | null }> {
    return this.posting(async (tx, post) => {
      if (change.subscription && !(await this.writeSubscription(tx, change.subscription))) return { applied: false, invoice: null };
      if (change.couponRedemption) await this.redeemCoupon(tx, change.couponRedemption);
      if (change.event) await tx.insertInto('subscriptionEvents').values({ ...change.event, details: JSON.stringify(change.event.details) }).execute();
      const invoice = change.invoice ? await this.insertInvoice(tx, change.invoice, nowMs) : null;
      for (const transfer of change.transfers) await post(transfer);
      if (change.correction) await this.correct(tx, change.correction);
      if (change.subscription) await bumpCatalogVersion(tx);
      return { applied: true, invoice };
    });
  }

  /** One transaction whose ledger transfers, posted through `post`, reach `onPosted` once it has committed. */
  private async posting<T>(work: (tx: Transaction<Database>, post: (transfer: Transfer) => Promise<boolean>) => Promise<T>): Promise<T> {
    const posted: Transfer[] = [];
    const result = await this.db.transaction().execute((tx) =>
      work(tx, async (transfer) => {
        const fresh = await postTransferTx(tx, transfer);
        if (fresh) posted.push(transfer);
        return fresh;
      }),
    );
    if (posted.length > 0) this.onPosted(posted);
    return result;
  }

  private async writeSubscription(tx: Transaction<Database>, s: NonNullable<BillingChange['subscription']>): Promise<boolean> {
    if (s.insert) {
      await tx.insertInto('subscriptions').values(subscriptionRow(s.next)).execute();
      return true;
    }
    let update = tx.updateTable('subscriptions').set(subscriptionRow(s.next)).where('id', '=', s.next.id);
    if (s.expectedPeriodEndMs !== null) update = update.where('periodEndMs', '=', BigInt(s.expectedPeriodEndMs));
    if (s.expectedVersionId) update = update.where('planVersionId', '=', s.expectedVersionId);
    const result = await update.executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  private async correct(tx: Transaction<Database>, c: NonNullable<BillingChange['correction']>): Promise<void> {
    const row = await tx.selectFrom('invoices').select(['amountDueNanos', 'status']).where('id', '=', c.invoiceId).executeTakeFirstOrThrow();
    const due = toBigInt(row.amountDueNanos) - c.creditNanos;
    await tx
      .updateTable('invoices')
      .set({ amountDueNanos: due > 0n ? due : 0n, ...(c.voidAtMs !== null ? { status: 'void', voidedAtMs: c.voidAtMs } : {}) })
      .where('id', '=', c.invoiceId)
      .execute();
  }

  private async redeemCoupon(tx: Transaction<Database>, couponId: string): Promise<void> {
    const result = await tx
      .updateTable('coupons')
      .set({ timesRedeemed: sql`times_redeemed + 1` })
      .where('id', '=', couponId)
      .where((eb) => eb.or([eb('maxRedemptions', 'is', null), eb('timesRedeemed', '<', eb.ref('maxRedemptions'))]))
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) throw new TollgateError('conflict', 'This coupon has been used up.', { param: 'coupon' });
  }

  /** Inserts a finalized invoice with the next number of its series (gap-free: same transaction). */
  private async insertInvoice(tx: Transaction<Database>, invoice: Invoice, nowMs: number): Promise<Invoice> {
    const existing = await tx.selectFrom('invoices').select('id').where('id', '=', invoice.id).executeTakeFirst();
    if (existing) return (await this.getInvoiceTx(tx, invoice.id))!;
    const numbered = { ...invoice, number: invoice.status === 'draft' ? null : await nextNumber(tx, invoice, nowMs) };
    const { lines, ...row } = numbered;
    await tx.insertInto('invoices').values(row).execute();
    if (lines.length > 0) await tx.insertInto('invoiceLines').values(lines.map((l, line) => ({ ...l, invoiceId: invoice.id, line }))).execute();
    return numbered;
  }

  async getSubscription(id: string): Promise<Subscription | null> {
    const row = await this.db.selectFrom('subscriptions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async liveSubscription(customerId: string): Promise<Subscription | null> {
    const row = await this.db.selectFrom('subscriptions').selectAll().where('customerId', '=', customerId).where('status', '<>', 'canceled').orderBy('createdAtMs', 'desc').executeTakeFirst();
    return row ? toSubscription(row) : null;
  }

  async listSubscriptions(filter: { customerId?: string; status?: Subscription['status']; limit: number }): Promise<Subscription[]> {
    let query = this.db.selectFrom('subscriptions').selectAll().orderBy('createdAtMs', 'desc').limit(filter.limit);
    if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
    if (filter.status) query = query.where('status', '=', filter.status);
    return (await query.execute()).map(toSubscription);
  }

  async dueSubscriptions(nowMs: number, limit: number): Promise<Subscription[]> {
    const rows = await this.db.selectFrom('subscriptions').selectAll().where('status', '<>', 'canceled').where('periodEndMs', '<=', BigInt(nowMs)).orderBy('periodEndMs').limit(limit).execute();
    return rows.map(toSubscription);
  }

  async subscriptionEvents(subscriptionId: string): Promise<SubscriptionEvent[]> {
    const rows = await this.db.selectFrom('subscriptionEvents').selectAll().where('subscriptionId', '=', subscriptionId).orderBy('atMs').orderBy('id').execute();
    return rows.map((r) => ({ id: r.id, subscriptionId: r.subscriptionId, kind: r.kind as SubscriptionEvent['kind'], atMs: num(r.atMs), details: parseJson(r.details, {}) }));
  }

  getInvoice(id: string): Promise<Invoice | null> {
    return this.getInvoiceTx(this.db, id);
  }

  private async getInvoiceTx(db: Kysely<Database> | Transaction<Database>, id: string): Promise<Invoice | null> {
    const row = await db.selectFrom('invoices').selectAll().where((eb) => eb.or([eb('id', '=', id), eb('number', '=', id)])).executeTakeFirst();
    if (!row) return null;
    const lines = await db.selectFrom('invoiceLines').selectAll().where('invoiceId', '=', row.id).execute();
    return toInvoice(row, lines);
  }

  async listInvoices(filter: { customerId?: string; status?: InvoiceStatus; issuedOnly?: boolean; limit: number; beforeMs?: number }): Promise<Invoice[]> {
    let query = this.db.selectFrom('invoices').selectAll().orderBy('createdAtMs', 'desc').orderBy('id', 'desc').limit(filter.limit);
    if (filter.customerId) query = query.where('customerId', '=', filter.customerId);
    if (filter.status) query = query.where('status', '=', filter.status);
    // Drafts are filtered in SQL, not after the limit, so a page is never short.
    if (filter.issuedOnly) query = query.where('status', '!=', 'draft');
    if (filter.beforeMs !== undefined) query = query.where('createdAtMs', '<', BigInt(filter.beforeMs));
    return this.withLines(await query.execute());
  }

  async overdueInvoices(nowMs: number): Promise<Invoice[]> {
    const rows = await this.db.selectFrom('invoices').selectAll().where('status', '=', 'finalized').where('amountDueNanos', '>', 0n).where('dueAtMs', '<', BigInt(nowMs)).orderBy('dueAtMs').execute();
    return this.withLines(rows);
  }

  private async withLines(rows: Selectable<InvoicesTable>[]): Promise<Invoice[]> {
    if (rows.length === 0) return [];
    const lines = await this.db.selectFrom('invoiceLines').selectAll().where('invoiceId', 'in', rows.map((r) => r.id)).execute();
    return rows.map((r) => toInvoice(r, lines));
  }

  async feeInvoicedForPeriod(subscriptionId: string, periodStartMs: number): Promise<bigint> {
    const row = await this.db
      .selectFrom('invoiceLines')
      .innerJoin('invoices', 'invoices.id', 'invoiceLines.invoiceId')
      .select((eb) => eb.fn.sum<string | bigint>('invoiceLines.amountNanos').as('total'))
      .where('invoices.subscriptionId', '=', subscriptionId)
      .where('invoices.periodStartMs', '=', BigInt(periodStartMs))
      .where('invoices.status', '<>', 'void')
      .where('invoiceLines.kind', 'in', FEE_KINDS)
      .executeTakeFirst();
    return toBigInt(row?.total ?? 0n);
  }

  async usageForPeriod(customerId: string, startMs: number, endMs: number): Promise<PeriodUsage> {
    // The CamelCasePlugin renames result columns of raw queries too: price_id comes back as priceId.
    const rows = await sql<{ model: string; priceId: string | null; discountBps: bigint | number; input: bigint | string; cached: bigint | string; output: bigint | string; requests: bigint | string; value: bigint | string; included: bigint | string; charged: bigint | string }>`
      select model, price_id, discount_bps,
             sum(prompt_tokens - cached_prompt_tokens) as input, sum(cached_prompt_tokens) as cached, sum(completion_tokens) as output,
             count(*) as requests, sum(revenue_nanos + included_nanos) as value, sum(included_nanos) as included, sum(revenue_nanos) as charged
      from usage_events
      where customer_id = ${customerId} and started_at_ms >= ${startMs} and started_at_ms < ${endMs} and outcome <> 'failed'
      group by model, price_id, discount_bps
      order by model, price_id`.execute(this.db);
    const arrears = await sql<{ total: bigint | string | null }>`
      select sum(e.amount_nanos) as total from usage_events u
      join ledger_entries e on e.transfer_id = 'usage:' || u.request_id
      where u.customer_id = ${customerId} and u.started_at_ms >= ${startMs} and u.started_at_ms < ${endMs}
        and e.account_id = ${`customer:${customerId}:receivable`}`.execute(this.db);
    const groups = rows.rows.map((r) => ({
      model: r.model,
      priceId: r.priceId,
      discountBps: Number(r.discountBps),
      units: { input_tokens: toBigInt(r.input), cached_input_tokens: toBigInt(r.cached), output_tokens: toBigInt(r.output), requests: toBigInt(r.requests) },
      valueNanos: toBigInt(r.value),
    }));
    const sum = (key: 'included' | 'charged') => rows.rows.reduce((acc, r) => acc + toBigInt(r[key]), 0n);
    return { groups, includedNanos: sum('included'), chargedNanos: sum('charged'), arrearsNanos: toBigInt(arrears.rows[0]?.total ?? 0n) };
  }

  async recordInvoicePayment(p: { invoiceId: string; paymentId: string; amountNanos: bigint; currency: Currency; atMs: number }): Promise<Invoice> {
    return this.posting(async (tx, post) => {
      const invoice = await this.getInvoiceTx(tx, p.invoiceId);
      if (!invoice) throw new TollgateError('not_found', `No invoice ${p.invoiceId}.`);
      if (invoice.currency !== p.currency) throw new TollgateError('invalid_request', `The payment is in ${p.currency}, the invoice in ${invoice.currency}.`);
      const transfer = invoicePaymentTransfer({ id: `payment:${p.paymentId}`, customerId: invoice.customerId, currency: p.currency, amountNanos: p.amountNanos, memo: invoice.number ?? invoice.id, atMs: p.atMs });
      if (!(await post(transfer))) return invoice;
      const paid = invoice.amountPaidNanos + p.amountNanos;
      const settled = paid >= invoice.totalNanos;
      await tx
        .updateTable('invoices')
        .set({ amountPaidNanos: paid, amountDueNanos: settled ? 0n : invoice.totalNanos - paid, status: settled ? 'paid' : invoice.status, paidAtMs: settled ? p.atMs : null })
        .where('id', '=', invoice.id)
        .execute();
      return (await this.getInvoiceTx(tx, invoice.id))!;
    });
  }

  async allowanceUsed(subscriptionId: string, fromMs: number, toMs: number): Promise<{ nanos: bigint; tokens: bigint }> {
    const row = await this.db
      .selectFrom('usageEvents')
      .select([(eb) => eb.fn.sum<string | bigint>('includedNanos').as('nanos'), (eb) => eb.fn.sum<string | bigint>('includedTokens').as('tokens')])
      .where('subscriptionId', '=', subscriptionId)
      .where('startedAtMs', '>=', BigInt(fromMs))
      .where('startedAtMs', '<', BigInt(toMs))
      .executeTakeFirst();
    return { nanos: toBigInt(row?.nanos ?? 0n), tokens: toBigInt(row?.tokens ?? 0n) };
  }

  async getSetting(key: string): Promise<string | null> {
    return (await this.db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst())?.value ?? null;
  }

  async setSetting(key: string, value: string, nowMs: number): Promise<void> {
    await this.db.insertInto('settings').values({ key, value, updatedAtMs: nowMs }).onConflict((oc) => oc.column('key').doUpdateSet({ value, updatedAtMs: nowMs })).execute();
  }
}

/** INV-2026-000001 for invoices, CN-2026-000001 for credit notes: sequential per year, no gaps. */
async function nextNumber(tx: Transaction<Database>, invoice: Invoice, nowMs: number): Promise<string> {
  const series = invoice.kind === 'credit_note' ? 'CN' : 'INV';
  const year = new Date(invoice.issuedAtMs ?? nowMs).getUTCFullYear();
  const name = `invoice:${series}:${year}`;
  const row = await tx
    .insertInto('counters')
    .values({ name, value: 1 })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql`counters.value + 1` }))
    .returning('value')
    .executeTakeFirstOrThrow();
  return `${series}-${year}-${String(num(row.value)).padStart(6, '0')}`;
}
