import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Email } from './auth.js';
import { PhoneInput } from './companies.js';
import {
  BaseRecordFilter,
  CustomFieldValues,
  QueryBool,
  RecordRef,
  SoftDeleted,
  TagRef,
  withCustomFilters,
} from './records.js';

/** A contact (person) as returned by the API. Phones in E.164; times in UTC. */
export const Contact = z.object({
  id: Id,
  first_name: z.string(),
  last_name: z.string().nullable(),
  /** `first_name last_name`, for display. */
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  mobile: z.string().nullable(),
  job_title: z.string().nullable(),
  department: z.string().nullable(),
  company: RecordRef.nullable(),
  /** The primary contact of its company (at most one per company). */
  is_primary: z.boolean(),
  do_not_call: z.boolean(),
  email_opt_out: z.boolean(),
  sms_opt_out: z.boolean(),
  unsubscribed_at: Timestamp.nullable(),
  source: z.string().nullable(),
  owner_id: Id.nullable(),
  owner: RecordRef.nullable(),
  tags: z.array(TagRef),
  custom_fields: CustomFieldValues,
  created_at: Timestamp,
  updated_at: Timestamp,
  ...SoftDeleted,
  version: z.number().int(),
});
export type Contact = z.infer<typeof Contact>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const contactFields = {
  first_name: z.string().trim().min(1, { error: 'is required' }).max(100),
  last_name: optionalText(100),
  email: Email.nullable().optional(),
  phone: PhoneInput.nullable().optional(),
  mobile: PhoneInput.nullable().optional(),
  job_title: optionalText(150),
  department: optionalText(100),
  company_id: Id.nullable().optional(),
  /** Make this the primary contact of its company (the previous primary is unset in the same transaction). */
  is_primary: z.boolean().optional(),
  do_not_call: z.boolean().optional(),
  email_opt_out: z.boolean().optional(),
  sms_opt_out: z.boolean().optional(),
  /** Set to now when `email_opt_out` turns on without a time; cleared when it turns off. */
  unsubscribed_at: Timestamp.nullable().optional(),
  source: optionalText(100),
  /** Membership id; null = unassigned. Defaults to the creator. */
  owner_id: Id.nullable().optional(),
  tag_ids: z.array(Id).max(50).optional(),
  custom_fields: CustomFieldValues.optional(),
};

/** `POST /api/v1/contacts`. */
export const CreateContactBody = z.strictObject(contactFields);
export type CreateContactBody = z.infer<typeof CreateContactBody>;

/** `PATCH /api/v1/contacts/{id}` (`If-Match` → 412 when stale). `tag_ids` replaces the tag set. */
export const UpdateContactBody = z.strictObject({ ...contactFields, first_name: contactFields.first_name.optional() });
export type UpdateContactBody = z.infer<typeof UpdateContactBody>;

export const CONTACT_SORTS = ['name', 'last_name', 'email', 'created_at', 'updated_at'] as const;

const contactFilterShape = {
  ...BaseRecordFilter.shape,
  /** A saved segment of this entity (`/api/v1/segments`): its criteria filter the list too. */
  segment_id: Id.optional(),
  company_id: Id.optional(),
  has_email: QueryBool.optional(),
  has_phone: QueryBool.optional(),
  /** Opted out of email (`email_opt_out`). */
  opted_out: QueryBool.optional(),
  is_primary: QueryBool.optional(),
};

/** Contact list filters (also the `filter` of a bulk call). `q` covers names, email and phones. */
export const ContactFilter = withCustomFilters(contactFilterShape);
export type ContactFilter = z.infer<typeof ContactFilter>;

/**
 * `GET /api/v1/contacts`: filters, `sort` one of {@link CONTACT_SORTS} or `cf.<key>`, `-` prefix
 * for descending (default `-updated_at`), keyset `cursor`, `limit` ≤ 100.
 */
export const ContactListQuery = withCustomFilters({
  ...contactFilterShape,
  sort: z.string().max(60).default('-updated_at'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
