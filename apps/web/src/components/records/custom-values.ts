/**
 * Custom field values between the API and a form. The API stores values in the shape of
 * `customValueSchema(def)`; inputs hold what people type (money in major units, empty text as '').
 * Validation converts first and then runs the same shared schema the API runs.
 */
import { customValueSchema } from '@relata/shared';
import dayjs from 'dayjs';
import { toMajor, toMinor } from './money';
import type { CustomFieldWire } from './types';

/** A money input: amount in major units ('' when empty) and the currency code. */
export interface MoneyFormValue {
  amount: number | string;
  currency: string;
}

export type CustomFormValue = string | number | boolean | string[] | MoneyFormValue | null;
export type CustomFormValues = Record<string, CustomFormValue>;

export const DEFAULT_CURRENCY = 'EUR';

const isMoney = (v: unknown): v is { amount: number; currency: string } =>
  typeof v === 'object' && v !== null && 'amount' in v && 'currency' in v;

/** The input value for a stored value (or for a new record: the field's default). */
export function toFormValue(def: CustomFieldWire, stored: unknown): CustomFormValue {
  const v = stored === undefined ? def.default_value : stored;
  switch (def.type) {
    case 'number':
      return typeof v === 'number' ? v : '';
    case 'money':
      return isMoney(v)
        ? { amount: toMajor(v.amount, v.currency), currency: v.currency }
        : { amount: '', currency: DEFAULT_CURRENCY };
    case 'boolean':
      return typeof v === 'boolean' ? v : null;
    case 'select':
    case 'date':
      return typeof v === 'string' ? v : null;
    case 'datetime':
      return typeof v === 'string' ? dayjs(v).format('YYYY-MM-DD HH:mm:ss') : null;
    case 'multi_select':
      return Array.isArray(v) ? v.map(String) : [];
    default:
      return typeof v === 'string' ? v : '';
  }
}

/** The value to send for an input value: null when empty (clears the field). */
export function fromFormValue(def: CustomFieldWire, value: CustomFormValue | undefined): unknown {
  if (value === undefined || value === null) return null;
  switch (def.type) {
    case 'number':
      return value === '' ? null : Number(value);
    case 'money': {
      const m = value as MoneyFormValue;
      if (m.amount === '' || m.amount === null) return null;
      const currency = String(m.currency ?? '')
        .trim()
        .toUpperCase();
      return { amount: toMinor(Number(m.amount), currency || DEFAULT_CURRENCY), currency };
    }
    case 'multi_select':
      return Array.isArray(value) && value.length > 0 ? value : null;
    case 'datetime':
      return typeof value === 'string' && value ? new Date(value.replace(' ', 'T')).toISOString() : null;
    case 'boolean':
      return value;
    default:
      return typeof value === 'string' && value.trim() === '' ? null : value;
  }
}

/** The problem with an input value ("Is required", "Must be one of: …"), or null when it is fine. */
export function customValueError(def: CustomFieldWire, value: CustomFormValue | undefined): string | null {
  const out = fromFormValue(def, value);
  if (out === null) return def.required ? 'Is required' : null;
  const parsed = customValueSchema(def).safeParse(out);
  if (parsed.success) return null;
  const issue = parsed.error.issues[0]!;
  const where = issue.path.length ? `${issue.path.join('.')} ` : '';
  const msg = `${where}${issue.message}`;
  return msg[0]!.toUpperCase() + msg.slice(1);
}

/** Form errors for every active field, keyed `custom_fields.<key>` like the form's values. */
export function customFieldErrors(defs: CustomFieldWire[], values: CustomFormValues): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const def of defs) {
    if (def.archived) continue;
    const err = customValueError(def, values[def.key]);
    if (err) errors[`custom_fields.${def.key}`] = err;
  }
  return errors;
}

/** Input values of `defs` for a record's stored values (all active fields, defaults for new records). */
export function customFormValues(
  defs: CustomFieldWire[],
  stored: Record<string, unknown> | undefined,
): CustomFormValues {
  const out: CustomFormValues = {};
  for (const def of defs)
    if (!def.archived) out[def.key] = toFormValue(def, stored ? (stored[def.key] ?? null) : undefined);
  return out;
}

/** The `custom_fields` to send: the stored values (archived fields kept) overlaid with the inputs. */
export function customFieldsBody(
  defs: CustomFieldWire[],
  values: CustomFormValues,
  stored: Record<string, unknown> = {},
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...stored };
  for (const def of defs) if (!def.archived) out[def.key] = fromFormValue(def, values[def.key]);
  return out;
}
