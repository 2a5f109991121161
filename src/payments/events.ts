import type Stripe from 'stripe';
import type { EventDecision, FinalStatus, PaymentLookup } from './store.js';
import { toMinorUnits } from './minor-units.js';
import type { Payment } from './types.js';

export interface EventReading {
  lookup: PaymentLookup;
  /** The session's id, for log lines. */
  sessionId: string | null;
  decide(payment: Payment | null): EventDecision;
}

/** Events that report money received; one arriving for a failed or canceled payment needs a person. */
export function reportsMoney(type: string): boolean {
  return type === 'checkout.session.completed' || type === 'checkout.session.async_payment_succeeded';
}

const none: PaymentLookup = { externalId: null, paymentId: null };
const record = (outcome: Extract<EventDecision, { kind: 'record' }>['outcome']): EventDecision => ({ kind: 'record', outcome });

/** Where each Checkout event takes a payment; null: not yet anywhere (completed, money still on its way). */
function target(type: string, session: Stripe.Checkout.Session): { status: FinalStatus; failureReason: string | null } | null | undefined {
  switch (type) {
    case 'checkout.session.completed':
      return session.payment_status === 'paid' ? { status: 'succeeded', failureReason: null } : null;
    case 'checkout.session.async_payment_succeeded':
      return { status: 'succeeded', failureReason: null };
    case 'checkout.session.async_payment_failed':
      return { status: 'failed', failureReason: 'async_payment_failed' };
    case 'checkout.session.expired':
      return { status: 'canceled', failureReason: 'checkout_expired' };
    default:
      return undefined;
  }
}

/** What a verified Stripe event asks of Tollgate's payments. Pure: the store applies it. */
export function readStripeEvent(event: Stripe.Event): EventReading {
  const object = event.data.object as { object?: string };
  if (object.object !== 'checkout.session' || target(event.type, object as Stripe.Checkout.Session) === undefined) {
    return { lookup: none, sessionId: null, decide: () => record('ignored') };
  }
  const session = object as Stripe.Checkout.Session;
  const paymentId = session.client_reference_id ?? session.metadata?.payment_id ?? null;
  return {
    lookup: { externalId: session.id, paymentId },
    sessionId: session.id,
    decide: (payment) => {
      if (!payment || payment.provider !== 'stripe') return record('unknown_payment');
      if (payment.externalId !== null && payment.externalId !== session.id) return record('unknown_payment');
      if (!sameAmount(session, payment)) return record('amount_mismatch');
      const to = target(event.type, session);
      if (!to) return record('not_paid');
      if (payment.status !== 'pending') return record('already_final');
      return { kind: 'move', ...to };
    },
  };
}

function sameAmount(session: Stripe.Checkout.Session, payment: Payment): boolean {
  const expected = toMinorUnits(payment.amountNanos, payment.currency);
  return expected !== null && session.amount_total !== null && BigInt(session.amount_total) === expected && session.currency?.toUpperCase() === payment.currency;
}
