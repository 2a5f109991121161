import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { OperatorRole, OperatorToken } from '../keys/types.js';
import type { AdminDeps } from './context.js';
import { idParams, issuedOperatorTokenView, operatorTokenInput, operatorTokenView } from './schemas.js';

function view(token: OperatorToken) {
  return { id: token.id, name: token.name, role: token.role, prefix: token.prefix, status: token.status, createdAtMs: token.createdAtMs };
}

export function registerOperatorRoutes(root: FastifyInstance, deps: AdminDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();
  const tags = ['operators'];

  app.get('/me', {
    schema: { tags, summary: 'The operator token making this call', response: { 200: operatorTokenView } },
  }, async (req) => view(req.operator!));

  app.get('/operator-tokens', {
    config: { permission: 'operators' },
    schema: { tags, summary: 'List operator tokens', response: { 200: z.object({ object: z.literal('list'), data: z.array(operatorTokenView) }) } },
  }, async () => ({ object: 'list' as const, data: (await deps.operators.list()).map(view) }));

  app.post('/operator-tokens', {
    config: { permission: 'operators' },
    schema: { tags, summary: 'Issue an operator token with a role (the secret is in this answer only)', body: operatorTokenInput, response: { 201: issuedOperatorTokenView } },
  }, async (req, reply) => {
    const { token, secret } = await deps.operators.issue(req.body.name, req.body.role as OperatorRole);
    return reply.code(201).send({ ...view(token), secret });
  });

  app.post('/operator-tokens/:id/revoke', {
    config: { permission: 'operators' },
    schema: { tags, summary: 'Revoke an operator token', params: idParams, response: { 200: operatorTokenView } },
  }, async (req) => view(await deps.operators.revoke(req.params.id)));
}
