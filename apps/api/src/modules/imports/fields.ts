/**
 * Import target keys (issue 6 "Import target keys"): per importable entity, the catalogue of fields a
 * file column can be mapped to. Keys are the snake_case field names of the Create*Body contracts in
 * packages/shared/src (companies, contacts, leads, deals, activities, notes), except that ids become
 * relation keys resolved by the import (`owner` = member name or email, `company` = company name,
 * `pipeline` / `stage` = names, `tags` = tag names, …). Custom fields are `cf.<field key>`, typed by
 * their definition (see {@link customFieldTarget}).
 *
 * Shared by the file/mapping code (mapping/suggest.ts), the import core and the export.
 */
import {
  ACTIVITY_PRIORITIES,
  ACTIVITY_STATUSES,
  ACTIVITY_TYPES,
  CALL_DIRECTIONS,
  COMPANY_TYPES,
  DEAL_PRIORITIES,
  DEAL_STATUSES,
  DEAL_TYPES,
  LEAD_PRIORITIES,
  LEAD_STATUSES,
  RATINGS,
  RECORD_TYPE_OF,
  SIZE_BANDS,
  type CustomFieldType,
} from '@relata/shared';

export const IMPORT_ENTITIES = ['companies', 'contacts', 'leads', 'deals', 'activities', 'notes'] as const;
export type ImportEntity = (typeof IMPORT_ENTITIES)[number];

/**
 * How a cell is parsed (values/): `money` = an amount (integer minor units of the row's `currency`
 * column, else the import's default currency); `currency` = an ISO 4217 code; `date` = `YYYY-MM-DD`;
 * `datetime` = UTC ISO 8601; `picklist` = one of `options`; `multi` = a `;`/`,` separated list;
 * `relation` = a name / email / external id the import core resolves to a record or member.
 */
export const IMPORT_FIELD_TYPES = [
  'text',
  'email',
  'phone',
  'url',
  'domain',
  'integer',
  'percent',
  'money',
  'currency',
  'date',
  'datetime',
  'boolean',
  'picklist',
  'multi',
  'relation',
] as const;
export type ImportFieldType = (typeof IMPORT_FIELD_TYPES)[number];

/** One target field: `key` (mapping target), `label` (shown in the wizard; also matched against headers). */
export interface ImportField {
  key: string;
  label: string;
  type: ImportFieldType;
  /** A row without a value for it fails (on create). */
  required?: boolean;
  /** Allowed values for `picklist` (stored values; matching is case- and accent-insensitive). */
  options?: readonly string[];
}

/** The record types an activity or note can be attached to (`record_type` column). */
export const IMPORT_RECORD_TYPES = ['company', 'contact', 'lead', 'deal'] as const;

const f = (
  key: string,
  label: string,
  type: ImportFieldType,
  extra: Pick<ImportField, 'required' | 'options'> = {},
): ImportField => ({ key, label, type, ...extra });

/** Fields every record type has. */
const common: ImportField[] = [
  f('external_id', 'External ID', 'text'),
  f('owner', 'Owner', 'relation'),
  f('tags', 'Tags', 'multi'),
  f('created_at', 'Created at', 'datetime'),
];

/** Fields by which an activity or note finds the record it belongs to. */
const recordLink: ImportField[] = [
  f('record_type', 'Record type', 'picklist', { options: IMPORT_RECORD_TYPES }),
  f('record_external_id', 'Record external ID', 'text'),
  f('record_name', 'Record name', 'text'),
  f('record_email', 'Record email', 'email'),
];

