/**
 * Activities (DESIGN §2 "Activities"): calls, meetings, emails, tasks, notes, SMS and other sales
 * work, linked to one or more leads, deals, contacts or companies. Times are ISO 8601 UTC
 * (`due_at` is the scheduled start of a meeting or call, the due time of a task; all-day: midnight
 * UTC of the day). Status machine: planned → in_progress → completed | cancelled (planned →
 * completed | cancelled too); reopen from completed / cancelled → planned. `completed_at` is set and
 * cleared by the machine only, never by the client. Names are prefixed `Activity…` so they never
 * collide with other domains' exports.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { LinkedRecord, LinkedRecordInput, LinkedRecordType } from './linked-records.js';
import { DateBound, OwnerFilter, RecordRef } from './records.js';

export const ACTIVITY_TYPES = ['call', 'meeting', 'email', 'task', 'note', 'sms', 'other'] as const;
export const ActivityType = z.enum(ACTIVITY_TYPES);
export type ActivityType = z.infer<typeof ActivityType>;

export const ACTIVITY_STATUSES = ['planned', 'in_progress', 'completed', 'cancelled'] as const;
export const ActivityStatus = z.enum(ACTIVITY_STATUSES);
export type ActivityStatus = z.infer<typeof ActivityStatus>;

/** The states an activity is "open" in (counts for upcoming, overdue, reminders, lead follow-up). */
export const OPEN_ACTIVITY_STATUSES = ['planned', 'in_progress'] as const;

export const ACTIVITY_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const ActivityPriority = z.enum(ACTIVITY_PRIORITIES);
export type ActivityPriority = z.infer<typeof ActivityPriority>;

export const CALL_DIRECTIONS = ['inbound', 'outbound'] as const;
export const ActivityCallDirection = z.enum(CALL_DIRECTIONS);
export type ActivityCallDirection = z.infer<typeof ActivityCallDirection>;

const YEARS = { error: 'must be a time between the years 1900 and 9998' };
const sensibleYear = (d: Date) => d.getUTCFullYear() >= 1900 && d.getUTCFullYear() <= 9998;

/**
 * An activity time: ISO 8601 with offset ({@link Timestamp}), UTC years 1900–9998 (PostgreSQL has
 * no year 0, and `9999-12-31T23:00-05:00` is already year 10000 in UTC).
 */
export const ActivityTime = Timestamp.refine(sensibleYear, YEARS);

/** A list range bound ({@link DateBound}: a date or an ISO 8601 time), years 1900–9998. */
export const ActivityDateBound = DateBound.refine(
  (v) => sensibleYear(new Date(v.length === 10 ? `${v}T00:00:00Z` : v)),
  YEARS,
);

/** Most records one activity is linked to. */
export const ACTIVITY_MAX_LINKS = 20;

/** Duration in whole minutes, 0–1440 (24 h). */
export const ActivityDuration = z
  .number({ error: 'must be a whole number of minutes 0–1440' })
  .int({ error: 'must be a whole number of minutes 0–1440' })
  .min(0, { error: 'must not be negative' })
  .max(1440, { error: 'must be at most 1440 minutes (24 h)' });

/** An http(s) URL (a call recording), ≤ 2,000 characters. */
export const ActivityRecordingUrl = z
  .url({ protocol: /^https?$/, error: 'must be an http or https URL' })
  .max(2000)
  .meta({ examples: ['https://calls.example.com/rec/123.mp3'] });

/**
 * The records an activity is linked to: 1–20 `{ type, id }` (repeats are ignored). Each must be a
 * live record of the caller's organisation that the caller may see (404 naming the type otherwise).
 */
export const ActivityLinksInput = z
  .array(LinkedRecordInput)
  .min(1, { error: 'link the activity to at least one lead, deal, contact or company' })
  .max(ACTIVITY_MAX_LINKS, { error: `at most ${ACTIVITY_MAX_LINKS} linked records` });

/**
 * An activity as returned. `assignee` is the member (membership id + name) it is assigned to (null
 * = unassigned); `created_by` the user (id + name) who created it; `remind_at` when the assignee's
 * reminder is due (due_at − their lead time, UTC) while the activity is open, else null.
 */
