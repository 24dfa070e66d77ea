/** Wire-shaped companies, contacts, tags and custom fields for component tests. */
import type { CompanyWire, ContactWire, CustomFieldWire, TagWire } from '../components/records/types';

const id = (prefix: string, n: number) =>
  `01900000-0000-7000-8000-${prefix}${String(n).padStart(12 - prefix.length, '0')}`;
const T = '2026-01-05T10:00:00.000Z';

export function tag(n: number, name: string, color = '#228be6'): TagWire {
  return { id: id('7', n), name, color, usage: { companies: 0, contacts: 0 }, created_at: T, version: 1 };
}

export function company(n: number, name: string, extra: Partial<CompanyWire> = {}): CompanyWire {
  return {
    id: id('5', n),
    name,
    domain: `${name.toLowerCase().replace(/\W+/g, '')}.example`,
    website: null,
    phone: null,
    industry: null,
    size_band: null,
    employees: null,
    annual_revenue: null,
    type: null,
    rating: null,
    billing_address: { street: null, city: null, state: null, postal_code: null, country: null },
    tax_id: null,
    parent: null,
    owner_id: null,
    owner: null,
    tags: [],
    custom_fields: {},
    contact_count: 0,
    qualified_from_lead_id: null,
    created_at: T,
    updated_at: T,
    deleted_at: null,
    purge_at: null,
    version: 1,
    ...extra,
  };
}

export function contact(n: number, first: string, last: string, extra: Partial<ContactWire> = {}): ContactWire {
  return {
    id: id('6', n),
    first_name: first,
    last_name: last,
    name: `${first} ${last}`,
    email: `${first.toLowerCase()}@example.com`,
    phone: null,
    mobile: null,
    job_title: null,
    department: null,
    company: null,
    is_primary: false,
    do_not_call: false,
    email_opt_out: false,
    sms_opt_out: false,
    unsubscribed_at: null,
    source: null,
    owner_id: null,
    owner: null,
    tags: [],
    custom_fields: {},
    created_at: T,
    updated_at: T,
    deleted_at: null,
    purge_at: null,
    version: 1,
    ...extra,
  };
}

export function field(
  n: number,
  extra: Partial<CustomFieldWire> & Pick<CustomFieldWire, 'key' | 'label' | 'type'>,
): CustomFieldWire {
  return {
    id: id('8', n),
    entity: 'company',
    options: [],
    required: false,
    default_value: null,
    position: n,
    archived: false,
    created_at: T,
    updated_at: T,
    version: 1,
    ...extra,
  };
}

/** A page of a record list. */
export function recordPage<T>(data: T[], next_cursor: string | null = null) {
  return { data, next_cursor };
}

/** `GET /api/v1/<records>/count`. */
export function recordCount(total: number, total_capped = false) {
  return { total, total_capped };
}
