/**
 * The record tables an import writes, and how a parsed row becomes their columns. Column types are
 * those of the SQL the chunk writer builds (`jsonb_to_recordset` / `jsonb_populate_record`);
 * `defaults` fill NOT NULL columns a row leaves empty on insert.
 */
import type { ImportEntity } from '../fields.js';
import type { ParsedRow } from './parse.js';

export type RecordEntity = Extract<ImportEntity, 'companies' | 'contacts' | 'leads' | 'deals'>;

export interface TableSpec {
  table: RecordEntity;
  /** Timeline / link type. */
  recordType: 'company' | 'contact' | 'lead' | 'deal';
  tagTable: string;
  tagColumn: string;
  /** Writable columns → SQL type. */
  columns: Record<string, string>;
  /** Insert defaults for NOT NULL columns (SQL expressions). */
  defaults: Record<string, string>;
  /** Columns unique among live rows (besides the key), checked before writing. */
  unique: string[];
  /** SQL expression of the display name (timeline `created` data), over alias `t`. */
  nameSql: string;
}

const common = { external_id: 'text', owner_id: 'uuid', custom_fields: 'jsonb', created_at: 'timestamptz' };

export const SPECS: Record<RecordEntity, TableSpec> = {
  companies: {
    table: 'companies',
    recordType: 'company',
    tagTable: 'company_tags',
    tagColumn: 'company_id',
    columns: {
      name: 'text',
      domain: 'text',
      website: 'text',
      phone: 'text',
      industry: 'text',
      size_band: 'text',
      employees: 'integer',
      annual_revenue_amount: 'bigint',
      annual_revenue_currency: 'text',
      type: 'text',
      rating: 'text',
      billing_street: 'text',
      billing_city: 'text',
      billing_state: 'text',
      billing_postal_code: 'text',
      billing_country: 'text',
      tax_id: 'text',
      parent_id: 'uuid',
      ...common,
    },
    defaults: { custom_fields: `'{}'::jsonb`, created_at: 'now()' },
    unique: ['domain', 'external_id'],
    nameSql: 't.name',
  },
  contacts: {
    table: 'contacts',
    recordType: 'contact',
    tagTable: 'contact_tags',
    tagColumn: 'contact_id',
    columns: {
      first_name: 'text',
      last_name: 'text',
      email: 'text',
      phone: 'text',
      mobile: 'text',
      job_title: 'text',
      department: 'text',
      company_id: 'uuid',
      do_not_call: 'boolean',
      email_opt_out: 'boolean',
      sms_opt_out: 'boolean',
      unsubscribed_at: 'timestamptz',
      source: 'text',
      ...common,
    },
    defaults: {
      do_not_call: 'false',
      email_opt_out: 'false',
      sms_opt_out: 'false',
      custom_fields: `'{}'::jsonb`,
      created_at: 'now()',
    },
    unique: ['email', 'external_id'],
    nameSql: 't.full_name',
  },
  leads: {
    table: 'leads',
    recordType: 'lead',
    tagTable: 'lead_tags',
    tagColumn: 'lead_id',
    columns: {
      title: 'text',
      company_name: 'text',
      tax_id: 'text',
      email: 'text',
      phones: 'text[]',
      segment: 'text',
      source: 'text',
      priority: 'text',
      rating: 'text',
      score: 'integer',
      expected_revenue_amount: 'bigint',
      expected_revenue_currency: 'text',
      probability: 'integer',
      location: 'text',
      notes: 'text',
      status: 'text',
      lost_reason: 'text',
      lost_at: 'timestamptz',
      converted_at: 'timestamptz',
      pipeline_id: 'uuid',
      stage_id: 'uuid',
      position: 'text',
      stage_entered_at: 'timestamptz',
      ...common,
    },
    defaults: {
      phones: `'{}'::text[]`,
      status: `'open'`,
      custom_fields: `'{}'::jsonb`,
      created_at: 'now()',
      stage_entered_at: 'now()',
    },
    // Leads' external_id is unique over deleted rows too (migration 0008).
    unique: ['external_id'],
    nameSql: 't.title',
  },
  deals: {
    table: 'deals',
    recordType: 'deal',
    tagTable: 'deal_tags',
    tagColumn: 'deal_id',
    columns: {
      name: 'text',
      company_id: 'uuid',
      amount: 'bigint',
      currency: 'text',
      probability: 'integer',
      expected_close_date: 'date',
      status: 'text',
      type: 'text',
      priority: 'text',
      lost_reason: 'text',
      won_reason: 'text',
      won_at: 'timestamptz',
      closed_at: 'timestamptz',
      pipeline_id: 'uuid',
      stage_id: 'uuid',
      position: 'text',
      stage_entered_at: 'timestamptz',
      ...common,
    },
    defaults: {
      amount: '0',
      status: `'open'`,
      custom_fields: `'{}'::jsonb`,
      created_at: 'now()',
      stage_entered_at: 'now()',
    },
    unique: ['external_id'],
    nameSql: 't.name',
  },
};

/** Targets copied as they are to a column of the same name. */
const DIRECT: Record<RecordEntity, string[]> = {
  companies: [
    'name',
    'domain',
    'website',
    'phone',
    'industry',
    'size_band',
    'employees',
    'type',
    'rating',
    'billing_street',
    'billing_city',
    'billing_postal_code',
    'billing_country',
    'tax_id',
  ],
  contacts: [
    'first_name',
    'last_name',
    'email',
    'phone',
    'mobile',
    'job_title',
    'department',
    'do_not_call',
    'email_opt_out',
    'sms_opt_out',
    'unsubscribed_at',
    'source',
  ],
  leads: [
    'title',
    'company_name',
    'tax_id',
    'email',
    'segment',
    'source',
    'priority',
    'rating',
    'score',
    'probability',
    'location',
    'notes',
    'lost_reason',
    'lost_at',
    'converted_at',
  ],
  deals: ['name', 'probability', 'expected_close_date', 'type', 'priority', 'lost_reason', 'won_reason'],
};

/**
 * The plain columns of a row (relations, stages and owners are added by the chunk writer):
 * direct copies, money split into amount + currency, `billing_region` → `billing_state`,
 * `external_id`, `created_at`, and `cf.*` as a `custom_fields` object.
 */
export function plainColumns(entity: RecordEntity, r: ParsedRow): Record<string, unknown> {
  const v = r.values;
  const out: Record<string, unknown> = {};
  for (const k of DIRECT[entity]) if (v[k] !== undefined) out[k] = v[k];
  if (v.external_id !== undefined) out.external_id = v.external_id;
  if (v.created_at !== undefined) out.created_at = v.created_at;
  const money = (key: string, amountCol: string, currencyCol: string) => {
    const m = v[key] as { amount: number; currency: string } | undefined;
    if (m) {
      out[amountCol] = m.amount;
      out[currencyCol] = m.currency;
    }
  };
  if (entity === 'companies') {
    money('annual_revenue', 'annual_revenue_amount', 'annual_revenue_currency');
    if (v.billing_region !== undefined) out.billing_state = v.billing_region;
  }
  if (entity === 'leads') money('expected_revenue', 'expected_revenue_amount', 'expected_revenue_currency');
  if (entity === 'deals') {
    money('amount', 'amount', 'currency');
    if (out.currency === undefined && v.currency !== undefined) out.currency = v.currency;
  }
  const cf: Record<string, unknown> = {};
  for (const [k, val] of Object.entries(v)) if (k.startsWith('cf.')) cf[k.slice(3)] = val;
  if (Object.keys(cf).length) out.custom_fields = cf;
  return out;
}
