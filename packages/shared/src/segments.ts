/**
 * Segments (issue 7, DESIGN §2 "Search, segments, saved views"): an entity type plus criteria —
 * nested AND/OR groups of typed conditions — evaluated when used (dynamic), compiled on the server
 * to parameterised SQL. Field keys come only from {@link SEGMENT_FIELDS} and the organisation's
 * custom-field definitions (`cf.<key>`); operators only from {@link OPERATORS_BY_TYPE}.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { COMPANY_TYPES, RATINGS } from './companies.js';
import { DEAL_PRIORITIES, DEAL_STATUSES, DEAL_TYPES } from './deals.js';
import { LEAD_PRIORITIES, LEAD_STATUSES } from './leads.js';
import type { CustomFieldType } from './custom-fields.js';
import { RECORD_TYPE_OF } from './records.js';

export const SEGMENT_ENTITIES = ['contacts', 'companies', 'leads', 'deals'] as const;
export const SegmentEntity = z.enum(SEGMENT_ENTITIES);
export type SegmentEntity = z.infer<typeof SegmentEntity>;

/** The record type (custom-field entity) of a segment entity. */
export const SEGMENT_RECORD_TYPE = RECORD_TYPE_OF satisfies Record<SegmentEntity, string>;

export const SEGMENT_OPERATORS = [
  'equals',
  'not_equals',
  'in',
  'not_in',
  'contains',
  'starts_with',
  'ends_with',
  'is_empty',
  'is_not_empty',
  'gte',
  'lte',
  'between',
  'before',
  'after',
  'last_n_days',
  'next_n_days',
  'more_than_n_days_ago',
] as const;
export const SegmentOperator = z.enum(SEGMENT_OPERATORS);
export type SegmentOperator = z.infer<typeof SegmentOperator>;

/**
 * Value types of segment fields: `enum` has fixed `options`; `member` is a membership id (or `me`);
 * `stage` / `pipeline` / `company` are record ids; `tags` a set of tag ids.
 */
export const SEGMENT_FIELD_TYPES = [
  'text',
  'enum',
  'multi_select',
  'number',
  'money',
  'date',
  'datetime',
  'boolean',
  'member',
  'stage',
  'pipeline',
  'company',
  'tags',
] as const;
export type SegmentFieldType = (typeof SEGMENT_FIELD_TYPES)[number];

const EMPTY = ['is_empty', 'is_not_empty'] as const;
const RANGE = ['equals', 'not_equals', 'gte', 'lte', 'between'] as const;
const TIME = [
  'before',
  'after',
  'between',
  'gte',
  'lte',
  'last_n_days',
  'next_n_days',
  'more_than_n_days_ago',
] as const;
const IDS = ['equals', 'not_equals', 'in', 'not_in', ...EMPTY] as const;

/**
 * Operators by field type. Semantics: `not_equals` / `not_in` include records without a value;
 * text operators other than equals / in are case-insensitive; `between` is inclusive `[from, to]`;
 * on tags and multi-selects `in` = has any of, `not_in` = has none of, `equals` = has this one.
 */
export const OPERATORS_BY_TYPE: Record<SegmentFieldType, readonly SegmentOperator[]> = {
  text: ['equals', 'not_equals', 'in', 'not_in', 'contains', 'starts_with', 'ends_with', ...EMPTY],
  enum: ['equals', 'not_equals', 'in', 'not_in', ...EMPTY],
  multi_select: ['equals', 'not_equals', 'in', 'not_in', ...EMPTY],
  number: [...RANGE, 'in', 'not_in', ...EMPTY],
  money: [...RANGE, ...EMPTY],
  date: ['equals', ...TIME, ...EMPTY],
  datetime: ['equals', ...TIME, ...EMPTY],
  boolean: ['equals', ...EMPTY],
  member: IDS,
  stage: IDS,
  pipeline: IDS,
  company: IDS,
  tags: IDS,
};

/** Operators that take no value; those taking a whole number of days (1–36,500). */
export const NO_VALUE_OPERATORS: readonly SegmentOperator[] = EMPTY;
export const DAYS_OPERATORS: readonly SegmentOperator[] = ['last_n_days', 'next_n_days', 'more_than_n_days_ago'];
export const LIST_OPERATORS: readonly SegmentOperator[] = ['in', 'not_in'];

/** Bounds of one criteria tree (beyond → 400 with the path of the offending node). */
export const SEGMENT_LIMITS = { maxDepth: 5, maxConditions: 50, maxGroups: 50, maxInValues: 1000 } as const;

