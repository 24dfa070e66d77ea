/**
 * One file row → typed values by target key, with per-cell issues (row, column, value, message).
 * Parsing is by the target's type (fields.ts) through values/ (dates in the import's order and time
 * zone, money, phones to E.164, booleans, picklists, multi-values); text is trimmed and checked
 * against the contract's length limits; custom fields are finally checked by their definition
 * (custom-values.ts `checkValue`). Empty cells set nothing.
 */
import type { z } from 'zod';
import {
  AddressInput,
  CountryCode,
  CreateCompanyBody,
  CreateContactBody,
  CreateDealBody,
  CreateLeadBody,
  Domain,
  Email,
  WebUrl,
  customValueSchema,
  type CustomField,
} from '@relata/shared';
import { checkValue } from '../../custom-fields/custom-values.js';
import type { ImportEntity, ImportField } from '../fields.js';
import type { SourceRow } from '../files/source.js';
import {
  matchPicklist,
  parseBoolean,
  parseCurrency,
  parseDate,
  parseDateTime,
  parseInteger,
  parseMoney,
  parsePercent,
  parsePhone,
  splitMulti,
  type DateOrder,
  type ParseResult,
} from '../values/index.js';

/** A problem found in a row. `column` null = the whole row. */
export interface RowIssue {
  row: number;
  column: number | null;
  value: string | null;
  message: string;
  severity: 'error' | 'warning';
}

/** A mapped column: index, header and target field. */
export interface MappedColumn {
  col: number;
  header: string;
  field: ImportField;
}

/** A parsed row: values by target key (money as `{ amount, currency }`), and its issues. */
export interface ParsedRow {
  row: number;
  values: Record<string, unknown>;
  /** Cell text by target key (for issue messages found later, e.g. relations). */
  cells: Record<string, { col: number; text: string }>;
  issues: RowIssue[];
  failed: boolean;
}

export interface ParseSettings {
  entity: ImportEntity;
  columns: MappedColumn[];
  dateOrder: DateOrder;
  timeZone: string;
  defaultCurrency: string | null;
  region: string;
  /** Custom-field definitions by key (`cf.<key>` targets). */
  customFields: Map<
    string,
    Pick<CustomField, 'key' | 'label' | 'type' | 'options' | 'required' | 'default_value' | 'archived'>
  >;
}

const SHAPES: Partial<Record<ImportEntity, Record<string, z.ZodType>>> = {
  companies: {
    ...CreateCompanyBody.shape,
    billing_street: AddressInput.shape.street,
    billing_city: AddressInput.shape.city,
    billing_region: AddressInput.shape.state,
    billing_postal_code: AddressInput.shape.postal_code,
    billing_country: CountryCode,
  },
  contacts: CreateContactBody.shape,
  leads: CreateLeadBody.shape,
  deals: CreateDealBody.shape,
};

const ok = <T>(value: T): ParseResult<T> => ({ ok: true, value });
const zodResult = (schema: z.ZodType, text: string): ParseResult<unknown> => {
  const r = schema.safeParse(text);
  return r.success ? ok(r.data) : { ok: false, message: r.error.issues[0]?.message ?? 'is not valid' };
};

function parseText(s: ParseSettings, key: string, text: string): ParseResult<unknown> {
  const schema = SHAPES[s.entity]?.[key];
  if (schema && !key.startsWith('cf.')) {
    const r = schema.safeParse(text);
    if (r.success) return ok(r.data);
    // Schemas of non-text fields (e.g. billing_country) report their own message.
    return { ok: false, message: r.error.issues[0]?.message ?? 'is not valid' };
  }
  return text.length > 10_000 ? { ok: false, message: 'must be at most 10,000 characters' } : ok(text);
}

/** Zod schemas of custom-field definitions, built once per definition (the run's context keeps them). */
const CF_SCHEMAS = new WeakMap<object, z.ZodType<unknown>>();

