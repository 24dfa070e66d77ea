import { and, eq, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { memberships, sessions, users } from '../../db/schema/index.js';
import { withTenant } from '../../db/tenant.js';

/**
 * The organisation a new session of `userId` opens in: the user's `default_org_id` when they are
 * still a member of it, otherwise their oldest membership; null when they belong to none.
 */
export async function defaultOrgFor(tx: Tx, userId: string): Promise<string | null> {
  const rows = await tx
    .select({ org_id: memberships.org_id })
    .from(memberships)
    .leftJoin(users, eq(users.id, memberships.user_id))
    .where(eq(memberships.user_id, userId))
    .orderBy(sql`(${memberships.org_id} = ${users.default_org_id}) desc nulls last`, memberships.created_at)
    .limit(1);
  return rows[0]?.org_id ?? null;
}

/**
 * After sign-in: points the new session (by its token) at the user's default organisation.
 * The membership lookup runs as the request role (RLS, own memberships only); `sessions` is a global
 * table updated on the owner connection.
 */
export async function openSessionInDefaultOrg(db: Db, params: { userId: string; sessionToken: string }): Promise<void> {
  const orgId = await withTenant(db, { orgId: null, userId: params.userId }, (tx) => defaultOrgFor(tx, params.userId));
  if (!orgId) return;
  await db
    .update(sessions)
    .set({ active_org_id: orgId })
    .where(and(eq(sessions.token, params.sessionToken), eq(sessions.user_id, params.userId)));
}

/** Makes `orgId` the active organisation of a session and the user's default for new sessions. */
export async function switchActiveOrg(tx: Tx, params: { userId: string; sessionId: string | null; orgId: string }) {
  if (params.sessionId) {
    await tx
      .update(sessions)
      .set({ active_org_id: params.orgId })
      .where(and(eq(sessions.id, params.sessionId), eq(sessions.user_id, params.userId)));
  }
  await tx.update(users).set({ default_org_id: params.orgId }).where(eq(users.id, params.userId));
}
