/**
 * Leads (DESIGN §2): unqualified prospects — company- or person-shaped — that move through a lead
 * pipeline until they are converted (qualified into a company, its contacts and optionally a deal)
 * or lost with a reason. Money is integer minor units + ISO 4217 currency; times are UTC.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Email } from './auth.js';
import { Domain, PhoneInput, Rating } from './companies.js';
import {
  BaseRecordFilter,
  Currency,
  CustomFieldValues,
  Money,
  RecordRef,
  SoftDeleted,
  TagRef,
  withCustomFilters,
} from './records.js';

export const LEAD_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const LeadPriority = z.enum(LEAD_PRIORITIES);
export type LeadPriority = z.infer<typeof LeadPriority>;

/** open (in an open stage) → converted (won stage, via convert) | lost (lost stage, via lose). */
export const LEAD_STATUSES = ['open', 'converted', 'lost'] as const;
export const LeadStatus = z.enum(LEAD_STATUSES);
export type LeadStatus = z.infer<typeof LeadStatus>;

export const LEAD_STAGE_KINDS = ['open', 'won', 'lost'] as const;

/** Most phone numbers one lead holds. */
export const LEAD_MAX_PHONES = 10;

/** A lead's currency: {@link Currency} (ISO 4217 in use). */
export const LeadCurrency = Currency;

/** {@link Money}: integer minor units of a known ISO 4217 currency (`12345` EUR = €123.45). */
export const LeadMoney = Money;

/**
 * Phone numbers as typed: an array, or one string of comma-separated numbers (`"+1 415…, 030 …"`),
 * split here. The API normalises each to E.164 with the organisation's region (400 naming
 * `body.phones.<i>`, the index after splitting) and drops duplicates.
 */
export const PhonesInput = z
  .union([
    z.array(PhoneInput).max(LEAD_MAX_PHONES),
    z
      .string()
      .max(500)
      .meta({ examples: ['+1 415 555 2671, +44 7911 123456'] }),
  ])
  .transform((v, ctx) => {
    const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()) : v;
    const out = list.filter((s) => s !== '');
    if (out.length > LEAD_MAX_PHONES) {
      ctx.addIssue({ code: 'custom', message: `must hold at most ${LEAD_MAX_PHONES} numbers` });
      return z.NEVER;
    }
    return out;
  });

/** A stage as embedded in a lead. `kind`: open | won | lost. */
export const LeadStageRef = z.object({
  id: Id,
  name: z.string(),
  kind: z.enum(LEAD_STAGE_KINDS),
  /** 0–100: the lead's probability when it has none of its own. */
  probability: z.number().int(),
});

/** A contact linked to a lead (a decision maker); at most one is primary. */
export const LeadContact = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  is_primary: z.boolean(),
});
export type LeadContact = z.infer<typeof LeadContact>;

/** A lead as returned by the API. Phones in E.164; money in minor units; times in UTC. */
export const Lead = z.object({
  id: Id,
  title: z.string(),
  company_name: z.string().nullable(),
  tax_id: z.string().nullable(),
  email: z.string().nullable(),
  phones: z.array(z.string()),
  segment: z.string().nullable(),
  source: z.string().nullable(),
  priority: LeadPriority.nullable(),
  rating: Rating.nullable(),
  /** 0–100. */
  score: z.number().int().nullable(),
  expected_revenue: Money.nullable(),
  /** 0–100 when set on the lead; null = the stage's probability (see `effective_probability`). */
  probability: z.number().int().nullable(),
  effective_probability: z.number().int(),
  external_id: z.string().nullable(),
  location: z.string().nullable(),
  /**
   * Derived, read-only: the earliest due time (UTC) of the lead's open tasks and meetings, null when
   * it has none (schedule a task to set a follow-up).
   */
  next_follow_up_at: Timestamp.nullable(),
  notes: z.string().nullable(),
  status: LeadStatus,
  lost_reason: z.string().nullable(),
  lost_at: Timestamp.nullable(),
  converted_at: Timestamp.nullable(),
  /** The company the lead was converted into (it keeps `qualified_from_lead_id` pointing back). */
  converted_company: RecordRef.nullable(),
  converted_deal_id: Id.nullable(),
  pipeline_id: Id,
  stage_id: Id,
  stage: LeadStageRef,
  /** When the lead entered its current stage, and whole days since then. */
  stage_entered_at: Timestamp,
  days_in_stage: z.number().int(),
  /** Board order key within the stage column (ascending; opaque). */
  position: z.string(),
  contacts: z.array(LeadContact),
  /** Membership id of the owner; null = unassigned. */
  owner_id: Id.nullable(),
  owner: RecordRef.nullable(),
  tags: z.array(TagRef),
  custom_fields: CustomFieldValues,
  created_at: Timestamp,
  updated_at: Timestamp,
  ...SoftDeleted,
  version: z.number().int(),
});
export type Lead = z.infer<typeof Lead>;