export const Activity = z.object({
  id: Id,
  type: ActivityType,
  subject: z.string(),
  description: z.string().nullable(),
  status: ActivityStatus,
  due_at: Timestamp.nullable(),
  duration_minutes: z.number().int().nullable(),
  all_day: z.boolean(),
  priority: ActivityPriority,
  outcome: z.string().nullable(),
  call_direction: ActivityCallDirection.nullable(),
  recording_url: z.string().nullable(),
  location: z.string().nullable(),
  /** Membership id of the assignee; null = unassigned. */
  assignee_id: Id.nullable(),
  assignee: RecordRef.nullable(),
  /** The creating user (user id + name); null when that user was deleted. */
  created_by: RecordRef.nullable(),
  /** In the order they were linked. */
  links: z.array(LinkedRecord),
  completed_at: Timestamp.nullable(),
  remind_at: Timestamp.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type Activity = z.infer<typeof Activity>;

const activityFields = {
  subject: z.string().trim().min(1, { error: 'is required' }).max(300),
  description: z.string().max(10_000).nullable().optional(),
  /** ISO 8601 with offset; stored and returned in UTC. */
  due_at: ActivityTime.nullable().optional(),
  duration_minutes: ActivityDuration.nullable().optional(),
  all_day: z.boolean().optional(),
  /** Default medium. */
  priority: ActivityPriority.optional(),
  outcome: z.string().max(5000).nullable().optional(),
  /** Calls only (400 otherwise). */
  call_direction: ActivityCallDirection.nullable().optional(),
  /** Calls only (400 otherwise). */
  recording_url: ActivityRecordingUrl.nullable().optional(),
  /** Meetings only (400 otherwise). */
  location: z.string().trim().max(500).nullable().optional(),
  /** Membership id; null = unassigned. Defaults to the caller on create. */
  assignee_id: Id.nullable().optional(),
};

type TypeSpecific = {
  type?: ActivityType | undefined;
  call_direction?: string | null | undefined;
  recording_url?: string | null | undefined;
  location?: string | null | undefined;
};

/** 400 for call-only or meeting-only fields given (non-null) for another type (when the type is known). */
function typeSpecificFields(b: TypeSpecific, ctx: z.RefinementCtx) {
  if (!b.type) return;
  if (b.type !== 'call') {
    for (const key of ['call_direction', 'recording_url'] as const) {
      if (b[key] != null) ctx.addIssue({ code: 'custom', path: [key], message: 'is only for calls (type call)' });
    }
  }
  if (b.type !== 'meeting' && b.location != null) {
    ctx.addIssue({ code: 'custom', path: ['location'], message: 'is only for meetings (type meeting)' });
  }
}

/**
 * `POST /api/v1/activities`. `status` is the initial state (default planned; completed sets
 * `completed_at` to now — "log a call"). `completed_at` and `remind_at` are never accepted.
 */
export const CreateActivityBody = z
  .strictObject({
    type: ActivityType,
    ...activityFields,
    status: ActivityStatus.optional(),
    links: ActivityLinksInput,
  })
  .superRefine(typeSpecificFields);
export type CreateActivityBody = z.infer<typeof CreateActivityBody>;

/**
 * `PATCH /api/v1/activities/{id}`: the fields present change. `links` replaces the set. `version`
 * (or `If-Match`) → 412 when stale. `status` is not accepted: use the transitions. Changing `type`
 * away from call / meeting clears the call / meeting fields.
 */
export const UpdateActivityBody = z
  .strictObject({
    type: ActivityType.optional(),
    ...activityFields,
    subject: activityFields.subject.optional(),
    links: ActivityLinksInput.optional(),
    version: z.number().int().min(1).optional(),
  })
  .superRefine(typeSpecificFields);
export type UpdateActivityBody = z.infer<typeof UpdateActivityBody>;

/** `POST /api/v1/activities/{id}/complete`: optional outcome (≤ 5,000 characters). */
export const CompleteActivityBody = z.strictObject({ outcome: z.string().max(5000).nullable().optional() });
export type CompleteActivityBody = z.infer<typeof CompleteActivityBody>;

/** Sorts of the activity list: `due_at` (default, nulls last) or `created_at`, `-` for descending. */
export const ACTIVITY_SORTS = ['due_at', '-due_at', 'created_at', '-created_at'] as const;

/**
 * `GET /api/v1/activities`: filters (all optional, combined with AND), sort, keyset `cursor`,
 * `limit` ≤ 100. `assignee_id`: a membership id, `me` or `none` (unassigned). Ranges are inclusive;
 * a date means its whole day (UTC). `record_type` + `record_id` (both or neither): activities linked
 * to that record.
 */
export const ActivityListQuery = z
  .strictObject({
    type: ActivityType.optional(),
    status: ActivityStatus.optional(),
    assignee_id: OwnerFilter.optional(),
    priority: ActivityPriority.optional(),
    due_from: ActivityDateBound.optional(),
    due_to: ActivityDateBound.optional(),
    completed_from: ActivityDateBound.optional(),
    completed_to: ActivityDateBound.optional(),
    record_type: LinkedRecordType.optional(),
    record_id: Id.optional(),
    sort: z.enum(ACTIVITY_SORTS).default('due_at'),
    limit: z.coerce.number().int().min(1).max(100).default(20),
    cursor: z.string().min(1).max(512).optional(),
  })
  .superRefine((q, ctx) => {
    if ((q.record_type === undefined) !== (q.record_id === undefined)) {
      const missing = q.record_type === undefined ? 'record_type' : 'record_id';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'record_type and record_id go together' });
    }
  });
export type ActivityListQuery = z.infer<typeof ActivityListQuery>;

/** `GET /api/v1/activities/my/upcoming`: `days` 1–90 (default 7), keyset page. */
export const UpcomingActivitiesQuery = z.strictObject({
  days: z.coerce.number().int().min(1).max(90).default(7),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type UpcomingActivitiesQuery = z.infer<typeof UpcomingActivitiesQuery>;

/** `GET /api/v1/activities/my/overdue`: keyset page. */
export const OverdueActivitiesQuery = z.strictObject({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
export type OverdueActivitiesQuery = z.infer<typeof OverdueActivitiesQuery>;
