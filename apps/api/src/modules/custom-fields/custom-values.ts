/**
 * Custom field values on records: validation on write, conversion when a field's type changes, and
 * the SQL of `cf.<key>` filters and sorts. Keys come only from the organisation's definitions and
 * values are always bound parameters (DESIGN §5).
 */
import { and, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import { CUSTOM_FILTER_KEY, customValueSchema, type CustomField, type FieldIssue } from '@relata/shared';
import { invalid } from '../../lib/errors.js';
import { toE164 } from '../../lib/phone.js';
import type { SortKind } from '../../lib/pagination.js';
import { escapeLike } from '../../db/sql.js';

type Def = Pick<CustomField, 'key' | 'label' | 'type' | 'options' | 'required' | 'default_value' | 'archived'>;

/** Validates one value against a definition; returns the value to store or an error message. */
export function checkValue(
  def: Def,
  value: unknown,
  region: string,
): { ok: true; value: unknown } | { ok: false; message: string } {
  const parsed = customValueSchema(def).safeParse(value);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]?.message ?? 'is not valid' };
  let out = parsed.data;
  if (def.type === 'phone' && typeof out === 'string') {
    try {
      out = toE164(out, region, 'x');
    } catch {
      return { ok: false, message: `is not a valid phone number for region ${region}` };
    }
  }
  return { ok: true, value: out };
}

/**
 * The custom field values to store after a create (`existing` undefined) or an update: unknown or
 * archived keys, wrong types and missing required fields → 400 with `body.custom_fields.<key>`.
 * On create, defaults fill absent fields; null removes a value.
 */
export function resolveCustomValues(params: {
  defs: Def[];
  input: Record<string, unknown> | undefined;
  existing?: Record<string, unknown>;
  region: string;
  entityLabel: string;
}): Record<string, unknown> {
  const { defs, input = {}, existing, region } = params;
  const byKey = new Map(defs.map((d) => [d.key, d]));
  const issues: FieldIssue[] = [];
  const out: Record<string, unknown> = { ...(existing ?? {}) };
  for (const [key, raw] of Object.entries(input)) {
    const def = byKey.get(key);
    const path = `body.custom_fields.${key}`;
    if (!def) {
      issues.push({ path, message: `is not a custom field of ${params.entityLabel}` });
      continue;
    }
    if (def.archived) {
      issues.push({ path, message: 'is archived and cannot be written' });
      continue;
    }
    const r = checkValue(def, raw, region);
    if (!r.ok) issues.push({ path, message: r.message });
    else if (r.value === null || (Array.isArray(r.value) && r.value.length === 0) || r.value === '') delete out[key];
    else out[key] = r.value;
  }
  for (const def of defs) {
    if (def.archived) continue;
    if (!existing && !(def.key in input) && def.default_value !== null && def.default_value !== undefined) {
      out[def.key] = def.default_value;
    }
    if (def.required && (out[def.key] === undefined || out[def.key] === null)) {
      const path = `body.custom_fields.${def.key}`;
      if (!issues.some((i) => i.path === path)) issues.push({ path, message: `is required (${def.label})` });
    }
  }
  if (issues.length) throw invalid(issues);
  return out;
}

/**
 * A stored value converted to another definition (type change), or undefined when it does not
 * convert. Tries the value as it is, then the usual coercions (number ↔ text, date ↔ datetime,
 * select ↔ multi-select, text → boolean/number/select).
 */
export function convertValue(def: Def, value: unknown, region: string): { ok: true; value: unknown } | { ok: false } {
  const candidates: unknown[] = [value];
  if (typeof value === 'number' || typeof value === 'boolean') candidates.push(String(value));
  if (Array.isArray(value)) {
    candidates.push(value.join(', '));
    if (value.length === 1) candidates.push(value[0]);
  }
  if (typeof value === 'string') {
    const t = value.trim();
    if (t !== '' && !Number.isNaN(Number(t))) candidates.push(Number(t));
    if (/^(true|false)$/i.test(t)) candidates.push(t.toLowerCase() === 'true');
    if (/^\d{4}-\d{2}-\d{2}$/.test(t)) candidates.push(`${t}T00:00:00.000Z`);
    if (/^\d{4}-\d{2}-\d{2}T/.test(t)) candidates.push(t.slice(0, 10));
    candidates.push([t]);
  }
  if (value && typeof value === 'object' && !Array.isArray(value) && 'amount' in value) {
    candidates.push((value as { amount: unknown }).amount);
  }
  for (const c of candidates) {
    const r = checkValue(def, c, region);
    if (r.ok) return r;
  }
  return { ok: false };
}

const KIND: Record<Def['type'], SortKind> = {
  text: 'text',
  long_text: 'text',
  url: 'text',
  email: 'text',
  phone: 'text',
  select: 'text',
  multi_select: 'text',
  number: 'number',
  money: 'number',
  date: 'date',
  datetime: 'timestamp',
  boolean: 'boolean',
};