/**
 * `checkValue` (custom-values.ts) without building the definition's schema for every cell (it was
 * ~70 % of a chunk's JS time); phone fields keep `checkValue` (its E.164 step).
 */
function checkCustom(def: Parameters<typeof checkValue>[0], value: unknown, region: string): ParseResult<unknown> {
  if (def.type === 'phone') return checkValue(def, value, region);
  let schema = CF_SCHEMAS.get(def);
  if (!schema) CF_SCHEMAS.set(def, (schema = customValueSchema(def)));
  const r = schema.safeParse(value);
  return r.success ? ok(r.data) : { ok: false, message: r.error.issues[0]?.message ?? 'is not valid' };
}

/** Parses one cell as `field` (the row's currency code, if any, for money). */
function parseCell(s: ParseSettings, field: ImportField, text: string, currency: string | null): ParseResult<unknown> {
  const dates = { order: s.dateOrder, timeZone: s.timeZone };
  switch (field.type) {
    case 'email':
      return zodResult(Email, text);
    case 'url':
      return zodResult(WebUrl, text);
    case 'domain':
      return zodResult(Domain, text);
    case 'phone':
      return parsePhone(text, s.region);
    case 'integer':
      return parseInteger(text);
    case 'percent':
      return parsePercent(text);
    case 'money': {
      const r = parseMoney(text, { defaultCurrency: currency ?? s.defaultCurrency ?? '' });
      return r.ok ? ok({ amount: r.value.amount_minor, currency: r.value.currency }) : r;
    }
    case 'currency':
      return parseCurrency(text);
    case 'date':
      return parseDate(text, dates);
    case 'datetime':
      return parseDateTime(text, dates);
    case 'boolean':
      return parseBoolean(text);
    case 'picklist':
      return matchPicklist(text, field.options ?? []);
    case 'multi':
      return ok(splitMulti(text));
    case 'relation':
      return text.length > 500 ? { ok: false, message: 'is too long to name a record' } : ok(text);
    default:
      return parseText(s, field.key, text);
  }
}

/** Parses a row (see the module comment). A row with any error is `failed`. */
export function parseRow(s: ParseSettings, src: SourceRow): ParsedRow {
  const out: ParsedRow = { row: src.row, values: {}, cells: {}, issues: [], failed: false };
  const currencyCol = s.columns.find((c) => c.field.key === 'currency');
  let currency: string | null = null;
  if (currencyCol) {
    const text = (src.cells[currencyCol.col] ?? '').trim();
    if (text) {
      const r = parseCurrency(text);
      if (r.ok) currency = r.value;
    }
  }
  for (const c of s.columns) {
    const text = (src.cells[c.col] ?? '').trim();
    if (!text) continue;
    out.cells[c.field.key] = { col: c.col, text };
    let r = parseCell(s, c.field, text, currency);
    if (r.ok && c.field.key.startsWith('cf.')) {
      const def = s.customFields.get(c.field.key.slice(3));
      if (def) {
        const raw = def.type === 'number' ? Number(String(r.value).replace(/[\s,]/g, '')) : r.value;
        const v = def.type === 'money' ? r.value : raw;
        r = checkCustom(def, v, s.region);
      }
    }
    if (r.ok) out.values[c.field.key] = r.value;
    else {
      out.issues.push({
        row: src.row,
        column: c.col,
        value: text,
        message: `${c.header}: ${r.message}`,
        severity: 'error',
      });
      out.failed = true;
    }
  }
  return out;
}

/** Adds an issue about the cell of `key` (or the row when unmapped). */
export function addIssue(r: ParsedRow, key: string | null, message: string, severity: 'error' | 'warning' = 'error') {
  const cell = key ? r.cells[key] : undefined;
  r.issues.push({ row: r.row, column: cell?.col ?? null, value: cell?.text ?? null, message, severity });
  if (severity === 'error') r.failed = true;
}
