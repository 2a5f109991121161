import type { FastifyInstance } from 'fastify';
import type { PaymentService } from './service.js';

/**
 * POST /webhooks/stripe, without an operator token: the signature is the authentication. It is
 * computed over the exact bytes Stripe sent, so this plugin's own scope replaces the app's JSON
 * parser with one that keeps the body as a Buffer; the rest of the app is unaffected.
 */
export async function stripeWebhookPlugin(app: FastifyInstance, deps: { payments: PaymentService }): Promise<void> {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  app.post('/webhooks/stripe', async (request) => {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
    const header = request.headers['stripe-signature'];
    const receipt = await deps.payments.handleStripeWebhook(body, typeof header === 'string' ? header : '');
    return { received: true, ...receipt };
  });
}
