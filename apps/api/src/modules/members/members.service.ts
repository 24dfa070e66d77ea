import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Member, MemberListQuery, Role } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { api_keys, memberships, users } from '../../db/schema/index.js';
import { forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';
import type { OrgContext } from '../../plugins/tenancy.js';
import { auditActorOf, recordAudit, type AuditActorRef } from '../audit/audit.service.js';

/** Display name and address: the user's while active, the membership's own while inactive (migration 0024). */
const nameOf = sql<string>`coalesce(${users.name}, ${memberships.name}, '')`;
const emailOf = sql<string | null>`coalesce(${users.email}, ${memberships.email})::text`;

const memberColumns = {
  id: memberships.id,
  user_id: memberships.user_id,
  name: nameOf,
  email: emailOf,
  status: memberships.status,
  role: memberships.role,
  created_at: memberships.created_at,
  version: memberships.version,
};

function baseQuery(tx: Tx) {
  return tx.select(memberColumns).from(memberships).leftJoin(users, eq(users.id, memberships.user_id));
}

/** Escapes `%`, `_` and `\` so user text matches literally inside ILIKE. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/**
 * Members of the organisation — active and inactive (`status`), each with its display name and
 * address — filtered by `q` (name or email contains) and `status`, keyset-paginated.
 */
export async function listMembers(tx: Tx, params: { orgId: string } & MemberListQuery) {
  const direction = params.sort.startsWith('-') ? 'desc' : 'asc';
  const byName = params.sort.endsWith('name');
  const sort: KeysetSort = {
    column: byName ? nameOf : memberships.created_at,
    id: memberships.id,
    direction,
    kind: byName ? 'text' : 'timestamp',
  };
  const filters: (SQL | undefined)[] = [eq(memberships.org_id, params.orgId), afterCursor(sort, params.cursor)];
  if (params.q) {
    const pattern = `%${likeEscape(params.q)}%`;
    filters.push(or(ilike(nameOf, pattern), ilike(emailOf, pattern)));
  }
  if (params.status) filters.push(eq(memberships.status, params.status));
  const rows = await baseQuery(tx)
    .where(and(...filters))
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  return toPage(rows as Member[], params.limit, (m) => [byName ? m.name : m.created_at, m.id]);
}

export async function getMember(tx: Tx, params: { orgId: string; id: string }): Promise<Member> {
  const [row] = await baseQuery(tx).where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, params.id)));
  if (!row) throw notFound('Member');
  return row as Member;
}

async function ownerCount(tx: Tx, orgId: string): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.org_id, orgId), eq(memberships.role, 'owner'), eq(memberships.status, 'active')));
  return row?.n ?? 0;
}

/**
 * Changes a member's role. Only owners grant or take away `owner`; the last owner cannot be
 * demoted (422). An inactive member's role is the invitation's once activated, so it cannot be
 * changed before (422: invite them instead). `expectedVersion` → 412 when stale.
 */
export async function changeRole(
  tx: Tx,
  params: { ctx: OrgContext; id: string; role: Role; expectedVersion?: number | undefined },
): Promise<Member> {
  const { ctx } = params;
  const target = await getMember(tx, { orgId: ctx.orgId, id: params.id });
  if (params.expectedVersion !== undefined && params.expectedVersion !== target.version)
    throw staleVersion(target.version);
  if (target.status === 'inactive') {
    throw unprocessable('An inactive member gets a role when they accept an invitation; invite them instead');
  }
  if ((target.role === 'owner' || params.role === 'owner') && ctx.role !== 'owner') {
    throw forbidden('Only an owner can make someone an owner or change an owner’s role');
  }
  if (target.role === 'owner' && params.role !== 'owner' && (await ownerCount(tx, ctx.orgId)) <= 1) {
    throw unprocessable('An organisation needs at least one owner; make someone else owner first');
  }
  if (target.role === params.role) return target;
  await tx
    .update(memberships)
    .set({ role: params.role, version: sql`${memberships.version} + 1`, updated_at: new Date() })
    .where(and(eq(memberships.org_id, ctx.orgId), eq(memberships.id, params.id)));
  return getMember(tx, { orgId: ctx.orgId, id: params.id });
}

/**
 * Removes a member (admins remove others; anyone may leave). Owners are removed only by owners;
 * the last owner cannot leave (422). The member's API keys for this organisation are revoked, and
 * their sessions lose access at once (membership is checked on every request). Inactive members
 * are removed by admins like any other (no keys or sessions to revoke). Records they owned become
 * unassigned (`owner_id` foreign keys `ON DELETE SET NULL`). Audited as `member.remove`.
 */
