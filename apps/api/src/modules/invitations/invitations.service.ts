import { and, eq, gt, lte, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { uuidv7 } from '../../lib/ids.js';
import type { CreateInvitationBody, Invitation, InvitationListQuery, Role } from '@relata/shared';
import type { Db, Tx } from '../../db/client.js';
import { invitations, memberships, organizations, users } from '../../db/schema/index.js';
import { setTenantOrg, withTenant } from '../../db/tenant.js';
import { AppError, conflict, forbidden, notFound } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { hashToken, issueOrgToken, orgOfToken } from '../../lib/tokens.js';
import type { OrgContext, RequestContext } from '../../plugins/tenancy.js';
import { rescheduleMemberReminders, type JobSender } from '../activities/activities.reminders.js';
import { recordAudit } from '../audit/audit.service.js';
import { switchActiveOrg } from '../auth/auth.service.js';

export const INVITATION_PREFIX = 'ri';
const DAY_MS = 86_400_000;

const inviter = alias(users, 'inviter');
const columns = {
  id: invitations.id,
  email: invitations.email,
  role: invitations.role,
  status: invitations.status,
  member_id: invitations.membership_id,
  expires_at: invitations.expires_at,
  created_at: invitations.created_at,
  inviter_id: inviter.id,
  inviter_name: inviter.name,
};
interface Row {
  id: string;
  email: string;
  role: string;
  status: string;
  member_id: string | null;
  expires_at: Date;
  created_at: Date;
  inviter_id: string | null;
  inviter_name: string | null;
}

/** `pending` past `expires_at` reads as `expired`. */
function statusOf(row: { status: string; expires_at: Date }, now = Date.now()): Invitation['status'] {
  if (row.status === 'pending' && row.expires_at.getTime() <= now) return 'expired';
  return row.status as Invitation['status'];
}

function toInvitation(row: Row): Invitation {
  return {
    id: row.id,
    email: row.email,
    role: row.role as Role,
    member_id: row.member_id,
    status: statusOf(row),
    invited_by: row.inviter_id ? { id: row.inviter_id, name: row.inviter_name ?? '' } : null,
    expires_at: row.expires_at,
    created_at: row.created_at,
  };
}

function select(tx: Tx) {
  return tx.select(columns).from(invitations).leftJoin(inviter, eq(inviter.id, invitations.invited_by));
}

/** SQL for "the invitation is in `status`" (expired = pending past its expiry). */
export function statusFilter(status: Invitation['status']): SQL {
  switch (status) {
    case 'pending':
      return and(eq(invitations.status, 'pending'), gt(invitations.expires_at, sql`now()`))!;
    case 'expired':
      return and(eq(invitations.status, 'pending'), lte(invitations.expires_at, sql`now()`))!;
    default:
      return eq(invitations.status, status);
  }
}

/** Invitations of the organisation, newest first, optionally of one status, keyset-paginated. */
export async function listInvitations(tx: Tx, params: { orgId: string } & InvitationListQuery) {
  const sort: KeysetSort = { column: invitations.created_at, id: invitations.id, direction: 'desc', kind: 'timestamp' };
  const rows = await select(tx)
    .where(
      and(
        eq(invitations.org_id, params.orgId),
        params.status ? statusFilter(params.status) : undefined,
        afterCursor(sort, params.cursor),
      ),
    )
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  const page = toPage(rows as Row[], params.limit, (r) => [r.created_at, r.id]);
  return { data: page.data.map(toInvitation), next_cursor: page.next_cursor };
}

async function getRow(tx: Tx, params: { orgId: string; id: string }): Promise<Row> {
  const [row] = await select(tx).where(and(eq(invitations.org_id, params.orgId), eq(invitations.id, params.id)));
  if (!row) throw notFound('Invitation');
  return row as Row;
}

function withLink(inv: Invitation, token: string, baseUrl: string) {
  return { ...inv, token, url: `${baseUrl}/invite/${encodeURIComponent(token)}` };
}

/**
 * Invites `email` with `role`. Only owners invite owners (403). An existing (active) member (409 with
 * `existing_member_id`) or a pending invitation for the same email (409 with
 * `existing_invitation_id`; resend that one instead) are refused. `member_id` names the inactive
 * member the invitation activates: 404 when it is not a member of this organisation, 409 when it
 * is already active. Inactive members are not "existing members": inviting their address is how
 * they are activated. Returns the link, shown once.
 */
export async function createInvitation(tx: Tx, params: { ctx: OrgContext; baseUrl: string } & CreateInvitationBody) {
  const { ctx } = params;
  if (params.role === 'owner' && ctx.role !== 'owner') throw forbidden('Only an owner can invite an owner');
  if (params.member_id) {
    const [target] = await tx
      .select({ status: memberships.status })
      .from(memberships)
      .where(and(eq(memberships.org_id, ctx.orgId), eq(memberships.id, params.member_id)));
    if (!target) throw notFound('Member');
    if (target.status !== 'inactive') {
      throw conflict('This member is already active', {
        issues: [{ path: 'body.member_id', message: 'is already an active member' }],
      });
    }
  }
  const [member] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.user_id))
    .where(and(eq(memberships.org_id, ctx.orgId), eq(users.email, params.email)));
  if (member) {
    throw conflict(`${params.email} is already a member`, {
      existing_member_id: member.id,
      issues: [{ path: 'body.email', message: 'is already a member' }],
    });
  }
  const [pending] = await tx
    .select({ id: invitations.id })
    .from(invitations)
    .where(
      and(eq(invitations.org_id, ctx.orgId), eq(invitations.email, params.email), eq(invitations.status, 'pending')),
    );
  if (pending) {
    throw conflict(`${params.email} already has a pending invitation; resend it instead`, {
      existing_invitation_id: pending.id,
      issues: [{ path: 'body.email', message: 'already has a pending invitation' }],
    });
  }
  const token = issueOrgToken(INVITATION_PREFIX, ctx.orgId);
  const id = uuidv7();
  await tx.insert(invitations).values({
    org_id: ctx.orgId,
    id,
    email: params.email,
    role: params.role,
    token_hash: hashToken(token),
    invited_by: ctx.userId,
    expires_at: new Date(Date.now() + params.expires_in_days * DAY_MS),
    membership_id: params.member_id ?? null,
  });
  return withLink(toInvitation(await getRow(tx, { orgId: ctx.orgId, id })), token, params.baseUrl);
}

