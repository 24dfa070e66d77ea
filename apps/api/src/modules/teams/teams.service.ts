import { and, asc, eq, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type { PageQuery, Team } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { memberships, team_members, teams, users } from '../../db/schema/index.js';
import { conflict, notFound, unprocessable } from '../../lib/errors.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import { staleVersion } from '../../lib/versioning.js';

// Written out: Drizzle renders outer columns unqualified inside a select, which would bind to `tm`.
const memberCount = sql<number>`(select count(*)::int from team_members tm where tm.org_id = teams.org_id and tm.team_id = teams.id)`;
const teamColumns = {
  id: teams.id,
  name: teams.name,
  description: teams.description,
  member_count: memberCount,
  created_at: teams.created_at,
  version: teams.version,
};

/** Teams of the organisation by name, keyset-paginated, each with its member count. */
export async function listTeams(tx: Tx, params: { orgId: string } & PageQuery) {
  const sort: KeysetSort = { column: teams.name, id: teams.id, direction: 'asc', kind: 'text' };
  const rows = await tx
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.org_id, params.orgId), afterCursor(sort, params.cursor)))
    .orderBy(...orderBy(sort))
    .limit(params.limit + 1);
  return toPage(rows as Team[], params.limit, (t) => [t.name, t.id]);
}

async function getTeamRow(tx: Tx, params: { orgId: string; id: string }): Promise<Team> {
  const [row] = await tx
    .select(teamColumns)
    .from(teams)
    .where(and(eq(teams.org_id, params.orgId), eq(teams.id, params.id)));
  if (!row) throw notFound('Team');
  return row as Team;
}

/** A team with its members (leads first, then by name). */
export async function getTeam(tx: Tx, params: { orgId: string; id: string }) {
  const team = await getTeamRow(tx, params);
  const members = await tx
    .select({
      membership_id: memberships.id,
      user_id: users.id,
      name: users.name,
      email: users.email,
      is_lead: team_members.is_lead,
    })
    .from(team_members)
    .innerJoin(
      memberships,
      and(eq(memberships.org_id, team_members.org_id), eq(memberships.id, team_members.membership_id)),
    )
    .innerJoin(users, eq(users.id, memberships.user_id))
    .where(and(eq(team_members.org_id, params.orgId), eq(team_members.team_id, params.id)))
    .orderBy(sql`${team_members.is_lead} desc`, asc(users.name));
  return { ...team, members };
}

async function assertNameFree(tx: Tx, orgId: string, name: string, exceptId?: string) {
  const [row] = await tx
    .select({ id: teams.id })
    .from(teams)
    .where(and(eq(teams.org_id, orgId), eq(teams.name, name)));
  if (row && row.id !== exceptId) {
    throw conflict(`A team named "${name}" already exists`, {
      existing_id: row.id,
      issues: [{ path: 'body.name', message: 'is already used by another team' }],
    });
  }
}

export async function createTeam(
  tx: Tx,
  params: { orgId: string; name: string; description?: string | null | undefined },
) {
  await assertNameFree(tx, params.orgId, params.name);
  const id = uuidv7();
  await tx
    .insert(teams)
    .values({ org_id: params.orgId, id, name: params.name, description: params.description ?? null });
  return getTeam(tx, { orgId: params.orgId, id });
}

/** Renames or re-describes a team; `expectedVersion` → 412 when stale; a taken name → 409. */
export async function updateTeam(
  tx: Tx,
  params: {
    orgId: string;
    id: string;
    name?: string | undefined;
    description?: string | null | undefined;
    expectedVersion?: number | undefined;
  },
) {
  const team = await getTeamRow(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== team.version) throw staleVersion(team.version);
  if (params.name !== undefined) await assertNameFree(tx, params.orgId, params.name, params.id);
  await tx
    .update(teams)
    .set({
      ...(params.name !== undefined ? { name: params.name } : {}),
      ...(params.description !== undefined ? { description: params.description } : {}),
      version: sql`${teams.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(teams.org_id, params.orgId), eq(teams.id, params.id)));
  return getTeam(tx, params);
}

export async function deleteTeam(tx: Tx, params: { orgId: string; id: string }): Promise<void> {
  const deleted = await tx
    .delete(teams)
    .where(and(eq(teams.org_id, params.orgId), eq(teams.id, params.id)))
    .returning({ id: teams.id });
  if (!deleted.length) throw notFound('Team');
}

/**
 * Adds a member to a team or updates their lead flag (idempotent). 404 for unknown team or member;
 * 422 for an inactive member (no user yet: `TeamMember` carries a user id and email — they join
 * teams once an accepted invitation activates them).
 */
export async function putTeamMember(
  tx: Tx,
  params: { orgId: string; teamId: string; membershipId: string; isLead: boolean },
) {
  await getTeamRow(tx, { orgId: params.orgId, id: params.teamId });
  const [m] = await tx
    .select({ id: memberships.id, status: memberships.status })
    .from(memberships)
    .where(and(eq(memberships.org_id, params.orgId), eq(memberships.id, params.membershipId)));
  if (!m) throw notFound('Member');
  if (m.status !== 'active') throw unprocessable('An inactive member joins teams once they accept an invitation');
  await tx
    .insert(team_members)
    .values({
      org_id: params.orgId,
      id: uuidv7(),
      team_id: params.teamId,
      membership_id: params.membershipId,
      is_lead: params.isLead,
    })
    .onConflictDoUpdate({
      target: [team_members.org_id, team_members.team_id, team_members.membership_id],
      set: { is_lead: params.isLead },
    });
  return getTeam(tx, { orgId: params.orgId, id: params.teamId });
}

export async function removeTeamMember(tx: Tx, params: { orgId: string; teamId: string; membershipId: string }) {
  await getTeamRow(tx, { orgId: params.orgId, id: params.teamId });
  const deleted = await tx
    .delete(team_members)
    .where(
      and(
        eq(team_members.org_id, params.orgId),
        eq(team_members.team_id, params.teamId),
        eq(team_members.membership_id, params.membershipId),
      ),
    )
    .returning({ id: team_members.id });
  if (!deleted.length) throw notFound('Team member');
  return getTeam(tx, { orgId: params.orgId, id: params.teamId });
}

/** Number of teams of the organisation. */
export async function countTeams(tx: Tx, params: { orgId: string }): Promise<number> {
  const [row] = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(teams)
    .where(eq(teams.org_id, params.orgId));
  return row?.n ?? 0;
}
