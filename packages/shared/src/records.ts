/**
 * Building blocks shared by the CRM record types (companies, contacts; later leads and deals):
 * money, owners, tags as embedded in a record, list pages with a capped total, list filters and
 * bulk actions.
 */
import { z } from 'zod';
import { Id, inIsoYears, Timestamp } from './common.js';

/** The ISO 4217 codes in use this runtime knows (`Intl.supportedValuesOf`, ICU data); null when unavailable. */
const KNOWN_CURRENCIES: Set<string> | null = (() => {
  try {
    return new Set(Intl.supportedValuesOf('currency'));
  } catch {
    return null; // a runtime without the list: the ISO 4217 shape check alone
  }
})();

/**
 * ISO 4217 currency code in use, upper-cased (`EUR`, `usd` → `USD`), checked against the runtime's
 * ICU list: `ABC` or withdrawn codes such as `DEM` are refused.
 */
export const Currency = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code such as EUR' })
  .refine((c) => !KNOWN_CURRENCIES || KNOWN_CURRENCIES.has(c), { error: 'is not an ISO 4217 currency code in use' })
  .meta({ examples: ['EUR'] });

/** Money as integer minor units of its currency (DESIGN §4): `{ amount: 123456, currency: 'EUR' }` = €1,234.56. */
export const Money = z.strictObject({
  amount: z
    .number({ error: 'must be a whole number of minor units (cents)' })
    .int({ error: 'must be a whole number of minor units (cents)' })
    .min(0, { error: 'must not be negative' })
    .max(Number.MAX_SAFE_INTEGER),
  currency: Currency,
});
export type Money = z.infer<typeof Money>;

/** A short reference to another record, as embedded in responses. */
export const RecordRef = z.object({ id: Id, name: z.string() });
export type RecordRef = z.infer<typeof RecordRef>;

/** A tag as embedded in a record. */
export const TagRef = z.object({ id: Id, name: z.string(), color: z.string() });
export type TagRef = z.infer<typeof TagRef>;

/** Custom field values by field key, as stored (JSONB). Validated on write against the definitions. */
export const CustomFieldValues = z.record(z.string(), z.unknown());
export type CustomFieldValues = z.infer<typeof CustomFieldValues>;

/** The cap of exact counts: beyond it a count reports `total: 10000, total_capped: true` ("10,000+"). */
export const TOTAL_CAP = 10_000;

/**
 * `GET /api/v1/<records>/count` with a list's filters: how many records match, exact up to
 * {@link TOTAL_CAP}; `total_capped` says there are more than that. Lists do not count (a count over a
 * huge table costs far more than a keyset page), so a client asks for the count beside the first page.
 */
export const RecordCount = z.object({ total: z.number().int(), total_capped: z.boolean() });
export type RecordCount = z.infer<typeof RecordCount>;

/** `true` / `false` in a query string. */
export const QueryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `owner_id` filter: a membership id, `me` (the caller) or `none` (unassigned). */
export const OwnerFilter = z.union([Id, z.literal('me'), z.literal('none')]);

/** A calendar date `YYYY-MM-DD` or a full ISO 8601 time, as a range bound in list filters. */
export const DateBound = z
  .union([z.iso.date(), z.iso.datetime({ offset: true })], {
    error: 'must be a date (YYYY-MM-DD) or an ISO 8601 date-time',
  })
  .refine((v) => inIsoYears(new Date(v.length === 10 ? `${v}T00:00:00Z` : v)), {
    error: 'must be between the years 0001 and 9999 (UTC)',
    abort: true,
  });

/** Filters every record list has. */
export const BaseRecordFilter = z.object({
  /** Text search: see each entity's list docs for the fields it covers. */
  q: z.string().trim().min(1).max(200).optional(),
  owner_id: OwnerFilter.optional(),
  tag_id: Id.optional(),
  created_from: DateBound.optional(),
  created_to: DateBound.optional(),
  updated_from: DateBound.optional(),
  updated_to: DateBound.optional(),
});