export async function removeMember(tx: Tx, params: { ctx: OrgContext; id: string }): Promise<void> {
  const { ctx } = params;
  const target = await getMember(tx, { orgId: ctx.orgId, id: params.id });
  const self = target.user_id === ctx.userId;
  if (!self && ctx.role !== 'owner' && ctx.role !== 'admin') throw forbidden('Only admins and owners remove members');
  if (target.role === 'owner' && !self && ctx.role !== 'owner') throw forbidden('Only an owner can remove an owner');
  if (target.role === 'owner' && (await ownerCount(tx, ctx.orgId)) <= 1) {
    throw unprocessable('An organisation needs at least one owner; make someone else owner first');
  }
  if (target.user_id) {
    await tx
      .update(api_keys)
      .set({ revoked_at: new Date() })
      .where(
        and(
          eq(api_keys.org_id, ctx.orgId),
          eq(api_keys.created_by, target.user_id),
          sql`${api_keys.revoked_at} is null`,
        ),
      );
  }
  await tx.delete(memberships).where(and(eq(memberships.org_id, ctx.orgId), eq(memberships.id, params.id)));
  await recordAudit(tx, {
    orgId: ctx.orgId,
    actor: auditActorOf({ org: ctx }),
    action: 'member.remove',
    recordType: 'member',
    recordId: target.id,
    before: target,
  });
}

/**
 * Number of ACTIVE members of the organisation (the people who can sign in: what the organisation
 * summary shows as its member count). Inactive members (no user) are not counted.
 */
export async function countMembers(tx: Tx, params: { orgId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.status, 'active')));
  return row?.n ?? 0;
}

/** A person to create as an inactive member: display name (1–200 characters) and optional address. */
export interface InactivePerson {
  /** Membership id chosen by the caller (UUIDv7), so rows written in the same transaction can point at it. */
  id: string;
  name: string;
  email: string | null;
}

/**
 * Creates inactive members (no user, cannot sign in; migration 0024) in the caller's transaction —
 * the import's chunk transaction, so a killed import leaves none behind without the records that
 * own them. One INSERT for all, role `member` (the invitation's role replaces it on activation).
 * A person whose address (or, without one, name) already belongs to an inactive member violates
 * the unique indexes and fails the transaction: callers look existing members up first. One audit
 * entry per member (`member.create_inactive`, details from `source`, e.g. `{ import_id }`).
 */
export async function createInactiveMembers(
  tx: Tx,
  params: { orgId: string; people: InactivePerson[]; actor: AuditActorRef; source: Record<string, unknown> },
): Promise<void> {
  if (!params.people.length) return;
  await tx.insert(memberships).values(
    params.people.map((p) => ({
      org_id: params.orgId,
      id: p.id,
      user_id: null,
      status: 'inactive',
      name: p.name,
      email: p.email,
      role: 'member',
    })),
  );
  for (const p of params.people) {
    await recordAudit(tx, {
      orgId: params.orgId,
      actor: params.actor,
      action: 'member.create_inactive',
      recordType: 'member',
      recordId: p.id,
      after: { name: p.name, email: p.email, status: 'inactive', role: 'member' },
      details: params.source,
    });
  }
}

/**
 * Deletes the inactive members among `ids` that nothing references any more (no company, contact,
 * lead or deal — live or in the recycle bin — owns them, no activity is assigned to them); returns
 * the ids deleted. Used by an import's revert for the members that import created: members that
 * were activated meanwhile, or own other records, are kept.
 */
export async function deleteUnusedInactiveMembers(tx: Tx, params: { orgId: string; ids: string[] }): Promise<string[]> {
  if (!params.ids.length) return [];
  const refs = ['companies', 'contacts', 'leads', 'deals'].map(
    (t) => sql`not exists (select 1 from ${sql.raw(t)} r where r.org_id = m.org_id and r.owner_id = m.id)`,
  );
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`delete from memberships m where m.org_id = ${params.orgId}::uuid and m.id = any(${sql.param(params.ids)}::uuid[])
          and m.status = 'inactive' and ${sql.join(refs, sql` and `)}
          and not exists (select 1 from activities a where a.org_id = m.org_id and a.assignee_id = m.id)
        returning m.id`,
  );
  return rows.map((r) => r.id);
}
