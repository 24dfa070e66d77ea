/**
 * Activity lists, keyset-paginated (lib/pagination.ts): the filtered list, and the caller's
 * "upcoming" and "overdue" work — both served by the partial index
 * `activities_open_assignee_due_idx (org_id, assignee_id, due_at, id) where status in ('planned',
 * 'in_progress')`, so the status condition below is written with the same literals.
 */
import { and, eq, gte, isNull, lt, sql, type SQL } from 'drizzle-orm';
import type { Activity, ActivityListQuery } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { activities, activity_links } from '../../db/schema/index.js';
import { afterCursor, orderBy, toPage, type KeysetSort } from '../../lib/pagination.js';
import type { Actor } from '../records/actor.js';
import { assertLinksVisible, linkColumn } from '../records/linked-records.js';
import { visibleActivities } from './activities.service.js';
import { viewActivities } from './activities.view.js';

type ActivityPage = { data: Activity[]; next_cursor: string | null };

const OPEN = sql`${activities.status} in ('planned', 'in_progress')`;

/** A range bound: a date means its whole day in UTC (`to` includes that day); a time is inclusive. */
function bound(value: string, end: boolean): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const d = new Date(`${value}T00:00:00.000Z`);
    return end ? new Date(d.getTime() + 86_400_000) : d;
  }
  return new Date(end ? Date.parse(value) + 1 : value);
}

/** One keyset page of the activities matching `where` in `sort` order after `cursor`, in the API shape. */
async function page(
  tx: Tx,
  params: { orgId: string; where: SQL | undefined; sort: KeysetSort; limit: number; cursor?: string | undefined },
): Promise<ActivityPage> {
  const { sort } = params;
  const rows = await viewActivities(tx, {
    orgId: params.orgId,
    where: and(params.where, afterCursor(sort, params.cursor)) ?? sql`true`,
    order: orderBy(sort),
    limit: params.limit + 1,
  });
  const key = sort.column === activities.created_at ? 'created_at' : 'due_at';
  return toPage(rows, params.limit, (r: Activity) => [r[key], r.id]);
}

/**
 * `GET /activities`: activities the actor sees matching the filters (type, status, assignee id / me
 * / none, priority, due and completed ranges, linked record — which must be a live record the actor
 * sees, else 404), sorted by `due_at` (nulls last) or `created_at`, `-` for descending.
 */
export async function listActivities(tx: Tx, params: { actor: Actor; query: ActivityListQuery }) {
  const { actor, query: q } = params;
  const conds: Array<SQL | undefined> = [visibleActivities(actor)];
  if (q.type) conds.push(eq(activities.type, q.type));
  if (q.status) conds.push(eq(activities.status, q.status));
  if (q.priority) conds.push(eq(activities.priority, q.priority));
  if (q.assignee_id === 'none') conds.push(isNull(activities.assignee_id));
  else if (q.assignee_id === 'me') conds.push(eq(activities.assignee_id, actor.membershipId));
  else if (q.assignee_id) conds.push(eq(activities.assignee_id, q.assignee_id));
  if (q.due_from) conds.push(gte(activities.due_at, bound(q.due_from, false)));
  if (q.due_to) conds.push(lt(activities.due_at, bound(q.due_to, true)));
  if (q.completed_from) conds.push(gte(activities.completed_at, bound(q.completed_from, false)));
  if (q.completed_to) conds.push(lt(activities.completed_at, bound(q.completed_to, true)));
  if (q.record_type && q.record_id) {
    await assertLinksVisible(tx, { actor, links: [{ type: q.record_type, id: q.record_id }] });
    conds.push(
      sql`exists (select 1 from ${activity_links} where ${and(
        eq(activity_links.org_id, activities.org_id),
        eq(activity_links.activity_id, activities.id),
        eq(linkColumn(activity_links, q.record_type), q.record_id),
      )})`,
    );
  }
  const desc = q.sort.startsWith('-');
  const byCreated = q.sort.endsWith('created_at');
  const sort: KeysetSort = byCreated
    ? { column: activities.created_at, id: activities.id, direction: desc ? 'desc' : 'asc', kind: 'timestamp' }
    : {
        column: activities.due_at,
        id: activities.id,
        direction: desc ? 'desc' : 'asc',
        kind: 'timestamp',
        nullable: true,
      };
  return page(tx, { orgId: actor.orgId, where: and(...conds), sort, limit: q.limit, cursor: q.cursor });
}

const dueAsc: KeysetSort = { column: activities.due_at, id: activities.id, direction: 'asc', kind: 'timestamp' };

/**
 * `GET /activities/my/upcoming`: open activities assigned to the caller due from now (inclusive) to
 * now + `days` (exclusive), soonest first.
 */
export async function upcomingActivities(
  tx: Tx,
  params: { actor: Actor; days: number; limit: number; cursor?: string | undefined; now?: Date },
) {
  const { actor } = params;
  const now = params.now ?? new Date();
  const until = new Date(now.getTime() + params.days * 86_400_000);
  const where = and(
    eq(activities.org_id, actor.orgId),
    eq(activities.assignee_id, actor.membershipId),
    OPEN,
    gte(activities.due_at, now),
    lt(activities.due_at, until),
  );
  return page(tx, { orgId: actor.orgId, where, sort: dueAsc, limit: params.limit, cursor: params.cursor });
}

/** `GET /activities/my/overdue`: open activities assigned to the caller due before now, oldest first. */
export async function overdueActivities(
  tx: Tx,
  params: { actor: Actor; limit: number; cursor?: string | undefined; now?: Date },
) {
  const { actor } = params;
  const where = and(
    eq(activities.org_id, actor.orgId),
    eq(activities.assignee_id, actor.membershipId),
    OPEN,
    lt(activities.due_at, params.now ?? new Date()),
  );
  return page(tx, { orgId: actor.orgId, where, sort: dueAsc, limit: params.limit, cursor: params.cursor });
}