/** A field a condition may name: fixed fields, custom fields (`cf.<key>`) and related data. */
export const SegmentField = z.object({
  key: z.string(),
  label: z.string(),
  type: z.enum(SEGMENT_FIELD_TYPES),
  group: z.enum(['fields', 'custom_fields', 'related']),
  options: z.array(z.string()).optional(),
  /** Stage fields: the pipeline kind their stages belong to. */
  pipeline_kind: z.enum(['leads', 'deals']).optional(),
});
export type SegmentField = z.infer<typeof SegmentField>;

type F = Omit<SegmentField, 'group'> & { group?: SegmentField['group'] };
const f = (key: string, label: string, type: SegmentFieldType, extra: Partial<F> = {}): SegmentField => ({
  key,
  label,
  type,
  group:
    key.includes('.') || ['open_deal_stage', 'deal_amount', 'last_activity_at'].includes(key) ? 'related' : 'fields',
  ...extra,
});
const common = [
  f('owner', 'Owner', 'member'),
  f('tags', 'Tags', 'tags'),
  f('created_at', 'Created', 'datetime'),
  f('updated_at', 'Updated', 'datetime'),
];
const companyRelated = [
  f('company.name', 'Company name', 'text'),
  f('company.industry', 'Company industry', 'text'),
  f('company.type', 'Company type', 'enum', { options: [...COMPANY_TYPES] }),
  f('company.size_band', 'Company size', 'text'),
  f('company.employees', 'Company employees', 'number'),
  f('company.annual_revenue', 'Company annual revenue', 'money'),
  f('company.billing_country', 'Company country', 'text'),
  f('company.billing_city', 'Company city', 'text'),
  f('company.domain', 'Company domain', 'text'),
];
const activity = f('last_activity_at', 'Last activity', 'datetime');
const dealRelated = [
  f('open_deal_stage', 'Has open deal in stage', 'stage', { pipeline_kind: 'deals' }),
  f('deal_amount', 'Has deal with amount', 'money'),
];

/** The fixed and related fields of each entity (custom fields are added per organisation). */
export const SEGMENT_FIELDS: Record<SegmentEntity, readonly SegmentField[]> = {
  contacts: [
    f('name', 'Name', 'text'),
    f('first_name', 'First name', 'text'),
    f('last_name', 'Last name', 'text'),
    f('email', 'Email', 'text'),
    f('phone', 'Phone', 'text'),
    f('mobile', 'Mobile', 'text'),
    f('job_title', 'Job title', 'text'),
    f('department', 'Department', 'text'),
    f('source', 'Source', 'text'),
    f('company', 'Company', 'company'),
    f('is_primary', 'Primary contact', 'boolean'),
    f('do_not_call', 'Do not call', 'boolean'),
    f('email_opt_out', 'Email opt-out', 'boolean'),
    f('unsubscribed_at', 'Unsubscribed', 'datetime'),
    ...common,
    ...companyRelated,
    ...dealRelated,
    activity,
  ],
  companies: [
    f('name', 'Name', 'text'),
    f('domain', 'Domain', 'text'),
    f('industry', 'Industry', 'text'),
    f('size_band', 'Size', 'text'),
    f('employees', 'Employees', 'number'),
    f('annual_revenue', 'Annual revenue', 'money'),
    f('type', 'Type', 'enum', { options: [...COMPANY_TYPES] }),
    f('rating', 'Rating', 'text'),
    f('billing_city', 'City', 'text'),
    f('billing_country', 'Country', 'text'),
    f('tax_id', 'Tax id', 'text'),
    f('parent', 'Parent company', 'company'),
    ...common,
    ...dealRelated,
    activity,
  ],
  leads: [
    f('title', 'Title', 'text'),
    f('company_name', 'Company name', 'text'),
    f('email', 'Email', 'text'),
    f('source', 'Source', 'text'),
    f('segment', 'Segment', 'text'),
    f('priority', 'Priority', 'enum', { options: [...LEAD_PRIORITIES] }),
    f('rating', 'Rating', 'enum', { options: [...RATINGS] }),
    f('score', 'Score', 'number'),
    f('expected_revenue', 'Expected revenue', 'money'),
    f('probability', 'Probability', 'number'),
    f('status', 'Status', 'enum', { options: [...LEAD_STATUSES] }),
    f('pipeline', 'Pipeline', 'pipeline'),
    f('stage', 'Stage', 'stage', { pipeline_kind: 'leads' }),
    f('next_follow_up_at', 'Next follow-up', 'datetime'),
    ...common,
    activity,
  ],
  deals: [
    f('name', 'Name', 'text'),
    f('amount', 'Amount', 'money'),
    f('currency', 'Currency', 'text'),
    f('probability', 'Probability', 'number'),
    f('expected_close_date', 'Expected close date', 'date'),
    f('status', 'Status', 'enum', { options: [...DEAL_STATUSES] }),
    f('type', 'Type', 'enum', { options: [...DEAL_TYPES] }),
    f('priority', 'Priority', 'enum', { options: [...DEAL_PRIORITIES] }),
    f('pipeline', 'Pipeline', 'pipeline'),
    f('stage', 'Stage', 'stage', { pipeline_kind: 'deals' }),
    f('company', 'Company', 'company'),
    f('won_at', 'Won', 'datetime'),
    f('closed_at', 'Closed', 'datetime'),
    ...common,
    ...companyRelated,
    activity,
  ],
};

