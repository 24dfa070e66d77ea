/**
 * The unified timeline of a record (DESIGN §2 "Unified timeline"): everything that happened to a
 * lead, deal, contact or company — created, stage and status changes, conversion, field changes of
 * note, activities and notes — newest first, keyset-paginated. A company's timeline also holds its
 * live contacts' and deals' entries (an event shared by several of them appears once).
 *
 * Names are prefixed `Timeline…` so they never collide with the other domains' exports.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { LinkedRecord, LinkedRecordType } from './linked-records.js';
import { DateBound, Money, RecordRef } from './records.js';

/** Entry types: what happened. */
export const TIMELINE_ENTRY_TYPES = [
  'created',
  'stage_changed',
  'status_changed',
  'field_changed',
  'converted',
  'activity',
  'note',
  'merged',
] as const;
export const TimelineEntryType = z.enum(TIMELINE_ENTRY_TYPES);
export type TimelineEntryType = z.infer<typeof TimelineEntryType>;

/** `data` of `created`: the record's name (deal name, lead title, contact or company name) when created. */
export const TimelineCreatedData = z.object({ name: z.string() });
export type TimelineCreatedData = z.infer<typeof TimelineCreatedData>;

/**
 * `data` of `stage_changed`: the pipeline the record is in after the move (`from_pipeline_id` when
 * the move crossed pipelines) and the stages as they were named at the time.
 */
export const TimelineStageChangedData = z.object({
  pipeline_id: Id,
  from_pipeline_id: Id.optional(),
  from: RecordRef,
  to: RecordRef,
});
export type TimelineStageChangedData = z.infer<typeof TimelineStageChangedData>;

/**
 * `data` of `status_changed`: a deal won / lost / abandoned / reopened (`open`, `won`, `lost`,
 * `abandoned`) or a lead lost / reopened (`open`, `lost`); `reason` is the lost reason, or the won reason of a won deal.
 */
export const TimelineStatusChangedData = z.object({
  from: z.string(),
  to: z.string(),
  reason: z.string().optional(),
});
export type TimelineStatusChangedData = z.infer<typeof TimelineStatusChangedData>;

/**
 * One changed field of note, with the values before and after:
 * - `owner`: `{ id: membership id, name }` or null (unassigned), names as they were at the time;
 * - `amount` (deals) and `expected_revenue` (leads): {@link Money} (minor units + ISO 4217) or null;
 * - `expected_close_date` (deals): `YYYY-MM-DD` or null.
 */
export const TimelineFieldChange = z.discriminatedUnion('field', [
  z.object({ field: z.literal('owner'), from: RecordRef.nullable(), to: RecordRef.nullable() }),
  z.object({ field: z.literal('amount'), from: Money.nullable(), to: Money.nullable() }),
  z.object({ field: z.literal('expected_revenue'), from: Money.nullable(), to: Money.nullable() }),
  z.object({ field: z.literal('expected_close_date'), from: z.string().nullable(), to: z.string().nullable() }),
]);
export type TimelineFieldChange = z.infer<typeof TimelineFieldChange>;

/** `data` of `field_changed`: the fields of note changed by one operation. */
export const TimelineFieldChangedData = z.object({ changes: z.array(TimelineFieldChange) });
export type TimelineFieldChangedData = z.infer<typeof TimelineFieldChangedData>;

/**
 * `data` of `converted` (lead conversion, one event on the lead, its company, the contacts linked to
 * the company and the deal created): the ids involved and whether the company was created.
 */
export const TimelineConvertedData = z.object({
  lead_id: Id,
  company_id: Id,
  company_created: z.boolean(),
  contact_ids: z.array(Id),
  deal_id: Id.nullable(),
});
export type TimelineConvertedData = z.infer<typeof TimelineConvertedData>;

/** The activity of an `activity` entry, as it is now (joined at read time). Times UTC. */
export const TimelineActivity = z.object({
  id: Id,
  type: z.string(),
  subject: z.string(),
  status: z.string(),
  due_at: Timestamp.nullable(),
  completed_at: Timestamp.nullable(),
  outcome: z.string().nullable(),
  /** `{ id: membership id, name }`; null when unassigned. */
  assignee: RecordRef.nullable(),
});
export type TimelineActivity = z.infer<typeof TimelineActivity>;

/** The note of a `note` entry, as it is now: sanitised HTML body, pinned flag, author (user). */
export const TimelineNote = z.object({
  id: Id,
  body: z.string(),
  pinned: z.boolean(),
  /** `{ id: user id, name }`; null when the author's account is gone. */
  author: RecordRef.nullable(),
});
export type TimelineNote = z.infer<typeof TimelineNote>;

/**
 * One timeline entry. `id` is the event id (an activity's or note's entries use its id). `actor` is
 * the user who made the change (`{ id: user id, name }`, null for the system or a deleted account);
 * `record` is the record the event happened on — on a company's roll-up it may be one of its
 * contacts or deals (the company itself when the event is on it too). `data` depends on `type`:
 * {@link TimelineCreatedData}, {@link TimelineStageChangedData}, {@link TimelineStatusChangedData},
 * {@link TimelineFieldChangedData}, {@link TimelineConvertedData}; `{}` for activities and notes,
 * which carry `activity` / `note` instead.
 */
export const TimelineEntry = z.object({
  id: Id,
  type: TimelineEntryType,
  occurred_at: Timestamp,
  actor: RecordRef.nullable(),
  record: LinkedRecord,
  data: z.record(z.string(), z.unknown()),
  activity: TimelineActivity.optional(),
  note: TimelineNote.optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/**
 * `GET /api/v1/timeline`: the record (`record_type`, `record_id`), optional `types`
 * (comma-separated entry types, e.g. `stage_changed,status_changed`), `from` (inclusive) and `to`
 * (inclusive; a bare date means its whole day, UTC) bounds on `occurred_at`, `limit` 1–100
 * (default 20) and the `cursor` of the previous page.
 */
export const TimelineQuery = PageQuery.extend({
  record_type: LinkedRecordType,
  record_id: Id,
  types: z
    .string()
    .max(200)
    .transform((s, ctx) => {
      const parts = [...new Set(s.split(',').map((p) => p.trim()))];
      const bad = parts.filter((p) => !(TIMELINE_ENTRY_TYPES as readonly string[]).includes(p));
      if (bad.length || !parts.length) {
        ctx.addIssue({
          code: 'custom',
          message: `must be a comma-separated list of ${TIMELINE_ENTRY_TYPES.join(', ')}`,
        });
        return z.NEVER;
      }
      return parts as TimelineEntryType[];
    })
    .meta({ examples: ['stage_changed,status_changed'] })
    .optional(),
  from: DateBound.optional(),
  to: DateBound.optional(),
});
export type TimelineQuery = z.infer<typeof TimelineQuery>;