const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

const percent = z
  .number({ error: 'must be a whole number from 0 to 100' })
  .int({ error: 'must be a whole number from 0 to 100' })
  .min(0, { error: 'must be at least 0' })
  .max(100, { error: 'must be at most 100' });

const leadFields = {
  title: z.string().trim().min(1, { error: 'is required' }).max(200),
  company_name: optionalText(200),
  tax_id: optionalText(50),
  email: Email.nullable().optional(),
  phones: PhonesInput.optional(),
  segment: optionalText(100),
  source: optionalText(100),
  priority: LeadPriority.nullable().optional(),
  rating: Rating.nullable().optional(),
  score: percent.nullable().optional(),
  expected_revenue: LeadMoney.nullable().optional(),
  /** Null = the stage's probability. */
  probability: percent.nullable().optional(),
  /** Unique per organisation across all its leads, deleted ones included (409 with `details.existing_id`). */
  external_id: optionalText(200),
  location: optionalText(200),
  notes: optionalText(10_000),
  /** Membership id; null = unassigned. Defaults to the creator. Members may only pick themselves or nobody. */
  owner_id: Id.nullable().optional(),
  tag_ids: z.array(Id).max(50).optional(),
  custom_fields: CustomFieldValues.optional(),
  /** A lead pipeline; default: the stage's pipeline, else the organisation's default lead pipeline. */
  pipeline_id: Id.optional(),
  /** An open stage of the pipeline; default its first open stage. */
  stage_id: Id.optional(),
  /** The lead's contacts (decision makers): replaces the set. */
  contact_ids: z.array(Id).max(50).optional(),
  /**
   * The primary contact: one of `contact_ids` (or of the current set; 422 otherwise); null = none.
   * Omitted: the current primary while it stays linked, else the first of `contact_ids`.
   */
  primary_contact_id: Id.nullable().optional(),
};

/** `POST /api/v1/leads`. */
export const CreateLeadBody = z.strictObject(leadFields);
export type CreateLeadBody = z.infer<typeof CreateLeadBody>;

/**
 * `PATCH /api/v1/leads/{id}` (`If-Match` → 412 when stale). `tag_ids` and `contact_ids` replace
 * their sets; `custom_fields` merges (null removes). `pipeline_id` / `stage_id` move an open lead
 * like `/move` does (to the top of the column).
 */
export const UpdateLeadBody = z.strictObject({ ...leadFields, title: leadFields.title.optional() });
export type UpdateLeadBody = z.infer<typeof UpdateLeadBody>;

export const LEAD_SORTS = ['title', 'score', 'created_at', 'updated_at', 'next_follow_up_at'] as const;

const leadFilterShape = {
  ...BaseRecordFilter.shape,
  /** A saved segment of this entity (`/api/v1/segments`): its criteria filter the list too. */
  segment_id: Id.optional(),
  pipeline_id: Id.optional(),
  stage_id: Id.optional(),
  status: LeadStatus.optional(),
  priority: LeadPriority.optional(),
  rating: Rating.optional(),
  /** Exact, case-insensitive. */
  source: z.string().trim().min(1).max(100).optional(),
  /** Exact, case-insensitive. */
  segment: z.string().trim().min(1).max(100).optional(),
};

/** Lead list filters (also the `filter` of a bulk call and of `/stats`). `q` covers title, company name, email, phones, tax id. */
export const LeadFilter = withCustomFilters(leadFilterShape);
export type LeadFilter = z.infer<typeof LeadFilter>;

