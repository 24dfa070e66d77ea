/**
 * Deals (opportunities) — DESIGN §2 "Deals": money in integer minor units + ISO 4217 currency,
 * probability (the stage's unless overridden), expected close date, status open/won/lost/abandoned
 * (changed only by moves and transitions, never written directly), type, priority, company,
 * contacts (one primary), owner, lost reason, won/closed times (UTC), source lead, tags, custom fields.
 * Names are prefixed `Deal…` so they never collide with the other record types' exports.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
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

export const DEAL_STATUSES = ['open', 'won', 'lost', 'abandoned'] as const;
export const DealStatus = z.enum(DEAL_STATUSES);
export type DealStatus = z.infer<typeof DealStatus>;

export const DEAL_TYPES = ['new_business', 'renewal', 'upsell'] as const;
export const DealType = z.enum(DEAL_TYPES);
export type DealType = z.infer<typeof DealType>;

export const DEAL_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export const DealPriority = z.enum(DEAL_PRIORITIES);
export type DealPriority = z.infer<typeof DealPriority>;

export const DEAL_STAGE_KINDS = ['open', 'won', 'lost'] as const;

/** A deal's currency: {@link Currency} (ISO 4217 in use). */
export const DealCurrency = Currency;

/**
 * A deal amount: `{ amount, currency }`, `amount` in integer minor units of `currency` (≥ 0;
 * `{ amount: 125000, currency: 'EUR' }` = €1,250.00). A fraction of a minor unit or a negative
 * amount → 400 `body.amount.amount`; an unknown currency → 400 `body.amount.currency`.
 */
export const DealMoney = Money;
export type DealMoney = z.infer<typeof DealMoney>;

/** The stage a deal is in, as embedded in a deal. */
export const DealStageRef = z.object({ id: Id, name: z.string(), kind: z.enum(DEAL_STAGE_KINDS) });
export type DealStageRef = z.infer<typeof DealStageRef>;

/** A contact linked to a deal. */
export const DealContactRef = z.object({ id: Id, name: z.string(), is_primary: z.boolean() });
export type DealContactRef = z.infer<typeof DealContactRef>;

/** A calendar date `YYYY-MM-DD`. */
export const DealDate = z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }).meta({ examples: ['2030-06-30'] });

/**
 * A deal as returned by the API. Money in minor units + ISO 4217; times in UTC (ISO 8601); dates
 * `YYYY-MM-DD`. `probability` is the effective one (`probability_override` when set, else the
 * stage's); `position` orders the deal within its stage column (byte-wise, ascending);
 * `days_in_stage` counts whole days since `stage_entered_at`.
 */
export const Deal = z.object({
  id: Id,
  name: z.string(),
  company_id: Id.nullable(),
  company: RecordRef.nullable(),
  /** Primary contact first, then by name. */
  contacts: z.array(DealContactRef),
  pipeline_id: Id,
  pipeline: RecordRef,
  stage_id: Id,
  stage: DealStageRef,
  position: z.string(),
  stage_entered_at: Timestamp,
  days_in_stage: z.number().int(),
  amount: Money,
  probability: z.number().int(),
  probability_override: z.number().int().nullable(),
  expected_close_date: z.string().nullable(),
  status: DealStatus,
  type: DealType.nullable(),
  priority: DealPriority.nullable(),
  /** Membership id of the owner; null = unassigned. */
  owner_id: Id.nullable(),
  owner: RecordRef.nullable(),
  lost_reason: z.string().nullable(),
  /** Why the deal was won (`POST …/won {reason}`); null otherwise, cleared on reopen. */
  won_reason: z.string().nullable(),
  won_at: Timestamp.nullable(),
  closed_at: Timestamp.nullable(),
  /** The lead this deal was converted from (set by lead conversion only). */
  source_lead_id: Id.nullable(),
  tags: z.array(TagRef),
  custom_fields: CustomFieldValues,
  created_at: Timestamp,
  updated_at: Timestamp,
  ...SoftDeleted,
  version: z.number().int(),
});
export type Deal = z.infer<typeof Deal>;

/** Why a deal was lost: 1–500 characters. */
export const DealLostReason = z.string().trim().min(1, { error: 'is required' }).max(500);

/** Why a deal was won: 1–500 characters (trimmed). */
export const DealWonReason = z.string().trim().min(1, { error: 'is required' }).max(500);