/** The segment type of a custom field type. */
export const CUSTOM_FIELD_SEGMENT_TYPE: Record<CustomFieldType, SegmentFieldType> = {
  text: 'text',
  long_text: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
  select: 'enum',
  multi_select: 'multi_select',
  number: 'number',
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
};

/** A scalar in a condition value (strings ≤ 500 characters). */
const Scalar = z.union([z.string().max(500), z.number(), z.boolean()]);

/**
 * One condition: `field` (a key of the entity's fields or `cf.<key>`), `operator`, and `value`
 * typed by the field (absent for is_empty / is_not_empty; an array for in / not_in (≤ 1,000) and
 * between ([from, to]); a whole number of days for last_n_days, next_n_days, more_than_n_days_ago).
 */
export const SegmentCondition = z.strictObject({
  field: z.string().min(1).max(100),
  operator: SegmentOperator,
  value: z.union([Scalar, z.array(Scalar).max(SEGMENT_LIMITS.maxInValues), z.null()]).optional(),
});
export type SegmentCondition = z.infer<typeof SegmentCondition>;

export interface SegmentGroup {
  /** `and`: every condition and subgroup holds; `or`: at least one does. */
  match: 'and' | 'or';
  conditions?: SegmentCondition[] | undefined;
  groups?: SegmentGroup[] | undefined;
}
export const SegmentGroup: z.ZodType<SegmentGroup> = z.strictObject({
  match: z.enum(['and', 'or']),
  conditions: z.array(SegmentCondition).max(SEGMENT_LIMITS.maxConditions).optional(),
  get groups() {
    return z.array(SegmentGroup).max(SEGMENT_LIMITS.maxGroups).optional();
  },
});

/** Every IANA time zone the runtime knows (Intl), plus UTC. */
const TIME_ZONES: Set<string> = (() => {
  try {
    return new Set([...Intl.supportedValuesOf('timeZone'), 'UTC']);
  } catch {
    return new Set(['UTC']);
  }
})();
/**
 * True for an IANA time zone name the runtime knows. `Intl.supportedValuesOf` lists only canonical
 * names, which on older ICU (Node 20) means `Asia/Calcutta` but not `Asia/Kolkata`, `Europe/Kiev` but
 * not `Europe/Kyiv`: names missing from the list are checked by constructing a formatter (cached).
 */
export function isTimeZone(tz: string): boolean {
  if (TIME_ZONES.has(tz)) return true;
  if (!/^[A-Za-z][A-Za-z0-9_+-]*(\/[A-Za-z0-9_+-]+){0,2}$/.test(tz) || tz.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    TIME_ZONES.add(tz);
    return true;
  } catch {
    return false;
  }
}

/**
 * Walks a criteria tree without recursion (a hostile body may nest thousands of levels) and reports
 * the first bound it breaks: depth, number of conditions or groups, IN-list size.
 */
function checkBounds(root: unknown, ctx: z.RefinementCtx) {
  const stack: Array<{ node: unknown; depth: number; path: (string | number)[] }> = [
    { node: root, depth: 1, path: [] },
  ];
  let conditions = 0;
  let groups = 0;
  while (stack.length) {
    const { node, depth, path } = stack.pop()!;
    if (!node || typeof node !== 'object') continue;
    groups += 1;
    if (depth > SEGMENT_LIMITS.maxDepth) {
      ctx.addIssue({ code: 'custom', path, message: `groups nest at most ${SEGMENT_LIMITS.maxDepth} levels deep` });
      return;
    }
    const n = node as { conditions?: unknown; groups?: unknown };
    if (Array.isArray(n.conditions)) {
      conditions += n.conditions.length;
      n.conditions.forEach((c: unknown, i) => {
        const v = (c as { value?: unknown } | null)?.value;
        if (Array.isArray(v) && v.length > SEGMENT_LIMITS.maxInValues) {
          ctx.addIssue({
            code: 'custom',
            path: [...path, 'conditions', i, 'value'],
            message: `lists hold at most ${SEGMENT_LIMITS.maxInValues} values`,
          });
        }
      });
    }
    if (conditions > SEGMENT_LIMITS.maxConditions || groups > SEGMENT_LIMITS.maxGroups) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message: `criteria hold at most ${SEGMENT_LIMITS.maxConditions} conditions and ${SEGMENT_LIMITS.maxGroups} groups`,
      });
      return;
    }
    if (Array.isArray(n.groups) && n.groups.length <= SEGMENT_LIMITS.maxGroups) {
      n.groups.forEach((g: unknown, i) => stack.push({ node: g, depth: depth + 1, path: [...path, 'groups', i] }));
    }
  }
}

