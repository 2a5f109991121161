import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { idParams } from '../admin/schemas.js';
import type { BillingService } from '../billing/service.js';
import type { OperatorProfile } from '../billing/types.js';
import { MAX_LOGO_BYTES, type InvoiceDocuments } from './documents.js';
import { sendInvoiceHtml, sendInvoicePdf } from './documents-reply.js';
import type { MemberService } from './members.js';
import { memberInput, memberPatch, memberView, memberWithPasswordView } from './schemas.js';
import { viewMember } from './views.js';

export interface PortalAdminDeps {
  members: MemberService;
  documents: InvoiceDocuments;
  billing: BillingService;
}

const text = (max: number) => z.string().trim().min(1).max(max).nullable().default(null);
const logo = z
  .string()
  .max(Math.ceil(MAX_LOGO_BYTES / 3) * 4 + 40)
  .transform((value) => value.replace(/^data:image\/(png|jpeg);base64,/, ''))
  .refine((value) => /^[A-Za-z0-9+/]*={0,2}$/.test(value), 'logo: base64 of a PNG or JPEG file (a data: URL is accepted too)')
  .nullable()
  .default(null)
  .describe(`base64 of a PNG or JPEG, at most ${MAX_LOGO_BYTES / 1024} KB; null for none`);
const profileInput = z.object({ name: z.string().trim().min(1).max(200), address: text(1000), taxId: text(100), email: z.string().trim().email().max(320).nullable().default(null), logo });
const profileView = z.object({ name: z.string(), address: z.string().nullable(), taxId: z.string().nullable(), email: z.string().nullable(), logo: z.string().nullable().describe('base64') });
const viewProfile = (p: OperatorProfile) => ({ ...p, logo: p.logo ? p.logo.toString('base64') : null });

/** The admin side of the portal: customers' members, the operator's invoice profile, invoice documents. */
export function registerPortalAdminRoutes(root: FastifyInstance, deps: PortalAdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['members'];

  app.get('/customers/:id/members', {
    schema: { tags, summary: "A customer's portal members", params: idParams, response: { 200: z.object({ object: z.literal('list'), data: z.array(memberView) }) } },
  }, async (req) => ({ object: 'list' as const, data: (await deps.members.list(req.params.id)).map(viewMember) }));

  app.post('/customers/:id/members', {
    schema: { tags, summary: 'Add a portal member; without a password one is generated and shown in this answer only', params: idParams, body: memberInput, response: { 201: memberWithPasswordView } },
  }, async (req, reply) => {
    const { member, password } = await deps.members.create(req.params.id, req.body);
    return reply.code(201).send({ ...viewMember(member), password });
  });

  app.patch('/members/:id', {
    schema: { tags, summary: "Rename, change the role, disable or enable a member, or reset its password (the new one is shown once)", params: idParams, body: memberPatch, response: { 200: memberWithPasswordView } },
  }, async (req) => {
    const { member, password } = await deps.members.update(req.params.id, req.body);
    return { ...viewMember(member), password };
  });

  app.get('/settings/operator', {
    schema: { tags: ['settings'], summary: 'Who issues the invoices: name, address, tax id, email, logo', response: { 200: profileView } },
  }, async () => viewProfile(await deps.documents.profile()));

  app.put('/settings/operator', {
    config: { permission: 'finance' },
    schema: { tags: ['settings'], summary: 'Set who issues the invoices (shown on every invoice document from now on)', body: profileInput, response: { 200: profileView } },
  }, async (req) => viewProfile(await deps.documents.setProfile({ ...req.body, logo: req.body.logo ? Buffer.from(req.body.logo, 'base64') : null })));

  app.get('/invoices/:id/pdf', {
    schema: { tags: ['invoices'], summary: 'An invoice as a PDF download', params: idParams, produces: ['application/pdf'] },
  }, async (req, reply) => sendInvoicePdf(reply, deps.documents, await deps.billing.invoice(req.params.id)));

  app.get('/invoices/:id/html', {
    schema: { tags: ['invoices'], summary: 'An invoice as a printable HTML page', params: idParams, produces: ['text/html'] },
  }, async (req, reply) => sendInvoiceHtml(reply, deps.documents, await deps.billing.invoice(req.params.id)));
}
