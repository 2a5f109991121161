import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { invoiceView, viewInvoice } from '../admin/billing.js';
import { idParams } from '../admin/schemas.js';
import type { Invoice } from '../billing/types.js';
import { TollgateError } from '../core/errors.js';
import { type PortalDeps, owned, portalOf } from './context.js';
import { sendInvoiceHtml, sendInvoicePdf } from './documents-reply.js';
import { consoleReturnUrls } from './links.js';
import { checkoutView } from './schemas.js';

/** Drafts are the operator's work in progress: customers see invoices once they are issued. */
const issued = (invoice: Invoice) => invoice.status !== 'draft';

/** The account's invoices and credit notes, as data, PDF and HTML, and paying what is due. */
export function registerInvoiceRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['invoices'];
  const ownInvoice = async (customerId: string, id: string) => {
    const invoice = await owned(deps.billing.invoice(id), customerId, `No invoice ${id}.`);
    if (!issued(invoice)) throw new TollgateError('not_found', `No invoice ${id}.`);
    return invoice;
  };

  app.get('/invoices', {
    schema: {
      tags,
      summary: 'Invoices and credit notes, newest first',
      querystring: z.object({ status: z.enum(['finalized', 'paid', 'void']).optional(), limit: z.coerce.number().int().min(1).max(1000).default(100), beforeMs: z.coerce.number().int().optional() }),
      response: { 200: z.object({ object: z.literal('list'), data: z.array(invoiceView) }) },
    },
  }, async (req) => {
    const invoices = await deps.billing.invoices({ ...req.query, customerId: portalOf(req).customer.id, issuedOnly: true });
    return { object: 'list' as const, data: invoices.map(viewInvoice) };
  });

  app.get('/invoices/:id', {
    schema: { tags, summary: 'An invoice by id or number', params: idParams, response: { 200: invoiceView } },
  }, async (req) => viewInvoice(await ownInvoice(portalOf(req).customer.id, req.params.id)));

  app.get('/invoices/:id/pdf', {
    schema: { tags, summary: 'The invoice as a PDF download', params: idParams, produces: ['application/pdf'] },
  }, async (req, reply) => sendInvoicePdf(reply, deps.documents, await ownInvoice(portalOf(req).customer.id, req.params.id)));

  app.get('/invoices/:id/html', {
    schema: { tags, summary: 'The invoice as a printable HTML page', params: idParams, produces: ['text/html'] },
  }, async (req, reply) => sendInvoiceHtml(reply, deps.documents, await ownInvoice(portalOf(req).customer.id, req.params.id)));

  app.post('/invoices/:id/pay', {
    schema: { tags, summary: 'Pay what is still due by card: answers the Stripe Checkout page to send the browser to', params: idParams, response: { 201: checkoutView } },
  }, async (req, reply) => {
    const { customer } = portalOf(req);
    const invoice = await ownInvoice(customer.id, req.params.id);
    const toPay = await deps.payments.invoiceToPay(customer, invoice.id);
    const { payment, url } = await deps.payments.createInvoiceCheckout(customer, toPay, consoleReturnUrls(req, deps.config.publicUrl, `/portal/invoices/${encodeURIComponent(invoice.id)}`));
    return reply.code(201).send({ url, paymentId: payment.id });
  });
}
