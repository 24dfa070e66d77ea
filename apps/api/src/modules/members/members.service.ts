import { and, eq, ilike, or, sql, type SQL } from 'drizzle-orm';
import type { Member, MemberListQuery, Role } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { api_keys, memberships, users } from '../../db/schema/index.js';
import { forbidden, notFound, unprocessable } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';
import type { OrgContext } from '../../plugins/tenancy.js';

const memberColumns = {
  id: memberships.id,
  user_id: memberships.user_id,
  name: users.name,
  email: users.email,
  role: memberships.role,
  created_at: memberships.created_at,
  version: memberships.version,
};

function baseQuery(tx: Tx) {
  return tx.select(memberColumns).from(memberships).innerJoin(users, eq(users.id, memberships.user_id));
}

/** Escapes `%`, `_` and `\` so user text matches literally inside ILIKE. */
export function likeEscape(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Members of the organisation, filtered by `q` (name or email contains) and keyset-paginated. */
export async function listMembers(tx: Tx, params: { orgId: string } & MemberListQuery) {
  const direction = params.sort.startsWith('-') ? 'desc' : 'asc';
  const byName = params.sort.endsWith('name');
  const sort: KeysetSort = {
    column: byName ? users.name : memberships.created_at,
    id: memberships.id,
    direction,
    kind: byName ? 'text' : 'timestamp',
  };
  const filters: (SQL | undefined)[] = [eq(memberships.org_id, params.orgId), afterCursor(sort, params.cursor)];
  if (params.q) {
    const pattern = `%${likeEscape(params.q)}%`;
    filters.push(or(ilike(users.name, pattern), ilike(users.email, pattern)));
  }
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
    .where(and(eq(memberships.org_id, orgId), eq(memberships.role, 'owner')));
  return row?.n ?? 0;
}

/**
 * Changes a member's role. Only owners grant or take away `owner`; the last owner cannot be
 * demoted (422). `expectedVersion` → 412 when stale.
 */
export async function changeRole(
  tx: Tx,
  params: { ctx: OrgContext; id: string; role: Role; expectedVersion?: number | undefined },
): Promise<Member> {
  const { ctx } = params;
  const target = await getMember(tx, { orgId: ctx.orgId, id: params.id });
  if (params.expectedVersion !== undefined && params.expectedVersion !== target.version)
    throw staleVersion(target.version);
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
 * their sessions lose access at once (membership is checked on every request).
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
  await tx
    .update(api_keys)
    .set({ revoked_at: new Date() })
    .where(
      and(eq(api_keys.org_id, ctx.orgId), eq(api_keys.created_by, target.user_id), sql`${api_keys.revoked_at} is null`),
    );
  await tx.delete(memberships).where(and(eq(memberships.org_id, ctx.orgId), eq(memberships.id, params.id)));
}

/** Number of members of the organisation. */
export async function countMembers(tx: Tx, params: { orgId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(eq(memberships.org_id, params.orgId));
  return row?.n ?? 0;
}
