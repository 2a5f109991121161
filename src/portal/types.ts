import type { OperatorRole, OperatorToken } from '../keys/types.js';

export type MemberRole = 'owner' | 'member';
export const memberRoles = ['owner', 'member'] as const satisfies readonly MemberRole[];
export type MemberStatus = 'active' | 'disabled';

/** A person of a customer who signs in to the portal. Only a scrypt hash of the password is kept. */
export interface Member {
  id: string;
  customerId: string;
  /** Lower-cased; unique across all customers, since it is what people sign in with. */
  email: string;
  name: string;
  role: MemberRole;
  passwordHash: string;
  status: MemberStatus;
  createdAtMs: number;
  lastLoginAtMs: number | null;
}

export type MemberPatch = Partial<Pick<Member, 'name' | 'role' | 'status' | 'passwordHash' | 'lastLoginAtMs'>>;

export interface MemberStore {
  /** False when the email is taken (by any customer's member). */
  insertMember(member: Member): Promise<boolean>;
  getMember(id: string): Promise<Member | null>;
  findMemberByEmail(email: string): Promise<Member | null>;
  listMembers(customerId: string): Promise<Member[]>;
  updateMember(id: string, patch: MemberPatch): Promise<Member | null>;
}

export type SessionKind = 'operator' | 'member';

/**
 * A console sign-in. `id` is the SHA-256 of the cookie's value, so a copy of the table signs
 * nobody in; `principalId` is the operator token's or the member's id.
 */
export interface Session {
  id: string;
  kind: SessionKind;
  principalId: string;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
  revokedAtMs: number | null;
}

export interface SessionStore {
  insertSession(session: Session): Promise<void>;
  getSession(id: string): Promise<Session | null>;
  revokeSession(id: string, nowMs: number): Promise<void>;
  revokeSessionsOf(kind: SessionKind, principalId: string, nowMs: number): Promise<void>;
  deleteSessionsEndedBefore(ms: number): Promise<void>;
  /** The operator token a session was made from, whatever its status now. */
  getOperatorToken(id: string): Promise<OperatorToken | null>;
}

/** Which customer a usage event belongs to (null when there is none), so a page cursor cannot point elsewhere. */
export interface UsageOwnership {
  usageEventCustomer(requestId: string): Promise<string | null>;
}

/** Who a session signs in, as the console shows it. */
export interface Principal {
  kind: SessionKind;
  id: string;
  name: string;
  role: OperatorRole | MemberRole;
  customerId?: string;
}
