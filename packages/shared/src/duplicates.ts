/**
 * Duplicates and merge (issue 6, DESIGN §2 "dedup finder and merge"): candidate groups of likely
 * duplicate contacts or companies with a confidence score and the reasons, and the merge of 2–5
 * records of one type into a survivor. Names are prefixed `Duplicate…` / `Merge…`.
 *
 * Matching rules (server: modules/duplicates):
 * - contacts: the same email key — lower-cased and trimmed, sub-address (`+tag`) dropped, and for
 *   gmail.com / googlemail.com dots in the local part ignored (`John.Smith+crm@GMail.com` =
 *   `johnsmith@gmail.com`); the same E.164 number in `phone` or `mobile` (either field); a similar
 *   name (pg_trgm similarity ≥ {@link DUPLICATE_NAME_SIMILARITY}) at the same company;
 * - companies: the same domain key (the domain, or the host of the website, lower-cased, without
 *   `www.`); a similar name (pg_trgm similarity ≥ {@link DUPLICATE_NAME_SIMILARITY}).
 */
import { z } from 'zod';
import { Id, PageQuery, Timestamp } from './common.js';
import { RecordRef } from './records.js';

/** Least pg_trgm similarity (0–1) of two names to count as "similar". */
export const DUPLICATE_NAME_SIMILARITY = 0.6;
/** Most records in one candidate group, and in one merge (the survivor + 4). */
export const DUPLICATE_GROUP_MAX = 5;

export const DuplicateType = z.enum(['contacts', 'companies']);
export type DuplicateType = z.infer<typeof DuplicateType>;

/** `GET /api/v1/duplicates?type=contacts|companies&cursor=&limit=`. */
export const DuplicateQuery = PageQuery.extend({ type: DuplicateType });
export type DuplicateQuery = z.infer<typeof DuplicateQuery>;

export const DuplicateReasonKind = z.enum(['email', 'phone', 'name', 'domain']);
export type DuplicateReasonKind = z.infer<typeof DuplicateReasonKind>;

/**
 * Why records are in a group: the shared key (`value`: the email key, the E.164 number, the domain,
 * or for `name` the names compared), the records sharing it, and its own score 0–100.
 */
export const DuplicateReason = z.object({
  kind: DuplicateReasonKind,
  value: z.string(),
  record_ids: z.array(Id),
  score: z.number().int().min(0).max(100),
});
export type DuplicateReason = z.infer<typeof DuplicateReason>;

/**
 * A record of a group. `fields` holds its values of every mergeable field (keys as in
 * {@link MERGE_FIELDS}, custom fields as `custom_fields.<key>`), as plain JSON (money as
 * `{ amount, currency }` in minor units; references as ids, with names in `company` / `owner`).
 */
export const DuplicateRecord = z.object({
  id: Id,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  domain: z.string().nullable(),
  company: RecordRef.nullable(),
  owner: RecordRef.nullable(),
  fields: z.record(z.string(), z.unknown()),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type DuplicateRecord = z.infer<typeof DuplicateRecord>;

/**
 * A candidate group: 2–5 records, highest confidence first. `score` (0–100) is the best of its
 * pairs', each pair combining its reasons as independent evidence (1 − Π(1 − sᵢ)).
 */
export const DuplicateGroup = z.object({
  score: z.number().int().min(0).max(100),
  records: z.array(DuplicateRecord),
  reasons: z.array(DuplicateReason),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

/** What the import dry run asks about one incoming row (all optional; phones in E.164). */
export interface DuplicateCandidate {
  email?: string | null;
  phone?: string | null;
  name?: string | null;
  domain?: string | null;
  company_name?: string | null;
}

/** An existing record a candidate likely duplicates. */
export interface DuplicateMatch {
  id: string;
  name: string;
  score: number;
  reasons: DuplicateReasonKind[];
}

export const MergeType = z.enum(['contacts', 'companies', 'leads', 'deals']);
export type MergeType = z.infer<typeof MergeType>;

/**
 * The fields a merge can take from any of the records, per type. Grouped values move together:
 * `annual_revenue`, `expected_revenue` and `amount` (minor units + currency), `billing_address`
 * (street, city, state, postal code, country). Custom fields: `custom_fields.<key>`.
 */
export const MERGE_FIELDS = {
  contacts: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'mobile',
    'job_title',
    'department',
    'company_id',
    'owner_id',
    'source',
    'do_not_call',
    'email_opt_out',
    'sms_opt_out',
  ],
  companies: [
    'name',
    'domain',
    'website',
    'phone',
    'industry',
    'size_band',
    'employees',
    'annual_revenue',
    'type',
    'rating',
    'billing_address',
    'tax_id',
    'parent_id',
    'owner_id',
  ],
  leads: [
    'title',
    'company_name',
    'tax_id',
    'email',
    'phones',
    'segment',
    'source',
    'priority',
    'rating',
    'score',
    'expected_revenue',
    'probability',
    'external_id',
    'location',
    'notes',
    'owner_id',
  ],
  deals: ['name', 'amount', 'probability', 'expected_close_date', 'type', 'priority', 'company_id', 'owner_id'],
} as const satisfies Record<MergeType, readonly string[]>;

/** Human labels of the merge fields (the merge dialog). */
export const MERGE_FIELD_LABELS: Record<string, string> = {
  first_name: 'First name',
  last_name: 'Last name',
  email: 'Email',
  phone: 'Phone',
  mobile: 'Mobile',
  job_title: 'Job title',
  department: 'Department',
  company_id: 'Company',
  owner_id: 'Owner',
  source: 'Source',
  do_not_call: 'Do not call',
  email_opt_out: 'Email opt-out',
  sms_opt_out: 'SMS opt-out',
  name: 'Name',
  domain: 'Domain',
  website: 'Website',
  industry: 'Industry',
  size_band: 'Size',
  employees: 'Employees',
  annual_revenue: 'Annual revenue',
  type: 'Type',
  rating: 'Rating',
  billing_address: 'Billing address',
  tax_id: 'Tax id',
  parent_id: 'Parent company',
};

/**
 * `POST /api/v1/merge`: merges `merged_ids` (1–4, distinct) into `survivor_id`, all of `type`.
 * `fields` picks, per field, the record whose value the survivor keeps (`{ email: <id> }`; ids among
 * the survivor and merged ones). Fields not listed: the survivor's value, or when it is empty the
 * first non-empty value among `merged_ids` in the order given. `versions` (`{ <id>: version }`)
 * → 412 when any record is at another version.
 */
export const MergeBody = z.strictObject({
  type: MergeType,
  survivor_id: Id,
  merged_ids: z
    .array(Id)
    .min(1, { error: 'needs at least one record to merge' })
    .max(DUPLICATE_GROUP_MAX - 1, { error: `must have at most ${DUPLICATE_GROUP_MAX - 1} records` }),
  fields: z.record(z.string().max(100), Id).optional(),
  versions: z.record(z.string(), z.number().int().min(1)).optional(),
});
export type MergeBody = z.infer<typeof MergeBody>;