/**
 * Custom field filters in a query string: `cf.<key>=<value>` (equals; for multi-select: has the
 * option; for text: contains), `cf.<key>.gte=` / `cf.<key>.lte=` (number, money amount in minor
 * units, date, datetime) and `cf.<key>.empty=true|false`. Keys are checked against the definitions.
 */
export const CUSTOM_FILTER_KEY = /^cf\.([a-z][a-z0-9_]{0,39})(?:\.(gte|lte|empty))?$/;

/** Adds `cf.*` filter keys to a strict filter object; any other unknown key is refused. */
export function withCustomFilters<T extends z.ZodRawShape>(shape: T) {
  return z
    .object(shape)
    .catchall(z.string().max(500))
    .superRefine((obj, ctx) => {
      for (const key of Object.keys(obj)) {
        if (key in shape) continue;
        if (!CUSTOM_FILTER_KEY.test(key)) {
          ctx.addIssue({
            code: 'custom',
            path: [key],
            message: 'is not a known filter (custom fields are filtered as cf.<key>, cf.<key>.gte, cf.<key>.lte)',
          });
        }
      }
    });
}

export const BULK_ACTIONS = ['assign_owner', 'add_tags', 'remove_tags', 'delete', 'restore'] as const;
export const BulkAction = z.enum(BULK_ACTIONS);
export type BulkAction = z.infer<typeof BulkAction>;

/** Most records one bulk call may touch, whether listed by id or selected by a filter. */
export const BULK_MAX = 10_000;

/**
 * `POST /api/v1/<records>/bulk`: one action on the records named by `ids` (≤ 1,000) or matched by
 * `filter` (the list filters; at most {@link BULK_MAX} records), in one transaction.
 * `owner_id` (null = unassign) goes with `assign_owner`; `tag_ids` with `add_tags` / `remove_tags`.
 */
export function BulkBody<F extends z.ZodType>(filter: F) {
  return z
    .strictObject({
      action: BulkAction,
      ids: z.array(Id).min(1).max(1000).optional(),
      filter: filter.optional(),
      owner_id: Id.nullable().optional(),
      tag_ids: z.array(Id).min(1).max(50).optional(),
    })
    .superRefine((b, ctx) => {
      if ((b.ids === undefined) === (b.filter === undefined)) {
        ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either ids or filter' });
      }
      if (b.action === 'assign_owner' && b.owner_id === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['owner_id'],
          message: 'is required to assign an owner (null unassigns)',
        });
      }
      if ((b.action === 'add_tags' || b.action === 'remove_tags') && !b.tag_ids) {
        ctx.addIssue({ code: 'custom', path: ['tag_ids'], message: 'is required to add or remove tags' });
      }
    });
}

/** Outcome of a bulk call: one entry per record addressed, `ok: false` with the reason otherwise. */
export const BulkResult = z.object({
  action: BulkAction,
  succeeded: z.number().int(),
  failed: z.number().int(),
  results: z.array(
    z.object({
      id: Id,
      ok: z.boolean(),
      error: z.object({ code: z.string(), message: z.string() }).optional(),
    }),
  ),
});
export type BulkResult = z.infer<typeof BulkResult>;

/** Soft-delete fields every recycle-bin record has (DESIGN §4: restorable for 30 days). */
export const SoftDeleted = {
  deleted_at: Timestamp.nullable(),
  /** When the record will be purged for good (deleted_at + 30 days); null while live. */
  purge_at: Timestamp.nullable(),
};

export const RESTORE_DAYS = 30;

/** `GET /api/v1/<records>/deleted`: the recycle bin, most recently deleted first. */
export const RecycleBinQuery = z.strictObject({
  q: z.string().trim().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});

/** The record type (custom-field entity, singular) of each plural record entity as lists, segments, exports and imports name them. */
export const RECORD_TYPE_OF = {
  contacts: 'contact',
  companies: 'company',
  leads: 'lead',
  deals: 'deal',
} as const;
