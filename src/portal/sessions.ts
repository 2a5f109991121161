import { randomBytes } from 'node:crypto';
import type { Clock } from '../core/clock.js';
import { TollgateError, isTollgateError } from '../core/errors.js';
import type { Customer } from '../customers/types.js';
import type { OperatorService } from '../keys/operators.js';
import { hashSecret } from '../keys/secret.js';
import type { OperatorToken } from '../keys/types.js';
import { type MemberService, normalizeEmail } from './members.js';
import type { FailureThrottle, Subject } from './throttle.js';
import type { Member, Principal, Session, SessionStore } from './types.js';

/**
 * Sessions end 12 hours after sign-in whatever happens in between (a fixed, not a sliding,
 * expiry): a stolen cookie is worth half a day at most, and no request has to write to extend it.
 */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Failed sign-ins allowed in the throttle's window; an address gets more, since one office may share it. */
export const SIGN_IN_LIMITS = { perEmail: 10, perAddress: 100 };

export type SignIn = { kind: 'operator'; token: string } | { kind: 'member'; email: string; password: string };

/** A live session, with the operator token or the member (and customer) it signs in. */
export interface LiveSession {
  session: Session;
  principal: Principal;
  operator: OperatorToken | null;
  member: { member: Member; customer: Customer } | null;
}

export interface SessionDeps {
  store: SessionStore;
  operators: Pick<OperatorService, 'authenticate'>;
  members: MemberService;
  customers: { get(id: string): Promise<Customer> };
  throttle: FailureThrottle;
  clock: Clock;
  limits?: typeof SIGN_IN_LIMITS;
}

const refused = () => new TollgateError('invalid_credentials');
const isRefusal = (error: unknown) => isTollgateError(error) && error.code === 'invalid_credentials';
const nullIfRefused = (error: unknown) => {
  if (isTollgateError(error) && error.code === 'invalid_operator_token') return null;
  throw error;
};

/** Console sign-in: who may, for how long, and whether a cookie still signs anyone in. */
export class SessionService {
  private readonly limits: typeof SIGN_IN_LIMITS;

  constructor(private readonly deps: SessionDeps) {
    this.limits = deps.limits ?? SIGN_IN_LIMITS;
  }

  /** Opens a session; `secret` goes in the cookie and is never stored. Every wrong credential is the same 401. */
  async signIn(input: SignIn, address: string): Promise<{ secret: string; live: LiveSession }> {
    const subjects: Subject[] = [{ kind: 'signin:address', value: address, limit: this.limits.perAddress }];
    if (input.kind === 'member') subjects.push({ kind: 'signin:email', value: normalizeEmail(input.email), limit: this.limits.perEmail });
    const session = await this.deps.throttle.run(subjects, () => this.check(input), isRefusal);
    const secret = randomBytes(32).toString('base64url');
    const nowMs = this.deps.clock.nowMs();
    const stored: Session = { ...session, id: hashSecret(secret), csrfToken: randomBytes(32).toString('base64url'), createdAtMs: nowMs, expiresAtMs: nowMs + SESSION_TTL_MS, revokedAtMs: null };
    await this.deps.store.deleteSessionsEndedBefore(nowMs);
    await this.deps.store.insertSession(stored);
    const live = await this.live(stored);
    if (!live) throw refused();
    return { secret, live };
  }

  /** The session this cookie value opened, if it is still live and its operator token or member still may sign in. */
  async resolve(secret: string): Promise<LiveSession | null> {
    const session = await this.deps.store.getSession(hashSecret(secret));
    if (!session || session.revokedAtMs !== null || session.expiresAtMs <= this.deps.clock.nowMs()) return null;
    return this.live(session);
  }

  async signOut(secret: string): Promise<void> {
    await this.deps.store.revokeSession(hashSecret(secret), this.deps.clock.nowMs());
  }

  private async check(input: SignIn): Promise<Pick<Session, 'kind' | 'principalId'>> {
    if (input.kind === 'operator') {
      const token = await this.deps.operators.authenticate(input.token).catch(nullIfRefused);
      if (!token) throw refused();
      return { kind: 'operator', principalId: token.id };
    }
    const member = await this.deps.members.verify(input.email, input.password);
    if (!member || (await this.deps.customers.get(member.customerId)).status !== 'active') throw refused();
    await this.deps.members.recordSignIn(member.id);
    return { kind: 'member', principalId: member.id };
  }

  private async live(session: Session): Promise<LiveSession | null> {
    return session.kind === 'operator' ? this.liveOperator(session) : this.liveMember(session);
  }

  private async liveOperator(session: Session): Promise<LiveSession | null> {
    const token = await this.deps.store.getOperatorToken(session.principalId);
    if (!token || token.status !== 'active') return null;
    if (token.expiresAtMs !== null && token.expiresAtMs <= this.deps.clock.nowMs()) return null;
    const principal: Principal = { kind: 'operator', id: token.id, name: token.name, role: token.role };
    return { session, principal, operator: token, member: null };
  }

  private async liveMember(session: Session): Promise<LiveSession | null> {
    const member = await this.deps.members.find(session.principalId);
    if (!member || member.status !== 'active') return null;
    const customer = await this.deps.customers.get(member.customerId);
    if (customer.status !== 'active') return null;
    const principal: Principal = { kind: 'member', id: member.id, name: member.name, role: member.role, customerId: customer.id };
    return { session, principal, operator: null, member: { member, customer } };
  }
}
