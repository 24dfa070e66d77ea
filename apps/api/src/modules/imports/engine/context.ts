/**
 * What a dry run or run reads once per job: the mapping with its fields, parse settings, the
 * organisation's members (owner lookup by name or email; active members first, then inactive ones
 * by their own name/address — migration 0024), tags by name, pipelines with stages, and
 * the sets of things a dry run would create. Loaded in the job's first transaction; kept in memory
 * (members, tags and stages of one organisation are small) and extended as the run creates tags and
 * stages.
 */
import { sql } from 'drizzle-orm';
import type { ImportOptions, RecordVisibility, Role } from '@relata/shared';
import type { Tx } from '../../../db/client.js';
import { queryRows } from '../../../db/sql.js';
import type { ImportEntity } from '../fields.js';
import { targetsOf } from '../imports.mapping.js';
import { withNewFields } from '../imports.service.js';
import { fileInfoOf, optionsOf, type ImportRow } from '../imports.view.js';
import type { MappedColumn, ParseSettings } from './parse.js';

/** Who runs the import: the member who started it, as captured when it was queued. */
export interface ImportActor {
  userId: string;
  membershipId: string;
  role: Role;
  visibility: RecordVisibility;
  region: string;
}

export interface StageRef {
  id: string;
  name: string;
  kind: 'open' | 'won' | 'lost';
  position: number;
}
export interface PipelineRef {
  id: string;
  name: string;
  kind: 'leads' | 'deals';
  isDefault: boolean;
  stages: StageRef[];
}

export interface RunContext {
  orgId: string;
  importId: string;
  entity: ImportEntity;
  dryRun: boolean;
  actor: ImportActor;
  options: ImportOptions;
  settings: ParseSettings;
  /** lower(name) and lower(email) → membership id. */
  members: Map<string, string>;
  /**
   * Inactive members a run's chunk decided to create (`unknown_owners: create_inactive`): their ids
   * are already in `members` and on the chunk's rows; `relations.ts createPendingOwners` inserts
   * them in the chunk's transaction before any record points at them.
   */
  pendingMembers: Array<{ id: string; name: string; email: string | null }>;
  /** lower(value) of the owners a dry run would create as inactive members (one per distinct value). */
  wouldOwnerKeys: Set<string>;
  /** lower(name) → tag id. */
  tags: Map<string, string>;
  pipelines: PipelineRef[];
  /** The pipeline of rows without a `pipeline` value (deals, leads). */
  pipeline: PipelineRef | null;
  /** What a dry run found it would create (names as in the file). */
  would: { companies: Set<string>; stages: Set<string>; tags: Set<string>; owners: Set<string> };
}

/** Loads the context of `row` (see the module comment). */
export async function loadContext(
  tx: Tx,
  params: { row: ImportRow; actor: ImportActor; dryRun: boolean },
): Promise<RunContext> {
  const { row, actor } = params;
  const orgId = row.org_id;
  const entity = row.entity as ImportEntity;
  const options = optionsOf(row);
  const { fields, customFields } = await targetsOf(tx, { orgId, entity });
  const all = withNewFields(fields, options);
  const headers = fileInfoOf(row).headers;
  const columns: MappedColumn[] = [];
  for (const [col, target] of Object.entries(row.mapping)) {
    const field = target ? all.find((f) => f.key === target) : undefined;
    if (field) columns.push({ col: Number(col), header: headers[Number(col)] ?? `Column ${Number(col) + 1}`, field });
  }
  const cfMap = new Map(customFields.map((d) => [d.key, d]));
  for (const n of options.new_custom_fields) {
    const f = all.find((x) => x.label === n.label && x.key.startsWith('cf.'));
    if (f && !cfMap.has(f.key.slice(3))) {
      cfMap.set(f.key.slice(3), {
        key: f.key.slice(3),
        label: n.label,
        type: n.type,
        options: [],
        required: false,
        default_value: null,
        archived: false,
      } as never);
    }
  }
  const members = new Map<string, string>();
  for (const m of await queryRows<{ id: string; name: string; email: string | null }>(
    tx,
    sql`select m.id, coalesce(u.name, m.name, '') as name, coalesce(u.email, m.email)::text as email
        from memberships m left join users u on u.id = m.user_id
        where m.org_id = ${orgId}::uuid order by (m.status = 'active') desc, m.created_at, m.id`,
  )) {
    for (const k of [m.name.trim().toLowerCase(), m.email?.toLowerCase()]) {
      if (k && !members.has(k)) members.set(k, m.id);
    }
  }
  const tags = new Map<string, string>();
  for (const t of await queryRows<{ id: string; name: string }>(
    tx,
    sql`select id, name::text as name from tags where org_id = ${orgId}::uuid`,
  )) {
    tags.set(t.name.toLowerCase(), t.id);
  }
  let pipelines: PipelineRef[] = [];
  let pipeline: PipelineRef | null = null;
  if (entity === 'deals' || entity === 'leads') {
    const kind = entity;
    const rows = await queryRows<{
      id: string;
      name: string;
      is_default: boolean;
      stages: StageRef[] | null;
    }>(
      tx,
      sql`select p.id, p.name, p.is_default,
            (select json_agg(json_build_object('id', s.id, 'name', s.name, 'kind', s.kind, 'position', s.position)
                             order by s.position, s.id)
               from stages s where s.org_id = p.org_id and s.pipeline_id = p.id) as stages
          from pipelines p where p.org_id = ${orgId}::uuid and p.kind = ${kind} order by p.position, p.id`,
    );
    pipelines = rows.map((p) => ({ id: p.id, name: p.name, kind, isDefault: p.is_default, stages: p.stages ?? [] }));
    pipeline =
      pipelines.find((p) => p.id === options.pipeline_id) ?? pipelines.find((p) => p.isDefault) ?? pipelines[0] ?? null;
  }
  return {
    orgId,
    importId: row.id,
    entity,
    dryRun: params.dryRun,
    actor,
    options,
    settings: {
      entity,
      columns,
      dateOrder: options.date_order ?? (row.detected_date_order as 'dmy' | 'mdy' | 'ymd' | null) ?? 'ymd',
      timeZone: options.time_zone,
      defaultCurrency: options.default_currency,
      region: actor.region,
      customFields: cfMap,
    },
    members,
    pendingMembers: [],
    wouldOwnerKeys: new Set(),
    tags,
    pipelines,
    pipeline,
    would: { companies: new Set(), stages: new Set(), tags: new Set(), owners: new Set() },
  };
}
