/**
 * The activity status machine (issue 5): planned → in_progress → completed | cancelled, planned →
 * completed | cancelled directly, and reopen from completed / cancelled → planned. `completed_at` is
 * set (now, UTC) on complete and cleared on reopen — here only, never by the client. Any other move,
 * including to the state the activity is already in, → 422 naming both states
 * (`details: { from, to }`). Each transition is one versioned write (If-Match → 412) followed by the
 * usual timeline / follow-up / reminder work (a completed or cancelled activity has no reminder).
 */
import type { Activity, ActivityStatus } from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { unprocessable } from '../../lib/errors.js';
import { activity_links } from '../../db/schema/index.js';
import type { Actor } from '../records/actor.js';
import { linksOf } from '../records/linked-records.js';
import type { JobSender } from './activities.reminders.js';
import { activityRow, assertVersion, saveActivity } from './activities.service.js';
import { viewActivity, type ActivityRow } from './activities.view.js';

/** The transitions and the states each may start from. */
export const TRANSITIONS = {
  start: { to: 'in_progress', from: ['planned'] },
  complete: { to: 'completed', from: ['planned', 'in_progress'] },
  cancel: { to: 'cancelled', from: ['planned', 'in_progress'] },
  reopen: { to: 'planned', from: ['completed', 'cancelled'] },
} as const satisfies Record<string, { to: ActivityStatus; from: readonly ActivityStatus[] }>;

export type Transition = keyof typeof TRANSITIONS;

/** 422 unless `transition` may start from `from`. */
export function assertTransition(from: ActivityStatus, transition: Transition): ActivityStatus {
  const rule = TRANSITIONS[transition];
  if (!(rule.from as readonly ActivityStatus[]).includes(from)) {
    throw unprocessable(`An activity cannot move from ${from} to ${rule.to}`, { from, to: rule.to });
  }
  return rule.to;
}

/**
 * Runs `transition` on an activity the actor may see (404 otherwise). `outcome` (complete only; absent
 * keeps the current one, null clears it). `expectedVersion` → 412 when stale.
 */
export async function transitionActivity(
  tx: Tx,
  params: {
    actor: Actor;
    id: string;
    transition: Transition;
    outcome?: string | null | undefined;
    expectedVersion?: number | undefined;
    jobs: JobSender;
  },
): Promise<Activity> {
  const { actor } = params;
  const current = await activityRow(tx, params);
  assertVersion(current, params.expectedVersion);
  const to = assertTransition(current.status as ActivityStatus, params.transition);
  const set: Partial<ActivityRow> = { status: to };
  if (to === 'completed') set.completed_at = new Date();
  if (to === 'planned') set.completed_at = null;
  if (params.transition === 'complete' && params.outcome !== undefined) set.outcome = params.outcome;
  const links = await linksOf(tx, { table: activity_links, orgId: actor.orgId, ownerId: current.id });
  const row = await saveActivity(tx, { actor, current, set, links, previousLinks: links, jobs: params.jobs });
  return viewActivity(tx, { orgId: actor.orgId, id: row.id });
}