/** Issues a new link and a fresh 7-day expiry for a pending (possibly expired) invitation. */
export async function resendInvitation(tx: Tx, params: { ctx: OrgContext; id: string; baseUrl: string }) {
  const row = await getRow(tx, { orgId: params.ctx.orgId, id: params.id });
  if (row.status !== 'pending') throw conflict(`This invitation is ${row.status} and cannot be resent`);
  if (row.role === 'owner' && params.ctx.role !== 'owner') throw forbidden('Only an owner can invite an owner');
  const token = issueOrgToken(INVITATION_PREFIX, params.ctx.orgId);
  await tx
    .update(invitations)
    .set({
      token_hash: hashToken(token),
      expires_at: new Date(Date.now() + 7 * DAY_MS),
      invited_by: params.ctx.userId,
      updated_at: new Date(),
    })
    .where(and(eq(invitations.org_id, params.ctx.orgId), eq(invitations.id, params.id)));
  return withLink(toInvitation(await getRow(tx, { orgId: params.ctx.orgId, id: params.id })), token, params.baseUrl);
}

/** Revokes a pending invitation; its link stops working at once. Accepted ones → 409. */
export async function revokeInvitation(tx: Tx, params: { orgId: string; id: string }): Promise<Invitation> {
  const row = await getRow(tx, params);
  if (row.status === 'accepted') throw conflict('This invitation was already accepted; remove the member instead');
  if (row.status === 'pending') {
    await tx
      .update(invitations)
      .set({ status: 'revoked', updated_at: new Date() })
      .where(and(eq(invitations.org_id, params.orgId), eq(invitations.id, params.id)));
  }
  return toInvitation(await getRow(tx, params));
}

interface TokenRow {
  id: string;
  email: string;
  role: string;
  status: string;
  membership_id: string | null;
  expires_at: Date;
  org_name: string;
  inviter_name: string | null;
}

async function findByToken(tx: Tx, orgId: string, token: string): Promise<TokenRow> {
  const [row] = await tx
    .select({
      id: invitations.id,
      email: invitations.email,
      role: invitations.role,
      status: invitations.status,
      membership_id: invitations.membership_id,
      expires_at: invitations.expires_at,
      org_name: organizations.name,
      inviter_name: inviter.name,
    })
    .from(invitations)
    .innerJoin(organizations, eq(organizations.id, invitations.org_id))
    .leftJoin(inviter, eq(inviter.id, invitations.invited_by))
    .where(and(eq(invitations.org_id, orgId), eq(invitations.token_hash, hashToken(token))));
  if (!row) throw notFound('Invitation');
  return row;
}

/** 410 for revoked or expired invitations, with a message saying what to do. */
function assertUsable(row: TokenRow): void {
  const status = statusOf(row);
  if (status === 'revoked') {
    throw new AppError('gone', `This invitation to ${row.org_name} was revoked. Ask an admin there for a new one.`, {
      status,
    });
  }
  if (status === 'expired') {
    throw new AppError(
      'gone',
      `This invitation to ${row.org_name} expired on ${row.expires_at.toISOString().slice(0, 10)}. Ask an admin there for a new one.`,
      { status },
    );
  }
}

