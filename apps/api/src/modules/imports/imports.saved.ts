/**
 * Saved mappings (`/api/v1/import-mappings`): a name, an entity, header name → target key, and
 * options to reuse; applied to an import by `PATCH /imports/{id}` with `mapping_id` (by header name,
 * case-insensitive). Names are unique per organisation and entity (409).
 */
import { and, asc, eq, gt } from 'drizzle-orm';
import { uuidv7 } from '../../lib/ids.js';
import type {
  CreateImportMappingBody,
  ImportEntity,
  ImportMapping,
  ImportMappingListQuery,
  ImportOptionsInput,
} from '@relata/shared';
import type { Tx } from '../../db/client.js';
import { import_mappings } from '../../db/schema/index.js';
import { conflict, invalid, notFound, unprocessable } from '../../lib/errors.js';
import { refOf, userRefs } from '../records/refs.js';
import { importRow } from './imports.service.js';
import { fileInfoOf, optionsOf } from './imports.view.js';

type Row = typeof import_mappings.$inferSelect;

async function toMappings(tx: Tx, rows: Row[]): Promise<ImportMapping[]> {
  const users = await userRefs(tx, { ids: rows.map((r) => r.created_by) });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    entity: r.entity as ImportEntity,
    mapping: r.mapping,
    options: r.options as ImportOptionsInput,
    created_by: refOf(users, r.created_by),
    created_at: r.created_at,
    updated_at: r.updated_at,
  }));
}

function cursorId(cursor: string): string {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) {
    throw invalid([{ path: 'query.cursor', message: 'is not a cursor returned by this list' }]);
  }
  return id;
}

/** Oldest first (ids are time-ordered UUIDv7), keyset by id. */
export async function listMappings(tx: Tx, params: { orgId: string; query: ImportMappingListQuery }) {
  const { query } = params;
  const rows = await tx
    .select()
    .from(import_mappings)
    .where(
      and(
        eq(import_mappings.org_id, params.orgId),
        query.entity ? eq(import_mappings.entity, query.entity) : undefined,
        query.cursor ? gt(import_mappings.id, cursorId(query.cursor)) : undefined,
      ),
    )
    .orderBy(asc(import_mappings.id))
    .limit(query.limit + 1);
  const more = rows.length > query.limit;
  const data = more ? rows.slice(0, query.limit) : rows;
  const last = data[data.length - 1];
  return {
    data: await toMappings(tx, data),
    next_cursor: more && last ? Buffer.from(last.id).toString('base64url') : null,
  };
}

/** Saves a mapping, given by header name or taken from an import (`import_id`: its mapping and options). */
export async function createMapping(
  tx: Tx,
  params: { orgId: string; userId: string; body: CreateImportMappingBody },
): Promise<ImportMapping> {
  const { body } = params;
  let mapping = body.mapping ?? {};
  let options: Record<string, unknown> = body.options ?? {};
  if (body.import_id) {
    const imp = await importRow(tx, { orgId: params.orgId, id: body.import_id });
    if (imp.entity !== body.entity) {
      throw unprocessable(`The import is of ${imp.entity}, not ${body.entity}`, { path: 'body.import_id' });
    }
    const headers = fileInfoOf(imp).headers;
    mapping = {};
    for (const [col, target] of Object.entries(imp.mapping)) {
      const h = headers[Number(col)];
      if (h !== undefined) mapping[h] = target;
    }
    const { encoding: _e, delimiter: _d, sheet: _s, new_custom_fields: _n, ...rest } = optionsOf(imp);
    options = { ...rest, ...(body.options ?? {}) };
  }
  const [taken] = await tx
    .select({ id: import_mappings.id })
    .from(import_mappings)
    .where(
      and(
        eq(import_mappings.org_id, params.orgId),
        eq(import_mappings.entity, body.entity),
        eq(import_mappings.name, body.name),
      ),
    );
  if (taken) {
    throw conflict(`A saved ${body.entity} mapping named "${body.name}" exists`, {
      existing_id: taken.id,
      issues: [{ path: 'body.name', message: 'is already used' }],
    });
  }
  const [row] = await tx
    .insert(import_mappings)
    .values({
      org_id: params.orgId,
      id: uuidv7(),
      name: body.name,
      entity: body.entity,
      mapping,
      options,
      created_by: params.userId,
    })
    .returning();
  return (await toMappings(tx, [row!]))[0]!;
}

export async function deleteMapping(tx: Tx, params: { orgId: string; id: string }): Promise<void> {
  const rows = await tx
    .delete(import_mappings)
    .where(and(eq(import_mappings.org_id, params.orgId), eq(import_mappings.id, params.id)))
    .returning({ id: import_mappings.id });
  if (!rows.length) throw notFound('Import mapping');
}
