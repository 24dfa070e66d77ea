/**
 * Activity rows → the API shape (@relata/shared `Activity`): links with record names, assignee and
 * creator names — fetched once per page, never per row.
 */
import type { Activity, ActivityCallDirection, ActivityPriority, ActivityStatus, ActivityType } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { activity_links, type activities } from '../../db/schema/index.js';
import { namedLinksOf } from '../records/linked-records.js';
import { ownerRefs, refOf, userRefs } from '../records/refs.js';

export type ActivityRow = typeof activities.$inferSelect;

/** The API shape of `rows` (same order). */
export async function toActivities(tx: Tx, orgId: string, rows: ActivityRow[]): Promise<Activity[]> {
  if (!rows.length) return [];
  const [links, assignees, creators] = [
    await namedLinksOf(tx, { table: activity_links, orgId, ownerIds: rows.map((r) => r.id) }),
    await ownerRefs(tx, { orgId, ids: rows.map((r) => r.assignee_id) }),
    await userRefs(tx, { ids: rows.map((r) => r.created_by) }),
  ];
  return rows.map((r) => ({
    id: r.id,
    type: r.type as ActivityType,
    subject: r.subject,
    description: r.description,
    status: r.status as ActivityStatus,
    due_at: r.due_at,
    duration_minutes: r.duration_minutes,
    all_day: r.all_day,
    priority: r.priority as ActivityPriority,
    outcome: r.outcome,
    call_direction: r.call_direction as ActivityCallDirection | null,
    recording_url: r.recording_url,
    location: r.location,
    assignee_id: r.assignee_id,
    assignee: refOf(assignees, r.assignee_id),
    created_by: refOf(creators, r.created_by),
    links: links.get(r.id) ?? [],
    completed_at: r.completed_at,
    remind_at: r.remind_at,
    created_at: r.created_at,
    updated_at: r.updated_at,
    version: r.version,
  }));
}
