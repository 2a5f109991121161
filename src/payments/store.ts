import type { Currency } from '../core/money.js';
import type { Payment, PaymentProvider, PaymentStatus } from './types.js';

export type FinalStatus = Exclude<PaymentStatus, 'pending'>;

/**
 * What a provider event did, as stored in `payment_events.outcome`:
 * - effects_pending: it moved the payment; the effects have not been confirmed yet
 * - applied: it moved the payment and the effects ran
 * - already_final: the payment had already left `pending` (a second or late event)
 * - amount_mismatch: the provider's amount or currency differs from the payment's; not applied
 * - unknown_payment: it names no payment of this provider; recorded and ignored
 * - not_paid: a completed checkout whose money has not arrived yet (a delayed payment method)
 * - ignored: an event type Tollgate does not act on
 */
export type EventOutcome = 'effects_pending' | 'applied' | 'already_final' | 'amount_mismatch' | 'unknown_payment' | 'not_paid' | 'ignored';

export interface ProviderEvent {
  id: string;
  provider: PaymentProvider;
  type: string;
  providerCreatedMs: number;
  receivedAtMs: number;
}

export interface RecordedEvent extends ProviderEvent {
  paymentId: string | null;
  outcome: EventOutcome;
}

/** How an event names its payment: the provider's id first, then Tollgate's own. */
export interface PaymentLookup {
  externalId: string | null;
  paymentId: string | null;
}

/** Decided from the payment as it is inside the event's transaction, so a concurrent event cannot slip between. */
export type EventDecision =
  | { kind: 'record'; outcome: Exclude<EventOutcome, 'effects_pending' | 'applied'> }
  | { kind: 'move'; status: FinalStatus; failureReason: string | null };

export interface RecordEventResult {
  /** False when the event id was recorded before: nothing was changed this time. */
  fresh: boolean;
  event: RecordedEvent;
  /** The payment the event names, as it is now. */
  payment: Payment | null;
}

export interface PaymentFilter {
  customerId?: string;
  status?: PaymentStatus;
  limit: number;
  after?: string;
}

export interface PaymentStore {
  /** Inserts unless a payment with the same `externalId` exists, which is then returned instead. */
  insertPayment(payment: Payment): Promise<{ payment: Payment; inserted: boolean }>;
  getPayment(id: string): Promise<Payment | null>;
  listPayments(filter: PaymentFilter): Promise<Payment[]>;
  /** Sets the provider's session on a pending payment. */
  attachCheckout(id: string, externalId: string, checkoutUrl: string, nowMs: number): Promise<Payment | null>;
  /** Moves a still pending payment to failed (the provider refused to open a checkout). */
  failPending(id: string, failureReason: string, nowMs: number): Promise<Payment | null>;
  /**
   * In one transaction: records the event id (a second time changes nothing and says so), finds
   * the payment, and applies `decide`'s move only if the payment is still pending.
   */
  recordEvent(event: ProviderEvent, lookup: PaymentLookup, decide: (payment: Payment | null) => EventDecision): Promise<RecordEventResult>;
  /** effects_pending → applied. */
  markEffectsDone(eventId: string): Promise<void>;
  listEvents(paymentId: string): Promise<RecordedEvent[]>;
}

/** An invoice as far as paying it goes. Billing owns invoices; this is its narrow read for payments. */
export interface PayableInvoice {
  id: string;
  customerId: string;
  currency: Currency;
  status: string;
  /** What is still owed: amount due less what was paid already. */
  outstandingNanos: bigint;
}

export interface InvoiceLookup {
  findInvoice(id: string): Promise<PayableInvoice | null>;
}
