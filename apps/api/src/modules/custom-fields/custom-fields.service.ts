/**
 * Custom field definitions (admin-defined fields per record type). Values live in each record's
 * `custom_fields` JSONB (see custom-values.ts for validation, conversion, filters and sorts).
 */
import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type {
  CreateCustomFieldBody,
  CustomField,
  CustomFieldEntity,
  CustomFieldType,
  UpdateCustomFieldBody,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { custom_fields } from '../../db/schema/index.js';
import { conflict, invalid, notFound, unprocessable } from '../../lib/errors.js';
import { staleVersion } from '../../lib/versioning.js';
import { RECORD_TABLES } from '../records/entities.js';
import { checkValue, convertValue } from './custom-values.js';

const CHOICE_TYPES: CustomFieldType[] = ['select', 'multi_select'];

function toField(row: typeof custom_fields.$inferSelect): CustomField {
  return {
    id: row.id,
    entity: row.entity as CustomFieldEntity,
    key: row.key,
    label: row.label,
    type: row.type as CustomFieldType,
    options: row.options,
    required: row.required,
    default_value: row.default_value ?? null,
    position: row.position,
    archived: row.archived_at !== null,
    created_at: row.created_at,
    updated_at: row.updated_at,
    version: row.version,
  };
}

/** Definitions of the organisation, by entity then position; archived ones only when asked. */
export async function listCustomFields(
  tx: Tx,
  params: { orgId: string; entity?: CustomFieldEntity | undefined; includeArchived?: boolean },
): Promise<CustomField[]> {
  const rows = await tx
    .select()
    .from(custom_fields)
    .where(
      and(
        eq(custom_fields.org_id, params.orgId),
        params.entity ? eq(custom_fields.entity, params.entity) : undefined,
        params.includeArchived ? undefined : isNull(custom_fields.archived_at),
      ),
    )
    .orderBy(asc(custom_fields.entity), asc(custom_fields.position), asc(custom_fields.created_at));
  return rows.map(toField);
}

async function getRow(tx: Tx, params: { orgId: string; id: string }) {
  const [row] = await tx
    .select()
    .from(custom_fields)
    .where(and(eq(custom_fields.org_id, params.orgId), eq(custom_fields.id, params.id)));
  if (!row) throw notFound('Custom field');
  return row;
}

function checkDefinition(def: { type: CustomFieldType; options: string[]; default_value?: unknown }, region: string) {
  if (CHOICE_TYPES.includes(def.type) && def.options.length === 0) {
    throw invalid([{ path: 'body.options', message: `a ${def.type} field needs at least one option` }]);
  }
  if (def.default_value !== undefined && def.default_value !== null) {
    const r = checkValue(
      { ...def, key: 'default', label: 'default', required: false, default_value: null, archived: false },
      def.default_value,
      region,
    );
    if (!r.ok) throw invalid([{ path: 'body.default_value', message: r.message }]);
    return r.value;
  }
  return null;
}

/** Creates a definition (admin). A key already used for the entity → 409. */
export async function createCustomField(
  tx: Tx,
  params: { orgId: string; region: string } & CreateCustomFieldBody,
): Promise<CustomField> {
  const options = CHOICE_TYPES.includes(params.type) ? params.options : [];
  const defaultValue = checkDefinition(
    { type: params.type, options, default_value: params.default_value },
    params.region,
  );
  const [taken] = await tx
    .select({ id: custom_fields.id })
    .from(custom_fields)
    .where(
      and(
        eq(custom_fields.org_id, params.orgId),
        eq(custom_fields.entity, params.entity),
        eq(custom_fields.key, params.key),
      ),
    );
  if (taken) {
    throw conflict(`A ${params.entity} field with the key "${params.key}" already exists`, {
      existing_id: taken.id,
      issues: [{ path: 'body.key', message: 'is already used by another field (archived fields keep their key)' }],
    });
  }
  let position = params.position;
  if (position === undefined) {
    const [row] = await tx
      .select({ next: sql<number>`coalesce(max(${custom_fields.position}) + 1, 0)::int` })
      .from(custom_fields)
      .where(and(eq(custom_fields.org_id, params.orgId), eq(custom_fields.entity, params.entity)));
    position = row?.next ?? 0;
  }
  const [row] = await tx
    .insert(custom_fields)
    .values({
      org_id: params.orgId,
      id: uuidv7(),
      entity: params.entity,
      key: params.key,
      label: params.label,
      type: params.type,
      options,
      required: params.required,
      default_value: defaultValue,
      position,
    })
    .returning();
  return toField(row!);
}

/**
 * Converts every stored value of a field to its new definition (type or options change), in place.
 * Any value that does not convert → 422 with how many fail and one example; nothing is changed.
 */
async function convertStoredValues(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; def: Parameters<typeof convertValue>[0]; region: string },
) {
  const { table } = RECORD_TABLES[params.entity];
  const key = params.def.key;
  const rows = (await tx
    .select({ id: table.id, value: sql<unknown>`${table.custom_fields} -> ${key}::text` })
    .from(table)
    .where(and(eq(table.org_id, params.orgId), sql`jsonb_exists(${table.custom_fields}, ${key}::text)`))) as Array<{
    id: string;
    value: unknown;
  }>;
  const converted: Record<string, unknown> = {};
  const failures: Array<{ id: string; value: unknown }> = [];
  for (const r of rows) {
    const c = convertValue(params.def, r.value, params.region);
    if (c.ok) converted[r.id] = c.value;
    else failures.push(r);
  }
  if (failures.length) {
    throw unprocessable(
      `${failures.length} ${RECORD_TABLES[params.entity].plural} hold values of "${key}" that do not convert to ${params.def.type}` +
        (params.def.options.length ? ` with the options ${params.def.options.join(', ')}` : ''),
      { failing_count: failures.length, example: failures[0] },
    );
  }
  if (rows.length) {
    await tx
      .update(table)
      .set({
        custom_fields: sql`jsonb_set(${table.custom_fields}, array[${key}::text], (${JSON.stringify(converted)}::jsonb) -> (${table.id}::text))`,
      })
      .where(and(eq(table.org_id, params.orgId), sql`jsonb_exists(${table.custom_fields}, ${key}::text)`));
  }
}

