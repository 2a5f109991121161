import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { TollgateError } from '../core/errors.js';
import type { PortalDeps } from './context.js';
import { clearedSessionCookie, sessionCookie } from './cookies.js';
import { sessionView, signInInput } from './schemas.js';
import type { LiveSession } from './sessions.js';

const tags = ['session'];
const view = (live: LiveSession) => ({ principal: live.principal, csrfToken: live.session.csrfToken, expiresAtMs: live.session.expiresAtMs });

/**
 * Sign-in must be sent as application/json: a cross-site HTML form can only send form or text
 * bodies, so it cannot sign a browser in to someone else's session (login CSRF).
 */
function requireJson(request: FastifyRequest): void {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? '')) throw new TollgateError('unsupported_media_type');
}

/** The console's sign-in under /console/api: open, read and close a session cookie. */
export function registerSessionRoutes(root: FastifyInstance, deps: PortalDeps): void {
  const app = root.withTypeProvider<ZodTypeProvider>();

  app.post('/session', {
    schema: { tags, summary: 'Sign in with an operator token or a member email and password; sets the tg_session cookie', body: signInInput, response: { 200: sessionView } },
  }, async (req, reply) => {
    requireJson(req);
    const { secret, live } = await deps.sessions.signIn(req.body, req.ip);
    reply.header('set-cookie', sessionCookie(secret, live.session.expiresAtMs - live.session.createdAtMs, deps.auth.isSecure(req)));
    return view(live);
  });

  app.get('/session', {
    schema: { tags, summary: 'Who the session cookie signs in, and its CSRF token', response: { 200: sessionView } },
  }, async (req) => {
    const live = await deps.auth.session(req);
    if (!live) throw new TollgateError('not_signed_in');
    return view(live);
  });

  app.delete('/session', {
    schema: { tags, summary: 'Sign out: the session ends and the cookie is cleared (204)' },
  }, async (req, reply) => signOut(req, reply, deps));
}

async function signOut(req: FastifyRequest, reply: FastifyReply, deps: PortalDeps): Promise<FastifyReply> {
  const live = await deps.auth.session(req).catch(() => null);
  if (live) {
    deps.auth.checkCsrf(req, live);
    await deps.sessions.signOut(deps.auth.secretOf(req)!);
  }
  return reply.code(204).header('set-cookie', clearedSessionCookie(deps.auth.isSecure(req))).send();
}