/** The SQL value of a field for sorting and range filters, typed by the field's type. */
export function fieldExpression(column: AnyPgColumn, def: Def): { expr: SQL; kind: SortKind } {
  const text = sql`(${column} ->> ${def.key}::text)`;
  switch (def.type) {
    case 'number':
      return { expr: sql`${text}::numeric`, kind: 'number' };
    case 'money':
      return { expr: sql`((${column} -> ${def.key}::text) ->> 'amount')::numeric`, kind: 'number' };
    case 'date':
      return { expr: sql`${text}::date`, kind: 'date' };
    case 'datetime':
      return { expr: sql`${text}::timestamptz`, kind: 'timestamp' };
    case 'boolean':
      return { expr: sql`${text}::boolean`, kind: 'boolean' };
    case 'multi_select':
      return { expr: sql`((${column} -> ${def.key}::text) ->> 0)`, kind: 'text' };
    default:
      return { expr: text, kind: KIND[def.type] };
  }
}

/**
 * Conditions of the `cf.<key>[.gte|.lte|.empty]` entries of a list query or bulk filter:
 * plain → equals (text-like fields: contains, case-insensitive; multi-select: has the option);
 * gte/lte → ranges on number, money (amount in minor units), date and datetime fields;
 * empty=true|false → the field has no value / has one. Unknown keys or bad values → 400.
 */
export function customFilterConditions(params: {
  column: AnyPgColumn;
  defs: Def[];
  query: Record<string, unknown>;
  pathPrefix: string;
}): SQL | undefined {
  const { column, defs, query, pathPrefix } = params;
  const byKey = new Map(defs.filter((d) => !d.archived).map((d) => [d.key, d]));
  const conds: SQL[] = [];
  const issues: FieldIssue[] = [];
  for (const [name, raw] of Object.entries(query)) {
    const m = CUSTOM_FILTER_KEY.exec(name);
    if (!m || raw === undefined) continue;
    const [, key, op] = m as unknown as [string, string, 'gte' | 'lte' | 'empty' | undefined];
    const path = `${pathPrefix}.${name}`;
    const def = byKey.get(key);
    if (!def) {
      issues.push({ path, message: 'is not an active custom field' });
      continue;
    }
    const value = String(raw);
    const present = sql`jsonb_exists(${column}, ${key}::text)`;
    if (op === 'empty') {
      if (value !== 'true' && value !== 'false') issues.push({ path, message: 'must be true or false' });
      else conds.push(value === 'true' ? sql`not ${present}` : present);
      continue;
    }
    const { expr, kind } = fieldExpression(column, def);
    if (op) {
      if (!['number', 'date', 'timestamp'].includes(kind) || def.type === 'boolean') {
        issues.push({ path, message: `ranges apply to number, money, date and datetime fields, not ${def.type}` });
        continue;
      }
      const bound = parseBound(kind, value);
      if (bound === null) {
        issues.push({ path, message: `is not a valid ${def.type} bound` });
        continue;
      }
      conds.push(op === 'gte' ? sql`${expr} >= ${bound}` : sql`${expr} <= ${bound}`);
      continue;
    }
    switch (def.type) {
      case 'text':
      case 'long_text':
      case 'url':
      case 'email':
      case 'phone':
        conds.push(sql`(${column} ->> ${key}::text) ilike ${`%${escapeLike(value)}%`}`);
        break;
      case 'select': {
        const opt = def.options.find((o) => o.toLowerCase() === value.toLowerCase());
        if (opt === undefined) issues.push({ path, message: `must be one of: ${def.options.join(', ')}` });
        else conds.push(sql`(${column} ->> ${key}::text) = ${opt}`);
        break;
      }
      case 'multi_select': {
        const opt = def.options.find((o) => o.toLowerCase() === value.toLowerCase());
        if (opt === undefined) issues.push({ path, message: `must be one of: ${def.options.join(', ')}` });
        else conds.push(sql`jsonb_exists((${column} -> ${key}::text), ${opt}::text)`);
        break;
      }
      case 'boolean':
        if (value !== 'true' && value !== 'false') issues.push({ path, message: 'must be true or false' });
        else conds.push(sql`${expr} = ${value === 'true'}`);
        break;
      default: {
        const bound = parseBound(kind, value);
        if (bound === null) issues.push({ path, message: `is not a valid ${def.type} value` });
        else conds.push(sql`${expr} = ${bound}`);
      }
    }
  }
  if (issues.length) throw invalid(issues);
  return conds.length ? and(...conds) : undefined;
}

function parseBound(kind: SortKind, value: string): SQL | null {
  if (kind === 'number') return /^-?\d+(\.\d+)?$/.test(value) ? sql`${value}::numeric` : null;
  if (kind === 'date') return /^\d{4}-\d{2}-\d{2}$/.test(value) ? sql`${value}::date` : null;
  if (kind === 'timestamp')
    return Number.isNaN(Date.parse(value)) ? null : sql`${new Date(value).toISOString()}::timestamptz`;
  return null;
}
