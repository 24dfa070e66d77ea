/**
 * Activities in the API shape (@relata/shared `Activity`): the rows with their links (record names
 * included), assignee and creator names — read in ONE statement for a whole page (bench/activities:
 * the former row query plus one lookup per link type, owners and users was 8–9 statements).
 */
import { sql, type SQL } from 'drizzle-orm';
import type {
  Activity,
  ActivityCallDirection,
  ActivityPriority,
  ActivityStatus,
  ActivityType,
  LinkedRecord,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import type { activities } from '../../db/schema/index.js';
import { queryRows } from '../../db/sql.js';

export type ActivityRow = typeof activities.$inferSelect;

type Time = Date | string;

interface ViewRow {
  id: string;
  type: string;
  subject: string;
  description: string | null;
  status: string;
  due_at: Time | null;
  duration_minutes: number | null;
  all_day: boolean;
  priority: string;
  outcome: string | null;
  call_direction: string | null;
  recording_url: string | null;
  location: string | null;
  assignee_id: string | null;
  assignee_name: string | null;
  created_by: string | null;
  creator_name: string | null;
  completed_at: Time | null;
  remind_at: Time | null;
  created_at: Time;
  updated_at: Time;
  version: number;
  links: LinkedRecord[];
}

/** Timestamps arrive as `Date` (PGlite) or ISO text (pg through drizzle); the API gives `Date`s (UTC). */
const date = (v: Time | null) => (v === null ? null : new Date(v));

/**
 * The activities of organisation `orgId` matching `where` (conditions on the `activities` table; the
 * caller's visibility rule included), ordered by `order` (expressions on `activities`), at most
 * `limit`, in the API shape. One statement: the rows are numbered in `order` before the decorations
 * are joined, and the result is sorted by that number.
 * - `links`: every link in link order (`created_at`, id) with the record's display name (lead title,
 *   deal name, contact full name, company name) — records in the recycle bin included, as a link
 *   lives until its record is purged;
 * - `assignee`: `{ id: membership id, name }`; `created_by`: `{ id: user id, name }`; null when unset.
 */
export async function viewActivities(
  tx: Tx,
  params: { orgId: string; where: SQL; order: SQL[]; limit?: number },
): Promise<Activity[]> {
  const order = sql.join(params.order, sql`, `);
  const limit = params.limit === undefined ? sql`` : sql` limit ${params.limit}`;
  const rows = await queryRows<ViewRow>(
    tx,
    sql`with a as (
      select activities.*, row_number() over (order by ${order}) as ord
      from activities where ${params.where} order by ${order}${limit}
    )
    select a.id, a.type, a.subject, a.description, a.status, a.due_at, a.duration_minutes, a.all_day, a.priority,
           a.outcome, a.call_direction, a.recording_url, a.location, a.assignee_id, coalesce(au.name, am.name) as assignee_name,
           a.created_by, cu.name as creator_name, a.completed_at, a.remind_at, a.created_at, a.updated_at, a.version,
           coalesce((
             select json_agg(json_build_object(
                      'type', case when l.lead_id is not null then 'lead' when l.deal_id is not null then 'deal'
                                   when l.contact_id is not null then 'contact' else 'company' end,
                      'id', coalesce(l.lead_id, l.deal_id, l.contact_id, l.company_id),
                      'name', coalesce(ld.title, d.name, coalesce(c.full_name, c.first_name), co.name, ''))
                    order by l.created_at, l.id)
             from activity_links l
             left join leads ld on ld.org_id = l.org_id and ld.id = l.lead_id
             left join deals d on d.org_id = l.org_id and d.id = l.deal_id
             left join contacts c on c.org_id = l.org_id and c.id = l.contact_id
             left join companies co on co.org_id = l.org_id and co.id = l.company_id
             where l.org_id = a.org_id and l.activity_id = a.id), '[]'::json) as links
    from a
    left join memberships am on am.org_id = a.org_id and am.id = a.assignee_id
    left join users au on au.id = am.user_id
    left join users cu on cu.id = a.created_by
    where a.org_id = ${params.orgId}::uuid
    order by a.ord`,
  );
  return rows.map((r) => ({
    id: r.id,
    type: r.type as ActivityType,
    subject: r.subject,
    description: r.description,
    status: r.status as ActivityStatus,
    due_at: date(r.due_at),
    duration_minutes: r.duration_minutes,
    all_day: r.all_day,
    priority: r.priority as ActivityPriority,
    outcome: r.outcome,
    call_direction: r.call_direction as ActivityCallDirection | null,
    recording_url: r.recording_url,
    location: r.location,
    assignee_id: r.assignee_id,
    assignee: r.assignee_id && r.assignee_name !== null ? { id: r.assignee_id, name: r.assignee_name } : null,
    created_by: r.created_by && r.creator_name !== null ? { id: r.created_by, name: r.creator_name } : null,
    links: r.links,
    completed_at: date(r.completed_at),
    remind_at: date(r.remind_at),
    created_at: new Date(r.created_at),
    updated_at: new Date(r.updated_at),
    version: r.version,
  }));
}

/** One activity (by id, in organisation `orgId`) in the API shape — e.g. right after writing it. */
export async function viewActivity(tx: Tx, params: { orgId: string; id: string }): Promise<Activity> {
  const [activity] = await viewActivities(tx, {
    orgId: params.orgId,
    where: sql`activities.org_id = ${params.orgId}::uuid and activities.id = ${params.id}::uuid`,
    order: [sql`activities.id`],
  });
  return activity!;
}