const dealFields = {
  name: z.string().trim().min(1, { error: 'is required' }).max(200),
  company_id: Id.nullable().optional(),
  /** Replaces the deal's contacts (contacts of this organisation, ≤ 50). */
  contact_ids: z.array(Id).max(50).optional(),
  /**
   * One of `contact_ids` (or of the current contacts when `contact_ids` is absent); null = none.
   * When omitted the primary is kept if still linked, else the first of `contact_ids`.
   */
  primary_contact_id: Id.nullable().optional(),
  /** A deals pipeline; default: the organisation's default deals pipeline (or the stage's pipeline). */
  pipeline_id: Id.optional(),
  /** A stage of `pipeline_id`; default: its first open stage. */
  stage_id: Id.optional(),
  /** Default `{ amount: 0, currency: 'USD' }` on create. */
  amount: DealMoney.optional(),
  /** 0–100 overriding the stage's probability; null = use the stage's. */
  probability: z
    .number({ error: 'must be a whole number 0–100' })
    .int({ error: 'must be a whole number 0–100' })
    .min(0)
    .max(100)
    .nullable()
    .optional(),
  expected_close_date: DealDate.nullable().optional(),
  type: DealType.nullable().optional(),
  priority: DealPriority.nullable().optional(),
  /** Membership id; null = unassigned. Defaults to the creator. */
  owner_id: Id.nullable().optional(),
  /** Only for a deal that is (or becomes) lost; else 422. */
  lost_reason: DealLostReason.nullable().optional(),
  tag_ids: z.array(Id).max(50).optional(),
  custom_fields: CustomFieldValues.optional(),
};

const primaryAmongContacts = (
  b: { contact_ids?: string[] | undefined; primary_contact_id?: string | null | undefined },
  ctx: z.RefinementCtx,
) => {
  if (b.contact_ids && b.primary_contact_id && !b.contact_ids.includes(b.primary_contact_id)) {
    ctx.addIssue({ code: 'custom', path: ['primary_contact_id'], message: 'must be one of contact_ids' });
  }
};

/** `POST /api/v1/deals`. */
export const CreateDealBody = z.strictObject(dealFields).superRefine(primaryAmongContacts);
export type CreateDealBody = z.infer<typeof CreateDealBody>;

/**
 * `PATCH /api/v1/deals/{id}` (`If-Match` → 412 when stale). `tag_ids` and `contact_ids` replace
 * their sets; `custom_fields` merges (null removes). `stage_id` (with `pipeline_id` to change
 * pipeline) moves the deal as `POST …/move` does, to the top of the column.
 */
export const UpdateDealBody = z
  .strictObject({ ...dealFields, name: dealFields.name.optional() })
  .superRefine(primaryAmongContacts);
export type UpdateDealBody = z.infer<typeof UpdateDealBody>;

/**
 * `POST /api/v1/deals/{id}/move`: to `stage_id` of the deal's pipeline, just before `before_id` or
 * just after `after_id` (another deal of that stage; at most one of them), else at the top. The
 * status follows the stage's kind; `lost_reason` goes with a move to a lost stage.
 */
export const MoveDealBody = z
  .strictObject({
    stage_id: Id,
    before_id: Id.optional(),
    after_id: Id.optional(),
    lost_reason: DealLostReason.optional(),
    /** Only with a move to a won stage. */
    won_reason: DealWonReason.optional(),
  })
  .superRefine((b, ctx) => {
    if (b.before_id && b.after_id) {
      ctx.addIssue({ code: 'custom', path: ['after_id'], message: 'give before_id or after_id, not both' });
    }
  });
export type MoveDealBody = z.infer<typeof MoveDealBody>;

/** `POST /api/v1/deals/{id}/won`: an optional reason, stored as `won_reason`. */
export const WinDealBody = z.strictObject({ reason: DealWonReason.optional() });
export type WinDealBody = z.infer<typeof WinDealBody>;

/** `POST /api/v1/deals/{id}/lost`. */
export const LoseDealBody = z.strictObject({ reason: DealLostReason });
export type LoseDealBody = z.infer<typeof LoseDealBody>;

export const DEAL_SORTS = ['name', 'amount', 'expected_close_date', 'created_at', 'updated_at'] as const;

const MinorUnits = z.coerce
  .number({ error: 'must be a whole number of minor units' })
  .int({ error: 'must be a whole number of minor units' })
  .min(0)
  .max(Number.MAX_SAFE_INTEGER);

const dealFilterShape = {
  ...BaseRecordFilter.shape,
  /** A saved segment of this entity (`/api/v1/segments`): its criteria filter the list too. */
  segment_id: Id.optional(),
  pipeline_id: Id.optional(),
  stage_id: Id.optional(),
  status: DealStatus.optional(),
  company_id: Id.optional(),
  /** Deals linked to this contact. */
  contact_id: Id.optional(),
  type: DealType.optional(),
  priority: DealPriority.optional(),
  currency: Currency.optional(),
  /** Amount range in minor units (inclusive); combine with `currency` to compare like with like. */
  amount_min: MinorUnits.optional(),
  amount_max: MinorUnits.optional(),
  /** Expected close date range (inclusive). */
  expected_close_from: DealDate.optional(),
  expected_close_to: DealDate.optional(),
};

/** Deal list filters (also the `filter` of a bulk call). `q` covers the name. */
export const DealFilter = withCustomFilters(dealFilterShape);
export type DealFilter = z.infer<typeof DealFilter>;

/**
 * `GET /api/v1/deals`: filters, `sort` one of {@link DEAL_SORTS} or `cf.<key>`, `-` prefix for
 * descending (default `-updated_at`), keyset `cursor`, `limit` ≤ 100.
 */
export const DealListQuery = withCustomFilters({
  ...dealFilterShape,
  sort: z.string().max(60).default('-updated_at'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
