/**
 * The columns of each entity's export: header key (an import target key, packages/shared
 * exports.ts), how the value is written (CellKind) and where it comes from in the list's API-shaped
 * rows. Relations are written as what an import matches on: company name (and domain), owner email,
 * tag names joined by `; `, pipeline and stage names, the primary contact's email.
 */
import {
  EXPORT_COLUMN_ALIASES,
  EXPORT_COLUMNS,
  EXPORT_MAX_COLUMNS,
  type Company,
  type Contact,
  type CustomField,
  type Deal,
  type ExportEntity,
  type Lead,
} from '@relata/shared';
import { invalid } from '../../lib/errors.js';
import { formatMinor, type CellKind, type RawCell } from './exports.format.js';

/** Lookups an export makes besides the list's own decoration (see exports.service.ts). */
export interface Extras {
  /** Membership id → the member's email. */
  ownerEmails: Map<string, string>;
  /** Company id → domain (for `company_domain`). */
  companyDomains: Map<string, string | null>;
  /** Contact id → email (for a deal's `contact_email`). */
  contactEmails: Map<string, string | null>;
  /** Record id → external id (companies, contacts, deals: not in their API shape). */
  externalIds: Map<string, string | null>;
  /** Pipeline id → name (leads carry only the id). */
  pipelineNames: Map<string, string>;
}

export interface ExportColumn<R = never> {
  key: string;
  kind: CellKind;
  get: (row: R, extras: Extras) => RawCell;
  /** A custom field's type (`cf.<key>` columns only; the COPY export formats by it, exports.contacts.ts). */
  cfType?: CustomField['type'];
}

type Fixed<R> = Record<string, Omit<ExportColumn<R>, 'key'>>;
interface Tagged {
  id: string;
  owner_id: string | null;
  tags: Array<{ name: string }>;
  created_at: Date | string;
  updated_at: Date | string;
}

const text = <R>(get: (r: R) => RawCell) => ({ kind: 'text' as const, get });
const num = <R>(get: (r: R) => RawCell) => ({ kind: 'number' as const, get });
const bool = <R>(get: (r: R) => RawCell) => ({ kind: 'boolean' as const, get });
const time = <R>(get: (r: R) => RawCell) => ({ kind: 'datetime' as const, get });

/** owner, tags, created_at, updated_at: the same on every record type. */
function common<R extends Tagged>(): Fixed<R> {
  return {
    external_id: { kind: 'text', get: (r, x) => x.externalIds.get(r.id) },
    owner: { kind: 'text', get: (r, x) => (r.owner_id ? (x.ownerEmails.get(r.owner_id) ?? null) : null) },
    tags: text((r) => (r.tags.length ? r.tags.map((t) => t.name).join('; ') : null)),
    created_at: time((r) => r.created_at),
    updated_at: time((r) => r.updated_at),
  };
}

const companyCols: Fixed<Company> = {
  name: text((r) => r.name),
  domain: text((r) => r.domain),
  website: text((r) => r.website),
  phone: text((r) => r.phone),
  industry: text((r) => r.industry),
  type: text((r) => r.type),
  rating: text((r) => r.rating),
  size_band: text((r) => r.size_band),
  employees: num((r) => r.employees),
  annual_revenue: { kind: 'money', get: (r) => r.annual_revenue },
  currency: text((r) => r.annual_revenue?.currency),
  tax_id: text((r) => r.tax_id),
  parent: text((r) => r.parent?.name),
  billing_street: text((r) => r.billing_address.street),
  billing_city: text((r) => r.billing_address.city),
  billing_region: text((r) => r.billing_address.state),
  billing_postal_code: text((r) => r.billing_address.postal_code),
  billing_country: text((r) => r.billing_address.country),
  ...common<Company>(),
};

const contactCols: Fixed<Contact> = {
  first_name: text((r) => r.first_name),
  last_name: text((r) => r.last_name),
  email: text((r) => r.email),
  phone: text((r) => r.phone),
  mobile: text((r) => r.mobile),
  job_title: text((r) => r.job_title),
  department: text((r) => r.department),
  company: text((r) => r.company?.name),
  company_domain: { kind: 'text', get: (r, x) => (r.company ? x.companyDomains.get(r.company.id) : null) },
  is_primary: bool((r) => r.is_primary),
  do_not_call: bool((r) => r.do_not_call),
  email_opt_out: bool((r) => r.email_opt_out),
  sms_opt_out: bool((r) => r.sms_opt_out),
  unsubscribed_at: time((r) => r.unsubscribed_at),
  source: text((r) => r.source),
  ...common<Contact>(),
};

