/**
 * Set-based writes of one chunk (one statement per kind, whatever the chunk size; the rows travel as
 * ONE jsonb parameter, so PostgreSQL's 65,535-parameter limit never applies): inserts of created
 * records, updates of matched ones (only the columns a row sets), tag links, the change log and the
 * timeline's `created` entries.
 */
import { sql, type SQL } from 'drizzle-orm';
import { uuidv7 } from '../../../lib/ids.js';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import type { RunContext } from './context.js';
import type { TableSpec } from './entities.js';

const ident = (name: string) => sql.raw(`"${name.replace(/"/g, '')}"`);

/** `(x.d->>'col')::type` (arrays and jsonb handled). */
function fromJson(col: string, type: string): SQL {
  if (type === 'jsonb') return sql.raw(`(x.d->'${col}')`);
  if (type === 'text[]') return sql.raw(`array(select jsonb_array_elements_text(x.d->'${col}'))`);
  return sql.raw(`(x.d->>'${col}')::${type}`);
}

/** The column list and SELECT expressions (over `x.d`) of an insert of `rows` into the spec's table. */
function insertColumns(spec: TableSpec, rows: Array<{ cols: Record<string, unknown> }>) {
  const cols = new Set<string>(Object.keys(spec.defaults));
  for (const r of rows) for (const c of Object.keys(r.cols)) cols.add(c);
  const list = [...cols].filter((c) => spec.columns[c]);
  const values = list.map((c) => {
    const v = fromJson(c, spec.columns[c]!);
    const def = spec.defaults[c];
    return def ? sql`coalesce(${v}, ${sql.raw(def)})` : v;
  });
  return { names: sql.join(list.map(ident), sql`, `), values: sql.join(values, sql`, `) };
}

/** Inserts `rows` (id + columns) into the spec's table; created_by = the importing user. */
export async function insertRecords(
  tx: Tx,
  ctx: RunContext,
  spec: TableSpec,
  rows: Array<{ id: string; cols: Record<string, unknown> }>,
): Promise<void> {
  if (!rows.length) return;
  const { names, values } = insertColumns(spec, rows);
  const payload = rows.map((r) => ({ id: r.id, d: r.cols }));
  await tx.execute(sql`insert into ${ident(spec.table)}
      (org_id, id, created_by, updated_at, ${names})
    select ${ctx.orgId}::uuid, x.id, ${ctx.actor.userId}::uuid, now(), ${values}
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, d jsonb)`);
}

/**
 * The records a chunk creates, in ONE statement (rows sent once as one jsonb parameter): the
 * inserts (as {@link insertRecords}), their `created` entries in the change log (as
 * {@link logChanges}) and their `created` timeline entries dated by `created_at` and named as
 * inserted (as {@link logCreatedTimeline}) — data-modifying CTEs over the insert's RETURNING, so
 * PostgreSQL neither parses the rows three times nor looks the new records up again.
 */
export async function insertCreated(
  tx: Tx,
  ctx: RunContext,
  spec: TableSpec,
  rows: Array<{ id: string; cols: Record<string, unknown> }>,
): Promise<void> {
  if (!rows.length) return;
  const { names, values } = insertColumns(spec, rows);
  const payload = rows.map((r) => ({ id: r.id, c: uuidv7(), e: uuidv7(), d: r.cols }));
  const col = ident(`${spec.recordType}_id`);
  await tx.execute(sql`with x as materialized (
      select * from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, c uuid, e uuid, d jsonb)
    ), ins as (
      insert into ${ident(spec.table)} as t (org_id, id, created_by, updated_at, ${names})
      select ${ctx.orgId}::uuid, x.id, ${ctx.actor.userId}::uuid, now(), ${values} from x
      returning t.id, t.created_at, ${sql.raw(spec.nameSql)} as name
    ), log as (
      insert into import_changes (org_id, id, import_id, entity, record_id, action, before)
      select ${ctx.orgId}::uuid, x.c, ${ctx.importId}::uuid, ${spec.table}, x.id, 'created', null from x
      on conflict do nothing
    )
    insert into timeline_entries (org_id, id, event_id, ${col}, type, occurred_at, actor_id, data)
    select ${ctx.orgId}::uuid, x.e, x.e, ins.id, 'created', ins.created_at, ${ctx.actor.userId}::uuid,
           jsonb_build_object('name', ins.name)
    from ins join x on x.id = ins.id`);
}

