import Stripe from 'stripe';
import type { StripeConfig } from '../config/config.js';
import { TollgateError } from '../core/errors.js';
import type { PaymentPurpose } from './types.js';

export interface CheckoutRequest {
  paymentId: string;
  customerId: string;
  customerEmail: string | null;
  purpose: PaymentPurpose;
  invoiceId: string | null;
  /** ISO 4217, lower case, as Stripe wants it. */
  currency: string;
  unitAmountMinorUnits: number;
  productName: string;
  successUrl: string;
  cancelUrl: string;
}

export interface CheckoutSession {
  id: string;
  url: string;
}

/** Opens hosted checkout pages. The Stripe one below; tests point it at a local stand-in. */
export interface CheckoutProvider {
  createSession(request: CheckoutRequest): Promise<CheckoutSession>;
}

export class StripeCheckout implements CheckoutProvider {
  private readonly stripe: Stripe;

  constructor(config: Pick<StripeConfig, 'apiBase'> & { secretKey: string }) {
    this.stripe = new Stripe(config.secretKey, {
      // Retries are safe: every create carries the payment id as its idempotency key.
      maxNetworkRetries: 2,
      timeout: 20_000,
      telemetry: false,
      ...(config.apiBase ?? {}),
    });
  }

  async createSession(request: CheckoutRequest): Promise<CheckoutSession> {
    const metadata: Record<string, string> = { payment_id: request.paymentId, customer_id: request.customerId, purpose: request.purpose };
    if (request.invoiceId) metadata.invoice_id = request.invoiceId;
    const session = await this.stripe.checkout.sessions.create(
      {
        mode: 'payment',
        line_items: [{ quantity: 1, price_data: { currency: request.currency, unit_amount: request.unitAmountMinorUnits, product_data: { name: request.productName } } }],
        client_reference_id: request.paymentId,
        metadata,
        payment_intent_data: { metadata },
        ...(request.customerEmail ? { customer_email: request.customerEmail } : {}),
        success_url: request.successUrl,
        cancel_url: request.cancelUrl,
      },
      { idempotencyKey: `tollgate-checkout-${request.paymentId}` },
    );
    if (!session.url) throw new Error(`Stripe returned Checkout Session ${session.id} without a url.`);
    return { id: session.id, url: session.url };
  }
}

/** Checks the signature over the exact bytes received; anything wrong is the sender's 400. */
export function verifyStripeEvent(rawBody: Buffer, signatureHeader: string, webhookSecret: string): Stripe.Event {
  if (!signatureHeader) throw new TollgateError('invalid_signature', 'The Stripe-Signature header is missing.');
  try {
    return Stripe.webhooks.constructEvent(rawBody, signatureHeader, webhookSecret);
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) throw new TollgateError('invalid_signature', undefined, { cause: error });
    // A valid signature over a body that is not an event is still not something Stripe sent.
    if (error instanceof SyntaxError) throw new TollgateError('invalid_signature', 'The signed body is not a JSON event.', { cause: error });
    throw error;
  }
}
