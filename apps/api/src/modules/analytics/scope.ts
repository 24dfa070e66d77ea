/**
 * Who the caller's analytics figures cover (contract "Scope"): members their own records (deals and
 * leads they own, activities assigned to them) — or the whole organisation under the `shared`
 * visibility rule; managers their own plus every member of the teams they belong to
 * (`team_members`); admins, owners and viewers all. `owner_id` (`me`, a member id, `none` =
 * unassigned), `team_id` and `pipeline_id` narrow within that scope. An owner, team or pipeline of
 * another organisation, or outside the caller's scope → 404.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { Tx } from '../../db/client.js';
import { queryRows } from '../../db/sql.js';
import { notFound } from '../../lib/errors.js';
import { pipelineKindOf } from '../pipelines/stage-lookup.js';
import type { Actor } from '../records/actor.js';

/** Which owners a figure counts: everyone, only unassigned records, or these membership ids. */
export type Owners = { kind: 'all' } | { kind: 'unassigned' } | { kind: 'ids'; ids: string[] };

export interface Scope {
  orgId: string;
  owners: Owners;
  pipelineId: string | null;
  /** Teams the caller may see roll-ups of (null = every team of the organisation), narrowed by `team_id`. */
  teamIds: string[] | null;
}

/** The caller's own scope before filters: null = everyone. */
async function baseOwners(tx: Tx, actor: Actor): Promise<string[] | null> {
  if (actor.role === 'member') return actor.visibility === 'shared' ? null : [actor.membershipId];
  if (actor.role !== 'manager') return null;
  const rows = await queryRows<{ id: string }>(
    tx,
    sql`select distinct tm2.membership_id as id from team_members tm
          join team_members tm2 on tm2.org_id = tm.org_id and tm2.team_id = tm.team_id
         where tm.org_id = ${actor.orgId} and tm.membership_id = ${actor.membershipId}`,
  );
  return [...new Set([actor.membershipId, ...rows.map((r) => r.id)])];
}

const intersect = (a: string[] | null, b: string[]) => (a === null ? b : b.filter((x) => a.includes(x)));

/**
 * The scope of one analytics request. Reads the caller's teams (managers), and checks the filters:
 * unknown or out-of-scope `owner_id` → 404 Owner; `team_id` of another organisation, or (for a
 * caller who does not see everyone) of a team they are not in → 404 Team; `pipeline_id` of another
 * organisation → 404 Pipeline (pipelines' `pipelineKindOf`; skipped with `pipelineChecked`). Reads
 * nothing for a caller who sees everyone and gives no owner or team filter.
 */
export async function resolveScope(
  tx: Tx,
  params: {
    actor: Actor;
    owner_id?: string | undefined;
    team_id?: string | undefined;
    pipeline_id?: string | undefined;
    /** The caller resolves `pipeline_id` itself (pipeline.ts `reportPipeline`): no lookup here. */
    pipelineChecked?: boolean | undefined;
  },
): Promise<Scope> {
  const { actor } = params;
  const orgId = actor.orgId;
  const base = await baseOwners(tx, actor);
  let ids: string[] | null = base;
  let unassigned = false;
  if (params.owner_id === 'none') unassigned = true;
  else if (params.owner_id) {
    const id = params.owner_id === 'me' ? actor.membershipId : params.owner_id;
    if (params.owner_id !== 'me') {
      const found = await queryRows<{ id: string }>(
        tx,
        sql`select id from memberships where org_id = ${orgId} and id = ${id}::uuid`,
      );
      if (!found.length || (base !== null && !base.includes(id))) throw notFound('Owner');
    }
    ids = intersect(ids, [id]);
  }
  let teamIds: string[] | null = null;
  if (base !== null) {
    const mine = await queryRows<{ id: string }>(
      tx,
      sql`select team_id as id from team_members where org_id = ${orgId} and membership_id = ${actor.membershipId}`,
    );
    teamIds = mine.map((r) => r.id);
  }
  if (params.team_id) {
    const team = await queryRows<{ id: string }>(
      tx,
      sql`select id from teams where org_id = ${orgId} and id = ${params.team_id}::uuid`,
    );
    if (!team.length || (teamIds !== null && !teamIds.includes(params.team_id))) throw notFound('Team');
    teamIds = [params.team_id];
    const members = await queryRows<{ id: string }>(
      tx,
      sql`select membership_id as id from team_members where org_id = ${orgId} and team_id = ${params.team_id}::uuid`,
    );
    ids = intersect(
      ids,
      members.map((r) => r.id),
    );
    if (unassigned) ids = [];
  }
  if (params.pipeline_id && !params.pipelineChecked) {
    if (!(await pipelineKindOf(tx, { orgId, id: params.pipeline_id }))) throw notFound('Pipeline');
  }
  let owners: Owners;
  if (unassigned && ids === null) owners = { kind: 'unassigned' };
  else if (unassigned)
    owners = { kind: 'ids', ids: [] }; // unassigned records are outside a restricted scope
  else owners = ids === null ? { kind: 'all' } : { kind: 'ids', ids };
  return { orgId, owners, pipelineId: params.pipeline_id ?? null, teamIds };
}

/** The scope's condition on an owner (or assignee) column; undefined when it covers everyone. */
export function ownerCondition(owners: Owners, column: SQL): SQL | undefined {
  if (owners.kind === 'all') return undefined;
  if (owners.kind === 'unassigned') return sql`${column} is null`;
  return sql`${column} = any(${sql.param(owners.ids)}::uuid[])`;
}
