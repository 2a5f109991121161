import type { Clock } from '../core/clock.js';
import { TollgateError } from '../core/errors.js';
import { newId } from '../core/ids.js';
import { generatePassword, hashPassword, passwordProblem, verifyDecoy, verifyPassword } from './passwords.js';
import type { Member, MemberPatch, MemberRole, MemberStore, SessionStore } from './types.js';

export interface CreateMemberInput {
  email: string;
  name: string;
  role: MemberRole;
  /** Absent: a strong one is generated and returned once. */
  password?: string;
}

export interface UpdateMemberInput {
  name?: string;
  role?: MemberRole;
  status?: 'active' | 'disabled';
  /** true: a new password is generated and returned once. */
  resetPassword?: boolean;
  password?: string;
}

/** What was stored, and the password when Tollgate made it up (shown this once). */
export interface MemberResult {
  member: Member;
  password: string | null;
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** The people of a customer who use the portal; operators create and manage them. */
export class MemberService {
  constructor(
    private readonly store: MemberStore,
    private readonly sessions: Pick<SessionStore, 'revokeSessionsOf'>,
    private readonly customers: { get(id: string): Promise<unknown> },
    private readonly clock: Clock,
  ) {}

  async create(customerId: string, input: CreateMemberInput): Promise<MemberResult> {
    await this.customers.get(customerId);
    const { hash, shown } = await this.newPassword(input.password);
    const member: Member = {
      id: newId('mem', this.clock.nowMs()),
      customerId,
      email: normalizeEmail(input.email),
      name: input.name,
      role: input.role,
      passwordHash: hash,
      status: 'active',
      createdAtMs: this.clock.nowMs(),
      lastLoginAtMs: null,
    };
    if (!(await this.store.insertMember(member))) throw new TollgateError('conflict', `A member with email ${member.email} exists already.`, { param: 'email' });
    return { member, password: shown };
  }

  async get(id: string): Promise<Member> {
    const member = await this.find(id);
    if (!member) throw new TollgateError('not_found', `No member with id ${id}.`);
    return member;
  }

  find(id: string): Promise<Member | null> {
    return this.store.getMember(id);
  }

  async list(customerId: string): Promise<Member[]> {
    await this.customers.get(customerId);
    return this.store.listMembers(customerId);
  }

  /** Disabling a member or changing its password signs it out everywhere. */
  async update(id: string, input: UpdateMemberInput): Promise<MemberResult> {
    await this.get(id);
    if (input.resetPassword && input.password !== undefined) throw new TollgateError('invalid_request', 'Send either password or resetPassword, not both.', { param: 'password' });
    const patch: MemberPatch = { name: input.name, role: input.role, status: input.status };
    let shown: string | null = null;
    if (input.resetPassword || input.password !== undefined) {
      const made = await this.newPassword(input.password);
      patch.passwordHash = made.hash;
      shown = made.shown;
    }
    const defined = Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined)) as MemberPatch;
    const member = (await this.store.updateMember(id, defined))!;
    if (member.status === 'disabled' || defined.passwordHash) await this.sessions.revokeSessionsOf('member', id, this.clock.nowMs());
    return { member, password: shown };
  }

  /** The active member with this email and password, or null; as slow for an unknown email as for a wrong password. */
  async verify(email: string, password: string): Promise<Member | null> {
    const member = await this.store.findMemberByEmail(normalizeEmail(email));
    if (!member) return verifyDecoy(password).then(() => null);
    const ok = await verifyPassword(password, member.passwordHash);
    return ok && member.status === 'active' ? member : null;
  }

  async recordSignIn(id: string): Promise<void> {
    await this.store.updateMember(id, { lastLoginAtMs: this.clock.nowMs() });
  }

  private async newPassword(chosen: string | undefined): Promise<{ hash: string; shown: string | null }> {
    if (chosen !== undefined) {
      const problem = passwordProblem(chosen);
      if (problem) throw new TollgateError('invalid_request', problem, { param: 'password' });
    }
    const password = chosen ?? generatePassword();
    return { hash: await hashPassword(password), shown: chosen === undefined ? password : null };
  }
}
