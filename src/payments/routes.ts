import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { type AdminDeps, page } from '../admin/context.js';
import { idParams, listOf } from '../admin/schemas.js';
import { checkoutInput, checkoutView, manualPaymentInput, paymentDetailView, paymentQuery, paymentView, viewEvent, viewPayment } from './schemas.js';

/** Payments on the admin API: record bank transfers, open Stripe checkouts, and look them up. */
export function registerPaymentRoutes(root: FastifyInstance, deps: Pick<AdminDeps, 'customers' | 'payments'>): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['payments'];

  app.post('/customers/:id/payments/manual', {
    config: { permission: 'finance' },
    schema: {
      tags,
      summary: 'Record money received outside Stripe (a bank transfer). A top-up credits the wallet at once; the same reference again changes nothing.',
      params: idParams,
      body: manualPaymentInput,
      response: { 201: paymentView, 200: paymentView },
    },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    const { amount, ...rest } = req.body;
    const { payment, created } = await deps.payments.recordManualPayment(customer, { ...rest, amountNanos: amount });
    return reply.code(created ? 201 : 200).send(viewPayment(payment));
  });

  app.post('/customers/:id/payments/checkout', {
    config: { permission: 'finance' },
    schema: {
      tags,
      summary: 'Open a Stripe Checkout page for a top-up or an invoice; the payment stays pending until Stripe reports it',
      params: idParams,
      body: checkoutInput,
      response: { 201: checkoutView },
    },
  }, async (req, reply) => {
    const customer = await deps.customers.get(req.params.id);
    const { successUrl, cancelUrl } = req.body;
    const opened =
      req.body.purpose === 'top_up'
        ? await deps.payments.createTopUpCheckout(customer, req.body.amount, { successUrl, cancelUrl })
        : await deps.payments.createInvoiceCheckout(customer, await deps.payments.invoiceToPay(customer, req.body.invoiceId), { successUrl, cancelUrl });
    return reply.code(201).send({ url: opened.url, payment: viewPayment(opened.payment) });
  });

  app.get('/payments', {
    schema: { tags, summary: 'List payments, oldest first', querystring: paymentQuery, response: { 200: listOf(paymentView) } },
  }, async (req) => {
    const found = await deps.payments.list({ ...req.query, limit: req.query.limit + 1 });
    return page(found.map(viewPayment), req.query.limit);
  });

  app.get('/payments/:id', {
    schema: { tags, summary: 'Get a payment with the provider events that moved it', params: idParams, response: { 200: paymentDetailView } },
  }, async (req) => {
    const payment = await deps.payments.get(req.params.id);
    return { ...viewPayment(payment), events: (await deps.payments.events(payment.id)).map(viewEvent) };
  });
}
