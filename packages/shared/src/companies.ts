import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { CountryCode } from './countries.js';
import {
  BaseRecordFilter,
  CustomFieldValues,
  Money,
  QueryBool,
  RecordRef,
  SoftDeleted,
  TagRef,
  withCustomFilters,
} from './records.js';

export const COMPANY_TYPES = ['prospect', 'customer', 'partner', 'vendor', 'competitor'] as const;
export const CompanyType = z.enum(COMPANY_TYPES);
export type CompanyType = z.infer<typeof CompanyType>;

export const RATINGS = ['cold', 'warm', 'hot'] as const;
export const Rating = z.enum(RATINGS);
export type Rating = z.infer<typeof Rating>;

/** Head-count bands as LinkedIn and most CRMs use them. */
export const SIZE_BANDS = [
  '1-10',
  '11-50',
  '51-200',
  '201-500',
  '501-1000',
  '1001-5000',
  '5001-10000',
  '10001+',
] as const;
export const SizeBand = z.enum(SIZE_BANDS);
export type SizeBand = z.infer<typeof SizeBand>;

const DOMAIN_LABELS = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/**
 * A company's internet domain, normalised: lower-case, without `http(s)://`, a leading `www.` or a
 * trailing dot or slash. A path, query, port or user part is refused (`acme.com/about` → 400).
 */
export const Domain = z
  .string()
  .trim()
  .toLowerCase()
  .transform((s, ctx) => {
    let d = s
      .replace(/^https?:\/\//, '')
      .replace(/\/$/, '')
      .replace(/\.$/, '');
    if (d.startsWith('www.')) d = d.slice(4);
    if (/[/?#:@\s]/.test(d)) {
      ctx.addIssue({ code: 'custom', message: 'must be a bare domain such as acme.com (no path, port or query)' });
      return z.NEVER;
    }
    if (!DOMAIN_LABELS.test(d)) {
      ctx.addIssue({ code: 'custom', message: 'must be a domain such as acme.com' });
      return z.NEVER;
    }
    return d;
  });

/** An http(s) URL. */
export const WebUrl = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) URL such as https://acme.com' },
  );

/** A phone number as typed; the API normalises it to E.164 with the organisation's default region. */
export const PhoneInput = z.string().trim().min(1, { error: 'must not be empty' }).max(40);

const text = (max: number) => z.string().trim().max(max);
const optionalText = (max: number) =>
  text(max)
    .transform((s) => (s === '' ? null : s))
    .nullable()
    .optional();

/** A postal address; `country` is an ISO 3166-1 alpha-2 code. */
export const Address = z.object({
  street: z.string().nullable(),
  city: z.string().nullable(),
  state: z.string().nullable(),
  postal_code: z.string().nullable(),
  country: z.string().nullable(),
});
export const AddressInput = z.strictObject({
  street: optionalText(300),
  city: optionalText(100),
  state: optionalText(100),
  postal_code: optionalText(20),
  country: CountryCode.nullable().optional(),
});

/** A company (account) as returned by the API. Money in minor units; times in UTC. */
export const Company = z.object({
  id: Id,
  name: z.string(),
  domain: z.string().nullable(),
  website: z.string().nullable(),
  phone: z.string().nullable(),
  industry: z.string().nullable(),
  size_band: SizeBand.nullable(),
  employees: z.number().int().nullable(),
  annual_revenue: Money.nullable(),
  type: CompanyType.nullable(),
  rating: Rating.nullable(),
  billing_address: Address,
  tax_id: z.string().nullable(),
  parent: RecordRef.nullable(),
  /** Membership id of the owner; null = unassigned. */
  owner_id: Id.nullable(),
  owner: RecordRef.nullable(),
  tags: z.array(TagRef),
  custom_fields: CustomFieldValues,
  contact_count: z.number().int(),
  qualified_from_lead_id: Id.nullable(),
  created_at: Timestamp,
  updated_at: Timestamp,
  ...SoftDeleted,
  version: z.number().int(),
});
export type Company = z.infer<typeof Company>;

/** A company with its hierarchy: `ancestors` from the root down to the parent, and the child count. */
export const CompanyDetail = Company.extend({ ancestors: z.array(RecordRef), child_count: z.number().int() });
export type CompanyDetail = z.infer<typeof CompanyDetail>;

const companyFields = {
  name: z.string().trim().min(1, { error: 'is required' }).max(200),
  domain: Domain.nullable().optional(),
  website: WebUrl.nullable().optional(),
  phone: PhoneInput.nullable().optional(),
  industry: optionalText(100),
  size_band: SizeBand.nullable().optional(),
  employees: z
    .number({ error: 'must be a whole number' })
    .int({ error: 'must be a whole number' })
    .min(0, { error: 'must not be negative' })
    .max(10_000_000)
    .nullable()
    .optional(),
  annual_revenue: Money.nullable().optional(),
  type: CompanyType.nullable().optional(),
  rating: Rating.nullable().optional(),
  billing_address: AddressInput.optional(),
  tax_id: optionalText(50),
  parent_id: Id.nullable().optional(),
  /** Membership id; null = unassigned. Defaults to the creator. */
  owner_id: Id.nullable().optional(),
  tag_ids: z.array(Id).max(50).optional(),
  custom_fields: CustomFieldValues.optional(),
};

/** `POST /api/v1/companies`. */
export const CreateCompanyBody = z.strictObject(companyFields);
export type CreateCompanyBody = z.infer<typeof CreateCompanyBody>;

/** `PATCH /api/v1/companies/{id}` (`If-Match` → 412 when stale). `tag_ids` replaces the tag set. */
export const UpdateCompanyBody = z.strictObject({ ...companyFields, name: companyFields.name.optional() });
export type UpdateCompanyBody = z.infer<typeof UpdateCompanyBody>;

export const COMPANY_SORTS = ['name', 'domain', 'created_at', 'updated_at', 'employees', 'annual_revenue'] as const;

/** Company list filters (also the `filter` of a bulk call). `q` covers name, domain and phone. */
const companyFilterShape = {
  ...BaseRecordFilter.shape,
  /** A saved segment of this entity (`/api/v1/segments`): its criteria filter the list too. */
  segment_id: Id.optional(),
  type: CompanyType.optional(),
  industry: z.string().trim().min(1).max(100).optional(),
  rating: Rating.optional(),
  parent_id: Id.optional(),
  has_phone: QueryBool.optional(),
  has_domain: QueryBool.optional(),
};
export const CompanyFilter = withCustomFilters(companyFilterShape);
export type CompanyFilter = z.infer<typeof CompanyFilter>;

/**
 * `GET /api/v1/companies`: filters, `sort` one of {@link COMPANY_SORTS} or `cf.<key>`, `-` prefix
 * for descending (default `-updated_at`), keyset `cursor`, `limit` ≤ 100.
 */
export const CompanyListQuery = withCustomFilters({
  ...companyFilterShape,
  sort: z.string().max(60).default('-updated_at'),
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().min(1).max(512).optional(),
});
