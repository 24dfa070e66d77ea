/**
 * The mergeable fields of each record type (@relata/shared `MERGE_FIELDS`) and the columns behind
 * them. Grouped fields move as one value: money (minor units + currency) and the billing address.
 * Custom fields are addressed as `custom_fields.<key>`.
 */
import { MERGE_FIELDS, type CustomFieldEntity, type MergeType } from '@relata/shared';

/** Columns of a field whose name differs from its column, or that spans several columns. */
const GROUPED: Record<string, Record<string, string>> = {
  annual_revenue: { amount: 'annual_revenue_amount', currency: 'annual_revenue_currency' },
  expected_revenue: { amount: 'expected_revenue_amount', currency: 'expected_revenue_currency' },
  billing_address: {
    street: 'billing_street',
    city: 'billing_city',
    state: 'billing_state',
    postal_code: 'billing_postal_code',
    country: 'billing_country',
  },
};

/** Per merge type: table, record entity (custom fields, timeline), label. */
export const MERGE_TYPES: Record<MergeType, { table: string; entity: CustomFieldEntity; label: string }> = {
  contacts: { table: 'contacts', entity: 'contact', label: 'Contact' },
  companies: { table: 'companies', entity: 'company', label: 'Company' },
  leads: { table: 'leads', entity: 'lead', label: 'Lead' },
  deals: { table: 'deals', entity: 'deal', label: 'Deal' },
};

/** True when `field` is a mergeable field of `type` (custom fields: any `custom_fields.<key>`). */
export function isMergeField(type: MergeType, field: string): boolean {
  if (field.startsWith('custom_fields.')) return /^custom_fields\.[a-z][a-z0-9_]{0,62}$/.test(field);
  return (MERGE_FIELDS[type] as readonly string[]).includes(field);
}

/** Column name → value updates that give a record `field`'s `value` (as {@link fieldValue} returns it). */
export function columnsOfField(type: MergeType, field: string, value: unknown): Record<string, unknown> {
  if (field === 'amount' && type === 'deals') {
    const v = value as { amount: number; currency: string };
    return { amount: v.amount, currency: v.currency };
  }
  const group = GROUPED[field];
  if (!group) return { [field]: value };
  const v = (value ?? {}) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(group).map(([k, col]) => [col, v[k] ?? null]));
}

/**
 * A record row's value of `field`: the column, or an object for grouped fields (null when all its
 * columns are null; money amounts as numbers), or the custom field's value (null when unset).
 */
export function fieldValue(type: MergeType, row: Record<string, unknown>, field: string): unknown {
  if (field.startsWith('custom_fields.')) {
    const custom = (row.custom_fields ?? {}) as Record<string, unknown>;
    return custom[field.slice('custom_fields.'.length)] ?? null;
  }
  if (field === 'amount' && type === 'deals') return { amount: Number(row.amount), currency: row.currency };
  const group = GROUPED[field];
  if (!group) return row[field] ?? null;
  const out: Record<string, unknown> = {};
  let any = false;
  for (const [k, col] of Object.entries(group)) {
    const v = row[col] ?? null;
    if (v !== null) any = true;
    out[k] = k === 'amount' && v !== null ? Number(v) : v;
  }
  return any ? out : null;
}

/** True when a value counts as empty for the "fill the survivor's blanks" default. */
export const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

/** Every mergeable field of `rows` (custom fields: the keys any of them has), in display order. */
export function fieldsOf(type: MergeType, rows: Array<Record<string, unknown>>): string[] {
  const custom = new Set<string>();
  for (const r of rows) for (const k of Object.keys((r.custom_fields ?? {}) as object)) custom.add(k);
  return [...MERGE_FIELDS[type], ...[...custom].sort().map((k) => `custom_fields.${k}`)];
}