/**
 * Updates a definition (admin; `expectedVersion` → 412 when stale). A new type or new options are
 * applied to the values records already hold, or refused (422) when some do not convert.
 */
export async function updateCustomField(
  tx: Tx,
  params: { orgId: string; id: string; region: string; expectedVersion?: number | undefined } & UpdateCustomFieldBody,
): Promise<CustomField> {
  const row = await getRow(tx, params);
  if (params.expectedVersion !== undefined && params.expectedVersion !== row.version) throw staleVersion(row.version);
  const type = params.type ?? (row.type as CustomFieldType);
  const options = CHOICE_TYPES.includes(type) ? (params.options ?? row.options) : [];
  const typeChanged = type !== row.type;
  const optionsChanged = JSON.stringify(options) !== JSON.stringify(row.options);
  const defaultInput =
    params.default_value !== undefined ? params.default_value : typeChanged ? null : row.default_value;
  const defaultValue = checkDefinition({ type, options, default_value: defaultInput }, params.region);
  if (typeChanged || optionsChanged) {
    await convertStoredValues(tx, {
      orgId: params.orgId,
      entity: row.entity as CustomFieldEntity,
      def: { key: row.key, label: row.label, type, options, required: false, default_value: null, archived: false },
      region: params.region,
    });
  }
  const [updated] = await tx
    .update(custom_fields)
    .set({
      label: params.label ?? row.label,
      type,
      options,
      required: params.required ?? row.required,
      default_value: defaultValue,
      position: params.position ?? row.position,
      archived_at:
        params.archived === undefined ? row.archived_at : params.archived ? (row.archived_at ?? new Date()) : null,
      version: sql`${custom_fields.version} + 1`,
      updated_at: new Date(),
    })
    .where(and(eq(custom_fields.org_id, params.orgId), eq(custom_fields.id, params.id)))
    .returning();
  return toField(updated!);
}

/** Sets the order of an entity's fields: `ids` first in the given order, any others after them. */
export async function reorderCustomFields(
  tx: Tx,
  params: { orgId: string; entity: CustomFieldEntity; ids: string[] },
): Promise<CustomField[]> {
  const all = await listCustomFields(tx, { orgId: params.orgId, entity: params.entity, includeArchived: true });
  const known = new Set(all.map((f) => f.id));
  const unknown = params.ids.findIndex((id) => !known.has(id));
  if (unknown >= 0) throw invalid([{ path: `body.ids.${unknown}`, message: `is not a ${params.entity} field` }]);
  if (new Set(params.ids).size !== params.ids.length)
    throw invalid([{ path: 'body.ids', message: 'lists a field twice' }]);
  const order = [...params.ids, ...all.map((f) => f.id).filter((id) => !params.ids.includes(id))];
  const positions = Object.fromEntries(order.map((id, i) => [id, i]));
  await tx
    .update(custom_fields)
    .set({
      position: sql`(${JSON.stringify(positions)}::jsonb ->> (${custom_fields.id}::text))::int`,
      updated_at: new Date(),
    })
    .where(and(eq(custom_fields.org_id, params.orgId), eq(custom_fields.entity, params.entity)));
  return listCustomFields(tx, { orgId: params.orgId, entity: params.entity, includeArchived: true });
}