/** Updates matched records: each row sets only its own columns; custom fields are merged. */
export async function updateRecords(
  tx: Tx,
  ctx: RunContext,
  spec: TableSpec,
  rows: Array<{ id: string; cols: Record<string, unknown> }>,
): Promise<void> {
  if (!rows.length) return;
  const cols = new Set<string>();
  for (const r of rows) for (const c of Object.keys(r.cols)) cols.add(c);
  const sets = [...cols]
    .filter((c) => spec.columns[c] && c !== 'created_at')
    .map((c) =>
      c === 'custom_fields'
        ? sql`custom_fields = t.custom_fields || coalesce(x.d->'custom_fields', '{}'::jsonb)`
        : sql`${ident(c)} = case when x.d ? ${c} then ${fromJson(c, spec.columns[c]!)} else t.${ident(c)} end`,
    );
  const payload = rows.map((r) => ({ id: r.id, d: r.cols }));
  await tx.execute(sql`update ${ident(spec.table)} t
    set ${sql.join([...sets, sql`version = t.version + 1`, sql`updated_at = now()`], sql`, `)}
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, d jsonb)
    where t.org_id = ${ctx.orgId}::uuid and t.id = x.id`);
}

/** Links tags; returns the links that were new (record id → tag ids). */
export async function linkTags(
  tx: Tx,
  ctx: RunContext,
  spec: TableSpec,
  links: Array<{ record: string; tag: string }>,
): Promise<Map<string, string[]>> {
  const added = new Map<string, string[]>();
  if (!links.length) return added;
  const col = ident(spec.tagColumn);
  const rows = await queryRows<{ record_id: string; tag_id: string }>(
    tx,
    sql`insert into ${ident(spec.tagTable)} (org_id, id, ${col}, tag_id)
        select ${ctx.orgId}::uuid, x.id, x.record, x.tag
        from unnest(${sql.param(links.map(() => uuidv7()))}::uuid[], ${sql.param(links.map((l) => l.record))}::uuid[],
                    ${sql.param(links.map((l) => l.tag))}::uuid[]) as x(id, record, tag)
        on conflict do nothing
        returning ${col} as record_id, tag_id`,
  );
  for (const r of rows) added.set(r.record_id, [...(added.get(r.record_id) ?? []), r.tag_id]);
  return added;
}

/** The change log: created ids, and updated ids with their before-values (first change kept). */
export async function logChanges(
  tx: Tx,
  ctx: RunContext,
  entity: string,
  changes: Array<{ id: string; action: 'created' | 'updated'; before: Record<string, unknown> | null }>,
): Promise<void> {
  if (!changes.length) return;
  const payload = changes.map((c) => ({ id: uuidv7(), record_id: c.id, action: c.action, before: c.before }));
  await tx.execute(sql`insert into import_changes (org_id, id, import_id, entity, record_id, action, before)
    select ${ctx.orgId}::uuid, x.id, ${ctx.importId}::uuid, ${entity}, x.record_id, x.action, x.before
    from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as x(id uuid, record_id uuid, action text, before jsonb)
    on conflict do nothing`);
}

/** `created` timeline entries of new records, dated by their created_at, named as they are now. */
export async function logCreatedTimeline(tx: Tx, ctx: RunContext, spec: TableSpec, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const col = ident(`${spec.recordType}_id`);
  await tx.execute(sql`insert into timeline_entries (org_id, id, event_id, ${col}, type, occurred_at, actor_id, data)
    select t.org_id, x.entry, x.entry, t.id, 'created', t.created_at, ${ctx.actor.userId}::uuid,
           jsonb_build_object('name', ${sql.raw(spec.nameSql)})
    from unnest(${sql.param(ids)}::uuid[], ${sql.param(ids.map(() => uuidv7()))}::uuid[]) as x(id, entry)
    join ${ident(spec.table)} t on t.org_id = ${ctx.orgId}::uuid and t.id = x.id`);
}
