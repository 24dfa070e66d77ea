/**
 * The contact form's values and their mapping to `CreateContactBody` / `UpdateContactBody`,
 * validated with the shared contract and, for custom fields, `customValueSchema`.
 */
import { CreateContactBody } from '@relata/shared';
import type { FormErrors } from '@mantine/form';
import { contractResolver } from '../../components/forms';
import {
  customFieldErrors,
  customFieldsBody,
  customFormValues,
  type CustomFormValues,
} from '../../components/records/custom-values';
import { OWNER_ME, OWNER_NONE } from '../../components/records/OwnerSelect';
import type { ContactWire, CustomFieldWire } from '../../components/records/types';

export interface ContactFormValues {
  first_name: string;
  last_name: string;
  email: string;
  phone: string;
  mobile: string;
  job_title: string;
  department: string;
  company_id: string | null;
  is_primary: boolean;
  do_not_call: boolean;
  email_opt_out: boolean;
  sms_opt_out: boolean;
  source: string;
  /** Membership id, `me` (new contact: the creator) or `none`. */
  owner_id: string;
  tag_ids: string[];
  custom_fields: CustomFormValues;
}

export const CONTACT_FIELDS = [
  'first_name',
  'last_name',
  'email',
  'phone',
  'mobile',
  'job_title',
  'department',
  'company_id',
  'is_primary',
  'do_not_call',
  'email_opt_out',
  'sms_opt_out',
  'source',
  'owner_id',
  'tag_ids',
] as const;

/** Form values for a new contact (optionally at `company`) or for editing one. */
export function contactFormValues(
  defs: CustomFieldWire[],
  contact?: ContactWire,
  company?: { id: string; name: string } | null,
): ContactFormValues {
  return {
    first_name: contact?.first_name ?? '',
    last_name: contact?.last_name ?? '',
    email: contact?.email ?? '',
    phone: contact?.phone ?? '',
    mobile: contact?.mobile ?? '',
    job_title: contact?.job_title ?? '',
    department: contact?.department ?? '',
    company_id: contact ? (contact.company?.id ?? null) : (company?.id ?? null),
    is_primary: contact?.is_primary ?? false,
    do_not_call: contact?.do_not_call ?? false,
    email_opt_out: contact?.email_opt_out ?? false,
    sms_opt_out: contact?.sms_opt_out ?? false,
    source: contact?.source ?? '',
    owner_id: contact ? (contact.owner_id ?? OWNER_NONE) : OWNER_ME,
    tag_ids: contact?.tags.map((t) => t.id) ?? [],
    custom_fields: customFormValues(defs, contact?.custom_fields),
  };
}

const orNull = (s: string) => (s.trim() === '' ? null : s.trim());

/** The request body for the form's values. */
export function contactBody(v: ContactFormValues, defs: CustomFieldWire[], stored?: Record<string, unknown>) {
  const body: Record<string, unknown> = {
    first_name: v.first_name,
    last_name: v.last_name,
    email: orNull(v.email),
    phone: orNull(v.phone),
    mobile: orNull(v.mobile),
    job_title: v.job_title,
    department: v.department,
    company_id: v.company_id,
    do_not_call: v.do_not_call,
    email_opt_out: v.email_opt_out,
    sms_opt_out: v.sms_opt_out,
    source: v.source,
    tag_ids: v.tag_ids,
    custom_fields: customFieldsBody(defs, v.custom_fields, stored),
  };
  // Only a contact at a company can be its primary (true makes it so and unsets the previous one).
  if (v.company_id) body.is_primary = v.is_primary;
  if (v.owner_id !== OWNER_ME) body.owner_id = v.owner_id === OWNER_NONE ? null : v.owner_id;
  return body;
}

const checkBody = contractResolver<Record<string, unknown>>(CreateContactBody);

/** Errors of the form's values: the shared contract on the body, then each custom field. */
export function validateContact(v: ContactFormValues, defs: CustomFieldWire[]): FormErrors {
  const raw = checkBody(contactBody(v, defs));
  const errors = Object.fromEntries(Object.entries(raw).filter(([k]) => !k.startsWith('custom_fields')));
  return { ...errors, ...customFieldErrors(defs, v.custom_fields) };
}
