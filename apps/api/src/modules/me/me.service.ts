import { and, asc, eq } from 'drizzle-orm';
import type { Me, Role } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { memberships, organizations, users } from '../../db/schema/index.js';
import { setTenantOrg } from '../../db/tenant.js';
import { notFound } from '../../lib/errors.js';
import type { RequestContext } from '../../plugins/tenancy.js';
import { switchActiveOrg } from '../auth/auth.service.js';

/**
 * Who the caller is: user, active organisation, role and the organisations they can switch to, in
 * one query (a row per membership). An API key only ever reveals its own organisation, never the
 * creator's other memberships.
 */
export async function getMe(tx: Tx, ctx: RequestContext): Promise<Me> {
  const membershipJoin =
    ctx.auth.kind === 'api_key'
      ? and(eq(memberships.user_id, users.id), eq(memberships.org_id, ctx.orgId!))
      : eq(memberships.user_id, users.id);
  const rows = await tx
    .select({
      id: users.id,
      name: users.name,
      email: users.email,
      created_at: users.created_at,
      org_id: memberships.org_id,
      org_name: organizations.name,
      org_slug: organizations.slug,
      role: memberships.role,
    })
    .from(users)
    .leftJoin(memberships, membershipJoin)
    .leftJoin(organizations, eq(organizations.id, memberships.org_id))
    .where(eq(users.id, ctx.userId))
    .orderBy(asc(organizations.name), asc(memberships.org_id));
  const first = rows[0];
  if (!first) throw notFound('User');
  const list = rows
    .filter((r) => r.org_id && r.org_name && r.org_slug && r.role)
    .map((r) => ({ org_id: r.org_id!, org_name: r.org_name!, org_slug: r.org_slug!, role: r.role as Role }));
  const active = ctx.orgId ? list.find((m) => m.org_id === ctx.orgId) : undefined;
  return {
    user: { id: first.id, name: first.name, email: first.email, created_at: first.created_at },
    org: active ? { id: active.org_id, name: active.org_name, slug: active.org_slug } : null,
    role: ctx.orgId ? ctx.role : null,
    memberships: list,
    auth: { kind: ctx.auth.kind, scopes: ctx.auth.kind === 'api_key' ? ctx.auth.scopes : null },
  };
}

/** Renames the signed-in user. */
export async function updateProfile(tx: Tx, params: { userId: string; name: string }): Promise<void> {
  await tx.update(users).set({ name: params.name, updated_at: new Date() }).where(eq(users.id, params.userId));
}

/**
 * Switches the session to `orgId` and re-scopes the transaction to it. 404 when the user is not a member (the same answer as for an
 * organisation that does not exist).
 */
export async function setActiveOrg(
  tx: Tx,
  params: { userId: string; sessionId: string; orgId: string },
): Promise<{ role: Role; membershipId: string }> {
  const [m] = await tx
    .select({ id: memberships.id, role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.user_id, params.userId), eq(memberships.org_id, params.orgId)));
  if (!m) throw notFound('Organisation');
  await switchActiveOrg(tx, params);
  await setTenantOrg(tx, params.orgId);
  return { role: m.role as Role, membershipId: m.id };
}
