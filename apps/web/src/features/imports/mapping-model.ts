/**
 * The wizard's draft of a mapping and its options, and how the API's 400 field paths land on the
 * controls: `body.mapping.<col>` → that column's target select, `body.mapping` → above the columns,
 * `body.options.<key>` → that option, `body.options.new_custom_fields.<i>.<x>` → the column of the
 * i-th new custom field.
 */
import type { CustomFieldType, FieldIssue, ImportEntity, ImportOptions, ImportOptionsInput } from '@relata/shared';
import type { ImportTargetWire, ImportWire } from './imports-api';
import { keyOfLabel } from './labels';

/** Select values that are not target keys. */
export const SKIP = '__skip';
export const NEW_FIELD = '__new';

export interface Draft {
  mapping: Record<string, string | null>;
  options: ImportOptions;
}

export const draftOf = (imp: ImportWire): Draft => ({
  mapping: { ...imp.mapping },
  options: { ...imp.options, new_custom_fields: [...imp.options.new_custom_fields] } as ImportOptions,
});

/** Options sent with the mapping (the file overrides go separately: they re-read the file). */
export function mappingOptions(o: ImportOptions): ImportOptionsInput {
  const { encoding: _e, delimiter: _d, sheet: _s, ...rest } = o;
  return rest;
}

/** Options worth saving with a mapping for other files (no file overrides, no column-bound fields). */
export function savableOptions(o: ImportOptions): ImportOptionsInput {
  const { new_custom_fields: _n, ...rest } = mappingOptions(o);
  return rest;
}

/** Maps column `col` to `target` (null: don't import), dropping a new custom field planned for it. */
export function setTarget(d: Draft, col: number, target: string | null): Draft {
  return {
    mapping: { ...d.mapping, [String(col)]: target },
    options: { ...d.options, new_custom_fields: d.options.new_custom_fields.filter((n) => n.column !== col) },
  };
}

/** Plans a new custom field `label` of `type` from column `col` and maps the column to it. */
export function addNewField(d: Draft, col: number, label: string, type: CustomFieldType): Draft {
  const next = setTarget(d, col, `cf.${keyOfLabel(label)}`);
  return {
    ...next,
    options: { ...next.options, new_custom_fields: [...next.options.new_custom_fields, { column: col, label, type }] },
  };
}

/** Mapping by header name (for a saved mapping). */
export function mappingByHeader(
  headers: string[],
  mapping: Record<string, string | null>,
): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  headers.forEach((h, i) => {
    const name = h.trim().slice(0, 255);
    if (name && !(name in out)) out[name] = mapping[String(i)] ?? null;
  });
  return out;
}

/** Target select data: fields, relations and custom fields in groups, then the two actions. */
export function targetGroups(targets: ImportTargetWire[], d: Draft, col: number) {
  const item = (t: ImportTargetWire) => ({ value: t.key, label: t.required ? `${t.label} (required)` : t.label });
  const isRelation = (t: ImportTargetWire) =>
    t.type === 'relation' || ['company_domain', 'contact_email'].includes(t.key) || t.key.startsWith('record_');
  const planned = d.options.new_custom_fields.find((n) => n.column === col);
  const custom = targets.filter((t) => t.key.startsWith('cf.')).map(item);
  if (planned) custom.push({ value: `cf.${keyOfLabel(planned.label)}`, label: `${planned.label} (new)` });
  return [
    { group: 'Fields', items: targets.filter((t) => !t.key.startsWith('cf.') && !isRelation(t)).map(item) },
    { group: 'Relations', items: targets.filter((t) => !t.key.startsWith('cf.') && isRelation(t)).map(item) },
    ...(custom.length ? [{ group: 'Custom fields', items: custom }] : []),
    {
      group: 'Other',
      items: [
        { value: SKIP, label: "Don't import" },
        { value: NEW_FIELD, label: 'Create custom field…' },
      ],
    },
  ];
}

/** Upsert keys offered for `entity`: "always create", the named keys, and mapped keyable custom fields. */
export function upsertKeyChoices(entity: ImportEntity, targets: ImportTargetWire[], d: Draft) {
  const named: Record<ImportEntity, [string, string][]> = {
    companies: [
      ['external_id', 'External ID'],
      ['domain', 'Domain'],
      ['name', 'Name'],
    ],
    contacts: [
      ['external_id', 'External ID'],
      ['email', 'Email'],
    ],
    leads: [
      ['external_id', 'External ID'],
      ['email', 'Email'],
    ],
    deals: [['external_id', 'External ID']],
    activities: [],
    notes: [],
  };
  const mapped = new Set(Object.values(d.mapping).filter(Boolean));
  const keyable = new Set(['text', 'email', 'phone', 'url', 'domain', 'integer']);
  const cf = targets.filter((t) => t.key.startsWith('cf.') && mapped.has(t.key) && keyable.has(t.type));
  return [
    { value: 'none', label: 'None — every row creates a record' },
    ...named[entity].map(([value, label]) => ({ value, label: `${label}${mapped.has(value) ? '' : ' (not mapped)'}` })),
    ...cf.map((t) => ({ value: t.key, label: t.label })),
  ];
}

/** Field issues of the API's 400, split by where they show. */
export function placeIssues(issues: FieldIssue[], d: Draft) {
  const byColumn = new Map<number, string[]>();
  const byOption = new Map<string, string[]>();
  const general: string[] = [];
  const push = <K>(m: Map<K, string[]>, k: K, msg: string) => m.set(k, [...(m.get(k) ?? []), msg]);
  for (const i of issues) {
    const col = /^body\.mapping\.(\d+)$/.exec(i.path);
    const newCf = /^body\.options\.new_custom_fields\.(\d+)/.exec(i.path);
    const opt = /^body\.options\.([a-z_]+)$/.exec(i.path);
    if (col) push(byColumn, Number(col[1]), i.message);
    else if (newCf && d.options.new_custom_fields[Number(newCf[1])])
      push(byColumn, d.options.new_custom_fields[Number(newCf[1])]!.column, `New field: ${i.message}`);
    else if (opt) push(byOption, opt[1]!, i.message);
    else general.push(i.path === 'body.mapping' ? i.message : `${i.path.replace(/^body\./, '')}: ${i.message}`);
  }
  return { byColumn, byOption, general };
}