/** What an invitation link is for (public: the token is the credential). 404 unknown, 410 unusable. */
export async function previewInvitation(db: Db, token: string) {
  const orgId = orgOfToken(INVITATION_PREFIX, token);
  if (!orgId) throw notFound('Invitation');
  return withTenant(db, { orgId }, async (tx) => {
    const row = await findByToken(tx, orgId, token);
    assertUsable(row);
    return {
      org_name: row.org_name,
      email: row.email,
      role: row.role as Role,
      invited_by_name: row.inviter_name,
      expires_at: row.expires_at,
      status: statusOf(row),
    };
  });
}

/**
 * Accepts an invitation for the signed-in user: the user's email must be the invited one (403),
 * the invitation pending and unexpired (410), not used before (409), the user not already a member
 * (409 — also when an inactive member waits for them: an admin reassigns that member's records and
 * removes it; no silent merge of two memberships). When the invitation names an inactive member
 * (`member_id`), or else an inactive member has the invited address, THAT membership is activated
 * (user attached, status active, the invitation's role, its own name/email cleared), so records it
 * owns keep their owner, and the open activities assigned to it get their reminders (`jobs`: the
 * app's job sender, null without one); otherwise a new membership is created. Audited (`member.join`,
 * details `activated`). Switches the session to the organisation.
 */
export async function acceptInvitation(
  tx: Tx,
  params: { ctx: RequestContext; token: string; jobs: JobSender },
): Promise<{ orgId: string; role: Role; membershipId: string }> {
  const orgId = orgOfToken(INVITATION_PREFIX, params.token);
  if (!orgId) throw notFound('Invitation');
  await setTenantOrg(tx, orgId);
  const row = await findByToken(tx, orgId, params.token);
  if (row.status === 'accepted') throw conflict('This invitation was already used');
  assertUsable(row);
  const [user] = await tx.select({ email: users.email }).from(users).where(eq(users.id, params.ctx.userId));
  if (!user || user.email.toLowerCase() !== row.email.toLowerCase()) {
    throw forbidden(`This invitation is for ${row.email}; you are signed in as ${user?.email ?? 'another user'}`);
  }
  const [existing] = await tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.org_id, orgId), eq(memberships.user_id, params.ctx.userId)));
  if (existing) throw conflict(`You are already a member of ${row.org_name}`);
  const activated = await activateInactiveMember(tx, {
    orgId,
    userId: params.ctx.userId,
    role: row.role as Role,
    memberId: row.membership_id,
    email: row.email,
  });
  const membershipId = activated ?? uuidv7();
  // The activities assigned to the member while inactive got no reminder: schedule them now.
  if (activated) await rescheduleMemberReminders(tx, { orgId, membershipId, jobs: params.jobs });
  if (!activated) {
    await tx
      .insert(memberships)
      .values({ org_id: orgId, id: membershipId, user_id: params.ctx.userId, role: row.role });
  }
  await recordAudit(tx, {
    orgId,
    actor: { membershipId },
    action: 'member.join',
    recordType: 'member',
    recordId: membershipId,
    after: { role: row.role, user_id: params.ctx.userId, status: 'active' },
    details: { invitation_id: row.id, activated: !!activated },
  });
  await tx
    .update(invitations)
    .set({ status: 'accepted', accepted_by: params.ctx.userId, accepted_at: sql`now()`, updated_at: new Date() })
    .where(and(eq(invitations.org_id, orgId), eq(invitations.id, row.id)));
  const sessionId = params.ctx.auth.kind === 'session' ? params.ctx.auth.sessionId : null;
  await switchActiveOrg(tx, { userId: params.ctx.userId, sessionId, orgId });
  return { orgId, role: row.role as Role, membershipId };
}

/**
 * Attaches `userId` to the inactive member the invitation names (`memberId`), else to the inactive
 * member whose own address is `email`; returns its id, or null when there is none (or it was
 * activated meanwhile). One UPDATE; the CHECK of migration 0024 requires name/email cleared.
 */
async function activateInactiveMember(
  tx: Tx,
  params: { orgId: string; userId: string; role: Role; memberId: string | null; email: string },
): Promise<string | null> {
  const which = params.memberId ? eq(memberships.id, params.memberId) : eq(memberships.email, params.email);
  const [row] = await tx
    .update(memberships)
    .set({
      user_id: params.userId,
      status: 'active',
      role: params.role,
      name: null,
      email: null,
      version: sql`${memberships.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.status, 'inactive'), which))
    .returning({ id: memberships.id });
  return row?.id ?? null;
}

/** Number of invitations in `status` (pending = not yet accepted, revoked or expired). */
export async function countInvitations(
  tx: Tx,
  params: { orgId: string; status: Invitation['status'] },
): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(invitations)
    .where(and(eq(invitations.org_id, params.orgId), statusFilter(params.status)));
  return row?.n ?? 0;
}
