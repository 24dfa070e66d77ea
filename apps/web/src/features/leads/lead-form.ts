/**
 * The lead form's values and their mapping to `CreateLeadBody` / `UpdateLeadBody`. Inputs hold what
 * people type (expected revenue in major units, phones comma-separated, '' for empty); the body is
 * checked with the shared contract before it is sent, custom fields with `customValueSchema`.
 */
import { CreateLeadBody, type LeadPriority, type Rating } from '@relata/shared';
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
import type { CustomFieldWire } from '../../components/records/types';
import type { LeadWire } from './leads-api';

export interface LeadFormValues {
  title: string;
  company_name: string;
  email: string;
  /** Comma-separated, as typed. */
  phones: string;
  source: string;
  segment: string;
  priority: LeadPriority | null;
  rating: Rating | null;
  revenue_amount: number | string;
  revenue_currency: string;
  location: string;
  /** Membership id, `me` (new lead: the creator) or `none` (unassigned). */
  owner_id: string;
  tag_ids: string[];
  custom_fields: CustomFormValues;
}

/** Inputs whose server issues (`body.<path>`) land on themselves. */
export const LEAD_FIELDS = [
  'title',
  'company_name',
  'email',
  'phones',
  'source',
  'segment',
  'priority',
  'rating',
  'location',
  'owner_id',
  'tag_ids',
] as const;
/** Body paths shown on another input. */
export const LEAD_ALIASES = {
  'expected_revenue.currency': 'revenue_currency',
  expected_revenue: 'revenue_amount',
  phones: 'phones',
};

/** Form values for a new lead (`lead` absent) or for editing one. */
export function leadFormValues(defs: CustomFieldWire[], lead?: LeadWire): LeadFormValues {
  return {
    title: lead?.title ?? '',
    company_name: lead?.company_name ?? '',
    email: lead?.email ?? '',
    phones: lead?.phones.join(', ') ?? '',
    source: lead?.source ?? '',
    segment: lead?.segment ?? '',
    priority: lead?.priority ?? null,
    rating: lead?.rating ?? null,
    revenue_amount: lead?.expected_revenue ? toMajor(lead.expected_revenue.amount, lead.expected_revenue.currency) : '',
    revenue_currency: lead?.expected_revenue?.currency ?? DEFAULT_CURRENCY,
    location: lead?.location ?? '',
    owner_id: lead ? (lead.owner_id ?? OWNER_NONE) : OWNER_ME,
    tag_ids: lead?.tags.map((t) => t.id) ?? [],
    custom_fields: customFormValues(defs, lead?.custom_fields),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body for the form's values (`stored` keeps values of archived custom fields). */
export function leadBody(v: LeadFormValues, defs: CustomFieldWire[], stored?: Record<string, unknown>) {
  const currency = v.revenue_currency.trim().toUpperCase();
  const body: Record<string, unknown> = {
    title: v.title,
    company_name: orNull(v.company_name),
    email: orNull(v.email),
    phones: v.phones,
    source: orNull(v.source),
    segment: orNull(v.segment),
    priority: v.priority,
    rating: v.rating,
    expected_revenue:
      v.revenue_amount === ''
        ? null
        : { amount: toMinor(Number(v.revenue_amount), currency || DEFAULT_CURRENCY), currency },
    location: orNull(v.location),
    tag_ids: v.tag_ids,
    custom_fields: customFieldsBody(defs, v.custom_fields, stored),
  };
  if (v.owner_id !== OWNER_ME) body.owner_id = v.owner_id === OWNER_NONE ? null : v.owner_id;
  return body;
}

const checkBody = contractResolver<Record<string, unknown>>(CreateLeadBody);

/** Errors of the form's values: the shared contract on the body, then each custom field. */
export function validateLead(v: LeadFormValues, defs: CustomFieldWire[]): FormErrors {
  const raw = checkBody(leadBody(v, defs));
  const errors: FormErrors = {};
  for (const [path, msg] of Object.entries(raw)) {
    if (path.startsWith('custom_fields')) continue;
    const alias = Object.entries(LEAD_ALIASES).find(([from]) => path === from || path.startsWith(`${from}.`));
    errors[alias ? alias[1] : path.startsWith('phones') ? 'phones' : path] = msg;
  }
  return { ...errors, ...customFieldErrors(defs, v.custom_fields) };
}