const leadCols: Fixed<Lead> = {
  title: text((r) => r.title),
  company_name: text((r) => r.company_name),
  email: text((r) => r.email),
  phones: text((r) => (r.phones.length ? r.phones.join(', ') : null)),
  pipeline: { kind: 'text', get: (r, x) => x.pipelineNames.get(r.pipeline_id) },
  stage: text((r) => r.stage.name),
  status: text((r) => r.status),
  expected_revenue: { kind: 'money', get: (r) => r.expected_revenue },
  currency: text((r) => r.expected_revenue?.currency),
  probability: num((r) => r.probability),
  priority: text((r) => r.priority),
  rating: text((r) => r.rating),
  score: num((r) => r.score),
  source: text((r) => r.source),
  segment: text((r) => r.segment),
  tax_id: text((r) => r.tax_id),
  location: text((r) => r.location),
  notes: text((r) => r.notes),
  lost_reason: text((r) => r.lost_reason),
  converted_at: time((r) => r.converted_at),
  lost_at: time((r) => r.lost_at),
  ...common<Lead>(),
  external_id: text((r) => r.external_id),
};

const primaryOf = (d: Deal) => d.contacts.find((c) => c.is_primary) ?? null;

const dealCols: Fixed<Deal> = {
  name: text((r) => r.name),
  company: text((r) => r.company?.name),
  company_domain: { kind: 'text', get: (r, x) => (r.company ? x.companyDomains.get(r.company.id) : null) },
  contact_email: {
    kind: 'text',
    get: (r, x) => {
      const p = primaryOf(r);
      return p ? x.contactEmails.get(p.id) : null;
    },
  },
  pipeline: text((r) => r.pipeline.name),
  stage: text((r) => r.stage.name),
  status: text((r) => r.status),
  amount: { kind: 'money', get: (r) => r.amount },
  currency: text((r) => r.amount.currency),
  probability: num((r) => r.probability_override),
  expected_close_date: { kind: 'date', get: (r) => r.expected_close_date },
  type: text((r) => r.type),
  priority: text((r) => r.priority),
  lost_reason: text((r) => r.lost_reason),
  won_reason: text((r) => r.won_reason),
  stage_entered_at: time((r) => r.stage_entered_at),
  won_at: time((r) => r.won_at),
  closed_at: time((r) => r.closed_at),
  ...common<Deal>(),
};

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const FIXED: Record<ExportEntity, Fixed<any>> = {
  companies: companyCols,
  contacts: contactCols,
  leads: leadCols,
  deals: dealCols,
};

const CF_KIND: Record<CustomField['type'], CellKind> = {
  text: 'text',
  long_text: 'text',
  number: 'number',
  money: 'text',
  date: 'date',
  datetime: 'datetime',
  boolean: 'boolean',
  select: 'text',
  multi_select: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
};

/**
 * A custom field as a column `cf.<key>`: multi-select options joined by `; `, money as
 * `<decimal> <currency>` text (`1250.00 EUR`, the import's money parser reads it), others as typed.
 */
function customColumn(def: CustomField): ExportColumn {
  const kind = CF_KIND[def.type];
  return {
    key: `cf.${def.key}`,
    kind,
    cfType: def.type,
    get: (row: { custom_fields: Record<string, unknown> }) => {
      const v = row.custom_fields[def.key];
      if (v === null || v === undefined) return null;
      if (def.type === 'multi_select') return Array.isArray(v) ? v.join('; ') : String(v as string);
      if (def.type === 'money') {
        const m = v as { amount: number; currency: string };
        return `${formatMinor(m.amount, m.currency)} ${m.currency}`;
      }
      return v as RawCell;
    },
  } as ExportColumn;
}

/**
 * The columns of an export, in file order: `requested` (comma-separated keys or list-view aliases)
 * or, when absent, every fixed column but `updated_at` followed by the active custom fields.
 * A repeated column is written once; unknown or archived columns → 400 naming `query.columns`.
 */
export function resolveColumns(params: {
  entity: ExportEntity;
  requested: string | undefined;
  defs: CustomField[];
}): ExportColumn[] {
  const { entity, defs } = params;
  const fixed = FIXED[entity];
  const byKey = (key: string): ExportColumn | undefined => {
    if (Object.hasOwn(fixed, key)) return { key, ...fixed[key]! } as ExportColumn;
    const def = key.startsWith('cf.') ? defs.find((d) => `cf.${d.key}` === key && !d.archived) : undefined;
    return def ? customColumn(def) : undefined;
  };
  if (params.requested === undefined) {
    const keys = EXPORT_COLUMNS[entity].filter((k) => k !== 'updated_at');
    return [...keys.map((k) => byKey(k)!), ...defs.filter((d) => !d.archived).map((d) => customColumn(d))];
  }
  const aliases = EXPORT_COLUMN_ALIASES[entity];
  const keys = params.requested
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .flatMap((k) => (Object.hasOwn(aliases, k) ? [...aliases[k]!] : [k]));
  const unknown = keys.filter((k) => !byKey(k));
  if (unknown.length) {
    throw invalid([
      {
        path: 'query.columns',
        message: `unknown column(s) ${unknown.join(', ')}; use ${EXPORT_COLUMNS[entity].join(', ')} or cf.<custom field key>`,
      },
    ]);
  }
  const unique = [...new Set(keys)];
  if (unique.length === 0 || unique.length > EXPORT_MAX_COLUMNS) {
    throw invalid([{ path: 'query.columns', message: `must name 1 to ${EXPORT_MAX_COLUMNS} columns` }]);
  }
  return unique.map((k) => byKey(k)!);
}
