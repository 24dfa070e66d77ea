/**
 * The company form's values and their mapping to `CreateCompanyBody` / `UpdateCompanyBody`.
 * Inputs hold what people type (revenue in major units, '' for empty); the body is validated with
 * the shared contract before it is sent, and custom fields with `customValueSchema`.
 */
import { type CompanyType, CreateCompanyBody, type Rating, type SizeBand } from '@relata/shared';
import type { FormErrors } from '@mantine/form';
import { contractResolver } from '../../components/forms';
import {
  customFieldErrors,
  customFieldsBody,
  customFormValues,
  type CustomFormValues,
  DEFAULT_CURRENCY,
} from '../../components/records/custom-values';
import { toMajor, toMinor } from '../../components/records/money';
import { OWNER_ME, OWNER_NONE } from '../../components/records/OwnerSelect';
import type { CompanyDetailWire, CustomFieldWire } from '../../components/records/types';

export interface CompanyFormValues {
  name: string;
  domain: string;
  website: string;
  phone: string;
  industry: string;
  type: CompanyType | null;
  rating: Rating | null;
  size_band: SizeBand | null;
  employees: number | string;
  revenue_amount: number | string;
  revenue_currency: string;
  tax_id: string;
  parent_id: string | null;
  /** Membership id, `me` (new company: the creator) or `none` (unassigned). */
  owner_id: string;
  tag_ids: string[];
  billing_address: { street: string; city: string; state: string; postal_code: string; country: string | null };
  custom_fields: CustomFormValues;
}

/** Inputs whose server issues (`body.<path>`) land on themselves. */
export const COMPANY_FIELDS = [
  'name',
  'domain',
  'website',
  'phone',
  'industry',
  'type',
  'rating',
  'size_band',
  'employees',
  'tax_id',
  'parent_id',
  'owner_id',
  'tag_ids',
  'billing_address.street',
  'billing_address.city',
  'billing_address.state',
  'billing_address.postal_code',
  'billing_address.country',
] as const;
/** Body paths shown on another input. */
export const COMPANY_ALIASES = { 'annual_revenue.currency': 'revenue_currency', annual_revenue: 'revenue_amount' };

/** Form values for a new company (`company` absent) or for editing one. */
export function companyFormValues(defs: CustomFieldWire[], company?: CompanyDetailWire): CompanyFormValues {
  const a = company?.billing_address;
  return {
    name: company?.name ?? '',
    domain: company?.domain ?? '',
    website: company?.website ?? '',
    phone: company?.phone ?? '',
    industry: company?.industry ?? '',
    type: company?.type ?? null,
    rating: company?.rating ?? null,
    size_band: company?.size_band ?? null,
    employees: company?.employees ?? '',
    revenue_amount: company?.annual_revenue
      ? toMajor(company.annual_revenue.amount, company.annual_revenue.currency)
      : '',
    revenue_currency: company?.annual_revenue?.currency ?? DEFAULT_CURRENCY,
    tax_id: company?.tax_id ?? '',
    parent_id: company?.parent?.id ?? null,
    owner_id: company ? (company.owner_id ?? OWNER_NONE) : OWNER_ME,
    tag_ids: company?.tags.map((t) => t.id) ?? [],
    billing_address: {
      street: a?.street ?? '',
      city: a?.city ?? '',
      state: a?.state ?? '',
      postal_code: a?.postal_code ?? '',
      country: a?.country ?? null,
    },
    custom_fields: customFormValues(defs, company?.custom_fields),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body for the form's values (`stored` keeps values of archived custom fields). */
export function companyBody(v: CompanyFormValues, defs: CustomFieldWire[], stored?: Record<string, unknown>) {
  const currency = v.revenue_currency.trim().toUpperCase();
  const body: Record<string, unknown> = {
    name: v.name,
    domain: orNull(v.domain),
    website: orNull(v.website),
    phone: orNull(v.phone),
    industry: v.industry,
    type: v.type,
    rating: v.rating,
    size_band: v.size_band,
    employees: v.employees === '' ? null : Number(v.employees),
    annual_revenue:
      v.revenue_amount === ''
        ? null
        : { amount: toMinor(Number(v.revenue_amount), currency || DEFAULT_CURRENCY), currency },
    tax_id: v.tax_id,
    parent_id: v.parent_id,
    tag_ids: v.tag_ids,
    billing_address: { ...v.billing_address, country: v.billing_address.country || null },
    custom_fields: customFieldsBody(defs, v.custom_fields, stored),
  };
  if (v.owner_id !== OWNER_ME) body.owner_id = v.owner_id === OWNER_NONE ? null : v.owner_id;
  return body;
}

const checkBody = contractResolver<Record<string, unknown>>(CreateCompanyBody);

/** Errors of the form's values: the shared contract on the body, then each custom field. */
export function validateCompany(v: CompanyFormValues, defs: CustomFieldWire[]): FormErrors {
  const raw = checkBody(companyBody(v, defs));
  const errors: FormErrors = {};
  for (const [path, msg] of Object.entries(raw)) {
    if (path.startsWith('custom_fields')) continue;
    const alias = Object.entries(COMPANY_ALIASES).find(([from]) => path === from || path.startsWith(`${from}.`));
    errors[alias ? alias[1] : path] = msg;
  }
  return { ...errors, ...customFieldErrors(defs, v.custom_fields) };
}
