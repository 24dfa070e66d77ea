/**
 * The audit log (DESIGN §2 "Audit log of every change (actor, action, record, before/after), visible
 * to admins"). Entries are written by the API in the transaction of the change; admins and owners
 * read them newest first. Times are UTC (ISO 8601). Names are prefixed `Audit…`.
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';

/**
 * Who made a change: a member (`type: 'member'`, `id` = membership id, `name` = the user's name) or
 * an API key (`id` = key id, `name` = the key's name); `name` is null when the member or key is gone.
 * Null actor: the system (a background job).
 */
export const AuditActor = z.object({
  type: z.enum(['member', 'api_key']),
  id: Id,
  name: z.string().nullable(),
});
export type AuditActor = z.infer<typeof AuditActor>;

/**
 * One audited change. `action` is a dotted verb (`merge`, `import.revert`, …); `record_type` /
 * `record_id` the record it is about (null for organisation-wide actions); `before` / `after` the
 * record as it was and became (null when it did not exist before / after); `details` depends on the
 * action (a merge: `merged_ids`, `fields`, `moved`).
 */
export const AuditEntry = z.object({
  id: Id,
  at: Timestamp,
  actor: AuditActor.nullable(),
  action: z.string(),
  record_type: z.string().nullable(),
  record_id: Id.nullable(),
  before: z.unknown(),
  after: z.unknown(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEntry = z.infer<typeof AuditEntry>;

const Word = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z][a-z0-9_.]*$/, { error: 'must be lower-case letters, digits, `_` or `.`' });

/**
 * `GET /api/v1/audit` (admins and owners): entries newest first, keyset `cursor`, `limit` 1–100
 * (default 20), optionally only one `record_type` (+ `record_id`) or one `action`.
 */
export const AuditListQuery = PageQuery.extend({
  record_type: Word.optional(),
  record_id: Id.optional(),
  action: Word.optional(),
});
export type AuditListQuery = z.infer<typeof AuditListQuery>;
