/**
 * The whitelist of segment fields: each key of `SEGMENT_FIELDS` (@relata/shared) mapped to the SQL
 * it reads, plus the organisation's active custom fields (`cf.<key>`). A key not found here is a 400;
 * no user string ever becomes an identifier.
 */
import { sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  CUSTOM_FIELD_SEGMENT_TYPE,
  SEGMENT_FIELDS,
  SEGMENT_RECORD_TYPE,
  type CustomField,
  type SegmentEntity,
  type SegmentField,
  type SegmentFieldType,
} from '@relata/shared';
import { companies, contacts, deals, leads } from '../../db/schema/index.js';
import { RECORD_TABLES, type RecordTable } from '../records/entities.js';

/** How a field is read. */
export type FieldSource =
  /** A value of the record row (column or custom-field expression); `text` columns allow LIKE. */
  | { kind: 'scalar'; expr: SQL | AnyPgColumn; empty?: 'blank' }
  /** A custom multi-select: a JSON array under `key` of `custom_fields`. */
  | { kind: 'multi'; key: string }
  | { kind: 'tags' }
  /** A column of the record's company (contacts, deals): `co.<column>`. */
  | { kind: 'company'; column: string }
  | { kind: 'open_deal_stage' }
  | { kind: 'deal_amount' }
  | { kind: 'last_activity' };

export interface ResolvedField {
  key: string;
  type: SegmentFieldType;
  options?: readonly string[] | undefined;
  source: FieldSource;
}

const COMPANY_COLUMNS: Record<string, string> = {
  'company.name': 'name',
  'company.industry': 'industry',
  'company.type': 'type',
  'company.size_band': 'size_band',
  'company.employees': 'employees',
  'company.annual_revenue': 'annual_revenue_amount',
  'company.billing_country': 'billing_country',
  'company.billing_city': 'billing_city',
  'company.domain': 'domain',
};

const common = (t: RecordTable): Record<string, AnyPgColumn> => ({
  owner: t.owner_id,
  created_at: t.created_at,
  updated_at: t.updated_at,
});

/** Fixed fields → the record table's column. */
const COLUMNS: Record<SegmentEntity, Record<string, AnyPgColumn>> = {
  contacts: {
    name: contacts.full_name,
    first_name: contacts.first_name,
    last_name: contacts.last_name,
    email: contacts.email,
    phone: contacts.phone,
    mobile: contacts.mobile,
    job_title: contacts.job_title,
    department: contacts.department,
    source: contacts.source,
    company: contacts.company_id,
    is_primary: contacts.is_primary,
    do_not_call: contacts.do_not_call,
    email_opt_out: contacts.email_opt_out,
    unsubscribed_at: contacts.unsubscribed_at,
    ...common(contacts),
  },
  companies: {
    name: companies.name,
    domain: companies.domain,
    industry: companies.industry,
    size_band: companies.size_band,
    employees: companies.employees,
    annual_revenue: companies.annual_revenue_amount,
    type: companies.type,
    rating: companies.rating,
    billing_city: companies.billing_city,
    billing_country: companies.billing_country,
    tax_id: companies.tax_id,
    parent: companies.parent_id,
    ...common(companies),
  },
  leads: {
    title: leads.title,
    company_name: leads.company_name,
    email: leads.email,
    source: leads.source,
    segment: leads.segment,
    priority: leads.priority,
    rating: leads.rating,
    score: leads.score,
    expected_revenue: leads.expected_revenue_amount,
    probability: leads.probability,
    status: leads.status,
    pipeline: leads.pipeline_id,
    stage: leads.stage_id,
    next_follow_up_at: leads.next_follow_up_at,
    ...common(leads),
  },
  deals: {
    name: deals.name,
    amount: deals.amount,
    currency: deals.currency,
    probability: deals.probability,
    expected_close_date: deals.expected_close_date,
    status: deals.status,
    type: deals.type,
    priority: deals.priority,
    pipeline: deals.pipeline_id,
    stage: deals.stage_id,
    company: deals.company_id,
    won_at: deals.won_at,
    closed_at: deals.closed_at,
    ...common(deals),
  },
};

