import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { TollgateError } from '../core/errors.js';
import type { OperatorToken } from '../keys/types.js';
import { SESSION_COOKIE, readCookie } from './cookies.js';
import type { LiveSession, SessionService } from './sessions.js';

export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyRequest {
    /** The console session of this request, once looked up (null: no cookie). */
    consoleSession?: LiveSession | null;
  }
}

export type MemberSession = LiveSession & { member: NonNullable<LiveSession['member']> };

/**
 * Authenticates requests by the session cookie and enforces the CSRF token on them: a request
 * other than GET/HEAD authenticated by the cookie must repeat the session's token in
 * `x-csrf-token`, which another site cannot read and so cannot send.
 */
export class CookieAuth {
  constructor(
    private readonly sessions: SessionService,
    private readonly publicUrl: string | null,
  ) {}

  /** The cookie's session; null when no cookie was sent; not_signed_in when it names no live session. */
  async session(request: FastifyRequest): Promise<LiveSession | null> {
    if (request.consoleSession !== undefined) return request.consoleSession;
    const secret = this.secretOf(request);
    const live = secret === null ? null : await this.sessions.resolve(secret);
    if (secret !== null && live === null) throw new TollgateError('not_signed_in');
    request.consoleSession = live;
    return live;
  }

  secretOf(request: FastifyRequest): string | null {
    return readCookie(request.headers.cookie, SESSION_COOKIE);
  }

  /** For the admin API: the operator token behind the cookie, or null without a cookie. */
  async operatorFromCookie(request: FastifyRequest): Promise<OperatorToken | null> {
    const live = await this.session(request);
    if (!live) return null;
    if (!live.operator) throw new TollgateError('forbidden', "A customer member's session cannot use the admin API.");
    this.checkCsrf(request, live);
    return live.operator;
  }

  /** For the portal API: the member behind the cookie; operators have the admin API instead. */
  async memberFromCookie(request: FastifyRequest): Promise<MemberSession> {
    const live = await this.session(request);
    if (!live) throw new TollgateError('not_signed_in');
    if (!live.member) throw new TollgateError('forbidden', "The portal is for a customer's members; operators use /admin/v1.");
    this.checkCsrf(request, live);
    return live as MemberSession;
  }

  checkCsrf(request: FastifyRequest, live: LiveSession): void {
    if (SAFE_METHODS.has(request.method)) return;
    const sent = request.headers[CSRF_HEADER];
    const expected = Buffer.from(live.session.csrfToken);
    const actual = Buffer.from(typeof sent === 'string' ? sent : '');
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) throw new TollgateError('csrf_failed');
  }

  /** Secure whenever the browser reached us over https, directly or as the public URL says. */
  isSecure(request: FastifyRequest): boolean {
    return request.protocol === 'https' || (this.publicUrl?.startsWith('https:') ?? false);
  }
}
