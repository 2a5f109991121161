import type { FastifyReply } from 'fastify';
import type { Invoice } from '../billing/types.js';
import type { InvoiceDocuments } from './documents.js';

/**
 * The HTML page fetches nothing and runs nothing: this policy makes sure of it, so that even text
 * that escaped escaping could not act with the viewer's session on this origin.
 */
const HTML_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

function fileName(invoice: Invoice): string {
  return (invoice.number ?? `draft-${invoice.id}`).replace(/[^A-Za-z0-9._-]/g, '_');
}

export async function sendInvoicePdf(reply: FastifyReply, documents: InvoiceDocuments, invoice: Invoice): Promise<FastifyReply> {
  const pdf = await documents.pdf(invoice);
  return reply
    .header('content-type', 'application/pdf')
    .header('content-disposition', `attachment; filename="${fileName(invoice)}.pdf"`)
    .header('cache-control', 'private, no-store')
    .send(pdf);
}

export async function sendInvoiceHtml(reply: FastifyReply, documents: InvoiceDocuments, invoice: Invoice): Promise<FastifyReply> {
  const html = await documents.html(invoice);
  return reply
    .header('content-type', 'text/html; charset=utf-8')
    .header('content-security-policy', HTML_POLICY)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .send(html);
}