/** The record table of a segment entity. */
export const tableOf = (entity: SegmentEntity): RecordTable => RECORD_TABLES[SEGMENT_RECORD_TYPE[entity]].table;

/** A custom field's value as SQL of its type; malformed stored JSON reads as null, never a cast error. */
function customExpression(column: AnyPgColumn, def: CustomField): SQL {
  const key = def.key;
  const text = sql`(${column} ->> ${key}::text)`;
  switch (def.type) {
    case 'number':
      return sql`(case when jsonb_typeof(${column} -> ${key}::text) = 'number' then ${text}::numeric end)`;
    case 'money':
      return sql`(case when jsonb_typeof((${column} -> ${key}::text) -> 'amount') = 'number' then ((${column} -> ${key}::text) ->> 'amount')::numeric end)`;
    case 'date':
      return sql`(case when ${text} ~ '^\\d{4}-\\d{2}-\\d{2}$' then ${text}::date end)`;
    case 'datetime':
      return sql`(case when ${text} ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}' then ${text}::timestamptz end)`;
    case 'boolean':
      return sql`(case when jsonb_typeof(${column} -> ${key}::text) = 'boolean' then ${text}::boolean end)`;
    default:
      return sql`(case when jsonb_typeof(${column} -> ${key}::text) = 'string' then ${text} end)`;
  }
}

/** The field `key` of `entity`, or undefined when it is not on the whitelist. */
export function resolveField(entity: SegmentEntity, key: string, defs: CustomField[]): ResolvedField | undefined {
  const cf = /^cf\.([a-z][a-z0-9_]{0,39})$/.exec(key);
  if (cf) {
    const def = defs.find((d) => d.key === cf[1] && !d.archived);
    if (!def) return undefined;
    const type = CUSTOM_FIELD_SEGMENT_TYPE[def.type];
    const column = tableOf(entity).custom_fields;
    return {
      key,
      type,
      options: def.options,
      source:
        type === 'multi_select'
          ? { kind: 'multi', key: def.key }
          : { kind: 'scalar', expr: customExpression(column, def), empty: type === 'text' ? 'blank' : undefined },
    };
  }
  const field = SEGMENT_FIELDS[entity].find((f) => f.key === key);
  if (!field) return undefined;
  const base = { key, type: field.type, options: field.options };
  if (key in COMPANY_COLUMNS) return { ...base, source: { kind: 'company', column: COMPANY_COLUMNS[key]! } };
  if (key === 'tags') return { ...base, source: { kind: 'tags' } };
  if (key === 'open_deal_stage') return { ...base, source: { kind: 'open_deal_stage' } };
  if (key === 'deal_amount') return { ...base, source: { kind: 'deal_amount' } };
  if (key === 'last_activity_at') return { ...base, source: { kind: 'last_activity' } };
  const column = COLUMNS[entity][key];
  if (!column) return undefined;
  return { ...base, source: { kind: 'scalar', expr: column, empty: field.type === 'text' ? 'blank' : undefined } };
}

/** The fields a condition on `entity` may name: fixed, then active custom fields, then related. */
export function fieldCatalogue(entity: SegmentEntity, defs: CustomField[]): SegmentField[] {
  const fixed = SEGMENT_FIELDS[entity];
  const custom: SegmentField[] = defs
    .filter((d) => !d.archived)
    .map((d) => ({
      key: `cf.${d.key}`,
      label: d.label,
      type: CUSTOM_FIELD_SEGMENT_TYPE[d.type],
      group: 'custom_fields',
      ...(d.options.length ? { options: d.options } : {}),
    }));
  return [...fixed.filter((f) => f.group === 'fields'), ...custom, ...fixed.filter((f) => f.group === 'related')];
}