/** The catalogue of target fields per entity (custom fields come on top as `cf.<key>`). */
export const IMPORT_FIELDS: Record<ImportEntity, readonly ImportField[]> = {
  companies: [
    f('name', 'Name', 'text', { required: true }),
    f('domain', 'Domain', 'domain'),
    f('website', 'Website', 'url'),
    f('phone', 'Phone', 'phone'),
    f('industry', 'Industry', 'text'),
    f('size_band', 'Size band', 'picklist', { options: SIZE_BANDS }),
    f('employees', 'Employees', 'integer'),
    f('annual_revenue', 'Annual revenue', 'money'),
    f('currency', 'Currency', 'currency'),
    f('type', 'Type', 'picklist', { options: COMPANY_TYPES }),
    f('rating', 'Rating', 'picklist', { options: RATINGS }),
    f('billing_street', 'Billing street', 'text'),
    f('billing_city', 'Billing city', 'text'),
    f('billing_region', 'Billing state/region', 'text'),
    f('billing_postal_code', 'Billing postal code', 'text'),
    f('billing_country', 'Billing country', 'text'),
    f('tax_id', 'Tax ID', 'text'),
    f('parent', 'Parent company', 'relation'),
    ...common,
  ],
  contacts: [
    f('first_name', 'First name', 'text', { required: true }),
    f('last_name', 'Last name', 'text'),
    f('email', 'Email', 'email'),
    f('phone', 'Phone', 'phone'),
    f('mobile', 'Mobile', 'phone'),
    f('job_title', 'Job title', 'text'),
    f('department', 'Department', 'text'),
    f('company', 'Company', 'relation'),
    f('company_domain', 'Company domain', 'domain'),
    f('is_primary', 'Primary contact', 'boolean'),
    f('do_not_call', 'Do not call', 'boolean'),
    f('email_opt_out', 'Email opt-out', 'boolean'),
    f('sms_opt_out', 'SMS opt-out', 'boolean'),
    f('unsubscribed_at', 'Unsubscribed at', 'datetime'),
    f('source', 'Source', 'text'),
    ...common,
  ],
  leads: [
    f('title', 'Title', 'text', { required: true }),
    // The lead's contact person (leads carry no person name of their own): the import core may
    // create or link a contact from these, and build a missing title from name and company.
    f('first_name', 'First name', 'text'),
    f('last_name', 'Last name', 'text'),
    f('job_title', 'Job title', 'text'),
    f('company_name', 'Company name', 'text'),
    f('tax_id', 'Tax ID', 'text'),
    f('email', 'Email', 'email'),
    f('phones', 'Phones', 'multi'),
    f('segment', 'Segment', 'text'),
    f('source', 'Source', 'text'),
    f('priority', 'Priority', 'picklist', { options: LEAD_PRIORITIES }),
    f('rating', 'Rating', 'picklist', { options: RATINGS }),
    f('score', 'Score', 'integer'),
    f('expected_revenue', 'Expected revenue', 'money'),
    f('currency', 'Currency', 'currency'),
    f('probability', 'Probability', 'percent'),
    f('location', 'Location', 'text'),
    f('notes', 'Notes', 'text'),
    f('pipeline', 'Pipeline', 'relation'),
    f('stage', 'Stage', 'relation'),
    f('status', 'Status', 'picklist', { options: LEAD_STATUSES }),
    f('lost_reason', 'Lost reason', 'text'),
    f('converted_at', 'Converted at', 'datetime'),
    f('lost_at', 'Lost at', 'datetime'),
    ...common,
  ],
  deals: [
    f('name', 'Name', 'text', { required: true }),
    f('company', 'Company', 'relation'),
    f('company_domain', 'Company domain', 'domain'),
    f('contact_email', 'Primary contact email', 'email'),
    f('pipeline', 'Pipeline', 'relation'),
    f('stage', 'Stage', 'relation'),
    f('status', 'Status', 'picklist', { options: DEAL_STATUSES }),
    f('amount', 'Amount', 'money'),
    f('currency', 'Currency', 'currency'),
    f('probability', 'Probability', 'percent'),
    f('expected_close_date', 'Expected close date', 'date'),
    f('type', 'Type', 'picklist', { options: DEAL_TYPES }),
    f('priority', 'Priority', 'picklist', { options: DEAL_PRIORITIES }),
    f('lost_reason', 'Lost reason', 'text'),
    f('won_reason', 'Won reason', 'text'),
    f('stage_entered_at', 'Stage entered at', 'datetime'),
    f('won_at', 'Won at', 'datetime'),
    f('lost_at', 'Lost at', 'datetime'),
    f('closed_at', 'Closed at', 'datetime'),
    ...common,
  ],
  activities: [
    f('type', 'Type', 'picklist', { required: true, options: ACTIVITY_TYPES }),
    f('subject', 'Subject', 'text', { required: true }),
    f('description', 'Description', 'text'),
    f('status', 'Status', 'picklist', { options: ACTIVITY_STATUSES }),
    f('due_at', 'Due at', 'datetime'),
    f('completed_at', 'Completed at', 'datetime'),
    f('duration_minutes', 'Duration (minutes)', 'integer'),
    f('all_day', 'All day', 'boolean'),
    f('priority', 'Priority', 'picklist', { options: ACTIVITY_PRIORITIES }),
    f('outcome', 'Outcome', 'text'),
    f('call_direction', 'Call direction', 'picklist', { options: CALL_DIRECTIONS }),
    f('recording_url', 'Recording URL', 'url'),
    f('location', 'Location', 'text'),
    ...recordLink,
    ...common,
  ],
  notes: [f('body', 'Body', 'text', { required: true }), f('pinned', 'Pinned', 'boolean'), ...recordLink, ...common],
};

/** Prefix of custom-field targets: `cf.<field key>`. */
export const CUSTOM_FIELD_TARGET_PREFIX = 'cf.';

/** The custom-field entity (custom-fields contract) of an import entity; null = no custom fields. */
export const CUSTOM_FIELD_ENTITY_OF: Record<ImportEntity, 'company' | 'contact' | 'lead' | 'deal' | null> = {
  ...RECORD_TYPE_OF,
  activities: null,
  notes: null,
};

/** How a custom field's values are parsed, by its definition type. */
export const CUSTOM_FIELD_IMPORT_TYPE: Record<CustomFieldType, ImportFieldType> = {
  text: 'text',
  long_text: 'text',
  number: 'text', // decimal numbers: parsed by the import core (may be fractional)
  money: 'money',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  select: 'picklist',
  multi_select: 'multi',
  url: 'url',
  email: 'email',
  phone: 'phone',
};

/** The import field of a custom-field definition (`key` `cf.<key>`, typed by its definition). */
export function customFieldTarget(def: {
  key: string;
  label: string;
  type: CustomFieldType;
  options?: readonly string[];
}): ImportField {
  const type = CUSTOM_FIELD_IMPORT_TYPE[def.type];
  return {
    key: `${CUSTOM_FIELD_TARGET_PREFIX}${def.key}`,
    label: def.label,
    type,
    ...(def.options && (type === 'picklist' || type === 'multi') ? { options: def.options } : {}),
  };
}

/** The built-in field `key` of `entity`, or undefined. */
export function importField(entity: ImportEntity, key: string): ImportField | undefined {
  return IMPORT_FIELDS[entity].find((x) => x.key === key);
}
