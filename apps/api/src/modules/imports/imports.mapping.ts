/**
 * The mapping and options of an import: the target catalogue with the organisation's custom fields,
 * the checks of PATCH (400 with field paths), option defaults and the default upsert key.
 *
 * Rules (documented for the wizard): every target at most once; the entity's required targets
 * (fields.ts `required`: contacts `first_name`, companies/deals `name`, leads `title` — unless
 * `first_name`, `last_name` or `company_name` is mapped, from which the title is built — activities
 * `type` + `subject`, notes `body`) must be mapped — a contact's full name in one column is mapped to
 * `first_name`; `unknown_owners: create_inactive` (unknown owners become inactive members, issue 6)
 * is available for companies, contacts, leads, deals and activities (their assignee) — not for notes
 * (their `owner` is the author, a user, which an inactive member is not).
 */
import type { CustomField, FieldIssue, ImportOptions, ImportOptionsInput } from '@relata/shared';

import type { Tx } from '../../db/client.js';
import { invalid } from '../../lib/errors.js';
import { listCustomFields } from '../custom-fields/custom-fields.service.js';
import {
  CUSTOM_FIELD_ENTITY_OF,
  customFieldTarget,
  IMPORT_FIELDS,
  type ImportEntity,
  type ImportField,
} from './fields.js';

/** The targets of `entity`: built-in fields, then active custom fields as `cf.<key>`. */
export async function targetsOf(
  tx: Tx,
  params: { orgId: string; entity: ImportEntity },
): Promise<{ fields: ImportField[]; customFields: CustomField[] }> {
  const cfEntity = CUSTOM_FIELD_ENTITY_OF[params.entity];
  const customFields = cfEntity ? await listCustomFields(tx, { orgId: params.orgId, entity: cfEntity }) : [];
  return { fields: [...IMPORT_FIELDS[params.entity], ...customFields.map(customFieldTarget)], customFields };
}

/** Merges PATCH options onto stored ones (undefined keeps). */
export function mergeOptions(current: ImportOptions, input: ImportOptionsInput | undefined): ImportOptions {
  const out = { ...current } as Record<string, unknown>;
  for (const [k, v] of Object.entries(input ?? {})) if (v !== undefined) out[k] = v;
  return out as ImportOptions;
}

/** Entities whose unknown owners may be created as inactive members (see the module comment). */
export const CREATE_INACTIVE_ENTITIES = new Set<ImportEntity>([
  'companies',
  'contacts',
  'leads',
  'deals',
  'activities',
]);

/** Upsert keys by entity that need no mapped column of their own name. */
const NAMED_KEYS: Record<ImportEntity, string[]> = {
  companies: ['external_id', 'domain', 'name'],
  contacts: ['external_id', 'email'],
  leads: ['external_id', 'email'],
  deals: ['external_id'],
  activities: [],
  notes: [],
};

/** Targets that can serve as an upsert key: stored in one column (or a custom field) of the record. */
const KEYABLE_TYPES = new Set(['text', 'email', 'phone', 'url', 'domain', 'integer']);

/** The best upsert key for a mapping: external_id, then email / domain, else none. */
export function defaultUpsertKey(entity: ImportEntity, mapping: Record<string, string | null>): string {
  const mapped = new Set(Object.values(mapping).filter((v): v is string => !!v));
  for (const k of NAMED_KEYS[entity]) if (k !== 'name' && mapped.has(k)) return k;
  return 'none';
}

/** Is `target` usable as the upsert key of `entity`? */
function keyable(entity: ImportEntity, target: string, fields: ImportField[]): boolean {
  if (NAMED_KEYS[entity].includes(target)) return true;
  if (entity === 'activities' || entity === 'notes') return false;
  const f = fields.find((x) => x.key === target);
  return !!f && f.key.startsWith('cf.') && KEYABLE_TYPES.has(f.type);
}

/**
 * Checks a mapping and options against the catalogue; throws 400 listing every problem:
 * `body.mapping.<col>` unknown target, column out of range or target used twice; `body.mapping`
 * required target unmapped; `body.options.upsert_key`, `body.options.unknown_owners` (create_inactive
 * for notes), `body.options.new_custom_fields.<i>.column`.
 */
export function checkMapping(params: {
  entity: ImportEntity;
  mapping: Record<string, string | null>;
  options: ImportOptions;
  fields: ImportField[];
  columns: number;
}): void {
  const { entity, mapping, options, fields, columns } = params;
  const issues: FieldIssue[] = [];
  const known = new Set(fields.map((f) => f.key));
  const newCf = new Set(options.new_custom_fields.map((n) => n.column));
  const seen = new Map<string, string>();
  for (const [col, target] of Object.entries(mapping)) {
    const path = `body.mapping.${col}`;
    if (Number(col) >= columns) issues.push({ path, message: `is not a column of the file (it has ${columns})` });
    if (target === null) continue;
    if (!known.has(target) && !(newCf.has(Number(col)) && target.startsWith('cf.'))) {
      issues.push({ path, message: `"${target}" is not an import field of ${entity}` });
      continue;
    }
    const prev = seen.get(target);
    if (prev !== undefined) issues.push({ path, message: `"${target}" is already mapped from column ${prev}` });
    else seen.set(target, col);
  }
  // A leads file without a title column builds it from the person or company (engine/lead-person.ts).
  const builtTitle = entity === 'leads' && ['first_name', 'last_name', 'company_name'].some((k) => seen.has(k));
  for (const f of fields) {
    if (f.required && !seen.has(f.key) && !(builtTitle && f.key === 'title')) {
      issues.push({ path: 'body.mapping', message: `"${f.key}" (${f.label}) must be mapped to a column` });
    }
  }
  options.new_custom_fields.forEach((n, i) => {
    if (n.column >= columns) {
      issues.push({ path: `body.options.new_custom_fields.${i}.column`, message: 'is not a column of the file' });
    }
  });
  if (options.new_custom_fields.length && !CUSTOM_FIELD_ENTITY_OF[entity]) {
    issues.push({ path: 'body.options.new_custom_fields', message: `${entity} have no custom fields` });
  }
  const key = options.upsert_key;
  if (key !== 'none') {
    if (!keyable(entity, key, fields)) {
      issues.push({ path: 'body.options.upsert_key', message: `"${key}" cannot identify ${entity}` });
    } else if (!seen.has(key)) {
      issues.push({ path: 'body.options.upsert_key', message: `"${key}" is not mapped to a column` });
    }
  }
  if (options.unknown_owners === 'create_inactive' && !CREATE_INACTIVE_ENTITIES.has(entity)) {
    issues.push({
      path: 'body.options.unknown_owners',
      message: `creating inactive members is not available for ${entity} (a note's owner is its author, who must have signed up): choose "Leave unassigned" or "Fail the row"`,
    });
  }
  if (issues.length) throw invalid(issues);
}