/**
 * Segment criteria: the root group plus an optional IANA `time_zone` (default UTC) that gives
 * calendar dates their day boundaries. Bounds are checked before the tree is parsed: depth ≤ 5,
 * ≤ 50 conditions, ≤ 50 groups, IN lists ≤ 1,000 values (400 with the offending path).
 */
export const SegmentCriteria = z
  .unknown()
  .superRefine(checkBounds)
  .pipe(
    z.strictObject({
      match: z.enum(['and', 'or']),
      conditions: z.array(SegmentCondition).max(SEGMENT_LIMITS.maxConditions).optional(),
      groups: z.array(SegmentGroup).max(SEGMENT_LIMITS.maxGroups).optional(),
      time_zone: z
        .string()
        .max(64)
        .refine(isTimeZone, { error: 'is not an IANA time zone name (e.g. Europe/Paris)' })
        .optional(),
    }),
  )
  .meta({
    description:
      'Root group `{ match: and|or, conditions: [{ field, operator, value }], groups: [...], time_zone? }`; nesting ≤ 5, ≤ 50 conditions',
  });
export type SegmentCriteria = SegmentGroup & { time_zone?: string | undefined };

/** A saved segment. `count` is cached: refreshed on read when older than 10 minutes or on demand. */
export const Segment = z.object({
  id: Id,
  name: z.string(),
  description: z.string().nullable(),
  entity: SegmentEntity,
  criteria: z.custom<SegmentCriteria>(),
  count: z.number().int().nullable(),
  count_capped: z.boolean(),
  counted_at: Timestamp.nullable(),
  created_by: Id.nullable(),
  version: z.number().int(),
  created_at: Timestamp,
  updated_at: Timestamp,
});
export type Segment = z.infer<typeof Segment>;

/** Minutes a cached count stays fresh. */
export const SEGMENT_COUNT_TTL_MINUTES = 10;

export const CreateSegmentBody = z.strictObject({
  name: z.string().trim().min(1).max(120),
  description: z.string().trim().max(1000).nullable().optional(),
  entity: SegmentEntity,
  criteria: SegmentCriteria,
});
export type CreateSegmentBody = z.infer<typeof CreateSegmentBody>;

/** `PATCH /segments/{id}` (`If-Match` → 412 when stale); the entity cannot change. */
export const UpdateSegmentBody = z.strictObject({
  name: z.string().trim().min(1).max(120).optional(),
  description: z.string().trim().max(1000).nullable().optional(),
  criteria: SegmentCriteria.optional(),
});
export type UpdateSegmentBody = z.infer<typeof UpdateSegmentBody>;

export const SegmentListQuery = z.strictObject({
  entity: SegmentEntity.optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
  cursor: z.string().min(1).max(512).optional(),
});

/** `GET /segments/{id}?refresh=true` recounts now. */
export const SegmentGetQuery = z.strictObject({ refresh: z.enum(['true', 'false']).optional() });

/**
 * The live preview counts exactly up to this many records (then `count_capped`: "1,000+"), so it
 * answers while the user edits; `exact_count: true` counts up to TOTAL_CAP (10,000) on demand.
 */
export const SEGMENT_PREVIEW_COUNT_CAP = 1_000;

/**
 * `POST /segments/preview`: count (exact up to 1,000, or up to 10,000 with `exact_count`) and the
 * first records for unsaved criteria.
 */
export const SegmentPreviewBody = z.strictObject({
  entity: SegmentEntity,
  criteria: SegmentCriteria,
  limit: z.number().int().min(1).max(100).default(20),
  exact_count: z.boolean().default(false),
});
export type SegmentPreviewBody = z.input<typeof SegmentPreviewBody>;

export const SegmentPreview = z.object({
  count: z.number().int(),
  count_capped: z.boolean(),
  /** The first records in `-updated_at` order, each in its entity's list shape. */
  records: z.array(z.record(z.string(), z.unknown())),
});
export type SegmentPreview = z.infer<typeof SegmentPreview>;

export const SegmentFieldsQuery = z.strictObject({ entity: SegmentEntity });
export const SegmentFields = z.object({ entity: SegmentEntity, fields: z.array(SegmentField) });
export type SegmentFields = z.infer<typeof SegmentFields>;