/**
 * `GET /api/v1/leads`: filters, `sort` one of {@link LEAD_SORTS} or `cf.<key>`, `-` prefix for
 * descending (default `-updated_at`), keyset `cursor`, `limit` ≤ 100.
 */
export const LeadListQuery = withCustomFilters({
  ...leadFilterShape,
  sort: z.string().max(60).default('-updated_at'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

/** `GET /api/v1/leads/stats`: the statistics cards, over the leads the caller sees (and the filters). */
export const LeadStats = z.object({
  total: z.number().int(),
  /** Created in the last 7 days (UTC, rolling). */
  new_this_week: z.number().int(),
  /** Converted, or sitting in a won stage. */
  qualified: z.number().int(),
  unassigned: z.number().int(),
});
export type LeadStats = z.infer<typeof LeadStats>;

/** `POST /api/v1/leads/{id}/assign`: `me`, `none` (unassign) or a membership id. */
export const AssignLeadBody = z.strictObject({
  to: z.union([z.literal('me'), z.literal('none'), Id]),
});
export type AssignLeadBody = z.infer<typeof AssignLeadBody>;

/**
 * `POST /api/v1/leads/{id}/move`: board drag to an open stage of the same pipeline, placed just
 * before `before_id` or just after `after_id` (cards of that stage), or at the top of the column.
 */
export const MoveLeadBody = z
  .strictObject({
    stage_id: Id,
    before_id: Id.nullable().optional(),
    after_id: Id.nullable().optional(),
  })
  .refine((b) => !(b.before_id && b.after_id), { error: 'give before_id or after_id, not both', path: ['after_id'] });
export type MoveLeadBody = z.infer<typeof MoveLeadBody>;

/** `POST /api/v1/leads/{id}/lose`. */
export const LoseLeadBody = z.strictObject({
  reason: z.string().trim().min(1, { error: 'is required' }).max(500),
});
export type LoseLeadBody = z.infer<typeof LoseLeadBody>;

/** `POST /api/v1/leads/{id}/contacts`: link a contact (optionally as the primary one). */
export const AddLeadContactBody = z.strictObject({
  contact_id: Id,
  is_primary: z.boolean().optional(),
});
export type AddLeadContactBody = z.infer<typeof AddLeadContactBody>;

/** Path of a lead's contact link. */
export const LeadContactParams = z.strictObject({ id: Id, contact_id: Id });

/**
 * `POST /api/v1/leads/{id}/convert` (one transaction). `company`: `{ id }` links an existing company,
 * `{ create: { name?, domain? } }` creates one (name defaults to the lead's company name or title);
 * omitted → a live company matching the lead email's domain (free-mail domains ignored) or its
 * company name (case-insensitive), else a new one. `contact_ids`: which of the lead's contacts to
 * link to the company (default all). `deal.create: true` also creates a deal (amount defaults to the
 * expected revenue, name to the title).
 */
export const ConvertLeadBody = z.strictObject({
  company: z
    .union([
      z.strictObject({ id: Id }),
      z.strictObject({
        create: z.strictObject({
          name: z.string().trim().min(1).max(200).optional(),
          domain: Domain.meta({ examples: ['acme.com'] }).optional(),
        }),
      }),
    ])
    .optional(),
  contact_ids: z.array(Id).max(50).optional(),
  deal: z
    .strictObject({
      create: z.literal(true),
      /** A deal pipeline; default the organisation's default one. */
      pipeline_id: Id.optional(),
      name: z.string().trim().min(1).max(200).optional(),
      amount: LeadMoney.optional(),
      /** `YYYY-MM-DD`. */
      expected_close_date: z.iso.date().optional(),
    })
    .optional(),
});
export type ConvertLeadBody = z.infer<typeof ConvertLeadBody>;

/** Outcome of a conversion: the converted lead and what it became. */
export const ConvertLeadResult = z.object({
  lead: Lead,
  company_id: Id,
  /** The contacts linked to the company. */
  contact_ids: z.array(Id),
  deal_id: Id.nullable(),
  /** True when the conversion created the company (false: an existing one was linked). */
  company_created: z.boolean(),
});
export type ConvertLeadResult = z.infer<typeof ConvertLeadResult>;
