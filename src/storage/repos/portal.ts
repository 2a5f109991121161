import type { Kysely, Selectable } from 'kysely';
import type { OperatorToken } from '../../keys/types.js';
import type { Member, MemberPatch, MemberRole, MemberStatus, MemberStore, Session, SessionKind, SessionStore, UsageOwnership } from '../../portal/types.js';
import type { Database, MembersTable, SessionsTable } from '../schema.js';
import { num, numOrNull } from './rows.js';
import { toOperatorToken } from './keys.js';

function toMember(row: Selectable<MembersTable>): Member {
  return {
    id: row.id,
    customerId: row.customerId,
    email: row.email,
    name: row.name,
    role: row.role as MemberRole,
    passwordHash: row.passwordHash,
    status: row.status as MemberStatus,
    createdAtMs: num(row.createdAtMs),
    lastLoginAtMs: numOrNull(row.lastLoginAtMs),
  };
}

function toSession(row: Selectable<SessionsTable>): Session {
  return {
    id: row.id,
    kind: row.kind as SessionKind,
    principalId: row.principalId,
    csrfToken: row.csrfToken,
    createdAtMs: num(row.createdAtMs),
    expiresAtMs: num(row.expiresAtMs),
    revokedAtMs: numOrNull(row.revokedAtMs),
  };
}

/** Members and console sessions (tables `members` and `sessions`). */
export class KyselyPortalStore implements MemberStore, SessionStore, UsageOwnership {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMember(member: Member): Promise<boolean> {
    const result = await this.db.insertInto('members').values(member).onConflict((oc) => oc.column('email').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
  }

  async getMember(id: string): Promise<Member | null> {
    const row = await this.db.selectFrom('members').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toMember(row) : null;
  }

  async findMemberByEmail(email: string): Promise<Member | null> {
    const row = await this.db.selectFrom('members').selectAll().where('email', '=', email).executeTakeFirst();
    return row ? toMember(row) : null;
  }

  async listMembers(customerId: string): Promise<Member[]> {
    return (await this.db.selectFrom('members').selectAll().where('customerId', '=', customerId).orderBy('id').execute()).map(toMember);
  }

  async updateMember(id: string, patch: MemberPatch): Promise<Member | null> {
    if (Object.keys(patch).length > 0) await this.db.updateTable('members').set(patch).where('id', '=', id).execute();
    return this.getMember(id);
  }

  async insertSession(session: Session): Promise<void> {
    await this.db.insertInto('sessions').values(session).execute();
  }

  async getSession(id: string): Promise<Session | null> {
    const row = await this.db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toSession(row) : null;
  }

  async revokeSession(id: string, nowMs: number): Promise<void> {
    await this.db.updateTable('sessions').set({ revokedAtMs: nowMs }).where('id', '=', id).where('revokedAtMs', 'is', null).execute();
  }

  async revokeSessionsOf(kind: SessionKind, principalId: string, nowMs: number): Promise<void> {
    await this.db
      .updateTable('sessions')
      .set({ revokedAtMs: nowMs })
      .where('kind', '=', kind)
      .where('principalId', '=', principalId)
      .where('revokedAtMs', 'is', null)
      .execute();
  }

  async deleteSessionsEndedBefore(ms: number): Promise<void> {
    await this.db.deleteFrom('sessions').where((eb) => eb.or([eb('expiresAtMs', '<', BigInt(ms)), eb('revokedAtMs', '<', BigInt(ms))])).execute();
  }

  async getOperatorToken(id: string): Promise<OperatorToken | null> {
    const row = await this.db.selectFrom('operatorTokens').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toOperatorToken(row) : null;
  }

  async usageEventCustomer(requestId: string): Promise<string | null> {
    const row = await this.db.selectFrom('usageEvents').select('customerId').where('requestId', '=', requestId).executeTakeFirst();
    return row?.customerId ?? null;
  }
}
