/**
 * The survivor's values after a merge: per mergeable field, the value of the record named in
 * `fields`, else the survivor's own, or — when the survivor's is empty (null, '' or []) — the first
 * non-empty value among the merged records in the order given. Custom fields likewise per key.
 * A contact's `unsubscribed_at` follows the record its `email_opt_out` came from.
 */
import { MERGE_FIELDS, type MergeType } from '@relata/shared';
import { columnsOfField, fieldValue, fieldsOf, isEmpty } from './merge.fields.js';

type Row = Record<string, unknown> & { id: string };

/** Column updates (`set`) and the whole new `custom_fields` object of the survivor. */
export function columnsOf(params: { type: MergeType; survivor: Row; losers: Row[]; fields: Record<string, string> }): {
  set: Record<string, unknown>;
  custom: Record<string, unknown>;
} {
  const { type, survivor, losers, fields } = params;
  const byId = new Map([survivor, ...losers].map((r) => [r.id, r]));
  const source = (field: string): Row => {
    const chosen = fields[field];
    if (chosen) return byId.get(chosen)!;
    if (!isEmpty(fieldValue(type, survivor, field))) return survivor;
    return losers.find((r) => !isEmpty(fieldValue(type, r, field))) ?? survivor;
  };
  const set: Record<string, unknown> = {};
  for (const field of MERGE_FIELDS[type]) {
    const from = source(field);
    Object.assign(set, columnsOfField(type, field, fieldValue(type, from, field)));
    if (type === 'contacts' && field === 'email_opt_out') set.unsubscribed_at = from.unsubscribed_at ?? null;
  }
  const custom: Record<string, unknown> = {};
  for (const field of fieldsOf(type, [survivor, ...losers])) {
    if (!field.startsWith('custom_fields.')) continue;
    const value = fieldValue(type, source(field), field);
    if (value !== null) custom[field.slice('custom_fields.'.length)] = value;
  }
  return { set, custom };
}
