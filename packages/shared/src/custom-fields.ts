/**
 * Custom fields: admin-defined fields per entity, stored in the record's `custom_fields` JSONB by key.
 * {@link customValueSchema} is the one validator of a value, used by the API on every write and by
 * the web forms.
 */
import { z } from 'zod';
import { Id, Timestamp } from './common.js';
import { Email } from './auth.js';
import { Money } from './records.js';

export const CUSTOM_FIELD_ENTITIES = ['company', 'contact', 'lead', 'deal'] as const;
export const CustomFieldEntity = z.enum(CUSTOM_FIELD_ENTITIES);
export type CustomFieldEntity = z.infer<typeof CustomFieldEntity>;

export const CUSTOM_FIELD_TYPES = [
  'text',
  'long_text',
  'number',
  'money',
  'date',
  'datetime',
  'boolean',
  'select',
  'multi_select',
  'url',
  'email',
  'phone',
] as const;
export const CustomFieldType = z.enum(CUSTOM_FIELD_TYPES);
export type CustomFieldType = z.infer<typeof CustomFieldType>;

export const CUSTOM_FIELD_TYPE_LABELS: Record<CustomFieldType, string> = {
  text: 'Text',
  long_text: 'Long text',
  number: 'Number',
  money: 'Money',
  date: 'Date',
  datetime: 'Date and time',
  boolean: 'Yes / no',
  select: 'Select',
  multi_select: 'Multi-select',
  url: 'URL',
  email: 'Email',
  phone: 'Phone',
};

/** Field key: how the value is addressed in the API (`custom_fields.<key>`, `cf.<key>` filters). */
export const CustomFieldKey = z
  .string()
  .trim()
  .regex(/^[a-z][a-z0-9_]{0,39}$/, {
    error: 'must be 1–40 characters of a–z, 0–9 and _, starting with a letter',
  })
  .meta({ examples: ['industry_code'] });

/**
 * The {@link CustomFieldKey} a field created from `label` gets: accents dropped (NFKD), ASCII lower
 * snake case, `f_` in front when it would not start with a letter, at most 40 characters without a
 * trailing `_` ("Été 2026 – budget!" → `ete_2026_budget`, "2nd contact" → `f_2nd_contact`). The
 * custom-field form and the import (API and wizard) use it, so a field planned in the wizard gets the
 * key the API creates.
 */
export function customFieldKeyOf(label: string): string {
  let k = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!/^[a-z]/.test(k)) k = `f_${k}`;
  return k.slice(0, 40).replace(/_+$/, '');
}

export const CustomFieldOptions = z
  .array(z.string().trim().min(1, { error: 'must not be empty' }).max(100))
  .max(200)
  .refine((o) => new Set(o.map((x) => x.toLowerCase())).size === o.length, { error: 'options must be unique' });

/** A custom field definition. */
export const CustomField = z.object({
  id: Id,
  entity: CustomFieldEntity,
  key: z.string(),
  label: z.string(),
  type: CustomFieldType,
  /** Choices of a select / multi-select field (empty for other types). */
  options: z.array(z.string()),
  required: z.boolean(),
  /** Value given to new records that leave the field out (same shape as a value of the type). */
  default_value: z.unknown().nullable(),
  position: z.number().int(),
  archived: z.boolean(),
  created_at: Timestamp,
  updated_at: Timestamp,
  version: z.number().int(),
});
export type CustomField = z.infer<typeof CustomField>;

/** What {@link customValueSchema} needs of a definition. */
export type CustomFieldShape = Pick<CustomField, 'type' | 'options'>;

const url = z
  .string()
  .trim()
  .max(2000)
  .refine(
    (s) => {
      try {
        const u = new URL(s);
        return u.protocol === 'http:' || u.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: 'must be an http(s) URL' },
  );

/**
 * Validator of one value of a field (null clears it). Shapes by type: text ≤ 1,000 and long text
 * ≤ 10,000 characters; number a finite number; money `{ amount, currency }` in minor units; date
 * `YYYY-MM-DD`; datetime ISO 8601 (stored in UTC); boolean; select one of the options (case-
 * insensitive, stored as the option's spelling); multi-select a list of options; url http(s); email;
 * phone a string (the API normalises it to E.164 with the organisation's default region).
 */
export function customValueSchema(def: CustomFieldShape): z.ZodType<unknown> {
  const option = z
    .string()
    .trim()
    .transform((s, ctx) => {
      const hit = def.options.find((o) => o.toLowerCase() === s.toLowerCase());
      if (hit === undefined) {
        ctx.addIssue({ code: 'custom', message: `must be one of: ${def.options.join(', ')}` });
        return z.NEVER;
      }
      return hit;
    });
  const byType: Record<CustomFieldType, z.ZodType<unknown>> = {
    text: z.string().trim().max(1000),
    long_text: z.string().max(10_000),
    number: z.number({ error: 'must be a number' }).finite(),
    money: Money,
    date: z.iso.date({ error: 'must be a date (YYYY-MM-DD)' }),
    datetime: z.iso
      .datetime({ offset: true, error: 'must be an ISO 8601 date-time' })
      .transform((s) => new Date(s).toISOString()),
    boolean: z.boolean({ error: 'must be true or false' }),
    select: option,
    multi_select: z
      .array(option)
      .max(200)
      .transform((a) => [...new Set(a)]),
    url,
    email: Email,
    phone: z.string().trim().min(1).max(40),
  };
  return byType[def.type].nullable();
}

/** `GET /api/v1/custom-fields` query. */
export const CustomFieldListQuery = z.strictObject({
  entity: CustomFieldEntity.optional(),
  include_archived: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
});

/** `POST /api/v1/custom-fields` (admin+). */
export const CreateCustomFieldBody = z.strictObject({
  entity: CustomFieldEntity,
  key: CustomFieldKey,
  label: z.string().trim().min(1, { error: 'is required' }).max(80),
  type: CustomFieldType,
  options: CustomFieldOptions.default([]),
  required: z.boolean().default(false),
  default_value: z.unknown().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
});
export type CreateCustomFieldBody = z.infer<typeof CreateCustomFieldBody>;

/**
 * `PATCH /api/v1/custom-fields/{id}` (admin+; `If-Match` honoured). Changing `type` when records
 * hold values is refused (422) unless every value converts; the key and entity never change.
 */
export const UpdateCustomFieldBody = z.strictObject({
  label: z.string().trim().min(1, { error: 'is required' }).max(80).optional(),
  type: CustomFieldType.optional(),
  options: CustomFieldOptions.optional(),
  required: z.boolean().optional(),
  default_value: z.unknown().optional(),
  position: z.number().int().min(0).max(10_000).optional(),
  archived: z.boolean().optional(),
});
export type UpdateCustomFieldBody = z.infer<typeof UpdateCustomFieldBody>;

/** `POST /api/v1/custom-fields/reorder`: the entity's fields in their new order. */
export const ReorderCustomFieldsBody = z.strictObject({
  entity: CustomFieldEntity,
  ids: z.array(Id).min(1).max(500),
});
